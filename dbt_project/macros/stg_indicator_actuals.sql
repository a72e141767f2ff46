{#- The staging select every agency's indicator-actuals source shares (one layout, one column
    contract in the source registry): current file versions only, renamed to the project's names. -#}
{% macro stg_indicator_actuals(source_name, table_name) %}
with

source as (
    {{ current_rows(source_name, table_name) }}
),

renamed as (
    select
        ---------- ids
        source.file_version_id,
        source.source_file,
        source.source_row,
        source.indicator_key,
        source.indicator_code,
        source.region_kemendagri_code as region_code,

        ---------- properties
        source.indicator_name,
        source.region_label,
        source.year,
        source.period,
        source.value_kind,
        source.value_text,
        source.value,
        source.value_is_missing,
        source.unit,

        ---------- provenance
        '{{ source_name }}' as source_name,
        source.producer,
        source.source_document,
        source.source_table,
        source.source_line,
        source.note,
        source.ingested_at

    from source
)

select * from renamed
{% endmacro %}
