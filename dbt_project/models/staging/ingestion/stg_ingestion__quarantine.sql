with

source as (
    select * from {{ source('ingestion', 'quarantine') }}
),

registered as (
    -- a Parquet file without its registry entry is an interrupted write: not (yet) delivered
    -- a duplicate delivery (the same figures under another name) is reported in the registry,
    -- not as findings a second time
    select
        file_version_id,
        is_current_version and status <> 'duplicate' as is_current_version
    from {{ ref('stg_ingestion__file_versions') }}
),

renamed as (
    select
        ---------- ids
        source.file_version_id,
        source.source_name,
        source.source_file,
        source.source_row,
        source.source_field,

        ---------- properties
        source.raw_value,
        source.reason,
        registered.is_current_version,

        ---------- timestamps
        source.quarantined_at

    from source
    inner join registered using (file_version_id)
)

select * from renamed
