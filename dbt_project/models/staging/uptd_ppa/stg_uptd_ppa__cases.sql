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
        source.service_codes,
        source.case_status,
        source.register_layout,
        source.is_synthetic,
        source.source_document,
        source.source_table,

        ---------- SIMFONI PPA breakdowns (NULL for a file in the old layout)
        source.place_code,
        source.victim_age,
        source.victim_age_group,
        source.victim_sex,
        source.victim_disability,
        source.perpetrator_relation_code,
        source.perpetrator_sex,
        source.perpetrator_age_group,
        source.reporting_channel_code,

        ---------- dates
        source.report_date,
        year(source.report_date)::integer as report_year,
        month(source.report_date)::integer as report_month,
        source.incident_date,
        year(source.incident_date)::integer as incident_year,
        month(source.incident_date)::integer as incident_month,
        datediff('day', source.incident_date, source.report_date)::integer as days_incident_to_report,
        periods.period_start,
        periods.period_end,
        source.ingested_at

    from source
    left join periods using (file_version_id)
)

select * from renamed
