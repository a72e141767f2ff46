{#- One row per line item (sub-kegiatan) and reporting period: the hierarchy, pagu murni (from
    the P-DPA shift table), pagu after the P-DPA, realisasi, sisa, the percentages computed from
    the amounts and the published ones side by side, and which computed percentage the published
    '%' column of Tabel 6 matches (realisasi, sisa, both or neither). A later monthly or yearly
    report adds rows with its own period_end; the key is line_item_key + period_end. -#}
with

realisation as (
    select * from {{ ref('int_budget__realisation_pivoted') }}
),

revisions as (
    select * from {{ ref('int_budget__revisions_pivoted') }}
),

hierarchy as (
    select * from {{ ref('budget_hierarchy') }}
),

-- a line item may appear only in the shift table (moved to zero in the P-DPA)
line_periods as (
    select
        line_item_key,
        budget_year,
        period_end
    from realisation
    union
    select
        revisions.line_item_key,
        revisions.budget_year,
        make_date(revisions.budget_year, 12, 31) as period_end
    from revisions
    left join realisation using (line_item_key, budget_year)
    where realisation.line_item_key is null
),

computed as (
    select
        line_periods.*,
        realisation.pagu,
        realisation.realisasi,
        realisation.sisa,
        round(100.0 * realisation.realisasi / nullif(realisation.pagu, 0), 4) as realisasi_pct,
        round(100.0 * realisation.sisa / nullif(realisation.pagu, 0), 4) as sisa_pct,
        realisation.published_pct,
        realisation.published_pct_text,
        {{ rounding_tolerance('realisation.published_pct_text') }} as published_pct_tolerance,
        realisation.published_realisasi_pct,
        realisation.published_sisa_pct,
        realisation.published_realisasi_pct_text,
        realisation.published_sisa_pct_text,
        revisions.anggaran_murni,
        realisation.source_table as realisation_source_table,
        revisions.source_table as revision_source_table,
        coalesce(realisation.source_document, revisions.source_document) as source_document,
        realisation.source_line as realisation_source_line,
        revisions.source_line as revision_source_line
    from line_periods
    left join realisation using (line_item_key, budget_year, period_end)
    left join revisions using (line_item_key, budget_year)
),

final as (
    select
        computed.line_item_key,
        computed.budget_year::integer as budget_year,
        computed.period_end,
        hierarchy.program_code,
        hierarchy.program_name,
        hierarchy.program_group,
        hierarchy.kegiatan_code,
        hierarchy.kegiatan_name,
        hierarchy.sub_kegiatan_code,
        hierarchy.sub_kegiatan_name,
        hierarchy.belanja_type,
        case when hierarchy.belanja_type = 'modal' then 'modal' else 'operasional' end as belanja_group,
        hierarchy.sumber_dana,
        computed.anggaran_murni as pagu_murni,
        computed.pagu as pagu_perubahan,
        computed.pagu - computed.anggaran_murni as revision_amount,
        computed.realisasi,
        computed.sisa,
        computed.pagu - computed.realisasi as sisa_computed,
        computed.realisasi_pct::double as realisasi_pct,
        computed.sisa_pct::double as sisa_pct,
        computed.published_pct::double as published_pct,
        computed.published_pct_text,
        case
            when computed.published_pct is null then null
            when
                abs(computed.published_pct - computed.realisasi_pct) <= computed.published_pct_tolerance
                and abs(computed.published_pct - computed.sisa_pct) <= computed.published_pct_tolerance then 'both'
            when abs(computed.published_pct - computed.realisasi_pct) <= computed.published_pct_tolerance
                then 'realisasi'
            when abs(computed.published_pct - computed.sisa_pct) <= computed.published_pct_tolerance then 'sisa'
            else 'neither'
        end as published_pct_matches,
        computed.published_realisasi_pct::double as published_realisasi_pct,
        computed.published_realisasi_pct_text,
        computed.published_sisa_pct::double as published_sisa_pct,
        computed.published_sisa_pct_text,
        computed.source_document,
        computed.realisation_source_table,
        computed.realisation_source_line,
        computed.revision_source_table,
        computed.revision_source_line
    from computed
    inner join hierarchy using (line_item_key)
)

select * from final
