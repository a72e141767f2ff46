{#- The stored-failure tables (schema dq_audit) that hold findings in the dq_finding shape.
    Read at run time, so every data-quality test that exists is reported without listing it here. -#}
{% macro dq_audit_tables() %}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set query -%}
        select table_name
        from information_schema.columns
        where table_schema = 'dq_audit' and table_catalog = current_database()
        group by table_name
        -- the dq_finding shape; a test on a findings table itself (which stores that table's
        -- rows, finding_id included) is not a check of the data
        having count(*) filter (where column_name in ('check_name', 'severity', 'detected_at')) = 3
           and count(*) filter (where column_name = 'finding_id') = 0
        order by table_name
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() | list) }}
{% endmacro %}
