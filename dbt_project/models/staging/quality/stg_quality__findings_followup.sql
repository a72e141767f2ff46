{#- The follow-up log as recorded: one row per status change of a data-quality finding, by the
    data team (origin manual) or by a build (origin otomatis: a new finding, a finding that no
    longer appears, one that appears again). -#}
with

events as (
    select * from {{ findings_followup_log() }}
),

final as (
    select
        finding_id,
        status,
        note,
        recorded_by,
        origin,
        recorded_at,
        check_name,
        model_name,
        record_key,
        observed_value,
        expected_value,
        source_document,
        source_table,
        agency_code,
        row_number() over (partition by finding_id order by recorded_at desc, status asc) = 1 as is_latest
    from events
)

select * from final
