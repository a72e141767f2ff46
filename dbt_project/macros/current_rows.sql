{#- The rows of a raw source table that staging reads: those of the current version of each
    delivered file name, and, where the same figure (or case) arrived in more than one current
    file, only the latest delivery's. What identifies a figure across deliveries is the source
    registry's figure_key (ingestion/sources.yml, written into the source's meta by
    `python -m ingestion.core.dbt_sources`): the same figures delivered again under another name
    never count twice; a conflicting value is reported by the source's agrees_across_deliveries
    test. Every row of the winning delivery is kept, so figures a file states twice stay. -#}
{% macro current_rows(source_name, table_name) %}
    {%- set key = figure_key(source_name, table_name) -%}
    select source.*
    from {{ source(source_name, table_name) }} as source
    inner join ({{ file_versions_in_delivery_order() }}) as deliveries using (file_version_id)
    {%- if key %}
    qualify deliveries.delivery_order = max(deliveries.delivery_order) over (partition by {{ key | join(', ') }})
    {%- endif %}
{% endmacro %}

{#- Current loaded file versions numbered in the order they were delivered (loaded). -#}
{% macro file_versions_in_delivery_order() %}
    select file_version_id, dense_rank() over (order by loaded_at, file_version_id) as delivery_order
    from ({{ current_file_versions(columns='file_version_id, loaded_at') }})
{% endmacro %}

{#- The figure_key the registry declares for a source table ([] when it declares none). -#}
{% macro figure_key(source_name, table_name) %}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set node = graph.sources.get('source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name) -%}
    {%- if node is none -%}{{ return([]) }}{%- endif -%}
    {%- set meta = node.meta or node.config.meta or {} -%}
    {{ return(meta.get('figure_key', [])) }}
{% endmacro %}
