{#- A range's lower bound is not above its upper bound. One finding per inverted range. -#}
{% test bounds_ordered(model, lower, upper, key_columns, document_column=none, table_column=none) %}
select
    {{ dq_finding('bounds_ordered', dq_record_key(key_columns),
                  lower ~ " || ' .. ' || " ~ upper, "'lower <= upper'", document_column, table_column) }}
from {{ model }}
where {{ lower }} > {{ upper }}
{% endtest %}
