with

regions as (
    select * from {{ ref('regions') }}
),

final as (
    select
        kemendagri_code as region_code,
        kemendagri_code,
        bps_code,
        region_name,
        official_name,
        region_level,
        parent_kemendagri_code,
        land_area_km2,
        land_area_source
    from regions
)

select * from final
