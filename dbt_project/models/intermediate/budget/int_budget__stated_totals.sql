{#- The totals stated in the text, one row per item, measure and place it is stated (a figure
    restated elsewhere in the document is another row, so restatements can be compared). -#}
with

figures as (
    select * from {{ ref('stg_budget__figures') }}
    where
        dataset = 'stated_totals'
        -- the province's DP3A (other offices: fct_budget_realisation_by_office)
        and office_code = '{{ var("province_code") }}'
)

select
    budget_year,
    period_end,
    item,
    measure,
    value_text,
    amount_rupiah,
    percent,
    percent_decimal_mark,
    source_document,
    source_table,
    source_line,
    note
from figures
