{#- The latest status of every PJPK indicator, province-wide, grouped by sasaran, with the
    responsible agency of Tabel 3.x: the row of the first target year not yet past (the next
    target the latest actual is measured against), or the last year of the path. -#}
with

progress as (
    select * from {{ ref('pjpk_progress') }}
    where region_level = 'provinsi'
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

-- the next target after the latest actual (or the last target when the actual is beyond the path)
current_row as (
    select *
    from progress
    where target_kind = 'target'
    qualify row_number() over (
        partition by indicator_code
        order by case when year > coalesce(latest_actual_year, 0) then 0 else 1 end, year
    ) = 1
),

regency_counts as (
    select
        indicator_code,
        count(distinct region_code) as regencies_with_data
    from {{ ref('pjpk_progress') }}
    where region_level <> 'provinsi' and latest_actual is not null
    group by all
),

final as (
    select
        indicators.sasaran,
        indicators.sasaran_name,
        indicators.indicator_code,
        indicators.indicator_name,
        indicators.unit,
        indicators.direction,
        indicators.responsible_agency,
        indicators.supporting_agencies,
        indicators.baseline_2024,
        current_row.year as target_year,
        current_row.target_text,
        current_row.target_lower,
        current_row.target_upper,
        current_row.latest_actual,
        current_row.latest_actual_text,
        current_row.latest_actual_year,
        current_row.latest_actual_period,
        current_row.gap_to_target,
        coalesce(current_row.status, 'no_data') as status,
        coalesce(current_row.status_label, 'tidak ada data') as status_label,
        coalesce(regency_counts.regencies_with_data, 0)::bigint as regencies_with_data,
        current_row.actual_producer,
        current_row.actual_source_document,
        current_row.actual_source_table,
        current_row.actual_source_line
    from indicators
    left join current_row using (indicator_code)
    left join regency_counts using (indicator_code)
)

select * from final
