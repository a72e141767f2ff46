{#- The as-of date of figures built from one source: the day its latest current file version was
    delivered to the warehouse (SIMFONI PPA quotes its figures "per <tanggal>"; a BI tile shows it
    beside every count). A scalar expression for a select list. -#}
{% macro source_as_of(source_name) -%}
    (
        select max(loaded_at)::date
        from {{ ref('stg_ingestion__file_versions') }}
        where source_name = '{{ source_name }}' and is_current_version
    )
{%- endmacro %}
