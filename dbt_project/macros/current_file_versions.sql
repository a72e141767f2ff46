{#- The file versions staging reads: the latest loaded version of each delivered file name.
    Superseded versions stay in the raw zone for audit. -#}
{% macro current_file_versions(columns='file_version_id') %}
    select {{ columns }}
    from {{ ref('stg_ingestion__file_versions') }}
    where is_current_version and status = 'loaded'
{% endmacro %}
