{#- Two figures that should be equal are, within a tolerance (a number, or a column holding one
    per row, e.g. the rounding the document applied). One finding per disagreeing row, naming
    what was compared; a figure missing on either side is a disagreement too. check_name names
    the kind of comparison in dq_findings (e.g. stated_twice_agree for figure_comparisons). -#}
{% test values_agree(model, column_name, compare_column, key_columns, tolerance=0, where=none,
                     document_column='source_document', table_column='source_table', check_name='values_agree') %}
with checked as (
    select *
    from {{ model }}
    {% if where %}where {{ where }}{% endif %}
)

select
    {{ dq_finding(check_name, dq_record_key(key_columns),
                  "coalesce(cast(" ~ compare_column ~ " as varchar), 'NULL')",
                  "coalesce(cast(" ~ column_name ~ " as varchar), 'NULL') || ' ±' || cast(" ~ tolerance ~ " as varchar)",
                  document_column, table_column) }}
from checked
where {{ column_name }} is null
   or {{ compare_column }} is null
   or abs({{ column_name }} - {{ compare_column }}) > {{ tolerance }} + 1e-9
{% endtest %}
