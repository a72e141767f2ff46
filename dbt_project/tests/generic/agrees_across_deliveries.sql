{#- The same figure (or case), identified by key_columns, delivered in more than one current file
    with different values: the latest delivery is what staging reads (macro current_rows), and
    each earlier file that says otherwise is a finding naming both files and both values. Runs on
    the raw source, where every delivery is still visible. -#}
{% test agrees_across_deliveries(model, key_columns, value_columns) %}
{%- set value -%}
    concat_ws(' / ', {% for column in value_columns %}coalesce(cast({{ column }} as varchar), 'NULL'){{ ", " if not loop.last }}{% endfor %})
{%- endset %}
with

deliveries as (
    {{ file_versions_in_delivery_order() }}
),

figures as (
    select
        {{ key_columns | join(', ') }},
        source_file,
        {{ value }} as stated_value,
        deliveries.delivery_order,
        max(deliveries.delivery_order) over (partition by {{ key_columns | join(', ') }}) as latest_order
    from {{ model }}
    inner join deliveries using (file_version_id)
),

latest as (
    select distinct {{ key_columns | join(', ') }}, source_file as latest_file, stated_value as latest_value
    from figures
    where delivery_order = latest_order
),

earlier as (
    select distinct {{ key_columns | join(', ') }}, source_file as earlier_file, stated_value as earlier_value
    from figures
    where delivery_order < latest_order
)

select
    {{ dq_finding('agrees_across_deliveries',
                  dq_record_key(key_columns, 'earlier') ~ " || '|files=' || earlier.earlier_file || ' vs ' || latest.latest_file",
                  "earlier.earlier_file || ': ' || earlier.earlier_value",
                  "latest.latest_file || ' (latest delivery): ' || latest.latest_value",
                  'earlier.source_document' if 'source_document' in key_columns else none,
                  'earlier.source_table' if 'source_table' in key_columns else none) }}
from earlier
inner join latest
    on {% for column in key_columns %}earlier.{{ column }} is not distinct from latest.{{ column }}{{ " and " if not loop.last }}{% endfor %}
where earlier.earlier_value is distinct from latest.latest_value
{% endtest %}
