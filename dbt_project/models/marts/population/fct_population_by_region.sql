{#- The population of every province and kabupaten/kota of Indonesia as BPS tables publish it
    (one row per region × year × source table, in people): the denominators of the national
    roll-out. NTT's own marts (fct_population, population_density) keep NTT's regions. -#}
with

population as (
    select * from {{ ref('stg_bps__population') }}
),

regions as (
    select * from {{ ref('stg_reference__national_regions') }}
),

final as (
    select
        population.region_kemendagri_code as region_code,
        regions.province_code,
        regions.province_name,
        regions.region_name,
        regions.region_level,
        regions.region_level = 'provinsi' as is_province_total,
        population.year,
        population.population,
        population.value_published,
        population.unit as published_unit,
        population.source_document,
        population.source_table,
        population.source_file,
        population.source_row
    from population
    inner join regions on population.region_kemendagri_code = regions.region_code
)

select * from final
