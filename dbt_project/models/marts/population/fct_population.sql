with

population as (
    select * from {{ ref('stg_bps__population') }}
),

regions as (
    select
        region_code,
        region_level
    from {{ ref('dim_region') }}
),

final as (
    select
        population.region_kemendagri_code as region_code,
        population.year,
        population.source_table,
        regions.region_level,
        regions.region_level = 'provinsi' as is_province_total,
        population.population,
        population.figure_kind,
        population.value_published,
        population.unit as published_unit,
        population.source_document,
        population.source_file,
        population.source_row,
        population.file_version_id
    from population
    inner join regions on population.region_kemendagri_code = regions.region_code
)

select * from final
