{#- The PJPK baseline and target cells as published, parsed: a point value, or a lower/upper
    bound for ranges such as Gini "0,309 - 0,315"; "N.A", "-" and empty cells stay missing with
    their text kept. -#}
with

source as (
    select * from {{ ref('pjpk_targets') }}
),

renamed as (
    select
        ---------- ids
        indicator_code,
        year,
        value_kind,

        ---------- properties
        published_text,
        {{ is_id_range('published_text') }} as is_range,
        {{ id_number('published_text') }} is null as is_missing,

        ---------- numerics
        case when not {{ is_id_range('published_text') }} then {{ id_number('published_text') }} end as value_point,
        {{ id_number('published_text') }} as value_lower,
        case
            when {{ is_id_range('published_text') }} then {{ id_number('published_text', 2) }}
            else {{ id_number('published_text') }}
        end as value_upper

    from source
)

select * from renamed
