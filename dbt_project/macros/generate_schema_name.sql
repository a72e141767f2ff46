{#- Custom schemas are used as named (staging, marts, dq_audit...), not prefixed with the target
    schema: BI tools and exports address marts.<table> whatever the target. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
