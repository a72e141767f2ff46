{#- Pre-hook of an incremental model keyed by file version: delete the rows of every version
    that is no longer the current loaded version of its file name (superseded by a corrected
    re-delivery, or now rejected). What remains is exactly what a full refresh would keep. -#}
{% macro delete_superseded_versions() %}
    delete from {{ this }}
    where file_version_id not in ({{ current_file_versions() }})
{% endmacro %}
