{#- The stored-failure tables (schema dq_audit) that hold findings in the dq_finding shape.
    Read at run time, so every data-quality test that exists is reported without listing it here. -#}
{% macro dq_audit_tables() %}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set query -%}
        select table_name
        from information_schema.columns
        where table_schema = 'dq_audit' and column_name = 'check_name'
          and table_catalog = current_database()
        order by table_name
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() | list) }}
{% endmacro %}
