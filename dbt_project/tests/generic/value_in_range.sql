{#- Values lie within a declared range, and (optionally) are expressed in an accepted unit.
    One finding per record out of range or in another unit. -#}
{% test value_in_range(model, column_name, key_columns, min_value=none, max_value=none, where=none,
                       unit_column=none, accepted_units=none,
                       document_column='source_document', table_column='source_table') %}
with checked as (
    select
        *,
        case
            {% if min_value is not none %}when {{ column_name }} < {{ min_value }} then 'below minimum'{% endif %}
            {% if max_value is not none %}when {{ column_name }} > {{ max_value }} then 'above maximum'{% endif %}
            {% if unit_column and accepted_units %}
            when {{ unit_column }} not in ({% for unit in accepted_units %}'{{ unit }}'{% if not loop.last %}, {% endif %}{% endfor %})
                then 'unit not accepted'
            {% endif %}
        end as problem
    from {{ model }}
    {% if where %}where {{ where }}{% endif %}
)

select
    {{ dq_finding('value_in_range', dq_record_key(key_columns),
                  column_name ~ " || coalesce(' ' || " ~ (unit_column or "null") ~ ", '') || ' (' || problem || ')'",
                  "'" ~ (min_value if min_value is not none else '-inf') ~ " .. " ~ (max_value if max_value is not none else 'inf')
                    ~ ((' in ' ~ (accepted_units | join('/'))) if accepted_units else '') ~ "'",
                  document_column, table_column) }}
from checked
where problem is not null
{% endtest %}
