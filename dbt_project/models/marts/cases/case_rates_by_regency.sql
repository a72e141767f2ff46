{#- Victims and cases per 100 000 residents, per regency and year, and for the province. The
    denominator is the BPS population of the same year (population_density); where BPS published
    none for that year (Tabel 1.1 gives 2020, 2024, 2025), the nearest published year is used,
    the earlier one on a tie, and population_year says which: a documented choice, never an
    interpolated figure. -#}
with

cases as (
    select * from {{ ref('int_cases__categorised') }}
),

population_published as (
    select
        region_code,
        year as population_year,
        population,
        source_table as population_source_table
    from {{ ref('population_density') }}
),

regions as (
    select
        region_code,
        bps_code,
        region_name,
        region_level
    from {{ ref('dim_region') }}
),

by_regency as (
    select
        report_year as year,
        region_code,
        count(*) as case_count,
        count(distinct victim_key) as victim_count,
        bool_or(is_synthetic) as is_synthetic
    from cases
    group by all
),

province as (
    select
        report_year as year,
        '{{ var("province_code") }}' as region_code,
        count(*) as case_count,
        count(distinct victim_key) as victim_count,
        bool_or(is_synthetic) as is_synthetic
    from cases
    group by all
),

-- whether the year's register is synthetic, for every regency of the year
year_flags as (
    select
        year,
        is_synthetic
    from province
),

-- every regency of every year with cases, so a regency without cases shows 0, not nothing
grid as (
    select
        years.year,
        regions.region_code
    from (select distinct year from by_regency) as years
    cross join regions
),

counts as (
    -- is_synthetic belongs to the year's register, so a regency with no case in it is flagged too
    select
        grid.year,
        grid.region_code,
        coalesce(by_regency.case_count, province.case_count, 0) as case_count,
        coalesce(by_regency.victim_count, province.victim_count, 0) as victim_count,
        year_flag.is_synthetic
    from grid
    left join by_regency using (year, region_code)
    left join province using (year, region_code)
    left join year_flags as year_flag using (year)
),

population as (
    select
        counts.year,
        counts.region_code,
        population_published.population_year,
        population_published.population,
        population_published.population_source_table
    from counts
    inner join population_published using (region_code)
    qualify row_number() over (
        partition by counts.year, counts.region_code
        order by abs(population_published.population_year - counts.year), population_published.population_year
    ) = 1
),

final as (
    select
        counts.year,
        counts.region_code,
        regions.bps_code,
        regions.region_name,
        regions.region_level,
        counts.case_count::bigint as case_count,
        counts.victim_count::bigint as victim_count,
        population.population,
        population.population_year::integer as population_year,
        round(counts.victim_count * 100000.0 / nullif(population.population, 0), 2) as victims_per_100k,
        round(counts.case_count * 100000.0 / nullif(population.population, 0), 2) as cases_per_100k,
        population.population_source_table,
        counts.is_synthetic
    from counts
    inner join regions using (region_code)
    left join population using (region_code, year)
)

select
    *,
    {{ source_as_of('uptd_ppa') }} as as_of_date
from final
