with

source as (
    select * from {{ source('uptd_ppa', 'uptd_ppa_cases') }}
),

current_versions as (
    {{ current_file_versions() }}
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
        year(source.report_date) as report_year,
        month(source.report_date) as report_month,
        source.ingested_at

    from source
    inner join current_versions using (file_version_id)
)

select * from renamed
