{#- The P-DPA shift table as one row per line item: the three amount columns as headed
    ('Anggaran Murni', 'Perubahan', 'Anggaran Perubahan'). -#}
with

figures as (
    select * from {{ ref('stg_budget__figures') }}
    where
        dataset = 'pdpa_revision'
        -- the province's DP3A (other offices: fct_budget_realisation_by_office)
        and office_code = '{{ var("province_code") }}'
),

pivoted as (
    select
        line_item_key,
        budget_year,
        max(amount_rupiah) filter (where measure = 'anggaran_murni') as anggaran_murni,
        max(amount_rupiah) filter (where measure = 'perubahan') as published_perubahan,
        max(amount_rupiah) filter (where measure = 'anggaran_perubahan') as published_anggaran_perubahan,
        any_value(program_published) as program_published,
        any_value(source_document) as source_document,
        any_value(source_table) as source_table,
        min(source_line) as source_line
    from figures
    group by line_item_key, budget_year
)

select * from pivoted
