{#- The families of comparisons budget_reconciliation is made of, one macro each. Each returns
    the comparisons of its family in the columns reconciliation_columns() ends a mart with, and reads
    the CTEs budget_reconciliation defines: lines (fct_budget_realisation), stated (the totals the
    text states, with their item's level), first_statement (each stated figure where it is first
    stated), year_end_sums (budget_realisation_summary at the year's last period) and revisions
    (budget_revisions). Parts of a family are combined by name, never by position. -#}

{#- pagu = realisasi + sisa, per line item -#}
{% macro compare_budget_line_pagu_vs_parts() %}
    select
        'line_pagu_vs_parts' as comparison,
        budget_year,
        line_item_key,
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
{% endmacro %}

{#- each published percentage against the percentage computed from the amounts; Tabel 6's one '%'
    column against whichever of realisasi and sisa it is closer to (the table does not say) -#}
{% macro compare_budget_line_published_pct() %}
    select
        'line_published_pct' as comparison,
        budget_year,
        line_item_key,
        'persen' as measure,
        published_pct as published_value,
        case
            when abs(published_pct - realisasi_pct) <= abs(published_pct - sisa_pct) then realisasi_pct else sisa_pct
        end as compared_value,
        case
            when abs(published_pct - realisasi_pct) <= abs(published_pct - sisa_pct)
                then 'realisasi / pagu × 100 (the closer reading)'
            else 'sisa / pagu × 100 (the closer reading)'
        end as compared_with,
        {{ rounding_tolerance('published_pct_text') }} as tolerance,
        source_document,
        realisation_source_table as source_table,
        realisation_source_line as source_line
    from lines
    where published_pct is not null
    union all by name
    select
        'line_published_pct' as comparison,
        budget_year,
        line_item_key,
        'persen_realisasi' as measure,
        published_realisasi_pct as published_value,
        realisasi_pct as compared_value,
        'realisasi / pagu × 100' as compared_with,
        {{ rounding_tolerance('published_realisasi_pct_text') }} as tolerance,
        source_document,
        realisation_source_table as source_table,
        realisation_source_line as source_line
    from lines
    where published_realisasi_pct is not null
    union all by name
    select
        'line_published_pct' as comparison,
        budget_year,
        line_item_key,
        'persen_sisa' as measure,
        published_sisa_pct as published_value,
        sisa_pct as compared_value,
        'sisa / pagu × 100' as compared_with,
        {{ rounding_tolerance('published_sisa_pct_text') }} as tolerance,
        source_document,
        realisation_source_table as source_table,
        realisation_source_line as source_line
    from lines
    where published_sisa_pct is not null
{% endmacro %}

{#- a total stated in the text against the sum of its line items (overall, per belanja type and
    group, per sumber dana): the sums are budget_realisation_summary's -#}
{% macro compare_budget_stated_vs_line_items() %}
    select
        'stated_vs_line_items' as comparison,
        stated.budget_year,
        stated.item,
        stated.measure,
        stated.amount_rupiah::double as published_value,
        (case stated.measure
            when 'pagu' then year_end_sums.pagu_perubahan
            when 'realisasi' then year_end_sums.realisasi
            else year_end_sums.sisa
        end)::double as compared_value,
        'sum of the line items (' || stated.level || ' = ' || stated.group_value || ')' as compared_with,
        0.0 as tolerance,
        stated.source_document,
        stated.source_table,
        stated.source_line
    from stated
    inner join year_end_sums using (budget_year, level, group_value)
    where stated.measure in ('pagu', 'realisasi', 'sisa') and stated.amount_rupiah is not null
{% endmacro %}

{#- a stated percentage, or a stated sisa, against the stated amounts it is computed from -#}
{% macro compare_budget_stated_pct_vs_amounts() %}
    select
        'stated_pct_vs_amounts' as comparison,
        pct.budget_year,
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
    union all by name
    select
        'stated_pct_vs_amounts' as comparison,
        sisa.budget_year,
        sisa.item,
        sisa.measure,
        sisa.amount_rupiah::double as published_value,
        (pagu.amount_rupiah - realisasi.amount_rupiah)::double as compared_value,
        'pagu - realisasi (stated)' as compared_with,
        0.0 as tolerance,
        sisa.source_document,
        sisa.source_table,
        sisa.source_line
    from stated as sisa
    inner join first_statement as pagu
        on sisa.budget_year = pagu.budget_year and sisa.item = pagu.item and pagu.measure = 'pagu'
    inner join first_statement as realisasi
        on sisa.budget_year = realisasi.budget_year and sisa.item = realisasi.item and realisasi.measure = 'realisasi'
    where sisa.measure = 'sisa'
{% endmacro %}

{#- murni + change = revised, per line of the P-DPA shift table, each row under the column reading
    its own numbers satisfy (only a row satisfying neither disagrees); and, once per table, how
    many rows hold with the columns as headed -#}
{% macro compare_budget_pdpa_shift_table() %}
    select
        'pdpa_murni_plus_change' as comparison,
        budget_year,
        line_item_key,
        'revised_budget' as measure,
        revised_budget::double as published_value,
        (anggaran_murni + change_amount)::double as compared_value,
        'Anggaran Murni + change, ' || column_reading
        || case column_reading
            when 'neither'
                then ' (read as headed; swapped would give ' || (anggaran_murni + published_anggaran_perubahan) || ')'
            else ''
        end as compared_with,
        0.0 as tolerance,
        source_document,
        source_table,
        source_line
    from revisions
    union all by name
    select
        'pdpa_column_reading' as comparison,
        budget_year,
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
    group by budget_year
{% endmacro %}

{#- the revised budget of the P-DPA against the pagu of the realisation tables -#}
{% macro compare_budget_pdpa_revised_vs_pagu() %}
    select
        'pdpa_revised_vs_pagu' as comparison,
        budget_year,
        line_item_key,
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
{% endmacro %}

{#- the BOPPA parts against the DAK NF allocation, amounts and percentages -#}
{% macro compare_budget_dak_nf_split() %}
    select
        'dak_nf_split' as comparison,
        parent.budget_year,
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
    group by parent.budget_year, parent.item, parent.amount_rupiah
    union all by name
    select
        'dak_nf_split' as comparison,
        pct.budget_year,
        pct.item,
        pct.measure,
        pct.percent::double as published_value,
        round(100.0 * part.amount_rupiah / nullif(parent.amount_rupiah, 0), 4)::double as compared_value,
        'part / DAK NF allocation × 100' as compared_with,
        {{ rounding_tolerance('pct.value_text') }} as tolerance,
        pct.source_document,
        pct.source_table,
        pct.source_line
    from stated as pct
    inner join first_statement as part
        on pct.budget_year = part.budget_year and pct.item = part.item and part.measure = 'pagu'
    inner join first_statement as parent
        on pct.budget_year = parent.budget_year and pct.parent_item = parent.item and parent.measure = 'pagu'
    where pct.level = 'dak_nf_split' and pct.measure = 'persen_alokasi'
{% endmacro %}

{#- the revenue percentage against realisasi / target as stated on the same line -#}
{% macro compare_budget_revenue_pct() %}
    select
        'revenue_pct' as comparison,
        budget_year,
        item,
        'persen_realisasi' as measure,
        published_realisasi_pct as published_value,
        realisasi_pct_of_target_perubahan as compared_value,
        'realisasi / target perubahan × 100 (as stated on the same line)' as compared_with,
        {{ rounding_tolerance('published_realisasi_pct_text') }} as tolerance,
        source_document,
        source_table,
        source_line
    from {{ ref('revenue_realisation') }}
    where published_realisasi_pct is not null
{% endmacro %}
