{#- Which regencies reported in each period and which did not. SIMFONI PPA: the Laporan Tahunan
    names the kabupaten/kota that did not report in a year, so every other regency of that year
    reported. Register: whether the UPTD PPA register holds cases from the regency in the year, and
    in how many months. A year the SIMFONI statement does not cover has an unknown status. -#}
with

figures as (
    select * from {{ ref('stg_simfoni__published_figures') }}
),

regencies as (
    select
        region_code,
        bps_code,
        region_name,
        region_level
    from {{ ref('dim_region') }}
    where region_level in ('kabupaten', 'kota')
),

simfoni_years as (
    -- the years for which the document states who did not report (list or count)
    select distinct year from figures
    where dataset in ('simfoni_non_reporting', 'simfoni_non_reporting_count')
),

not_reporting as (
    select
        year,
        region_code,
        any_value(source_document) as source_document,
        any_value(source_table) as source_table,
        min(source_line) as source_line
    from figures
    where dataset = 'simfoni_non_reporting'
    group by all
),

register as (
    select
        report_year as year,
        region_code,
        count(*) as register_cases,
        count(distinct report_month) as register_months_with_cases
    from {{ ref('int_cases__categorised') }}
    group by all
),

register_years as (
    select distinct year from register
),

years as (
    select year from simfoni_years
    union
    select year from register_years
),

final as (
    select
        years.year,
        regencies.region_code,
        regencies.bps_code,
        regencies.region_name,
        regencies.region_level,
        case
            when simfoni_years.year is null then null
            else not_reporting.region_code is null
        end as reported_to_simfoni,
        case
            when simfoni_years.year is null then 'tidak ada data'
            when not_reporting.region_code is null then 'melapor'
            else 'tidak melapor'
        end as simfoni_status,
        coalesce(register.register_cases, 0)::bigint as register_cases,
        coalesce(register.register_months_with_cases, 0)::bigint as register_months_with_cases,
        register_years.year is not null and register.region_code is not null as has_register_cases,
        not_reporting.source_document,
        not_reporting.source_table,
        not_reporting.source_line
    from years
    cross join regencies
    left join simfoni_years using (year)
    left join register_years using (year)
    left join not_reporting using (year, region_code)
    left join register using (year, region_code)
)

select
    *,
    greatest({{ source_as_of('uptd_ppa') }}, {{ source_as_of('simfoni') }}) as as_of_date
from final
