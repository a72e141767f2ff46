{#- The P-DPA shift table per line item, as published, with both readings of its columns tested:
    as headed (Anggaran Murni + Perubahan = Anggaran Perubahan) and with the last two swapped
    (Anggaran Murni + Anggaran Perubahan = Perubahan). The 2023 table mixes them row by row, so
    each row says which reading its own numbers satisfy (column_reading) and what that makes its
    revised budget and change; a row satisfying neither keeps the headed reading and is a finding.
    Also: which column equals the pagu the realisation tables give for the line. Nothing is
    corrected. -#}
with

revisions as (
    select * from {{ ref('int_budget__revisions_pivoted') }}
),

realisation as (
    select
        line_item_key,
        budget_year,
        pagu
    from {{ ref('int_budget__realisation_pivoted') }}
),

hierarchy as (
    select * from {{ ref('budget_hierarchy') }}
),

read as (
    select
        revisions.*,
        case
            when revisions.anggaran_murni + revisions.published_perubahan = revisions.published_anggaran_perubahan
                then 'as headed'
            when revisions.anggaran_murni + revisions.published_anggaran_perubahan = revisions.published_perubahan
                then 'columns swapped'
            else 'neither'
        end as column_reading
    from revisions
),

final as (
    select
        revisions.line_item_key,
        revisions.budget_year::integer as budget_year,
        hierarchy.program_group,
        hierarchy.kegiatan_name,
        hierarchy.sub_kegiatan_name,
        hierarchy.sumber_dana,
        revisions.anggaran_murni,
        revisions.published_perubahan,
        revisions.published_anggaran_perubahan,
        revisions.anggaran_murni + revisions.published_perubahan = revisions.published_anggaran_perubahan
            as holds_as_headed,
        revisions.anggaran_murni + revisions.published_anggaran_perubahan = revisions.published_perubahan
            as holds_if_swapped,
        revisions.column_reading,
        case revisions.column_reading
            when 'columns swapped' then revisions.published_perubahan
            else revisions.published_anggaran_perubahan
        end as revised_budget,
        case revisions.column_reading
            when 'columns swapped' then revisions.published_anggaran_perubahan
            else revisions.published_perubahan
        end as change_amount,
        realisation.pagu as realisation_pagu,
        case
            when realisation.pagu is null then 'no realisation line'
            when
                realisation.pagu = revisions.published_anggaran_perubahan
                and realisation.pagu = revisions.published_perubahan then 'both'
            when realisation.pagu = revisions.published_anggaran_perubahan then 'anggaran_perubahan'
            when realisation.pagu = revisions.published_perubahan then 'perubahan'
            else 'neither'
        end as realisation_pagu_equals,
        realisation.pagu - revisions.anggaran_murni as revision_to_realisation_pagu,
        revisions.source_document,
        revisions.source_table,
        revisions.source_line
    from read as revisions
    inner join hierarchy using (line_item_key)
    left join realisation using (line_item_key, budget_year)
)

select * from final
