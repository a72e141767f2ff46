{#- PJPK figures that should agree, one row per comparison; values_agree turns each
    disagreement into a row of dq_findings:
      published_twice     the same indicator, region, year and period published in two places
                          (two tables, or a table and the text) against its first publication
      baseline_vs_actual  the catalogue's 2024 baseline against the province actual published for
                          2024, within var('pjpk_baseline_tolerance_pct') % of the baseline -#}
with

actuals as (
    select * from {{ ref('int_pjpk__actuals') }}
    where value is not null
),

ranked as (
    select
        *,
        first_value(value) over w as first_value,
        first_value(source_line) over w as first_line,
        first_value(source_name) over w as first_source,
        row_number() over w as publication
    from actuals
    window w as (
        partition by indicator_key, region_code, year, coalesce(period, ''), value_kind
        order by source_name, source_line
    )
),

published_twice as (
    select
        'published_twice' as comparison,
        indicator_key,
        region_code,
        year,
        period,
        value as published_value,
        first_value as compared_value,
        'first published by ' || first_source || coalesce(' on line ' || first_line, '') as compared_with,
        0.0 as tolerance,
        source_document,
        source_table,
        source_line
    from ranked
    where publication > 1
),

province_actual as (
    select * from {{ ref('int_pjpk__progress_base') }}
    where region_code = '{{ var("province_code") }}' and actual is not null and year = baseline_year
),

baseline_vs_actual as (
    select
        'baseline_vs_actual' as comparison,
        province_actual.indicator_code as indicator_key,
        province_actual.region_code,
        province_actual.year,
        null::varchar as period,
        province_actual.baseline_value as published_value,
        province_actual.actual as compared_value,
        'actual published for ' || province_actual.year
        || ' (' || coalesce(province_actual.actual_source_table, '?') || ')' as compared_with,
        abs(province_actual.baseline_value) * {{ var('pjpk_baseline_tolerance_pct') }} / 100.0 as tolerance,
        indicators.document as source_document,
        indicators.source_table,
        indicators.source_line::integer as source_line
    from province_actual
    inner join {{ ref('pjpk_indicators') }} as indicators using (indicator_code)
    where province_actual.baseline_value is not null
),

unioned as (
    select * from published_twice
    union all by name
    select * from baseline_vs_actual
)

select
    {{ reconciliation_columns(["indicator_key", "region_code", "year::integer as year", "period"]) }}
from unioned
