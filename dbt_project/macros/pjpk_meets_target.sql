{#- Whether a value meets a target (a point, lower = upper, or bounds) in the indicator's
    direction: higher_is_better >= lower; lower_is_better <= upper; maintain within the bounds,
    widened by var('pjpk_maintain_tolerance_pct') % (a point target is met close to it). -#}
{% macro pjpk_meets_target(value, lower, upper, direction='direction') -%}
    {%- set tol = var('pjpk_maintain_tolerance_pct') -%}
    case {{ direction }}
        when 'higher_is_better' then {{ value }} >= {{ lower }} - 1e-9
        when 'lower_is_better' then {{ value }} <= {{ upper }} + 1e-9
        else {{ value }} between least({{ lower }}, {{ upper }}) - abs({{ lower }}) * {{ tol }} / 100.0 - 1e-9
                             and greatest({{ lower }}, {{ upper }}) + abs({{ upper }}) * {{ tol }} / 100.0 + 1e-9
    end
{%- endmacro %}
