{#- PJPK figures stated more than once, one row per later statement against the first: the PJPK
    slice of figure_comparisons (the same indicator, region, year and period in two tables, a
    table and the text, or the Tabel 2.x baseline column against the condition of 2024 stated
    elsewhere, tied by the crosswalk seed where the names or periods differ). Kept with its
    columns for the BI tools that read it; its disagreements are findings of figure_comparisons. -#}
with

comparisons as (
    select * from {{ ref('figure_comparisons') }}
    where subject_kind = 'indicator'
),

unioned as (
    select
        'stated_twice' as comparison,
        subject as indicator_key,
        region_code,
        year,
        period,
        stated_value as published_value,
        reference_value as compared_value,
        'the same figure as stated in ' || reference_at as compared_with,
        tolerance,
        source_document,
        source_table,
        source_line
    from comparisons
)

select
    {{ reconciliation_columns(["indicator_key", "region_code", "year::integer as year", "period"]) }}
from unioned
