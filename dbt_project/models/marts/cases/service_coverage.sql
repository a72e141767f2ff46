{#- Service coverage (victims served / victims reported) per year and victim group: the Tabel 9
    figures as published, the same ratio recomputed from the published counts, and the ratio the
    UPTD PPA register gives (cases with a direct service, seed layanan_uptd, over all its cases).
    The published counts are province-wide; the register covers the provincial UPTD only, so the
    two are shown side by side, not substituted. -#}
with

figures as (
    select * from {{ ref('stg_simfoni__published_figures') }}
    where dataset = 'tabel9_performance'
),

indicators as (
    select * from {{ ref('service_coverage_indicators') }}
),

published as (
    select
        indicators.coverage_code,
        figures.year,
        max(figures.value) filter (where figures.measure = 'target_pct') as target_pct,
        max(figures.value) filter (where figures.measure = 'realisasi_pct') as published_coverage_pct,
        max(figures.value_text) filter (where figures.measure = 'realisasi_pct') as published_text,
        max(figures.value) filter (
            where figures.measure in ('realisasi_served', 'realisasi_count')
        ) as published_served,
        coalesce(
            max(figures.value) filter (where figures.measure = 'realisasi_reported'),
            max(figures.value) filter (where figures.measure = 'indicator_target_count')
        ) as published_denominator,
        any_value(indicators.denominator) as denominator_kind,
        any_value(figures.source_document) as source_document,
        any_value(figures.source_table) as source_table,
        min(figures.source_line) as source_line
    from figures
    inner join indicators on figures.indicator = indicators.indicator
    group by all
),

cases as (
    select * from {{ ref('int_cases__categorised') }}
),

register as (
    select
        indicators.coverage_code,
        cases.report_year as year,
        count(*) as register_cases,
        count(*) filter (where cases.is_served) as register_served_cases,
        bool_or(cases.is_synthetic) as register_is_synthetic
    from cases
    inner join indicators
        on list_contains(string_split(indicators.register_victim_categories, ';'), cases.victim_category)
    group by all
),

grid as (
    select
        coverage_code,
        year
    from published
    union
    select
        coverage_code,
        year
    from register
),

final as (
    select
        grid.year,
        grid.coverage_code,
        indicators.coverage_label,
        indicators.indicator,
        published.target_pct,
        published.published_text,
        published.published_coverage_pct,
        published.published_served::bigint as published_served,
        published.published_denominator::bigint as published_denominator,
        published.denominator_kind,
        round(100.0 * published.published_served / nullif(published.published_denominator, 0), 2)
            as computed_coverage_pct,
        register.register_cases::bigint as register_cases,
        register.register_served_cases::bigint as register_served_cases,
        round(100.0 * register.register_served_cases / nullif(register.register_cases, 0), 2)
            as register_coverage_pct,
        register.register_is_synthetic,
        published.source_document,
        published.source_table,
        published.source_line
    from grid
    inner join indicators using (coverage_code)
    left join published using (coverage_code, year)
    left join register using (coverage_code, year)
)

select
    *,
    greatest({{ source_as_of('uptd_ppa') }}, {{ source_as_of('simfoni') }}) as as_of_date
from final
