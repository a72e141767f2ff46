{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{% if is_incremental() %}{{ delete_changed_periods(ref('int_cases__registered'), {'year': 'report_year', 'month': 'report_month'}) }}{% endif %}",
    )
}}

{#- Register cases of every province counted by month, kabupaten/kota, victim category and jenis
    kekerasan: the national view of the case register (SIMFONI PPA's roll-out to every
    kabupaten/kota). Regions from the Kemendagri reference (seed regions_kemendagri).

    Incremental by month: a run recomputes only the months whose file versions changed (the
    pre-hook deletes them; this inserts every month the table no longer holds), so 1 % new rows
    cost about 1 % of the aggregation. Distinct victims are not additive, so a changed month is
    recounted from all its rows, never patched. -#}
with

cases as (
    select * from {{ ref('int_cases__registered') }}
    {% if is_incremental() %}
        where (report_year, report_month) not in (
            select distinct
                year,
                month
            from {{ this }}
        )
    {% endif %}
),

month_versions as (
    {{ period_versions('cases', {'year': 'report_year', 'month': 'report_month'}) }}
),

regions as (
    select * from {{ ref('stg_reference__national_regions') }}
),

counted as (
    select
        report_year as year,
        report_month as month,
        region_kemendagri_code as region_code,
        victim_category,
        jenis_kekerasan,
        count(*) as case_count,
        count(distinct coalesce(victim_pseudonym, 'case:' || case_id)) as victim_count,
        bool_or(is_synthetic) as is_synthetic
    from cases
    group by all
),

final as (
    select
        counted.year,
        counted.month,
        regions.province_code,
        regions.province_name,
        counted.region_code,
        regions.region_name,
        regions.region_level,
        counted.victim_category,
        counted.jenis_kekerasan,
        counted.case_count::bigint as case_count,
        counted.victim_count::bigint as victim_count,
        counted.is_synthetic,
        month_versions.source_versions_hash,
        '{{ invocation_id }}' as stored_by_invocation
    from counted
    left join regions using (region_code)
    left join month_versions using (year, month)
)

select * from final
