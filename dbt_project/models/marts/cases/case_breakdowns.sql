{#- UPTD PPA register cases and victims as SIMFONI PPA breaks them down, per breakdown x category
    x region x period: place of occurrence, victim's age group, sex and disability, the
    perpetrator's relationship, sex and age group, the reporting channel, the Permen PPPA 2/2022
    service types. A period is a month, or the whole year (month null: victims are counted once
    a year, not summed over months); a region is a kabupaten/kota or the province (its code
    var('province_code')). RESTRICTED: small counts by month and regency can identify a victim;
    public exports take only the yearly category x regency tables, small counts suppressed in
    every margin (publish/satu_data.py). -#}
with

breakdowns as (
    select * from {{ ref('int_cases__breakdowns') }}
),

labels as (
    select * from {{ ref('stg_reference__case_categories') }}
),

regions as (
    select
        region_code,
        bps_code,
        region_name
    from {{ ref('dim_region') }}
),

counted as (
    select
        breakdown,
        category_code,
        coalesce(region_code, '{{ var("province_code") }}') as region_code,
        year,
        month,
        count(distinct case_id) as cases,
        count(distinct victim_key) as victims,
        bool_or(is_synthetic) as is_synthetic
    from breakdowns
    group by grouping sets (
        (breakdown, category_code, region_code, year, month),
        (breakdown, category_code, region_code, year),
        (breakdown, category_code, year, month),
        (breakdown, category_code, year)
    )
),

final as (
    select
        counted.breakdown,
        counted.category_code,
        coalesce(labels.category_label, 'Tidak diketahui (tidak dicatat dalam berkas)') as category_label,
        coalesce(labels.sort_order, 999) as category_order,
        counted.region_code,
        regions.bps_code,
        regions.region_name,
        counted.year,
        counted.month,
        counted.cases::bigint as cases,
        counted.victims::bigint as victims,
        counted.is_synthetic,
        {{ source_as_of('uptd_ppa') }} as as_of_date
    from counted
    left join labels
        on counted.breakdown = labels.breakdown and counted.category_code = labels.category_code
    left join regions on counted.region_code = regions.region_code
)

select * from final
