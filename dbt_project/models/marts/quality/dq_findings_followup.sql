{#- The walidata's register of findings: every finding of this build and every finding the
    follow-up log has recorded, with the status it has after this build. A finding present now
    has its dq_findings status; one the log knows that no longer appears was fixed by a new
    delivery (or by a change to the data) and is diperbaiki. The transform's follow-up step
    (ntt_dw/quality/followup.py) appends to the log every status here that differs from the
    log's, so the log and this table agree after every build. -#}
with

current_findings as (
    select * from {{ ref('dq_findings') }}
),

logged as (
    select * from {{ ref('stg_quality__findings_followup') }}
),

latest as (
    select * from logged
    where is_latest
),

first_seen as (
    select
        finding_id,
        min(recorded_at) as first_recorded_at
    from logged
    group by finding_id
),

present as (
    select
        finding_id,
        check_name,
        model_name,
        record_key,
        observed_value,
        expected_value,
        source_document,
        source_table,
        agency_code,
        followup_status,
        followup_note,
        true as is_open,
        detected_at
    from current_findings
),

gone as (
    select
        latest.finding_id,
        latest.check_name,
        latest.model_name,
        latest.record_key,
        latest.observed_value,
        latest.expected_value,
        latest.source_document,
        latest.source_table,
        latest.agency_code,
        'diperbaiki' as followup_status,
        case
            when latest.status = 'diperbaiki' then latest.note
            else 'tidak muncul lagi: pemeriksaan lolos pada data terbaru (status sebelumnya: ' || latest.status || ')'
        end as followup_note,
        false as is_open,
        null::timestamptz as detected_at
    from latest
    anti join current_findings using (finding_id)
),

producers as (
    select
        agency_code,
        any_value(agency_name) as agency_name
    from {{ ref('data_producers') }}
    group by agency_code
),

unioned as (
    select * from present
    union all
    select * from gone
),

final as (
    select
        unioned.finding_id,
        unioned.check_name,
        unioned.model_name,
        unioned.record_key,
        unioned.observed_value,
        unioned.expected_value,
        unioned.source_document,
        unioned.source_table,
        unioned.agency_code,
        producers.agency_name,
        unioned.followup_status,
        unioned.followup_note,
        unioned.is_open,
        coalesce(first_seen.first_recorded_at, unioned.detected_at) as first_detected_at,
        latest.status as logged_status,
        latest.recorded_at as logged_at
    from unioned
    left join latest on unioned.finding_id = latest.finding_id
    left join first_seen on unioned.finding_id = first_seen.finding_id
    left join producers on unioned.agency_code = producers.agency_code
)

select * from final
