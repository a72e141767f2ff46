{#- The follow-up log of data-quality findings (ntt_dw/quality/followup.py): a CSV the data team
    appends to with `ntt-dw findings set-status` and each transform appends automatic closures and
    reopenings to. It lives beside the warehouse (NTT_DW_HOME/quality/), not in it, so a rebuilt
    or deleted warehouse keeps every status. Read here as it is at build time; before the first
    status is recorded there is no file, and the relation is empty. -#}
{% macro findings_followup_columns() %}
    {{ return({
        'recorded_at': 'timestamptz', 'finding_id': 'varchar', 'status': 'varchar', 'note': 'varchar',
        'recorded_by': 'varchar', 'origin': 'varchar', 'check_name': 'varchar', 'model_name': 'varchar',
        'record_key': 'varchar', 'observed_value': 'varchar', 'expected_value': 'varchar',
        'source_document': 'varchar', 'source_table': 'varchar', 'agency_code': 'varchar'
    }) }}
{% endmacro %}

{% macro findings_followup_log() %}
    {#- env_var is dbt's; a linter templating the model without dbt has none -#}
    {%- set path = (env_var('NTT_DW_HOME') if env_var is defined else 'var') ~ '/quality/findings_followup.csv' -%}
    {%- set columns = findings_followup_columns() -%}
    {%- set exists = false -%}
    {%- if execute -%}
        {%- set found = run_query("select count(*) from glob('" ~ path | replace("'", "''") ~ "')") -%}
        {%- set exists = found.columns[0].values()[0] > 0 -%}
    {%- endif -%}
    {%- if exists -%}
        read_csv('{{ path | replace("'", "''") }}', header = true, auto_detect = false, quote = '"', escape = '"',
                 columns = { {%- for name, kind in columns.items() %}'{{ name }}': '{{ kind }}'{{ ', ' if not loop.last }}{% endfor -%} })
    {%- else -%}
        (select {% for name, kind in columns.items() %}null::{{ kind }} as {{ name }}{{ ', ' if not loop.last }}{% endfor %} where false)
    {%- endif -%}
{% endmacro %}
