with

source as (
    select * from {{ source('ingestion', 'file_registry') }}
),

renamed as (
    select
        ---------- ids
        file_version_id,
        source_name,
        source_file,
        sha256,

        ---------- properties
        status,
        encoding,
        size_bytes,
        error as rejection_reason,
        provenance,

        ---------- counts
        records_read,
        records_loaded,
        records_quarantined,
        layout_rows,

        ---------- timestamps
        received_at,
        loaded_at,

        -- a changed file delivered under the same name supersedes its earlier versions
        row_number() over (partition by source_name, source_file order by loaded_at desc, file_version_id) = 1
            as is_current_version

    from source
)

select * from renamed
