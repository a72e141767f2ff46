{#- Half a unit of the last decimal a published figure prints: "97,23%" -> 0.005, "75%" -> 0.5.
    A recomputed value within it agrees with the published one (the document rounded). -#}
{% macro rounding_tolerance(text_column) -%}
    (0.5 / power(10, coalesce(length(regexp_extract({{ text_column }}, '[0-9]+[,.]([0-9]+)', 1)), 0)))
{%- endmacro %}

{#- The decimals a published figure carries information in: its printed decimals without the
    trailing zeros ("122,00" -> 0, "85,20" -> 1, "2,71" -> 2). Over a series printed to a fixed
    number of places (a target path "122,00 ... 132,00"), the largest of these is the precision
    the document really rounded to: max(significant_decimals(...)) over the series. -#}
{% macro significant_decimals(text_column) -%}
    coalesce(length(rtrim(regexp_extract({{ text_column }}, '[0-9]+[,.]([0-9]+)', 1), '0')), 0)
{%- endmacro %}
