{#- Indonesian number text -> DOUBLE: "5.656.039" -> 5656039, "0,316" -> 0.316, "2,7%" -> 2.7.
    Takes the first number in the text (units such as "jiwa/km ²" or "/1000 KH" follow it);
    NULL when the text holds no number ("N.A", "-", empty). -#}
{% macro id_number(text_expr, position=1) -%}
    try_cast(
        replace(replace(
            nullif(regexp_extract_all({{ text_expr }}, '[0-9][0-9.]*(?:,[0-9]+)?')[{{ position }}], ''),
        '.', ''), ',', '.')
    as double)
{%- endmacro %}

{#- True when the text is a published range "0,309 - 0,315". -#}
{% macro is_id_range(text_expr) -%}
    regexp_matches(coalesce({{ text_expr }}, ''), '^\s*[0-9][0-9.,]*\s*[-–]\s*[0-9][0-9.,]*\s*%?\s*$')
{%- endmacro %}
