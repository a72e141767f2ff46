{#- Every budget figure that should agree with another, one row per comparison; the values_agree
    test turns each disagreement into a row of dq_findings (warn, never a failed build):
      line_pagu_vs_parts       pagu = realisasi + sisa, per line item
      line_published_pct       each published % against the percentage computed from the amounts
                               (Tabel 6's '%' against whichever of realisasi/sisa it is closer to)
      stated_vs_line_items     a total stated in the text against the sum of its line items
                               (overall, per belanja type and group, per sumber dana)
      stated_pct_vs_amounts    a stated percentage or sisa against the stated amounts
      restatement              a figure stated again elsewhere in the document against its first statement
      pdpa_murni_plus_change   murni + change = revised, per line of the P-DPA shift table, under the
                               column reading most of its rows support (pdpa_column_reading says which)
      pdpa_revised_vs_pagu     the revised budget against the pagu of the realisation tables
      dak_nf_split             the BOPPA parts against the DAK NF allocation, amounts and percentages
      revenue_pct              the revenue percentage against realisasi / target -#}
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
    group by all
),

revisions as (
    select * from {{ ref('budget_revisions') }}
),

line_pagu_vs_parts as (
    select
        'line_pagu_vs_parts' as comparison,
        budget_year,
        line_item_key,
        null::varchar as item,
        'pagu' as measure,
        pagu_perubahan::double as published_value,
        (realisasi + sisa)::double as compared_value,
        'realisasi + sisa' as compared_with,
        0.0 as tolerance,
        source_document,
        realisation_source_table as source_table,
        realisation_source_line as source_line
    from lines
    where pagu_perubahan is not null
),

line_published_pct as (
    select
        'line_published_pct' as comparison,
        budget_year,
        line_item_key,
        null::varchar as item,
        'persen' as measure,
        published_pct as published_value,
        case when abs(published_pct - realisasi_pct) <= abs(published_pct - sisa_pct) then realisasi_pct else sisa_pct end
            as compared_value,
        case
            when abs(published_pct - realisasi_pct) <= abs(published_pct - sisa_pct)
                then 'realisasi / pagu × 100 (the closer reading)'
            else 'sisa / pagu × 100 (the closer reading)'
        end
            as compared_with,
        {{ rounding_tolerance('published_pct_text') }} as tolerance,
        source_document,
        realisation_source_table as source_table,
        realisation_source_line as source_line
    from lines
    where published_pct is not null
    union all
    select
        'line_published_pct',
        budget_year,
        line_item_key,
        null,
        'persen_realisasi',
        published_realisasi_pct,
        realisasi_pct,
        'realisasi / pagu × 100',
        {{ rounding_tolerance('published_realisasi_pct_text') }},
        source_document,
        realisation_source_table,
        realisation_source_line
    from lines
    where published_realisasi_pct is not null
    union all
    select
        'line_published_pct',
        budget_year,
        line_item_key,
        null,
        'persen_sisa',
        published_sisa_pct,
        sisa_pct,
        'sisa / pagu × 100',
        {{ rounding_tolerance('published_sisa_pct_text') }},
        source_document,
        realisation_source_table,
        realisation_source_line
    from lines
    where published_sisa_pct is not null
),

line_sums as (
    select
        budget_year,
        'total' as level,
        'semua' as group_value,
        sum(pagu_perubahan) as pagu,
        sum(realisasi) as realisasi,
        sum(sisa) as sisa
    from lines
    group by all
    union all
    select
        budget_year,
        'belanja_type',
        belanja_type,
        sum(pagu_perubahan),
        sum(realisasi),
        sum(sisa)
    from lines
    group by all
    union all
    select
        budget_year,
        'belanja_group',
        belanja_group,
        sum(pagu_perubahan),
        sum(realisasi),
        sum(sisa)
    from lines
    group by all
    union all
    select
        budget_year,
        'sumber_dana',
        sumber_dana,
        sum(pagu_perubahan),
        sum(realisasi),
        sum(sisa)
    from lines
    group by all
),

stated_vs_line_items as (
    select
        'stated_vs_line_items' as comparison,
        stated.budget_year,
        null::varchar as line_item_key,
        stated.item,
        stated.measure,
        stated.amount_rupiah::double as published_value,
        (case stated.measure
            when 'pagu' then line_sums.pagu when 'realisasi' then line_sums.realisasi
            else line_sums.sisa
        end)::double as compared_value,
        'sum of the line items (' || stated.level || ' = ' || stated.group_value || ')' as compared_with,
        0.0 as tolerance,
        stated.source_document,
        stated.source_table,
        stated.source_line
    from stated
    inner join line_sums using (budget_year, level, group_value)
    where stated.measure in ('pagu', 'realisasi', 'sisa') and stated.amount_rupiah is not null
),

stated_pct_vs_amounts as (
    select
        'stated_pct_vs_amounts' as comparison,
        pct.budget_year,
        null::varchar as line_item_key,
        pct.item,
        pct.measure,
        pct.percent::double as published_value,
        round(
            100.0 * (case pct.measure when 'persen_realisasi' then realisasi.amount_rupiah else sisa.amount_rupiah end)
            / nullif(pagu.amount_rupiah, 0), 4
        )::double as compared_value,
        pct.measure || ' from the stated amounts' as compared_with,
        {{ rounding_tolerance('pct.value_text') }} as tolerance,
        pct.source_document,
        pct.source_table,
        pct.source_line
    from stated as pct
    inner join first_statement as pagu
        on pct.budget_year = pagu.budget_year and pct.item = pagu.item and pagu.measure = 'pagu'
    left join first_statement as realisasi
        on pct.budget_year = realisasi.budget_year and pct.item = realisasi.item and realisasi.measure = 'realisasi'
    left join first_statement as sisa
        on pct.budget_year = sisa.budget_year and pct.item = sisa.item and sisa.measure = 'sisa'
    where pct.measure in ('persen_realisasi', 'persen_sisa') and pct.level <> 'revenue'
    union all
    select
        'stated_pct_vs_amounts',
        sisa.budget_year,
        null,
        sisa.item,
        sisa.measure,
        sisa.amount_rupiah::double,
        (pagu.amount_rupiah - realisasi.amount_rupiah)::double,
        'pagu - realisasi (stated)',
        0.0,
        sisa.source_document,
        sisa.source_table,
        sisa.source_line
    from stated as sisa
    inner join first_statement as pagu
        on sisa.budget_year = pagu.budget_year and sisa.item = pagu.item and pagu.measure = 'pagu'
    inner join first_statement as realisasi
        on sisa.budget_year = realisasi.budget_year and sisa.item = realisasi.item and realisasi.measure = 'realisasi'
    where sisa.measure = 'sisa'
),

restatement as (
    select
        'restatement' as comparison,
        stated.budget_year,
        null::varchar as line_item_key,
        stated.item,
        stated.measure,
        coalesce(stated.amount_rupiah::double, stated.percent::double) as published_value,
        coalesce(first_statement.amount_rupiah::double, first_statement.percent::double) as compared_value,
        'the same figure as first stated on line ' || first_statement.source_line as compared_with,
        0.0 as tolerance,
        stated.source_document,
        stated.source_table,
        stated.source_line
    from stated
    inner join first_statement using (budget_year, item, measure)
    where stated.source_line <> first_statement.source_line
),

pdpa_murni_plus_change as (
    -- each row under the reading its own numbers satisfy: only a row satisfying neither disagrees
    select
        'pdpa_murni_plus_change' as comparison,
        budget_year,
        line_item_key,
        null::varchar as item,
        'revised_budget' as measure,
        revised_budget::double as published_value,
        (anggaran_murni + change_amount)::double as compared_value,
        'Anggaran Murni + change, ' || column_reading
        || case column_reading
            when 'neither'
                then
                    ' (read as headed; swapped would give '
                    || (anggaran_murni + published_anggaran_perubahan) || ')'
            else ''
        end as compared_with,
        0.0 as tolerance,
        source_document,
        source_table,
        source_line
    from revisions
),

pdpa_column_reading as (
    -- one row per table: how many lines satisfy the equation with the columns as headed
    select
        'pdpa_column_reading' as comparison,
        budget_year,
        null::varchar as line_item_key,
        null::varchar as item,
        'rows_as_headed' as measure,
        count(*) filter (where column_reading = 'as headed')::double as published_value,
        count(*)::double as compared_value,
        'rows of the shift table (' || count(*) filter (where column_reading = 'columns swapped')
        || ' hold with the last two columns swapped, ' || count(*) filter (where column_reading = 'neither')
        || ' with neither)' as compared_with,
        0.0 as tolerance,
        any_value(source_document) as source_document,
        any_value(source_table) as source_table,
        min(source_line) as source_line
    from revisions
    group by all
),

pdpa_revised_vs_pagu as (
    select
        'pdpa_revised_vs_pagu' as comparison,
        budget_year,
        line_item_key,
        null::varchar as item,
        'revised_budget' as measure,
        revised_budget::double as published_value,
        coalesce(realisation_pagu, 0)::double as compared_value,
        'pagu of the line in the realisation tables (0 when it has no line); revised budget ' || column_reading
            as compared_with,
        0.0 as tolerance,
        source_document,
        source_table,
        source_line
    from revisions
),

dak_nf_split as (
    select
        'dak_nf_split' as comparison,
        parent.budget_year,
        null::varchar as line_item_key,
        parent.item,
        'pagu' as measure,
        parent.amount_rupiah::double as published_value,
        sum(part.amount_rupiah)::double as compared_value,
        'sum of ' || string_agg(distinct part.item, ' + ' order by part.item) as compared_with,
        0.0 as tolerance,
        any_value(part.source_document) as source_document,
        any_value(part.source_table) as source_table,
        min(part.source_line) as source_line
    from first_statement as parent
    inner join stated as part
        on
            parent.item = part.parent_item and part.level = 'dak_nf_split' and part.measure = 'pagu'
            and parent.budget_year = part.budget_year
    where parent.measure = 'pagu'
    group by all
    union all
    select
        'dak_nf_split',
        pct.budget_year,
        null,
        pct.item,
        pct.measure,
        pct.percent::double,
        round(100.0 * part.amount_rupiah / nullif(parent.amount_rupiah, 0), 4)::double,
        'part / DAK NF allocation × 100',
        {{ rounding_tolerance('pct.value_text') }},
        pct.source_document,
        pct.source_table,
        pct.source_line
    from stated as pct
    inner join first_statement as part
        on pct.budget_year = part.budget_year and pct.item = part.item and part.measure = 'pagu'
    inner join first_statement as parent
        on pct.budget_year = parent.budget_year and pct.parent_item = parent.item and parent.measure = 'pagu'
    where pct.level = 'dak_nf_split' and pct.measure = 'persen_alokasi'
),

revenue_pct as (
    select
        'revenue_pct' as comparison,
        revenue.budget_year,
        null::varchar as line_item_key,
        revenue.item,
        'persen_realisasi' as measure,
        revenue.published_realisasi_pct as published_value,
        revenue.realisasi_pct_of_target_perubahan as compared_value,
        'realisasi / target perubahan × 100 (as stated on the same line)' as compared_with,
        {{ rounding_tolerance('revenue.published_realisasi_pct_text') }} as tolerance,
        revenue.source_document,
        revenue.source_table,
        revenue.source_line
    from {{ ref('revenue_realisation') }} as revenue
    where revenue.published_realisasi_pct is not null
),

unioned as (
    select * from line_pagu_vs_parts
    union all by name
    select * from line_published_pct
    union all by name
    select * from stated_vs_line_items
    union all by name
    select * from stated_pct_vs_amounts
    union all by name
    select * from restatement
    union all by name
    select * from pdpa_murni_plus_change
    union all by name
    select * from pdpa_column_reading
    union all by name
    select * from pdpa_revised_vs_pagu
    union all by name
    select * from dak_nf_split
    union all by name
    select * from revenue_pct
),

final as (
    select
        {{ reconciliation_columns(["budget_year::integer as budget_year", "line_item_key", "item", "measure"]) }}
    from unioned
)

select * from final
