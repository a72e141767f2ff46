with

source as (
    select * from {{ source('ingestion', 'quarantine') }}
),

registered as (
    -- a Parquet file without its registry entry is an interrupted write: not (yet) delivered
    select file_version_id, is_current_version from {{ ref('stg_ingestion__file_versions') }}
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
