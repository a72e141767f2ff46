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

        ---------- withdrawal (ingestion/core/withdrawal.py: "ignore the file we sent yesterday")
        withdrawn_at is not null as is_withdrawn,
        withdrawn_by,
        withdrawal_reason,

        ---------- timestamps
        received_at,
        loaded_at,
        withdrawn_at,

        -- a changed file delivered under the same name supersedes its earlier versions; a
        -- withdrawn version is never current, so the latest version not withdrawn is current
        -- again (as if the withdrawn one had never been delivered)
        withdrawn_at is null
        and row_number() over (
            partition by source_name, source_file
            order by withdrawn_at is not null asc, loaded_at desc, file_version_id asc
        ) = 1
            as is_current_version

    from source
)

select * from renamed
