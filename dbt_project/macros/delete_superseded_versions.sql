{#- Pre-hook of an incremental model keyed by file version: delete the rows of every version
    that is no longer the current loaded version of its file name (superseded by a corrected
    re-delivery, withdrawn, or now rejected), and of every version whose rows in staging are no
    longer the rows stored (changed_file_versions). The model then reads those versions again
    (only_new_file_versions), so what remains is exactly what a full refresh keeps.
    `staging` is the relation the model reads, `where` its filter. -#}
{% macro delete_superseded_versions(staging, where=none) %}
    delete from {{ this }}
    where file_version_id not in ({{ current_file_versions() }})
       or file_version_id in ({{ changed_file_versions(staging, where) }})
{% endmacro %}

{#- Stored versions whose rows in staging changed since they were stored: some of their figures
    (or cases) were superseded by a later delivery of the same figure_key, or came back when that
    delivery was withdrawn. Compared by row count and the sum of their row numbers. -#}
{% macro changed_file_versions(staging, where=none) %}
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
{% endmacro %}
