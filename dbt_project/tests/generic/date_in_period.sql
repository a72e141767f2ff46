{#- Dates fall in the reporting period the record belongs to (inclusive bounds, given as columns
    so each delivered file can declare its own). One finding per date outside, or with no period. -#}
{% test date_in_period(model, column_name, start_column, end_column, key_columns,
                       document_column='source_document', table_column='source_table') %}
select
    {{ dq_finding('date_in_period', dq_record_key(key_columns),
                  "coalesce(cast(" ~ column_name ~ " as varchar), 'NULL')",
                  "coalesce(cast(" ~ start_column ~ " as varchar), '?') || ' .. ' || coalesce(cast(" ~ end_column ~ " as varchar), '?')",
                  document_column, table_column) }}
from {{ model }}
where {{ column_name }} is null
   or {{ start_column }} is null or {{ end_column }} is null
   or {{ column_name }} < {{ start_column }}
   or {{ column_name }} > {{ end_column }}
{% endtest %}
