{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{% if is_incremental() %}{{ delete_superseded_versions(ref('stg_uptd_ppa__cases')) }}{% endif %}",
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

select
    cases.*,
    -- which dbt run stored the row: an audit of what each incremental run processed
    '{{ invocation_id }}' as stored_by_invocation
from cases
{% if is_incremental() %}
    where {{ only_new_file_versions(ref('stg_uptd_ppa__cases')) }}
{% endif %}
