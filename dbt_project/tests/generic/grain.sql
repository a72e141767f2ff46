{#- A model's grain: the columns that together identify one row. Each key column is not null and
    each combination of them appears once. It replaces uniqueness tested on a concatenated key
    ("a || '|' || b"), which is NULL when any part is NULL, so a row with a missing part was never
    compared. `nullable` names the key columns whose NULL is a value of its own (e.g. "all jenis"):
    they take part in the uniqueness (NULL equal to NULL) without having to be filled.
    One finding per NULL key part and per repeated combination. -#}
{% test grain(model, columns, nullable=[], where=none) %}
{%- set required = columns | reject('in', nullable) | list -%}
with scoped as (
    select * from {{ model }}
    {% if where %}where {{ where }}{% endif %}
),

null_parts as (
    {% for col in required %}
        select
            {{ dq_record_key(columns) }} as record_key,
            '{{ col }} is null' as problem
        from scoped
        where {{ col }} is null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {% if not required %}select null::varchar as record_key, null::varchar as problem where false{% endif %}
),

repeated as (
    select
        {{ dq_record_key(columns) }} as record_key,
        'appears ' || count(*) || ' times' as problem
    from scoped
    {% if required %}
        where {% for col in required %}{{ col }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
    {% endif %}
    group by {{ columns | join(', ') }}
    having count(*) > 1
),

problems as (
    select * from null_parts
    union all
    select * from repeated
)

select
    {{ dq_finding('grain', 'record_key', 'problem', "'one row per " ~ (columns | join(' x ')) ~ "'") }}
from problems
{% endtest %}
