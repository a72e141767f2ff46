{#- A source's deliveries reach the completeness and timeliness thresholds (dbt vars
    delivery_complete_min_pct, delivery_on_time_min_pct, carried by the model as columns). One
    finding per source and measure below its threshold, keyed by the source alone (the periods
    evaluated are in the observed value), so a source that stays below is the same finding from
    one month to the next; a source owing nothing yet has none. -#}
{% test delivery_meets_thresholds(model, key_columns=['source_name', 'agency'],
                                  document="ntt-dw source registry (ingestion/sources.yml), delivery") %}
{%- set measures = [
    ('delivery_completeness', 'delivered_count', 'completeness_pct', 'completeness_min_pct', 'delivered'),
    ('delivery_timeliness', 'on_time_count', 'timeliness_pct', 'timeliness_min_pct', 'on time'),
] -%}
{%- for check, count_column, pct_column, min_column, word in measures %}
select
    {{ dq_finding(check, dq_record_key(key_columns),
                  count_column ~ " || '/' || expected_count || ' " ~ word ~ " (' || " ~ pct_column
                    ~ " || ' %), ' || first_period_due || '..' || last_period_due",
                  "'>= ' || " ~ min_column ~ " || ' %'",
                  "'" ~ document ~ "'", "'source ' || source_name") }}
from {{ model }}
where {{ pct_column }} < {{ min_column }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{% endtest %}
