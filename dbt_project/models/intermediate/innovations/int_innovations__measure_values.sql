{#- The values of every measure an innovation aims to move (seed innovation_measures), one row per
    measure × region × year that has a value, read from the mart that holds it:
    - pjpk_indicator: the year's actual in marts.pjpk_progress; the province's Tabel 2.x baseline is
      the published condition of its year, a point of the series where that year has no actual;
    - figure: the registry's first statement of the figure (marts.published_figures; a later
      statement that disagrees is named in `note`);
    - case_breakdown: register cases of the categories in marts.case_breakdowns, in the years the
      register recorded the breakdown at all (some case has a known category; a year whose file
      did not carry the field has only 'tidak_diketahui' and no value), 0 where none fell in them;
    - case_count: register cases of the victim categories in marts.fct_case_counts_by_region;
    - population, none: no source delivers them yet, so no values (innovation_monitoring says
      'belum ada data').
    Regions: the measure's region_codes, or every region published (indicators, figures) or the
    province (cases). -#}
{%- set province = var('province_code') %}
with

measures as (
    select
        *,
        case when nullif(trim(region_codes), '') is not null then string_split(region_codes, ';') end as region_list,
        case when nullif(trim(category_codes), '') is not null then string_split(category_codes, ';') end
            as category_list
    from {{ ref('innovation_measures') }}
),

measure_regions as (
    select
        measure_id,
        unnest(coalesce(region_list, ['{{ province }}'])) as region_code
    from measures
),

progress as (
    select * from {{ ref('pjpk_progress') }}
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

figures as (
    select * from {{ ref('published_figures') }}
),

restatements as (
    -- later statements of a figure that disagree with its first (stated_twice_agree findings)
    select
        figure_id,
        string_agg(stated_text || ' (' || stated_at || ')', '; ' order by stated_at) as restated
    from {{ ref('figure_comparisons') }}
    where not values_agree
    group by figure_id
),

breakdowns as (
    select
        breakdown,
        category_code,
        region_code,
        year,
        month,
        cases,
        as_of_date
    from {{ ref('case_breakdowns') }}
),

region_cases as (
    select
        year,
        month,
        region_code,
        victim_category,
        case_count,
        is_synthetic
    from {{ ref('fct_case_counts_by_region') }}
    where province_code = '{{ province }}'
),

register_years as (
    -- the months of each year the register holds cases for, and whether they are synthetic
    select
        year,
        count(distinct month) as months_covered,
        bool_or(is_synthetic) as is_synthetic
    from region_cases
    group by year
),

pjpk_actuals as (
    select
        measures.measure_id,
        progress.region_code,
        progress.year,
        progress.actual as value,
        progress.actual_text as value_text,
        'realisasi' as value_kind,
        progress.status_label as pjpk_status,
        'marts.pjpk_progress' as source_mart,
        progress.actual_source_document as source_document,
        progress.actual_source_table as source_table,
        progress.actual_source_line as source_line
    from measures
    inner join progress on measures.measure_key = progress.indicator_code
    where
        measures.measure_kind = 'pjpk_indicator'
        and progress.actual is not null
        and (measures.region_list is null or list_contains(measures.region_list, progress.region_code))
),

pjpk_baselines as (
    select
        measures.measure_id,
        progress.region_code,
        progress.year,
        progress.baseline_value as value,
        indicators.baseline_2024_published as value_text,
        'baseline' as value_kind,
        null as pjpk_status,
        'marts.pjpk_progress' as source_mart,
        indicators.source_document,
        indicators.source_table || ' (baseline)' as source_table,
        indicators.source_line
    from measures
    inner join progress on measures.measure_key = progress.indicator_code
    inner join indicators on progress.indicator_code = indicators.indicator_code
    where
        measures.measure_kind = 'pjpk_indicator'
        and progress.region_level = 'provinsi'
        and progress.year = progress.baseline_year
        and progress.baseline_value is not null
        and progress.actual is null
        and (measures.region_list is null or list_contains(measures.region_list, progress.region_code))
),

figure_values as (
    select
        measures.measure_id,
        figures.region_code,
        figures.year,
        figures.value,
        figures.value_text,
        figures.measure as value_kind,
        'marts.published_figures' as source_mart,
        figures.source_document,
        figures.source_table,
        figures.source_line,
        'dinyatakan berbeda di tempat lain: ' || restatements.restated as note
    from measures
    inner join figures
        on
            measures.measure_key = figures.subject
            and measures.figure_measure = figures.measure
            and measures.figure_value_form = figures.value_form
    left join restatements on figures.figure_id = restatements.figure_id
    where
        measures.measure_kind = 'figure'
        and figures.statement_no = 1
        and (measures.region_list is null or list_contains(measures.region_list, figures.region_code))
    -- a year stated for sub-periods only (a month) is shown by its first statement
    qualify row_number() over (
        partition by measures.measure_id, figures.region_code, figures.year
        order by figures.period nulls first, figures.stated_at
    ) = 1
),

breakdown_years as (
    -- a year's cases per breakdown × category × region: the mart's whole-year row (month null)
    -- where it has one, else the sum of its months (a case is counted in one month)
    select
        breakdown,
        category_code,
        region_code,
        year,
        coalesce(sum(cases) filter (where month is null), sum(cases) filter (where month is not null)) as cases
    from breakdowns
    group by breakdown, category_code, region_code, year
),

breakdown_regions as (
    select * from breakdown_years
    union all
    -- the province as the sum of its regencies, where the mart has no row of its own for it
    select
        regency.breakdown,
        regency.category_code,
        '{{ province }}' as region_code,
        regency.year,
        sum(regency.cases) as cases
    from breakdown_years as regency
    where
        regency.region_code != '{{ province }}'
        and not exists (
            select 1 from breakdown_years as province_row
            where
                province_row.region_code = '{{ province }}'
                and province_row.breakdown = regency.breakdown
                and province_row.category_code = regency.category_code
                and province_row.year = regency.year
        )
    group by regency.breakdown, regency.category_code, regency.year
),

recorded_years as (
    -- the years in which the register recorded the breakdown: some case has a known category
    select
        breakdown,
        year,
        max(as_of_date) as as_of_date
    from breakdowns
    where category_code != 'tidak_diketahui' and cases > 0
    group by breakdown, year
),

case_breakdown_values as (
    select
        measures.measure_id,
        measure_regions.region_code,
        recorded_years.year,
        coalesce(sum(breakdown_regions.cases), 0)::double as value,
        'kasus' as value_kind,
        'marts.case_breakdowns' as source_mart,
        'Register kasus UPTD PPA' as source_document,
        'rincian ' || measures.measure_key || ': ' || replace(measures.category_codes, ';', ', ') as source_table,
        recorded_years.as_of_date
    from measures
    inner join measure_regions on measures.measure_id = measure_regions.measure_id
    inner join recorded_years on measures.measure_key = recorded_years.breakdown
    left join breakdown_regions
        on
            measures.measure_key = breakdown_regions.breakdown
            and measure_regions.region_code = breakdown_regions.region_code
            and recorded_years.year = breakdown_regions.year
            and list_contains(measures.category_list, breakdown_regions.category_code)
    where measures.measure_kind = 'case_breakdown'
    group by all
),

region_case_years as (
    select
        year,
        coalesce(region_code, '{{ province }}') as region_code,
        victim_category,
        sum(case_count) as cases
    from region_cases
    group by grouping sets ((year, region_code, victim_category), (year, victim_category))
),

case_count_values as (
    select
        measures.measure_id,
        measure_regions.region_code,
        register_years.year,
        coalesce(sum(region_case_years.cases), 0)::double as value,
        'kasus' as value_kind,
        'marts.fct_case_counts_by_region' as source_mart,
        'Register kasus UPTD PPA' as source_document,
        'kasus menurut kategori korban: '
        || coalesce(replace(measures.category_codes, ';', ', '), 'semua') as source_table
    from measures
    inner join measure_regions on measures.measure_id = measure_regions.measure_id
    cross join register_years
    left join region_case_years
        on
            measure_regions.region_code = region_case_years.region_code
            and register_years.year = region_case_years.year
            and (
                measures.category_list is null
                or list_contains(measures.category_list, region_case_years.victim_category)
            )
    where measures.measure_kind = 'case_count'
    group by all
),

case_values as (
    select
        case_rows.*,
        register_years.months_covered,
        coalesce(register_years.is_synthetic, false) as is_synthetic
    from (
        select * from case_breakdown_values
        union all by name
        select * from case_count_values
    ) as case_rows
    left join register_years on case_rows.year = register_years.year
),

final as (
    select * from pjpk_actuals
    union all by name
    select * from pjpk_baselines
    union all by name
    select * from figure_values
    union all by name
    select * from case_values
)

select
    measure_id,
    region_code,
    year::integer as year,
    value::double as value,
    value_text::varchar as value_text,
    value_kind::varchar as value_kind,
    pjpk_status::varchar as pjpk_status,
    months_covered::integer as months_covered,
    coalesce(is_synthetic, false) as is_synthetic,
    note::varchar as note,
    source_mart::varchar as source_mart,
    source_document::varchar as source_document,
    source_table::varchar as source_table,
    source_line::integer as source_line,
    as_of_date::date as as_of_date
from final
