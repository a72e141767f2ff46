{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{% if is_incremental() %}{{ delete_superseded_versions(ref('stg_budget__figures'), where=\"dataset = 'realisation'\") }}{% endif %}",
    )
}}

{#- Realisation figures of every office, stored once (the append-mostly base of the monthly
    realisation by office): a run reads only the file versions it has not stored yet; the
    pre-hook first deletes the rows of versions no longer current, so a corrected monthly report
    replaces exactly its own rows. `--full-refresh` gives the same table. -#}

-- depends_on: {{ ref('stg_ingestion__file_versions') }} (read by the pre-hook)

with

figures as (
    select * from {{ ref('stg_budget__figures') }}
    where dataset = 'realisation'
)

select
    figures.*,
    '{{ invocation_id }}' as stored_by_invocation
from figures
{% if is_incremental() %}
    where {{ only_new_file_versions(ref('stg_budget__figures'), "dataset = 'realisation'") }}
{% endif %}
