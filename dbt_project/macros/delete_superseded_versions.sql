{#- Pre-hook of an incremental model keyed by file version: delete the rows of every version
    that is no longer the current loaded version of its file name (superseded by a corrected
    re-delivery, withdrawn, or now rejected), and of every version whose rows in staging are no
    longer the rows stored (changed_file_versions). The model then reads those versions again
    (only_new_file_versions), so what remains is exactly what a full refresh keeps.
    `staging` is the relation the model reads, `where` its filter. -#}
{% macro delete_superseded_versions(staging, where=none, keyed_source=none) %}
    delete from {{ this }}
    where file_version_id not in ({{ current_file_versions() }})
       or file_version_id in ({{ changed_file_versions(staging, where, keyed_source) }})
{% endmacro %}

{#- Stored versions whose rows in staging changed since they were stored: some of their figures
    (or cases) were superseded by a later delivery of the same figure_key, or came back when that
    delivery was withdrawn.

    keyed_source=(source_name, table_name), the raw table staging reads through current_rows:
    found by key, reading only the raw key columns. A version's rows change only when a version
    holding one of its keys arrived (current, not stored) or left (stored, no longer current), so
    the versions to read again are the stored, current ones holding a key of a version that
    arrived or left (a superset: reading a version again gives the same rows). Without it, staging
    is compared whole (row count and sum of row numbers per version), which evaluates the
    current_rows window over every row: at national scale (10 million cases) most of an
    incremental run. -#}
{% macro changed_file_versions(staging, where=none, keyed_source=none) %}
    {%- set key = figure_key(keyed_source[0], keyed_source[1]) if keyed_source else [] -%}
    {%- if key %}
    {%- set raw = source(keyed_source[0], keyed_source[1]) %}
    with stored as (
        select distinct file_version_id from {{ this }}
    ),
    current_versions as (
        {{ current_file_versions() }}
    ),
    moved as (
        select file_version_id from current_versions
        where file_version_id not in (select file_version_id from stored)
        union
        select file_version_id from stored
        where file_version_id not in (select file_version_id from current_versions)
    ),
    moved_keys as (
        select distinct {{ key | join(', ') }} from {{ raw }}
        where file_version_id in (select file_version_id from moved)
    )
    select distinct held.file_version_id
    from {{ raw }} as held
    inner join moved_keys on {% for column in key %}held.{{ column }} is not distinct from moved_keys.{{ column }}{{ " and " if not loop.last }}{% endfor %}
    where held.file_version_id in (select file_version_id from stored)
      and held.file_version_id in (select file_version_id from current_versions)
    {%- else %}
    with stored as (
        select file_version_id, count(*) as rows_stored, sum(source_row) as row_sum
        from {{ this }} group by file_version_id
    ),
    now as (
        select file_version_id, count(*) as rows_stored, sum(source_row) as row_sum
        from {{ staging }} {% if where %}where {{ where }}{% endif %} group by file_version_id
    )
    select stored.file_version_id
    from stored
    left join now using (file_version_id)
    where now.rows_stored is distinct from stored.rows_stored or now.row_sum is distinct from stored.row_sum
    {%- endif %}
{% endmacro %}
