{#- The one row shape every data-quality finding has, whichever generic test found it.
    dq_findings unions the stored failures of all tests that return this shape, so a new check
    only has to end with this macro to be reported. -#}
{% macro dq_finding(check_name, record_key, observed, expected, document_column=none, table_column=none) -%}
    '{{ check_name }}'::varchar as check_name,
    '{{ dq_tested_name() }}'::varchar as model_name,
    ({{ record_key }})::varchar as record_key,
    ({{ observed }})::varchar as observed_value,
    ({{ expected }})::varchar as expected_value,
    '{{ config.get("severity", "error") | lower }}'::varchar as severity,
    {% if document_column %}{{ document_column }}{% else %}null{% endif %}::varchar as source_document,
    {% if table_column %}{{ table_column }}{% else %}null{% endif %}::varchar as source_table,
    current_timestamp::timestamptz as detected_at
{%- endmacro %}

{#- "col_a=value|col_b=value": a readable record key from the columns that identify a record. -#}
{% macro dq_record_key(columns, alias=none) -%}
    concat_ws('|', {% for col in columns -%}
        '{{ col }}=' || coalesce(cast({% if alias %}{{ alias }}.{% endif %}{{ col }} as varchar), 'NULL')
        {%- if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}

{#- The model (or source table) a data test is attached to: "pjpk_reconciliation", "raw.budget_figures".
    In a test, `model` is the test node, not the tested relation. -#}
{% macro dq_tested_name() -%}
    {%- if model.get('attached_node') -%}
        {{ model.attached_node.split('.')[-1] }}
    {%- elif model.get('sources') -%}
        {{ model.sources[0] | join('.') }}
    {%- elif model.get('refs') -%}
        {{ model.refs[0].name if model.refs[0].name is defined else model.refs[0][0] }}
    {%- endif -%}
{%- endmacro %}
