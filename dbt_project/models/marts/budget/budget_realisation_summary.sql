{#- Realisation by programme, belanja type and group, sumber dana and overall (one row per level
    and group), computed from the line items, with the totals the text states beside them. -#}
with

lines as (
    select * from {{ ref('fct_budget_realisation') }}
),

grouped as (
    select
        budget_year,
        period_end,
        case
            when grouping(program_group) = 0 then 'program_group'
            when grouping(belanja_type) = 0 then 'belanja_type'
            when grouping(belanja_group) = 0 then 'belanja_group'
            when grouping(sumber_dana) = 0 then 'sumber_dana'
            else 'total'
        end as level,
        coalesce(program_group, belanja_type, belanja_group, sumber_dana, 'semua') as group_value,
        count(*) as line_items,
        sum(pagu_murni) as pagu_murni,
        sum(pagu_perubahan) as pagu_perubahan,
        sum(realisasi) as realisasi,
        sum(sisa) as sisa
    from lines
    group by grouping sets (
        (budget_year, period_end, program_group),
        (budget_year, period_end, belanja_type),
        (budget_year, period_end, belanja_group),
        (budget_year, period_end, sumber_dana),
        (budget_year, period_end)
    )
),

items as (
    select * from {{ ref('budget_stated_items') }}
),

stated as (
    -- the first place the text states each figure (restatements are compared in figure_comparisons)
    select
        totals.budget_year,
        items.level,
        items.group_value,
        totals.item,
        arg_min(totals.amount_rupiah, totals.source_line) filter (where totals.measure = 'pagu') as stated_pagu,
        arg_min(totals.amount_rupiah, totals.source_line)
        filter (where totals.measure = 'realisasi') as stated_realisasi,
        arg_min(totals.amount_rupiah, totals.source_line) filter (where totals.measure = 'sisa') as stated_sisa,
        arg_min(totals.percent, totals.source_line)
        filter (where totals.measure = 'persen_realisasi') as stated_realisasi_pct,
        min(totals.source_line) as stated_source_line,
        any_value(totals.source_document) as source_document
    from {{ ref('int_budget__stated_totals') }} as totals
    inner join items using (item)
    group by all
),

final as (
    select
        grouped.budget_year::integer as budget_year,
        grouped.period_end,
        grouped.level,
        grouped.group_value,
        grouped.line_items::bigint as line_items,
        grouped.pagu_murni::bigint as pagu_murni,
        grouped.pagu_perubahan::bigint as pagu_perubahan,
        grouped.realisasi::bigint as realisasi,
        grouped.sisa::bigint as sisa,
        round(100.0 * grouped.realisasi / nullif(grouped.pagu_perubahan, 0), 2)::double as realisasi_pct,
        stated.item as stated_item,
        stated.stated_pagu,
        stated.stated_realisasi,
        stated.stated_sisa,
        stated.stated_realisasi_pct::double as stated_realisasi_pct,
        (grouped.pagu_perubahan - stated.stated_pagu)::bigint as pagu_difference,
        (grouped.realisasi - stated.stated_realisasi)::bigint as realisasi_difference,
        stated.stated_source_line,
        stated.source_document
    from grouped
    left join stated using (budget_year, level, group_value)
)

select * from final
