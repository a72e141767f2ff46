{#- Pre-hook of an incremental monthly aggregate over int_cases__registered: delete the months
    whose contributing file versions changed since the table was built (a new file, a corrected
    re-delivery, a file now rejected), comparing each month's source_versions_hash with the
    versions it has now. A month that lost all its rows is deleted too. The model then inserts
    every month it no longer holds, so an incremental run recomputes exactly the changed months
    and gives what a full refresh gives (tests/test_incremental_models.py). -#}
{% macro delete_changed_months(cases_relation) %}
    delete from {{ this }}
    where (year, month) in (
        with now_versions as ({{ month_versions(cases_relation) }}),
        stored as (select distinct year, month, source_versions_hash from {{ this }})
        select coalesce(now_versions.year, stored.year), coalesce(now_versions.month, stored.month)
        from now_versions
        full outer join stored using (year, month)
        where now_versions.source_versions_hash is distinct from stored.source_versions_hash
    )
{% endmacro %}

{#- year, month and a hash of the file versions whose rows fall in that month. -#}
{% macro month_versions(cases_relation) %}
    select year, month, md5(string_agg(file_version_id, ',' order by file_version_id)) as source_versions_hash
    from (select distinct report_year as year, report_month as month, file_version_id from {{ cases_relation }})
    group by year, month
{% endmacro %}
