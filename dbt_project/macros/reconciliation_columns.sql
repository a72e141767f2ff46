{#- The columns every *_reconciliation mart ends with: which comparison, what identifies it (the
    key expressions given), the published and the compared figure, the tolerance, whether they
    agree (the values_agree test reports the rows that do not), and where the figure was published. -#}
{% macro reconciliation_columns(key_expressions) -%}
        comparison,
        {% for expression in key_expressions %}{{ expression }},
        {% endfor -%}
        published_value::double as published_value,
        compared_value::double as compared_value,
        compared_with,
        tolerance::double as tolerance,
        (published_value is not null and compared_value is not null
            and abs(published_value - compared_value) <= tolerance + 1e-9) as values_agree,
        source_document,
        source_table,
        source_line::integer as source_line
{%- endmacro %}
