{#- Register cases with the categories every comparison needs: the SIMFONI PPA category of the
    bentuk (seed kekerasan_bentuk), whether the victim is a child, whether the case received a
    direct service (seed layanan_uptd), and a victim key that counts a pseudonymised person once.
    The province's cases only (var province_code): the register is national, the marts built on
    this model are NTT's (its regencies, its population); fct_case_counts_by_region counts every
    province. -#}
with

cases as (
    select * from {{ ref('int_cases__registered') }}
    where starts_with(region_kemendagri_code, '{{ var("province_code") }}.')
),

bentuk as (
    select
        bentuk_code,
        simfoni_kategori
    from {{ ref('stg_reference__bentuk_kekerasan') }}
),

services as (
    select * from {{ ref('int_cases__services') }}
),

served as (
    select
        case_id,
        file_version_id,
        bool_or(counts_as_served) as is_served,
        count(*) as services_count
    from services
    group by case_id, file_version_id
),

final as (
    select
        cases.case_id,
        cases.file_version_id,
        cases.region_kemendagri_code as region_code,
        coalesce(cases.victim_pseudonym, 'case:' || cases.case_id) as victim_key,
        cases.victim_pseudonym is not null as has_victim_pseudonym,
        cases.report_date,
        cases.report_year,
        cases.report_month,
        cases.period_start,
        cases.period_end,
        cases.victim_category,
        cases.is_child_victim,
        cases.jenis_kekerasan,
        cases.bentuk_code,
        cases.bentuk_published,
        bentuk.simfoni_kategori,
        coalesce(served.is_served, false) as is_served,
        coalesce(served.services_count, 0) as services_count,
        cases.case_status,
        cases.is_synthetic,
        cases.source_document,
        cases.source_table,
        cases.source_file,
        cases.source_row
    from cases
    left join bentuk using (bentuk_code)
    left join served using (case_id, file_version_id)
)

select * from final
