{#- Register cases counted by month, regency, victim category, jenis and bentuk kekerasan (with
    the SIMFONI PPA category), so BI tools can slice without touching case-level data. -#}
with

cases as (
    select * from {{ ref('int_cases__categorised') }}
),

regions as (
    select
        region_code,
        region_name,
        bps_code
    from {{ ref('dim_region') }}
),

counted as (
    select
        report_year as year,
        report_month as month,
        region_code,
        victim_category,
        is_child_victim,
        jenis_kekerasan,
        bentuk_code,
        simfoni_kategori,
        count(*) as case_count,
        count(distinct victim_key) as victim_count,
        count(*) filter (where is_served) as served_case_count,
        bool_or(is_synthetic) as is_synthetic,
        any_value(source_document) as source_document
    from cases
    group by all
),

final as (
    select
        counted.year,
        counted.month,
        counted.region_code,
        regions.bps_code,
        regions.region_name,
        counted.victim_category,
        counted.is_child_victim,
        counted.jenis_kekerasan,
        counted.bentuk_code,
        counted.simfoni_kategori,
        counted.case_count::bigint as case_count,
        counted.victim_count::bigint as victim_count,
        counted.served_case_count::bigint as served_case_count,
        counted.is_synthetic,
        counted.source_document
    from counted
    left join regions using (region_code)
)

select
    *,
    {{ source_as_of('uptd_ppa') }} as as_of_date
from final
