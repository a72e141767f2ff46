{#- The path each PJPK indicator should follow: the 2024 baseline, then the yearly targets
    2025-2029 (a point, or lower/upper bounds), with the indicator's direction and the precision
    the path was published with: half a unit of the last decimal any of its figures carries
    ("122,00 ... 132,00" was rounded to whole units: 0.5). -#}
with

targets as (
    select * from {{ ref('stg_reference__pjpk_targets') }}
),

indicators as (
    select
        indicator_code,
        direction,
        document,
        source_table
    from {{ ref('pjpk_indicators') }}
),

final as (
    select
        targets.indicator_code,
        targets.year::integer as year,
        targets.value_kind,
        indicators.direction,
        targets.published_text,
        targets.is_range,
        targets.is_missing,
        targets.value_lower::double as target_lower,
        targets.value_upper::double as target_upper,
        0.5 / power(
            10, max({{ significant_decimals('targets.published_text') }}) over (partition by targets.indicator_code)
        ) as path_precision,
        indicators.document as source_document,
        indicators.source_table
    from targets
    inner join indicators using (indicator_code)
)

select * from final
