{#- Every data-quality finding, one row per offending record: the failures the generic tests
    stored in schema dq_audit, plus every record ingestion quarantined; with the agency it is put
    to (seed data_producers) and its follow-up status from the follow-up log (a finding never
    followed up is 'baru'; one the log shows as diperbaiki that appears again is reopened: 'baru').

    It runs last in the one `dbt build`: it depends on every model (the last models of each
    family, below), and dbt's build makes a node wait for every test on its ancestors, so when it
    compiles (just before it runs) every test has stored its failures. A new model that is not an
    ancestor of this one fails tests/test_dags.py::test_dq_findings_runs_after_every_test. -#}
-- depends_on: {{ ref('budget_realisation_summary') }}
-- depends_on: {{ ref('budget_reconciliation') }}
-- depends_on: {{ ref('case_breakdowns') }}
-- depends_on: {{ ref('case_rates_by_regency') }}
-- depends_on: {{ ref('case_reporting_delay') }}
-- depends_on: {{ ref('case_services_by_type') }}
-- depends_on: {{ ref('case_reconciliation') }}
-- depends_on: {{ ref('case_totals_by_category') }}
-- depends_on: {{ ref('delivery_completeness') }}
-- depends_on: {{ ref('delivery_completeness_summary') }}
-- depends_on: {{ ref('fct_budget_realisation_by_office') }}
-- depends_on: {{ ref('fct_case_counts') }}
-- depends_on: {{ ref('fct_case_counts_by_region') }}
-- depends_on: {{ ref('fct_population_by_region') }}
-- depends_on: {{ ref('figure_comparisons') }}
-- depends_on: {{ ref('innovation_monitoring') }}
-- depends_on: {{ ref('pjpk_reconciliation') }}
-- depends_on: {{ ref('pjpk_regency_rankings') }}
-- depends_on: {{ ref('pjpk_scorecard') }}
-- depends_on: {{ ref('repeat_victims') }}
-- depends_on: {{ ref('reporting_completeness') }}
-- depends_on: {{ ref('service_coverage') }}
-- depends_on: {{ ref('simfoni_kategori') }}  (a seed that only tests read)
-- depends_on: {{ ref('indicator_change_bounds') }}  (likewise)
{% set audit_tables = dq_audit_tables() -%}
with

test_findings as (
    {% for table in audit_tables %}
    select
        check_name, model_name, record_key, observed_value, expected_value, severity,
        source_document, source_table, detected_at,
        '{{ table }}' as test_name
    from dq_audit."{{ table }}"
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {% if not audit_tables %}
    select
        null::varchar as check_name, null::varchar as model_name, null::varchar as record_key,
        null::varchar as observed_value, null::varchar as expected_value, null::varchar as severity,
        null::varchar as source_document, null::varchar as source_table, null::timestamptz as detected_at,
        null::varchar as test_name
    where false
    {% endif %}
),

quarantine as (
    select * from {{ ref('stg_ingestion__quarantine') }}
    where is_current_version
),

versions as (
    select
        file_version_id,
        provenance,
        json_extract_string(provenance, '$.producer') as producer
    from {{ ref('stg_ingestion__file_versions') }}
),

quarantine_findings as (
    select
        'ingestion_quarantine' as check_name,
        'raw.' || quarantine.source_name as model_name,
        concat_ws('|', 'file=' || quarantine.source_file, 'row=' || coalesce(quarantine.source_row::varchar, '-'),
                  'field=' || coalesce(quarantine.source_field, '-')) as record_key,
        quarantine.raw_value as observed_value,
        quarantine.reason as expected_value,
        'warn' as severity,
        json_extract_string(versions.provenance, '$.document') as source_document,
        json_extract_string(versions.provenance, '$.table') as source_table,
        quarantine.quarantined_at::timestamptz as detected_at,
        'quarantine' as test_name,
        versions.producer
    from quarantine
    left join versions using (file_version_id)
),

unioned as (
    select
        *,
        row_number() over () as row_id  -- only to keep each row while its agency is looked up
    from (
        select * from test_findings
        union all by name
        select * from quarantine_findings
    )
),

producers as (
    select * from {{ ref('data_producers') }}
),

with_agency as (
    select
        unioned.* exclude (producer, row_id),
        producers.agency_code
    from unioned
    left join producers
        on (
            producers.document_like is null
            or unioned.check_name != 'ingestion_quarantine' and unioned.source_document like producers.document_like
        )
        and (producers.table_like is null or unioned.source_table like producers.table_like)
        and (
            producers.producer_like is null
            or unioned.check_name = 'ingestion_quarantine' and unioned.producer like producers.producer_like
        )
        and coalesce(producers.document_like, producers.table_like, producers.producer_like) is not null
    qualify row_number() over (partition by unioned.row_id order by producers.priority nulls last) = 1
),

identified as (
    select
        *,
        -- what the finding is about, not the values: a figure that changes but still fails keeps its id
        concat_ws(
            '|', check_name, test_name, record_key,
            case when check_name = 'ingestion_quarantine' then expected_value end
        ) as finding_key
    from with_agency
),

numbered as (
    select
        *,
        -- a record flagged twice by one test (an exact repeat) gets ids of its own, in a stable order
        row_number() over (partition by finding_key order by observed_value, expected_value) as occurrence
    from identified
),

followup as (
    select * from {{ ref('stg_quality__findings_followup') }}
    where is_latest
),

final as (
    select
        md5(finding_key || case when occurrence > 1 then '#' || occurrence else '' end) as finding_id,
        numbered.check_name,
        numbered.model_name,
        numbered.record_key,
        numbered.observed_value,
        numbered.expected_value,
        numbered.severity,
        numbered.source_document,
        numbered.source_table,
        numbered.test_name,
        numbered.detected_at,
        coalesce(numbered.agency_code, 'tidak_diketahui') as agency_code,
        case
            when followup.status is null or followup.status = 'diperbaiki' then 'baru'
            else followup.status
        end as followup_status,
        case
            when followup.status = 'diperbaiki'
                then 'dibuka kembali: temuan muncul lagi setelah dinyatakan diperbaiki pada '
                || strftime(followup.recorded_at, '%Y-%m-%d')
            else followup.note
        end as followup_note,
        followup.recorded_at as followup_updated_at
    from numbered
    left join followup
        on md5(numbered.finding_key || case when numbered.occurrence > 1 then '#' || numbered.occurrence else '' end)
        = followup.finding_id
)

select * from final
