{#- One row per bentuk code with its SIMFONI PPA category (the seed has a row per spelling). -#}
with

bentuk as (
    select * from {{ ref('kekerasan_bentuk') }}
),

final as (
    select
        bentuk_code,
        any_value(simfoni_kategori) as simfoni_kategori,
        count(distinct simfoni_kategori) as simfoni_kategori_count,
        string_agg(bentuk_label, ' | ' order by bentuk_label) as published_labels
    from bentuk
    group by bentuk_code
)

select * from final
