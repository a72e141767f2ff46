{#- What the service types of Permen PPPA 2/2022 reach: per year x regency (or the whole province)
    x service type, the register cases and victims that received it and their share of the
    cases; every type appears, a type nobody received with 0, so a gap in the services shows.
    RESTRICTED like every register count: public exports suppress small counts. -#}
with

breakdowns as (
    select * from {{ ref('int_cases__breakdowns') }}
),

service_types as (
    select
        category_code as service_code,
        category_label as service_label,
        sort_order
    from {{ ref('stg_reference__case_categories') }}
    where breakdown = 'jenis_layanan'
),

regions as (
    select
        region_code,
        region_name
    from {{ ref('dim_region') }}
),

served as (
    select
        year,
        coalesce(region_code, '{{ var("province_code") }}') as region_code,
        category_code as service_code,
        count(distinct case_id) as cases,
        count(distinct victim_key) as victims
    from breakdowns
    where breakdown = 'jenis_layanan'
    group by grouping sets ((year, region_code, category_code), (year, category_code))
),

case_totals as (
    select
        year,
        coalesce(region_code, '{{ var("province_code") }}') as region_code,
        count(distinct case_id) as all_cases,
        bool_or(is_synthetic) as is_synthetic
    from breakdowns
    where breakdown = 'tempat_kejadian'  -- one row per case
    group by grouping sets ((year, region_code), (year))
),

grid as (
    select
        case_totals.*,
        service_types.*
    from case_totals
    cross join service_types
),

final as (
    select
        grid.year,
        grid.region_code,
        regions.region_name,
        grid.service_code,
        grid.service_label,
        grid.sort_order as service_order,
        coalesce(served.cases, 0)::bigint as cases,
        coalesce(served.victims, 0)::bigint as victims,
        grid.all_cases::bigint as all_cases,
        round(100.0 * coalesce(served.cases, 0) / grid.all_cases, 2)::double as pct_of_cases,
        grid.is_synthetic,
        {{ source_as_of('uptd_ppa') }} as as_of_date
    from grid
    left join served
        on grid.year = served.year and grid.region_code = served.region_code and grid.service_code = served.service_code
    left join regions on grid.region_code = regions.region_code
)

select * from final
