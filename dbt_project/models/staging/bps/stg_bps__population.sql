with

source as (
    {{ current_rows('bps', 'bps_population') }}
),

renamed as (
    select
        ---------- ids
        source.file_version_id,
        source.source_file,
        source.source_row,
        source.source_field,
        source.region_kemendagri_code,

        ---------- properties
        source.region_label,
        source.year,
        source.figure_kind,
        source.source_document,
        source.source_table,

        ---------- numerics
        source.value_text as value_published,
        source.value as value_in_unit,
        source.unit,
        -- "ribu jiwa" tables publish thousands with two decimals: 145,10 -> 145 100 people
        cast(round(case source.unit
            when 'ribu jiwa' then source.value * 1000
            when 'jiwa' then source.value
        end) as bigint) as population,

        ---------- timestamps
        source.ingested_at

    from source
)

select * from renamed
