{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{% if is_incremental() %}{{ delete_changed_periods(ref('int_budget__realisation_registered'), {'period_end': 'period_end'}) }}{% endif %}",
    )
}}

{#- Monthly (or any reporting period's) realisation of every office's line items: pagu,
    realisasi, sisa as published, the realisation percentage computed from the amounts, and
    whether the published parts add up (pagu = realisasi + sisa). Offices are the DP3A of a
    province or kabupaten/kota, named by its region's Kemendagri code.

    Incremental by period_end: a run recomputes only the periods whose file versions changed
    (the pre-hook deletes them; this inserts every period the table no longer holds). -#}
with

figures as (
    select * from {{ ref('int_budget__realisation_registered') }}
    {% if is_incremental() %}
        where period_end not in (select distinct period_end from {{ this }})
    {% endif %}
),

period_versions as (
    {{ period_versions('figures', {'period_end': 'period_end'}) }}
),

regions as (
    select
        region_code as office_code,
        region_name as office_region_name,
        region_level as office_level,
        province_code
    from {{ ref('stg_reference__national_regions') }}
),

hierarchy as (
    select
        line_item_key,
        program_name,
        kegiatan_name,
        sub_kegiatan_name
    from {{ ref('budget_hierarchy') }}
),

pivoted as (
    select
        office_code,
        line_item_key,
        budget_year,
        period_end,
        max(amount_rupiah) filter (where measure = 'pagu') as pagu,
        max(amount_rupiah) filter (where measure = 'realisasi') as realisasi,
        max(amount_rupiah) filter (where measure = 'sisa') as sisa,
        any_value(source_document) as source_document,
        any_value(source_table) as source_table,
        any_value(source_file) as source_file
    from figures
    group by office_code, line_item_key, budget_year, period_end
),

final as (
    select
        pivoted.office_code,
        regions.office_region_name,
        regions.office_level,
        regions.province_code,
        pivoted.line_item_key,
        hierarchy.program_name,
        hierarchy.kegiatan_name,
        hierarchy.sub_kegiatan_name,
        pivoted.budget_year::integer as budget_year,
        pivoted.period_end,
        pivoted.pagu,
        pivoted.realisasi,
        pivoted.sisa,
        round(100.0 * pivoted.realisasi / nullif(pivoted.pagu, 0), 2)::double as realisasi_pct,
        pivoted.pagu = pivoted.realisasi + pivoted.sisa as parts_add_up,
        pivoted.source_document,
        pivoted.source_table,
        pivoted.source_file,
        period_versions.source_versions_hash,
        '{{ invocation_id }}' as stored_by_invocation
    from pivoted
    left join regions using (office_code)
    left join hierarchy using (line_item_key)
    left join period_versions using (period_end)
)

select * from final
