{#- Every published actual of every agency in one shape, plus population density (PJPK-S4-02)
    computed from the BPS population and the BIG land areas. One row per published figure. -#}
with

agency_actuals as (
    {% for agency in ['bps', 'dinkes', 'dukcapil', 'bkkbn', 'dp3a'] %}
        select
            indicator_key,
            indicator_code,
            indicator_name,
            region_code,
            year,
            period,
            value_kind,
            value_text,
            value,
            value_is_missing,
            unit,
            source_name,
            producer,
            source_document,
            source_table,
            source_line,
            note
        from {{ ref('stg_' ~ agency ~ '__indicator_actuals') }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

density as (
    select
        'PJPK-S4-02' as indicator_key,
        'PJPK-S4-02' as indicator_code,
        'Kepadatan Penduduk (dihitung: penduduk BPS / luas wilayah BIG 2024)' as indicator_name,
        region_code,
        year,
        null::varchar as period,
        'realisasi' as value_kind,
        -- Indonesian notation, as the documents write
        replace(round(density_per_km2, 2)::varchar, '.', ',') as value_text,
        round(density_per_km2, 2) as value,
        false as value_is_missing,
        'jiwa/km²' as unit,
        'bps_population' as source_name,
        'BPS Provinsi NTT; luas: BIG 2024' as producer,
        source_document,
        source_table,
        null::integer as source_line,
        'computed by ntt-dw from the published population and land area' as note
    from {{ ref('population_density') }}
    where density_per_km2 is not null and figure_kind <> 'projection'
),

unioned as (
    select * from agency_actuals
    union all by name
    select * from density
)

select
    *,
    -- order of sub-periods within a year: a later release supersedes an earlier one
    case
        when period is null then 12
        when lower(period) like '%semester ii%' or lower(period) like '%semester 2%' then 12
        when lower(period) like '%semester i%' or lower(period) like '%semester 1%' then 6
        else coalesce(
            list_position([
                'januari', 'februari', 'maret', 'april', 'mei', 'juni', 'juli', 'agustus',
                'september', 'oktober', 'november', 'desember'
            ], lower(trim(period)
            )), 12
        )
    end as period_order
from unioned
