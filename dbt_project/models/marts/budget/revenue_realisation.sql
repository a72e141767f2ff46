{#- Revenue (TPA retribution): target in the DPA murni and after the P-DPA, realisation and its
    percentage, once per place the document states them, with the percentage recomputed. -#}
with

stated as (
    select * from {{ ref('int_budget__stated_totals') }}
    where item in (
        select item from {{ ref('budget_stated_items') }}
        where level = 'revenue'
    )
),

per_statement as (
    select
        budget_year,
        item,
        source_line,
        max(amount_rupiah) filter (where measure = 'target_murni') as target_murni,
        max(amount_rupiah) filter (where measure = 'target_perubahan') as target_perubahan,
        max(amount_rupiah) filter (where measure = 'realisasi') as realisasi,
        max(percent) filter (where measure = 'persen_realisasi') as published_realisasi_pct,
        max(value_text) filter (where measure = 'persen_realisasi') as published_realisasi_pct_text,
        any_value(source_document) as source_document,
        any_value(source_table) as source_table
    from stated
    group by all
),

final as (
    select
        budget_year::integer as budget_year,
        item,
        source_line,
        target_murni,
        target_perubahan,
        realisasi,
        published_realisasi_pct::double as published_realisasi_pct,
        published_realisasi_pct_text,
        round(100.0 * realisasi / nullif(target_perubahan, 0), 2)::double as realisasi_pct_of_target_perubahan,
        round(100.0 * realisasi / nullif(target_murni, 0), 2)::double as realisasi_pct_of_target_murni,
        source_document,
        source_table
    from per_statement
)

select * from final
