{#- The eight regional innovations of DP3AP2KB (Kepgub NTT 547/KEP/HK/2025) tied to the data they
    aim to move: one row per innovation × measure × region × year with the value, the previous
    value and the change, or one row per innovation × measure × region with status
    'belum ada data' (year null) and the source that would be needed. The measures and the line of
    the decree that justifies each are the seed innovation_measures; the values come from the marts
    named in source_mart (int_innovations__measure_values). A change between two years of the case
    register is left out when the two years cover different months (a year still being reported). -#}
{%- set province = var('province_code') %}
with

innovations as (
    select * from {{ ref('innovations') }}
),

measures as (
    select * from {{ ref('innovation_measures') }}
),

measure_values as (
    select * from {{ ref('int_innovations__measure_values') }}
),

regions as (
    select
        region_code,
        region_name
    from {{ ref('dim_region') }}
),

text_checks as (
    select
        innovation_code,
        count(*) filter (where is_checkable) as text_statements_checked,
        count(*) filter (where is_checkable and not values_agree) as text_statements_disagreeing
    from {{ ref('innovation_reconciliation') }}
    group by innovation_code
),

series as (
    select
        *,
        lag(year) over per_region as previous_year,
        lag(value) over per_region as previous_value,
        lag(months_covered) over per_region as previous_months_covered,
        -- two years of the case register covering different months are not compared
        coalesce(months_covered, 0) != coalesce(lag(months_covered) over per_region, 0) as months_differ
    from measure_values
    window per_region as (partition by measure_id, region_code order by year)
),

with_values as (
    select
        measure_id,
        region_code,
        year,
        value,
        value_text,
        value_kind,
        previous_year,
        previous_value,
        case
            when months_differ then null
            else round(value - previous_value, 10)
        end as change,
        'ada data' as status,
        pjpk_status,
        months_covered,
        concat_ws(
            '; ',
            note,
            case
                when previous_year is not null and months_differ
                    then
                        'perubahan tidak dihitung: ' || year || ' mencakup ' || months_covered || ' bulan, '
                        || previous_year || ' mencakup ' || previous_months_covered || ' bulan'
            end
        ) as note,
        is_synthetic,
        source_mart,
        source_document,
        source_table,
        source_line,
        as_of_date
    from series
),

expected_regions as (
    -- where a measure should have a value: its listed regions, else anywhere (the province when none)
    select
        measure_id,
        unnest(coalesce(string_split(nullif(trim(region_codes), ''), ';'), ['{{ province }}'])) as region_code,
        nullif(trim(region_codes), '') is not null as is_listed
    from measures
),

without_values as (
    select
        expected_regions.measure_id,
        expected_regions.region_code,
        null::integer as year,
        'belum ada data' as status,
        case measures.measure_kind
            when 'pjpk_indicator' then 'marts.pjpk_progress'
            when 'figure' then 'marts.published_figures'
            when 'case_breakdown' then 'marts.case_breakdowns'
            when 'case_count' then 'marts.fct_case_counts_by_region'
        end as source_mart,
        case measures.measure_kind
            when 'pjpk_indicator' then 'belum ada realisasi atau baseline yang dipublikasikan'
            when 'figure' then 'belum ada angka yang dipublikasikan'
            when 'case_breakdown'
                then 'register kasus belum mencatat rincian ' || measures.measure_key
            when 'case_count' then 'belum ada register kasus'
            when 'population' then 'penduduk menurut kelompok umur belum dikirim'
            else 'belum ada sumber data'
        end as note
    from expected_regions
    inner join measures on expected_regions.measure_id = measures.measure_id
    where not exists (
        select 1 from measure_values
        where
            measure_values.measure_id = expected_regions.measure_id
            and (not expected_regions.is_listed or measure_values.region_code = expected_regions.region_code)
    )
),

unioned as (
    select * from with_values
    union all by name
    select * from without_values
),

final as (
    select
        measures.innovation_code,
        innovations.innovation_no,
        innovations.short_name as innovation_name,
        unioned.measure_id,
        measures.measure_kind,
        measures.measure_key,
        measures.measure_name,
        measures.measure_role,
        unioned.region_code,
        regions.region_name,
        unioned.year,
        unioned.value,
        unioned.value_text,
        unioned.value_kind,
        unioned.previous_year,
        unioned.previous_value,
        unioned.change,
        measures.unit,
        unioned.status,
        unioned.pjpk_status,
        unioned.months_covered,
        nullif(unioned.note, '') as note,
        measures.needed_source,
        coalesce(unioned.is_synthetic, false) as is_synthetic,
        unioned.source_mart,
        unioned.source_document,
        unioned.source_table,
        unioned.source_line,
        unioned.as_of_date,
        measures.source_file as justification_file,
        measures.justification_line,
        measures.justification_text,
        coalesce(text_checks.text_statements_checked, 0) as text_statements_checked,
        coalesce(text_checks.text_statements_disagreeing, 0) as text_statements_disagreeing
    from unioned
    inner join measures on unioned.measure_id = measures.measure_id
    inner join innovations on measures.innovation_code = innovations.innovation_code
    left join regions on unioned.region_code = regions.region_code
    left join text_checks on measures.innovation_code = text_checks.innovation_code
)

select * from final
