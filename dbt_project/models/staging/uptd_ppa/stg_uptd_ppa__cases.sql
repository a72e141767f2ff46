with

source as (
    {{ current_rows('uptd_ppa', 'uptd_ppa_cases') }}
),

periods as (
    -- the reporting period the delivering unit declares for the file (its provenance sidecar)
    select
        file_version_id,
        try_cast(json_extract_string(provenance, '$.period_start') as date) as period_start,
        try_cast(json_extract_string(provenance, '$.period_end') as date) as period_end
    from {{ ref('stg_ingestion__file_versions') }}
),

renamed as (
    select
        ---------- ids
        source.case_id,
        source.victim_pseudonym,
        source.region_kemendagri_code,
        source.file_version_id,
        source.source_file,
        source.source_row,

        ---------- properties
        source.victim_category,
        source.victim_category in ('anak_laki_laki', 'anak_perempuan') as is_child_victim,
        source.jenis_kekerasan,
        source.bentuk_code,
        source.bentuk_published,
        source.services,
        source.case_status,
        source.is_synthetic,
        source.source_document,
        source.source_table,

        ---------- dates
        source.report_date,
        year(source.report_date)::integer as report_year,
        month(source.report_date)::integer as report_month,
        periods.period_start,
        periods.period_end,
        source.ingested_at

    from source
    left join periods using (file_version_id)
)

select * from renamed
