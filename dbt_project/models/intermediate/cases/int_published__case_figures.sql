{#- The published UPTD PPA tables in the register's terms: Tabel 13 victims per month and
    category, Tabel 14 cases per month, jenis and bentuk code (spelling variants such as
    'Pemerkosan' merged into their code), each with its SIMFONI PPA category. -#}
with

figures as (
    select * from {{ ref('stg_simfoni__published_figures') }}
),

bentuk as (
    select
        bentuk_code,
        simfoni_kategori
    from {{ ref('stg_reference__bentuk_kekerasan') }}
),

tabel13 as (
    select
        'tabel13_victims_by_month' as dataset,
        year,
        month,
        victim_category,
        null::varchar as jenis_kekerasan,
        null::varchar as bentuk_code,
        null::varchar as simfoni_kategori,
        sum(value) as published_value,
        min(source_line) as source_line,
        any_value(source_document) as source_document,
        any_value(source_table) as source_table
    from figures
    where dataset = 'tabel13_victims_by_month' and month is not null and victim_category <> 'total'
    group by all
),

tabel14 as (
    select
        'tabel14_cases_by_month' as dataset,
        figures.year,
        figures.month,
        null::varchar as victim_category,
        figures.jenis_kekerasan,
        figures.bentuk_code,
        bentuk.simfoni_kategori,
        sum(figures.value) as published_value,
        min(figures.source_line) as source_line,
        any_value(figures.source_document) as source_document,
        any_value(figures.source_table) as source_table
    from figures
    left join bentuk using (bentuk_code)
    where figures.dataset = 'tabel14_cases_by_month'
    group by all
)

select * from tabel13
union all by name
select * from tabel14
