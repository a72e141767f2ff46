{#- PJPK progress: one row per indicator × region × year (the target path's years and the years
    with an actual) with baseline, target (point or bounds), the actual of the year, the latest
    actual and its source, the gap to target in the indicator's unit and a status that respects
    the indicator's direction. A kabupaten/kota has rows only for indicators published for it. -#}
with

progress as (
    select * from {{ ref('int_pjpk__progress') }}
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

regions as (
    select
        region_code,
        bps_code,
        region_name,
        region_level
    from {{ ref('dim_region') }}
),

final as (
    select
        progress.indicator_code,
        indicators.sasaran,
        indicators.sasaran_name,
        indicators.indicator_name,
        indicators.unit,
        progress.direction,
        progress.region_code,
        regions.bps_code,
        regions.region_name,
        regions.region_level,
        progress.year,
        progress.baseline_year,
        progress.baseline_value,
        progress.target_kind,
        progress.target_text,
        progress.target_is_range,
        progress.target_lower,
        progress.target_upper,
        case when regions.region_level = 'provinsi' then 'provinsi' else 'target provinsi' end as target_scope,
        progress.actual,
        progress.actual_text,
        progress.latest_actual_year,
        progress.latest_actual_period,
        progress.latest_actual,
        progress.latest_actual_text,
        progress.gap_to_target,
        progress.status,
        progress.status_label,
        progress.status_tolerance,
        progress.actual_source_name,
        progress.actual_producer,
        progress.actual_source_document,
        progress.actual_source_table,
        progress.actual_source_line
    from progress
    inner join indicators using (indicator_code)
    inner join regions using (region_code)
)

select * from final
