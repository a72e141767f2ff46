{#- Every official kabupaten/kota (seed regions) is present for every period a table covers.
    One finding per missing region x period (x partition, e.g. source table). -#}
{% test all_regions_present(model, column_name, period_column='year', partition_by=[],
                            levels=['kabupaten', 'kota'], document_column='source_document', table_column='source_table') %}
{%- set keys = partition_by + [period_column] -%}
with periods as (
    select {{ keys | join(', ') }},
           any_value({{ document_column }}) as source_document,
           any_value({{ table_column }}) as source_table_ref
    from {{ model }}
    group by {{ keys | join(', ') }}
),

official as (
    select kemendagri_code
    from {{ ref('regions') }}
    where region_level in ({% for level in levels %}'{{ level }}'{% if not loop.last %}, {% endif %}{% endfor %})
),

expected as (
    select periods.*, official.kemendagri_code as expected_region
    from periods
    cross join official
),

present as (
    select distinct {{ keys | join(', ') }}, {{ column_name }} as present_region
    from {{ model }}
),

missing as (
    select expected.*
    from expected
    left join present
        on present.present_region = expected.expected_region
        {% for key in keys %}and present.{{ key }} = expected.{{ key }} {% endfor %}
    where present.present_region is null
)

select
    {{ dq_finding('all_regions_present', dq_record_key(['expected_region'] + keys),
                  "'missing'", "'present'", 'source_document', 'source_table_ref') }}
from missing
{% endtest %}
