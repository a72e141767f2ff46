{#- Every published figure as a statement of a figure identity: what it is (subject kind and
    subject: a PJPK indicator, another indicator, a budget item, a case figure, the population),
    of which region and year (and sub-period), which measure (realisasi, target, pagu...), and
    in which form (a percentage or a number in the indicator's unit). Identities come from the
    sources' own keys; where one document names the same indicator differently in two places,
    or states a current condition without its period, the reviewed crosswalk seed
    figure_crosswalk ties the statement to its identity (citing the lines of both sides). No
    fuzzy matching at run time.

    precision: half a unit of the last decimal the figure was printed with (a whole rupiah and a
    count are exact: 0); a target path uses the precision of the whole path
    (int_pjpk__target_path). A count printed in brackets after a percentage ("100% (35 PD)") is
    a statement of its own, in the form angka. -#}
with

crosswalk as (
    select * from {{ ref('figure_crosswalk') }}
),

indicators as (
    select * from {{ ref('pjpk_indicators') }}
),

actuals as (
    select * from {{ ref('int_pjpk__actuals') }}
    where value is not null
),

indicator_statements as (
    select
        'indicator' as subject_kind,
        coalesce(crosswalk.figure_subject, actuals.indicator_code, actuals.indicator_key) as subject,
        actuals.indicator_name as stated_name,
        actuals.region_code,
        actuals.year,
        coalesce(nullif(crosswalk.period, ''), actuals.period, '') as period,
        actuals.value_kind as measure,
        case
            when actuals.unit like '%\%%' escape '\' or actuals.value_text like '%\%%' escape '\' then 'persen'
            else 'angka'
        end as value_form,
        actuals.value,
        actuals.value_text,
        {{ rounding_tolerance('actuals.value_text') }} as value_precision,
        actuals.source_line is null as is_derived,
        actuals.source_name,
        actuals.source_document,
        actuals.source_table,
        actuals.source_line,
        crosswalk.crosswalk_id
    from actuals
    left join crosswalk
        on
            crosswalk.statement_source = 'indicator_actuals'
            and actuals.indicator_key = crosswalk.statement_key
            and actuals.source_line = crosswalk.statement_line
),

bracketed_counts as (
    -- "49,07% (368 KK)": the count is printed too, and another table may state only the count
    select
        * replace (
            'angka' as value_form,
            replace(regexp_extract(value_text, '\(\s*([0-9][0-9.]*)\s*[A-Za-z]', 1), '.', '')::double as value,
            0.0 as value_precision
        )
    from indicator_statements
    where regexp_matches(value_text, '%\s*\(\s*[0-9][0-9.]*\s*[A-Za-z]')
),

path as (
    select * from {{ ref('int_pjpk__target_path') }}
    where value_kind in ('baseline', 'target') and not coalesce(is_range, false) and target_lower is not null
),

path_statements as (
    -- the Pergub's "Baseline 2024" column is the condition of 2024: a statement of the year's realisasi
    select
        'indicator' as subject_kind,
        path.indicator_code as subject,
        indicators.indicator_name as stated_name,
        '{{ var("province_code") }}' as region_code,
        path.year,
        coalesce(nullif(crosswalk.period, ''), '') as period,
        case path.value_kind when 'baseline' then 'realisasi' else 'target' end as measure,
        case
            when indicators.unit like '%\%%' escape '\' or path.published_text like '%\%%' escape '\' then 'persen'
            else 'angka'
        end as value_form,
        path.target_lower as value,
        path.published_text as value_text,
        path.path_precision as value_precision,
        false as is_derived,
        'pjpk_targets' as source_name,
        path.source_document,
        path.source_table,
        indicators.source_line::integer as source_line,
        crosswalk.crosswalk_id
    from path
    inner join indicators on path.indicator_code = indicators.indicator_code
    left join crosswalk
        on
            crosswalk.statement_source = 'pjpk_targets'
            and path.indicator_code = crosswalk.statement_key
            and indicators.source_line::integer = crosswalk.statement_line
            and path.value_kind = 'baseline'
),

population_statements as (
    -- Tabel 1.1 (estimates, thousands) and Tabel 1.2 (projections, people) both state 2025
    select
        'population' as subject_kind,
        'penduduk' as subject,
        region_label as stated_name,
        region_kemendagri_code as region_code,
        year,
        '' as period,
        'jumlah' as measure,
        'angka' as value_form,
        population::double as value,
        value_published as value_text,
        case when unit = 'ribu jiwa' then 1000 * {{ rounding_tolerance('value_published') }} else 0.0 end
            as value_precision,
        false as is_derived,
        'bps_population' as source_name,
        source_document,
        source_table,
        null::integer as source_line,
        null::varchar as crosswalk_id
    from {{ ref('stg_bps__population') }}
    where population is not null
),

budget_statements as (
    select
        'budget_item' as subject_kind,
        coalesce(line_item_key, item) as subject,
        coalesce(sub_kegiatan_published, item) as stated_name,
        office_code as region_code,
        budget_year as year,
        coalesce(period_end::varchar, '') as period,
        measure,
        case when amount_rupiah is null then 'persen' else 'rupiah' end as value_form,
        coalesce(amount_rupiah::double, percent::double) as value,
        value_text,
        case when amount_rupiah is null then {{ rounding_tolerance('value_text') }} else 0.0 end as value_precision,
        false as is_derived,
        'budget' as source_name,
        source_document,
        source_table,
        source_line,
        null::varchar as crosswalk_id
    from {{ ref('stg_budget__figures') }}
    where coalesce(amount_rupiah::double, percent::double) is not null
),

case_statements as (
    select
        'case_figure' as subject_kind,
        concat_ws('|', dataset, victim_category, jenis_kekerasan, bentuk_code, simfoni_kategori, program, indicator)
            as subject,
        coalesce(indicator, program, dataset) as stated_name,
        region_code,
        year,
        coalesce(month::varchar, '') as period,
        measure,
        case when unit like '%\%%' escape '\' or value_text like '%\%%' escape '\' then 'persen' else 'angka' end
            as value_form,
        value,
        value_text,
        {{ rounding_tolerance('value_text') }} as value_precision,
        false as is_derived,
        'simfoni' as source_name,
        source_document,
        source_table,
        source_line,
        null::varchar as crosswalk_id
    from {{ ref('stg_simfoni__published_figures') }}
    where value is not null
)

select * from indicator_statements
union all by name
select * from bracketed_counts
union all by name
select * from path_statements
union all by name
select * from population_statements
union all by name
select * from budget_statements
union all by name
select * from case_statements
