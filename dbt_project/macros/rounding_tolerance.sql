{#- Half a unit of the last decimal a published figure prints: "97,23%" -> 0.005, "75%" -> 0.5.
    A recomputed value within it agrees with the published one (the document rounded). -#}
{% macro rounding_tolerance(text_column) -%}
    (0.5 / power(10, coalesce(length(regexp_extract({{ text_column }}, '[0-9]+[,.]([0-9]+)', 1)), 0)))
{%- endmacro %}
