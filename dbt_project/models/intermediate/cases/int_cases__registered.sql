{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{% if is_incremental() %}{{ delete_superseded_versions() }}{% endif %}",
    )
}}

{#- The case register's rows, stored once (the append-mostly table at the base of the case
    marts). An incremental run reads only the file versions it has not stored yet; the pre-hook
    first deletes the rows of versions that are no longer current, so a corrected re-delivery
    replaces exactly its own file's rows. `dbt build --full-refresh` gives the same table
    (tests/test_incremental_models.py). -#}

-- depends_on: {{ ref('stg_ingestion__file_versions') }} (read by the pre-hook)

with

cases as (
    select * from {{ ref('stg_uptd_ppa__cases') }}
)

{% if is_incremental() %}
    {#- the new versions, named as constants: DuckDB then skips every other version's Parquet
        row groups (one version per file, so min = max = its id), and an incremental run reads
        only the new files instead of anti-joining the whole raw zone -#}
    {% set new_versions_query %}
        select file_version_id from ({{ current_file_versions() }})
        where file_version_id not in (select distinct file_version_id from {{ this }})
        order by 1
    {% endset %}
    {% set new_versions = run_query(new_versions_query).columns[0].values() if execute else [] %}
{% endif %}

select
    cases.*,
    -- which dbt run stored the row: an audit of what each incremental run processed
    '{{ invocation_id }}' as stored_by_invocation
from cases
{% if is_incremental() %}
where {% if new_versions | length == 0 %}false{% else %}file_version_id in (
    {%- for version in new_versions %}'{{ version }}'{{ ", " if not loop.last }}{% endfor -%}
){% endif %}
{% endif %}
