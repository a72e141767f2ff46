{#- The totals stated in the text, one row per item, measure and place it is stated (a figure
    restated elsewhere in the document is another row, so restatements can be compared). -#}
with

figures as (
    select * from {{ ref('stg_budget__figures') }}
    where dataset = 'stated_totals'
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
