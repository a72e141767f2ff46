{#- Each NTT register case once per SIMFONI PPA breakdown, with its category in that breakdown:
    place of occurrence, victim's age group, sex and disability, the perpetrator's relationship,
    sex and age group, the reporting channel, and each Permen PPPA 2/2022 service type it received
    (a case with three service types is counted under each). A field the file did not carry (a
    register in the old layout) is the category 'tidak_diketahui', so every single-valued
    breakdown adds up to the same cases. -#}
{%- set single_valued = {
    'tempat_kejadian': 'place_code',
    'kelompok_umur_korban': 'victim_age_group',
    'jenis_kelamin_korban': 'victim_sex',
    'disabilitas_korban': "case when victim_disability then 'ya' when not victim_disability then 'tidak' end",
    'hubungan_pelaku': 'perpetrator_relation_code',
    'jenis_kelamin_pelaku': 'perpetrator_sex',
    'kelompok_umur_pelaku': 'perpetrator_age_group',
    'saluran_pengaduan': 'reporting_channel_code',
} %}
with

cases as (
    select
        case_id,
        file_version_id,
        coalesce(victim_pseudonym, 'case:' || case_id) as victim_key,
        region_kemendagri_code as region_code,
        report_year as year,
        report_month as month,
        is_synthetic,
        {% for expression in single_valued.values() -%}
            {{ expression }} as field_{{ loop.index }},
        {% endfor -%}
        service_codes
    from {{ ref('int_cases__registered') }}
    where starts_with(region_kemendagri_code, '{{ var("province_code") }}.')
),

service_types as (
    select
        * exclude (service_codes),
        unnest(string_split(service_codes, ';')) as service_code
    from cases
    where nullif(trim(service_codes), '') is not null
),

unioned as (
    {% for name in single_valued %}
        select
            case_id,
            file_version_id,
            victim_key,
            region_code,
            year,
            month,
            is_synthetic,
            '{{ name }}' as breakdown,
            field_{{ loop.index }} as category_code
        from cases
        union all
    {% endfor %}
    select
        case_id,
        file_version_id,
        victim_key,
        region_code,
        year,
        month,
        is_synthetic,
        'jenis_layanan' as breakdown,
        service_code as category_code
    from service_types
    union all
    select
        case_id,
        file_version_id,
        victim_key,
        region_code,
        year,
        month,
        is_synthetic,
        'jenis_layanan' as breakdown,
        null as category_code
    from cases
    where nullif(trim(service_codes), '') is null
)

select
    * exclude (category_code),
    coalesce(nullif(trim(category_code), ''), 'tidak_diketahui') as category_code
from unioned
