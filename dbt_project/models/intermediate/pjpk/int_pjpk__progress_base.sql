{#- The grid pjpk_progress is computed on: one row per catalogue indicator × region × year, for
    the years of the target path (2024 baseline, 2025-2029 targets) and the years with an actual.
    Regions: the province always; a kabupaten/kota only where that indicator has an actual for
    it (a province value is never copied to regencies). The target path is the province's. For
    each row: the actual of that year, the latest actual up to that year (or the latest of all
    for a future year), and the path value at the year of that latest actual. -#}
with

path as (
    select * from {{ ref('int_pjpk__target_path') }}
),

actuals as (
    select * from {{ ref('int_pjpk__actuals') }}
    where indicator_code is not null and value_kind = 'realisasi' and value is not null
),

-- one actual per indicator, region and year: the latest sub-period, then the first place published
actual_per_year as (
    select *
    from actuals
    qualify row_number() over (
        partition by indicator_code, region_code, year
        order by period_order desc, source_name asc, source_line asc
    ) = 1
),

regions as (
    select distinct
        indicator_code,
        region_code
    from actual_per_year
    union
    select distinct
        indicator_code,
        '{{ var("province_code") }}'
    from path
),

years as (
    select distinct
        indicator_code,
        year
    from path
    union
    select distinct
        indicator_code,
        year
    from actual_per_year
),

grid as (
    select
        regions.indicator_code,
        regions.region_code,
        years.year
    from regions
    inner join years using (indicator_code)
),

baseline as (
    select
        indicator_code,
        year as baseline_year,
        target_lower as baseline_value,
        published_text as baseline_text,
        path_precision
    from path
    where value_kind = 'baseline'
),

with_actuals as (
    select
        grid.*,
        this_year.value as actual,
        this_year.value_text as actual_text,
        latest.year as latest_actual_year,
        latest.value as latest_actual,
        latest.value_text as latest_actual_text,
        latest.period as latest_actual_period,
        latest.source_name as actual_source_name,
        latest.producer as actual_producer,
        latest.source_document as actual_source_document,
        latest.source_table as actual_source_table,
        latest.source_line as actual_source_line
    from grid
    left join actual_per_year as this_year using (indicator_code, region_code, year)
    -- the latest actual published for a year up to the row's year; for a row after the last
    -- actual, that last actual
    left join lateral (
        -- candidate is the only table here; grid, the outer row, is why it is qualified
        select *
        from actual_per_year as candidate
        where
            candidate.indicator_code = grid.indicator_code  -- noqa: RF03
            and candidate.region_code = grid.region_code
            and candidate.year <= grid.year
        order by candidate.year desc
        limit 1
    ) as latest on true
),

final as (
    select
        with_actuals.indicator_code,
        with_actuals.region_code,
        with_actuals.year,
        path_row.direction as row_direction,
        indicators.direction,
        baseline.baseline_year,
        baseline.baseline_value,
        path_row.value_kind as target_kind,
        path_row.published_text as target_text,
        coalesce(path_row.is_range, false) as target_is_range,
        path_row.target_lower,
        path_row.target_upper,
        with_actuals.actual,
        with_actuals.actual_text,
        with_actuals.latest_actual_year,
        with_actuals.latest_actual,
        with_actuals.latest_actual_text,
        with_actuals.latest_actual_period,
        -- the path at the year of the latest actual: the baseline up to the baseline year, the
        -- year's target after it (a point or the bound the direction cares about)
        coalesce(at_actual.target_lower, case
            when with_actuals.latest_actual_year <= baseline.baseline_year
                then baseline.baseline_value
        end) as path_lower_at_actual,
        coalesce(at_actual.target_upper, case
            when with_actuals.latest_actual_year <= baseline.baseline_year
                then baseline.baseline_value
        end) as path_upper_at_actual,
        -- what a status may not turn on: the coarser rounding of the path and the actual as published
        greatest(
            coalesce(baseline.path_precision, 0), {{ rounding_tolerance('with_actuals.latest_actual_text') }}
        ) as status_tolerance,
        with_actuals.actual_source_name,
        with_actuals.actual_producer,
        with_actuals.actual_source_document,
        with_actuals.actual_source_table,
        with_actuals.actual_source_line
    from with_actuals
    inner join {{ ref('pjpk_indicators') }} as indicators using (indicator_code)
    left join baseline using (indicator_code)
    left join path as path_row
        on with_actuals.indicator_code = path_row.indicator_code and with_actuals.year = path_row.year
    left join path as at_actual
        on with_actuals.indicator_code = at_actual.indicator_code and with_actuals.latest_actual_year = at_actual.year
)

select * exclude (row_direction) from final
