{#- How long victims wait between the incident and the report, and through which channel the case
    came in: register cases per year x regency (or the whole province) x reporting channel (or all
    channels), with the days from incident to report (median, mean, 90th percentile, share within
    7 days) over the cases whose incident date is recorded. RESTRICTED like every register count:
    public exports suppress small counts. -#}
with

cases as (
    select * from {{ ref('int_cases__registered') }}
    where starts_with(region_kemendagri_code, '{{ var("province_code") }}.')
),

labels as (
    select
        category_code,
        category_label
    from {{ ref('stg_reference__case_categories') }}
    where breakdown = 'saluran_pengaduan'
),

regions as (
    select
        region_code,
        region_name
    from {{ ref('dim_region') }}
),

measured as (
    select
        report_year as year,
        region_kemendagri_code as region_code,
        coalesce(reporting_channel_code, 'tidak_diketahui') as reporting_channel_code,
        case_id,
        coalesce(victim_pseudonym, 'case:' || case_id) as victim_key,
        case when incident_date is not null then date_diff('day', incident_date, report_date) end as days_to_report,
        is_synthetic
    from cases
),

summarised as (
    select
        year,
        coalesce(region_code, '{{ var("province_code") }}') as region_code,
        coalesce(reporting_channel_code, 'semua') as reporting_channel_code,
        count(distinct case_id) as cases,
        count(distinct victim_key) as victims,
        count(days_to_report) as cases_with_incident_date,
        median(days_to_report) as median_days_to_report,
        avg(days_to_report) as mean_days_to_report,
        quantile_cont(days_to_report, 0.9) as p90_days_to_report,
        count(*) filter (where days_to_report <= 7) as reported_within_7_days,
        bool_or(is_synthetic) as is_synthetic
    from measured
    group by grouping sets (
        (year, region_code, reporting_channel_code), (year, region_code), (year, reporting_channel_code), (year)
    )
),

final as (
    select
        summarised.year,
        summarised.region_code,
        regions.region_name,
        summarised.reporting_channel_code,
        case summarised.reporting_channel_code
            when 'semua' then 'Semua saluran'
            when 'tidak_diketahui' then 'Tidak diketahui (tidak dicatat dalam berkas)'
            else labels.category_label
        end as reporting_channel_label,
        summarised.cases::bigint as cases,
        summarised.victims::bigint as victims,
        summarised.cases_with_incident_date::bigint as cases_with_incident_date,
        summarised.median_days_to_report::double as median_days_to_report,
        round(summarised.mean_days_to_report, 2)::double as mean_days_to_report,
        round(summarised.p90_days_to_report, 1)::double as p90_days_to_report,
        round(
            100.0 * summarised.reported_within_7_days / nullif(summarised.cases_with_incident_date, 0), 2
        )::double as pct_reported_within_7_days,
        summarised.is_synthetic,
        {{ source_as_of('uptd_ppa') }} as as_of_date
    from summarised
    left join labels on summarised.reporting_channel_code = labels.category_code
    left join regions on summarised.region_code = regions.region_code
)

select * from final
