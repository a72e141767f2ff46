with

indicators as (
    select * from {{ ref('pjpk_indicators') }}
),

baselines as (
    select * from {{ ref('stg_reference__pjpk_targets') }}
    where value_kind = 'baseline'
),

final as (
    select
        indicators.indicator_code,
        indicators.sasaran,
        indicators.sasaran_name,
        indicators.indicator_name,
        indicators.unit,
        indicators.direction,
        indicators.data_source,
        indicators.responsible_agency,
        indicators.supporting_agencies,
        indicators.tujuan_strategis,
        baselines.published_text as baseline_2024_published,
        baselines.value_point as baseline_2024,
        indicators.document as source_document,
        indicators.source_table,
        indicators.source_line
    from indicators
    left join baselines using (indicator_code)
)

select * from final
