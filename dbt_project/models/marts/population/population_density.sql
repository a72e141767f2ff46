{#- One figure per region and year. Where two tables publish the same region and year (2025 in
    Tabel 1.1, thousands, and Tabel 1.2, people), the figure published in people wins: it is the
    more precise one. The choice is a column, not hidden. -#}
with

population as (
    select * from {{ ref('fct_population') }}
),

regions as (
    select * from {{ ref('dim_region') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by region_code, year
            order by case published_unit when 'jiwa' then 0 else 1 end, source_table
        ) as preference
    from population
),

final as (
    select
        ranked.region_code,
        regions.bps_code,
        regions.region_name,
        regions.region_level,
        ranked.year,
        ranked.population,
        regions.land_area_km2,
        round(ranked.population / nullif(regions.land_area_km2, 0), 2) as density_per_km2,
        ranked.figure_kind,
        ranked.source_document,
        ranked.source_table
    from ranked
    inner join regions using (region_code)
    where ranked.preference = 1
)

select * from final
