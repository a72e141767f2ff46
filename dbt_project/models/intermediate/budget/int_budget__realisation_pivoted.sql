{#- The realisation tables (Tabel 6, 7, 8) as one row per line item and period: pagu, realisasi,
    sisa and every published percentage column as published ('persen' of Tabel 6, whose meaning
    the table does not state; 'persen_realisasi' and 'persen_sisa' of Tabel 7 and 8). -#}
with

figures as (
    select * from {{ ref('stg_budget__figures') }}
    where
        dataset = 'realisation'
        -- the province's DP3A (other offices: fct_budget_realisation_by_office)
        and office_code = '{{ var("province_code") }}'
),

pivoted as (
    select
        line_item_key,
        budget_year,
        period_end,
        max(amount_rupiah) filter (where measure = 'pagu') as pagu,
        max(amount_rupiah) filter (where measure = 'realisasi') as realisasi,
        max(amount_rupiah) filter (where measure = 'sisa') as sisa,
        max(percent) filter (where measure = 'persen') as published_pct,
        max(value_text) filter (where measure = 'persen') as published_pct_text,
        max(percent) filter (where measure = 'persen_realisasi') as published_realisasi_pct,
        max(value_text) filter (where measure = 'persen_realisasi') as published_realisasi_pct_text,
        max(percent) filter (where measure = 'persen_sisa') as published_sisa_pct,
        max(value_text) filter (where measure = 'persen_sisa') as published_sisa_pct_text,
        any_value(kegiatan_published) as kegiatan_published,
        any_value(sub_kegiatan_published) as sub_kegiatan_published,
        any_value(source_document) as source_document,
        any_value(source_table) as source_table,
        min(source_line) as source_line,
        count(distinct source_file) as source_files
    from figures
    group by line_item_key, budget_year, period_end
)

select * from pivoted
