{#- Every province and kabupaten/kota of Indonesia (seed regions_kemendagri) with its province:
    the region columns every national mart shows. -#}
with

regions as (
    select * from {{ ref('regions_kemendagri') }}
),

final as (
    select
        regions.kemendagri_code as region_code,
        regions.official_name as region_name,
        regions.region_level,
        coalesce(regions.parent_kemendagri_code, regions.kemendagri_code) as province_code,
        provinces.region_name as province_name
    from regions
    left join regions as provinces
        on provinces.kemendagri_code = coalesce(regions.parent_kemendagri_code, regions.kemendagri_code)
)

select * from final
