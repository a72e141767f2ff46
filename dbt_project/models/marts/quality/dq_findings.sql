{#- Every data-quality finding, one row per offending record: the failures the generic tests
    stored in schema dq_audit, plus every record ingestion quarantined.

    It runs last in the one `dbt build`: it depends on every model (the last models of each
    family, below), and dbt's build makes a node wait for every test on its ancestors, so when it
    compiles (just before it runs) every test has stored its failures. A new model that is not an
    ancestor of this one fails tests/test_dags.py::test_dq_findings_runs_after_every_test. -#}
-- depends_on: {{ ref('budget_realisation_summary') }}
-- depends_on: {{ ref('budget_reconciliation') }}
-- depends_on: {{ ref('case_rates_by_regency') }}
-- depends_on: {{ ref('case_reconciliation') }}
-- depends_on: {{ ref('case_totals_by_category') }}
-- depends_on: {{ ref('fct_budget_realisation_by_office') }}
-- depends_on: {{ ref('fct_case_counts') }}
-- depends_on: {{ ref('fct_case_counts_by_region') }}
-- depends_on: {{ ref('fct_population_by_region') }}
-- depends_on: {{ ref('pjpk_reconciliation') }}
-- depends_on: {{ ref('pjpk_regency_rankings') }}
-- depends_on: {{ ref('pjpk_scorecard') }}
-- depends_on: {{ ref('repeat_victims') }}
-- depends_on: {{ ref('reporting_completeness') }}
-- depends_on: {{ ref('service_coverage') }}
-- depends_on: {{ ref('simfoni_kategori') }}  (a seed that only tests read)
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
    select file_version_id, provenance from {{ ref('stg_ingestion__file_versions') }}
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
        'quarantine' as test_name
    from quarantine
    left join versions using (file_version_id)
),

unioned as (
    select * from test_findings
    union all
    select * from quarantine_findings
),

final as (
    select
        md5(concat_ws('|', check_name, model_name, record_key, test_name, expected_value)) as finding_id,
        check_name,
        model_name,
        record_key,
        observed_value,
        expected_value,
        severity,
        source_document,
        source_table,
        test_name,
        detected_at
    from unioned
)

select * from final
