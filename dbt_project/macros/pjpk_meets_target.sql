{#- Whether a value meets a target (a point, lower = upper, or bounds) in the indicator's
    direction: higher_is_better >= lower; lower_is_better <= upper; maintain within the bounds,
    widened by var('pjpk_maintain_tolerance_pct') % (a point target is met close to it).
    `tolerance` (in the indicator's unit) is the rounding of the compared figures: a difference
    smaller than the precision the target or the actual was published with never decides. -#}
{% macro pjpk_meets_target(value, lower, upper, direction='direction', tolerance='0') -%}
    {%- set tol = var('pjpk_maintain_tolerance_pct') -%}
    case {{ direction }}
        when 'higher_is_better' then {{ value }} >= {{ lower }} - {{ tolerance }} - 1e-9
        when 'lower_is_better' then {{ value }} <= {{ upper }} + {{ tolerance }} + 1e-9
        else {{ value }} between least({{ lower }}, {{ upper }})
                                 - greatest(abs({{ lower }}) * {{ tol }} / 100.0, {{ tolerance }}) - 1e-9
                             and greatest({{ lower }}, {{ upper }})
                                 + greatest(abs({{ upper }}) * {{ tol }} / 100.0, {{ tolerance }}) + 1e-9
    end
{%- endmacro %}
