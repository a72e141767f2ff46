{#- One row per case and service given, the service matched to the UPTD PPA service list; the
    province's cases only, as int_cases__categorised. -#}
with

cases as (
    select
        case_id,
        file_version_id,
        services,
        source_document,
        source_table
    from {{ ref('int_cases__registered') }}
    where services is not null and starts_with(region_kemendagri_code, '{{ var("province_code") }}.')
),

exploded as (
    select
        case_id,
        file_version_id,
        trim(unnest(string_split(services, ';'))) as service_label,
        source_document,
        source_table
    from cases
),

layanan as (
    select * from {{ ref('layanan_uptd') }}
),

final as (
    select
        exploded.case_id,
        exploded.file_version_id,
        exploded.service_label,
        layanan.layanan_code,
        layanan.permen_pppa_2_2022_function,
        coalesce(layanan.counts_as_served, false) as counts_as_served,
        exploded.source_document,
        exploded.source_table
    from exploded
    left join layanan on lower(exploded.service_label) = lower(layanan.layanan_label)
    where exploded.service_label <> ''
)

select * from final
