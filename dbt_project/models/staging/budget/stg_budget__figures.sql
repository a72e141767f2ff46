{#- One row per published budget figure (current version of each extract): amounts in whole
    rupiah (bigint), percentages as exact decimals, the verbatim text beside them, and the
    reporting office (office_code: its region's Kemendagri code; the province's own DP3A when the
    file does not say). -#}
with

source as (
    {{ current_rows('budget', 'budget_figures') }}
),

renamed as (
    select
        ---------- ids
        source.file_version_id,
        source.source_file,
        source.source_row,
        source.dataset,
        coalesce(source.office_kemendagri_code, '{{ var("province_code") }}') as office_code,
        source.line_item_key,
        source.item,

        ---------- period
        source.budget_year,
        source.period_end,

        ---------- as published
        source.program_published,
        source.kegiatan_published,
        source.sub_kegiatan_published,
        source.measure,
        source.value_text,

        ---------- figures
        source.amount_rupiah,
        source.percent,
        source.percent_decimal_mark,

        ---------- provenance
        source.source_document,
        source.source_table,
        source.source_line,
        source.note,
        source.ingested_at

    from source
)

select * from renamed
