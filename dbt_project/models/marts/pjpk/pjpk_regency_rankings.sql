{#- Regency rankings for every indicator published per kabupaten/kota (catalogue indicators
    and supporting figures such as maternal deaths per regency): the latest value of each regency,
    ranked best first in the indicator's direction (supporting figures: counts of deaths and
    prevalences rank lower-is-better unless the catalogue says otherwise), with the province value
    beside it. -#}
with

actuals as (
    select * from {{ ref('int_pjpk__actuals') }}
    where value_kind = 'realisasi' and value is not null
),

regions as (
    select
        region_code,
        bps_code,
        region_name,
        region_level
    from {{ ref('dim_region') }}
),

indicators as (
    select
        indicator_code,
        direction
    from {{ ref('pjpk_indicators') }}
),

latest as (
    -- the latest year (and sub-period) each region has for the indicator
    select
        actuals.*,
        regions.region_name,
        regions.bps_code,
        regions.region_level
    from actuals
    inner join regions using (region_code)
    qualify row_number() over (
        partition by indicator_key, region_code
        order by year desc, period_order desc, source_name asc, source_line asc
    ) = 1
),

per_regency as (
    select * from latest
    where region_level <> 'provinsi'
),

-- rank only indicators published for at least two regencies
ranked_keys as (
    select indicator_key from per_regency
    group by all
    having count(*) >= 2
),

province as (
    select
        indicator_key,
        value as province_value,
        year as province_year
    from latest
    where region_level = 'provinsi'
),

final as (
    select
        per_regency.indicator_key,
        per_regency.indicator_code,
        any_value(per_regency.indicator_name) over (partition by per_regency.indicator_key) as indicator_name,
        per_regency.unit,
        coalesce(indicators.direction, 'lower_is_better') as direction,
        per_regency.region_code,
        per_regency.bps_code,
        per_regency.region_name,
        per_regency.year,
        per_regency.period,
        per_regency.value,
        per_regency.value_text,
        rank() over (
            partition by per_regency.indicator_key
            order by case
                when coalesce(indicators.direction, 'lower_is_better') = 'higher_is_better'
                    then -per_regency.value
                else per_regency.value
            end
        )::bigint as rank_best_first,
        count(*) over (partition by per_regency.indicator_key)::bigint as regencies_ranked,
        province.province_value,
        province.province_year,
        per_regency.producer,
        per_regency.source_document,
        per_regency.source_table,
        per_regency.source_line
    from per_regency
    inner join ranked_keys using (indicator_key)
    left join indicators using (indicator_code)
    left join province using (indicator_key)
)

select * from final
