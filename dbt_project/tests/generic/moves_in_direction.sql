{#- A series (e.g. a target path) moves in its direction from one step to the next:
    higher_is_better never decreases, lower_is_better never increases, maintain never changes.
    One finding per step that moves the other way. -#}
{% test moves_in_direction(model, column_name, order_by, group_by, direction_column, key_columns,
                           document_column=none, table_column=none) %}
with steps as (
    select
        *,
        lag({{ column_name }}) over (partition by {{ group_by | join(', ') }} order by {{ order_by }}) as previous_value
    from {{ model }}
)

select
    {{ dq_finding('moves_in_direction', dq_record_key(key_columns),
                  "previous_value || ' -> ' || " ~ column_name,
                  "'a step that ' || case " ~ direction_column ~ " when 'higher_is_better' then 'does not decrease' when 'lower_is_better' then 'does not increase' else 'does not change' end",
                  document_column, table_column) }}
from steps
where previous_value is not null and {{ column_name }} is not null
  and (({{ direction_column }} = 'higher_is_better' and {{ column_name }} < previous_value)
    or ({{ direction_column }} = 'lower_is_better' and {{ column_name }} > previous_value)
    or ({{ direction_column }} = 'maintain' and {{ column_name }} <> previous_value))
{% endtest %}
