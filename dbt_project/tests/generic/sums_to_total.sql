{#- Parts must add up to their published total, within a tolerance (percent of the total).
    One finding per group (e.g. year x source table) whose parts and total disagree. -#}
{% test sums_to_total(model, column_name, group_by, part_filter, total_filter, tolerance_pct=none,
                      document_column='source_document', table_column='source_table') %}
{%- set tolerance = tolerance_pct if tolerance_pct is not none else var('dq_sum_tolerance_pct') -%}
with parts as (
    select {{ group_by | join(', ') }}, sum({{ column_name }}) as parts_sum, count(*) as parts_count
    from {{ model }}
    where {{ part_filter }}
    group by {{ group_by | join(', ') }}
),

totals as (
    select {{ group_by | join(', ') }}, {{ column_name }} as total_value,
           {{ document_column }} as source_document, {{ table_column }} as source_table_ref
    from {{ model }}
    where {{ total_filter }}
),

compared as (
    select totals.*, parts.parts_sum, parts.parts_count
    from totals
    inner join parts using ({{ group_by | join(', ') }})
)

select
    {{ dq_finding('sums_to_total', dq_record_key(group_by),
                  "parts_sum || ' (' || parts_count || ' parts)'",
                  "total_value || ' ±" ~ tolerance ~ "%'",
                  'source_document', 'source_table_ref') }}
from compared
where abs(parts_sum - total_value) > abs(total_value) * {{ tolerance }} / 100.0
{% endtest %}
