{#- Change between consecutive published periods stays within plausible bounds: the annualised
    change (so 2020 -> 2024 compares like 2024 -> 2025) may not exceed max_pct_per_period.
    One finding per record whose change from its predecessor is out of bounds. -#}
{% test change_within_bounds(model, column_name, partition_by, period_column='year', max_pct_per_period=none,
                             document_column='source_document', table_column='source_table') %}
{%- set max_pct = max_pct_per_period if max_pct_per_period is not none else var('dq_max_yearly_change_pct') -%}
with ordered as (
    select
        *,
        lag({{ column_name }}) over (partition by {{ partition_by | join(', ') }} order by {{ period_column }}) as previous_value,
        lag({{ period_column }}) over (partition by {{ partition_by | join(', ') }} order by {{ period_column }}) as previous_period
    from {{ model }}
    where {{ column_name }} is not null
),

changes as (
    select
        *,
        (power({{ column_name }}::double / previous_value, 1.0 / ({{ period_column }} - previous_period)) - 1) * 100 as change_pct
    from ordered
    where previous_value > 0 and {{ column_name }} > 0 and {{ period_column }} > previous_period
)

select
    {{ dq_finding('change_within_bounds', dq_record_key(partition_by + [period_column]),
                  "round(change_pct, 2) || '% per period (from ' || previous_value || ' in ' || previous_period || ' to ' || " ~ column_name ~ " || ')'",
                  "'within ±" ~ max_pct ~ "% per period'",
                  document_column, table_column) }}
from changes
where abs(change_pct) > {{ max_pct }}
{% endtest %}
