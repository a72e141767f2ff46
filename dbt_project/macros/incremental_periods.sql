{#- Incremental monthly (or any period) aggregates over a table keyed by file version.

    period_versions: per period, a hash of the file versions whose rows fall in it and how many
    rows each gives it (a version can lose rows to a later delivery of the same figures). `periods`
    maps the aggregate's period columns to expressions on the source rows, e.g.
    {'year': 'report_year', 'month': 'report_month'} or {'period_end': 'period_end'}.

    delete_changed_periods (the aggregate's pre-hook): delete the periods whose contributing file
    versions changed since the table was built (a new file, a corrected re-delivery, a file now
    rejected), and those that lost all their rows. The model then inserts every period it no
    longer holds, so an incremental run recomputes exactly the changed periods and gives what a
    full refresh gives (tests/test_incremental_models.py). -#}
{% macro period_versions(relation, periods) %}
    select
        {%- for column in periods %}
        {{ column }},
        {%- endfor %}
        md5(string_agg(file_version_id || ':' || version_rows, ',' order by file_version_id)) as source_versions_hash
    from (
        select
            {%- for column, expression in periods.items() %}
            {{ expression }} as {{ column }},
            {%- endfor %}
            file_version_id,
            count(*) as version_rows
        from {{ relation }}
        group by all
    )
    group by {{ periods.keys() | join(', ') }}
{% endmacro %}

{% macro delete_changed_periods(relation, periods) %}
    {%- set columns = periods.keys() | list -%}
    delete from {{ this }}
    where ({{ columns | join(', ') }}) in (
        with now_versions as ({{ period_versions(relation, periods) }}),
        stored as (select distinct {{ columns | join(', ') }}, source_versions_hash from {{ this }})
        select {% for column in columns %}coalesce(now_versions.{{ column }}, stored.{{ column }}){{ ", " if not loop.last }}{% endfor %}
        from now_versions
        full outer join stored using ({{ columns | join(', ') }})
        where now_versions.source_versions_hash is distinct from stored.source_versions_hash
    )
{% endmacro %}

{#- The where clause of an incremental model keyed by file version: only the current versions it
    has not stored yet, or whose rows changed (changed_file_versions; the pre-hook deletes those
    first: this list is made when the model compiles, before the pre-hook runs), named as
    constants so DuckDB skips every other version's Parquet row groups (one version per file:
    min = max = its id) instead of anti-joining the raw zone. -#}
{% macro only_new_file_versions(staging, where=none) %}
    {%- set new_versions_query -%}
        select file_version_id from ({{ current_file_versions() }})
        where file_version_id not in (select distinct file_version_id from {{ this }})
           or file_version_id in ({{ changed_file_versions(staging, where) }})
        order by 1
    {%- endset -%}
    {%- set new_versions = run_query(new_versions_query).columns[0].values() if execute else [] -%}
    {%- if new_versions | length == 0 -%}
        false
    {%- else -%}
        file_version_id in ({% for version in new_versions %}'{{ version }}'{{ ", " if not loop.last }}{% endfor %})
    {%- endif -%}
{% endmacro %}
