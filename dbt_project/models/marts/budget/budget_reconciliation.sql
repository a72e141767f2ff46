{#- One row per comparison of two budget figures that should agree; the values_agree test turns
    each disagreement into a row of dq_findings (warn, never a failed build). Each family of
    comparisons is one macro (macros/reconciliation/budget_comparisons.sql), the families combined
    by column name. -#}
with

lines as (
    select * from {{ ref('fct_budget_realisation') }}
),

stated as (
    select
        totals.*,
        items.level,
        items.group_value,
        items.parent_item
    from {{ ref('int_budget__stated_totals') }} as totals
    left join {{ ref('budget_stated_items') }} as items using (item)
),

first_statement as (
    select
        budget_year,
        item,
        measure,
        arg_min(amount_rupiah, source_line) as amount_rupiah,
        arg_min(percent, source_line) as percent,
        min(source_line) as source_line
    from stated
    group by budget_year, item, measure
),

-- the sums of the line items at the year's last reported period (the text states year-end totals)
year_end_sums as (
    select * from {{ ref('budget_realisation_summary') }}
    qualify period_end = max(period_end) over (partition by budget_year)
),

revisions as (
    select * from {{ ref('budget_revisions') }}
),

compared as (
    {{ compare_budget_line_pagu_vs_parts() }}
    union all by name
    {{ compare_budget_line_published_pct() }}
    union all by name
    {{ compare_budget_stated_vs_line_items() }}
    union all by name
    {{ compare_budget_stated_pct_vs_amounts() }}
    union all by name
    {{ compare_budget_pdpa_shift_table() }}
    union all by name
    {{ compare_budget_pdpa_revised_vs_pagu() }}
    union all by name
    {{ compare_budget_dak_nf_split() }}
    union all by name
    {{ compare_budget_revenue_pct() }}
),

final as (
    select
        {{ reconciliation_columns(["budget_year::integer as budget_year", "line_item_key", "item", "measure"]) }}
    from compared
)

select * from final
