{#- One row per published case figure (current version of each extract): Tabel 9, 13, 14, the
    Bab III statements, SIMFONI PPA totals and non-reporting regencies, KTA 2024-2025. -#}
with

source as (
    {{ current_rows('simfoni', 'simfoni_published_figures') }}
),

renamed as (
    select
        ---------- ids
        source.file_version_id,
        source.source_file,
        source.source_row,
        source.dataset,
        source.region_kemendagri_code as region_code,

        ---------- dimensions
        source.year,
        source.month,
        source.month is null as is_year_figure,
        source.region_label,
        source.victim_category,
        source.jenis_kekerasan,
        source.bentuk_published,
        source.bentuk_code,
        source.simfoni_kategori,
        source.program,
        source.indicator,
        source.measure,

        ---------- figures
        source.value_text,
        source.value,
        source.value_is_missing,
        source.unit,

        ---------- provenance
        source.source_document,
        source.source_table,
        source.source_line,
        source.note,
        source.ingested_at

    from source
)

select * from renamed
