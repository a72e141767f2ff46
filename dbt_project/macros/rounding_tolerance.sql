{#- The decimals a published figure prints, read as the documents write numbers: Indonesian
    notation (a comma before the decimals, full stops between thousands: "5.742,56" -> "56",
    "157.595" -> none), or a decimal point where a clerk typed one ("42.90" -> "90"; a full stop
    followed by exactly three digits is a thousands separator). -#}
{% macro printed_decimals(text_column) -%}
    (case
        when regexp_matches({{ text_column }}, '[0-9],[0-9]')
            then regexp_extract({{ text_column }}, '[0-9],([0-9]+)', 1)
        when regexp_matches({{ text_column }}, '[0-9]\.[0-9]')
            and length(regexp_extract({{ text_column }}, '[0-9]\.([0-9]+)', 1)) != 3
            then regexp_extract({{ text_column }}, '[0-9]\.([0-9]+)', 1)
        else ''
    end)
{%- endmacro %}

{#- Half a unit of the last decimal a published figure prints: "97,23%" -> 0.005, "75%" -> 0.5.
    A recomputed value within it agrees with the published one (the document rounded). -#}
{% macro rounding_tolerance(text_column) -%}
    (0.5 / power(10, coalesce(length({{ printed_decimals(text_column) }}), 0)))
{%- endmacro %}

{#- The decimals a published figure carries information in: its printed decimals without the
    trailing zeros ("122,00" -> 0, "85,20" -> 1, "2,71" -> 2). Over a series printed to a fixed
    number of places (a target path "122,00 ... 132,00"), the largest of these is the precision
    the document really rounded to: max(significant_decimals(...)) over the series. -#}
{% macro significant_decimals(text_column) -%}
    coalesce(length(rtrim({{ printed_decimals(text_column) }}, '0')), 0)
{%- endmacro %}
