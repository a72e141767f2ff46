{#- Yearly case totals by SIMFONI PPA category from every source that gives them, side by side:
    the UPTD PPA register, Tabel 14 (UPTD PPA, published), KTA 2024-2025 (Pergub 88/2025 Tabel
    1.3, violence against children only) and the SIMFONI PPA yearly totals (no category split:
    simfoni_kategori 'semua'). The seeds kekerasan_bentuk and simfoni_kategori_label make the
    categories comparable; the scopes differ and are named in scope. -#}
with

figures as (
    select * from {{ ref('stg_simfoni__published_figures') }}
),

published as (
    select * from {{ ref('int_published__case_figures') }}
    where dataset = 'tabel14_cases_by_month'
),

cases as (
    select * from {{ ref('int_cases__categorised') }}
),

register as (
    select
        report_year as year,
        'uptd_ppa_register' as source_dataset,
        'UPTD PPA Provinsi (register)' as scope,
        jenis_kekerasan,
        simfoni_kategori,
        count(*)::double as case_count,
        false as has_missing_figure,
        any_value(source_document) as source_document,
        any_value(source_table) as source_table
    from cases
    group by all
),

tabel14 as (
    select
        year,
        'tabel14_cases_by_month' as source_dataset,
        'UPTD PPA Provinsi (published)' as scope,
        jenis_kekerasan,
        simfoni_kategori,
        sum(published_value) as case_count,
        false as has_missing_figure,
        any_value(source_document) as source_document,
        any_value(source_table) as source_table
    from published
    group by all
),

kta as (
    select
        year,
        'kta_by_type' as source_dataset,
        'Provinsi NTT, kekerasan terhadap anak' as scope,
        jenis_kekerasan,
        simfoni_kategori,
        sum(value) as case_count,
        bool_or(value_is_missing) as has_missing_figure,
        any_value(source_document) as source_document,
        any_value(source_table) as source_table
    from figures
    where dataset = 'kta_by_type'
    group by all
),

simfoni_totals as (
    select
        year,
        'simfoni_annual_cases' as source_dataset,
        'Provinsi NTT (SIMFONI PPA)' as scope,
        null::varchar as jenis_kekerasan,
        'semua' as simfoni_kategori,
        sum(value) as case_count,
        bool_or(value_is_missing) as has_missing_figure,
        any_value(source_document) as source_document,
        any_value(source_table) as source_table
    from figures
    where dataset = 'simfoni_annual_cases'
    group by all
),

unioned as (
    select * from register
    union all by name
    select * from tabel14
    union all by name
    select * from kta
    union all by name
    select * from simfoni_totals
),

final as (
    select
        year::integer as year,
        source_dataset,
        scope,
        jenis_kekerasan,
        simfoni_kategori,
        case_count::bigint as case_count,
        has_missing_figure,
        source_document,
        source_table
    from unioned
)

select
    *,
    greatest({{ source_as_of('uptd_ppa') }}, {{ source_as_of('simfoni') }}) as as_of_date
from final
