{#- Every comparison between figures that should agree, one row each: the register against
    Tabel 13 and Tabel 14 per cell, Tabel 13 against Tabel 14 per month, the figures stated in the
    text against the tables (seed published_statement_checks), the SIMFONI non-reporting count
    against the regencies it names, and the Tabel 9 percentages against their own counts.
    The values_agree test turns each disagreement into a row of dq_findings. -#}
with

published as (
    select * from {{ ref('int_published__case_figures') }}
),

figures as (
    select * from {{ ref('stg_simfoni__published_figures') }}
),

cases as (
    select * from {{ ref('int_cases__categorised') }}
),

register_by_category as (
    select
        report_year as year,
        report_month as month,
        victim_category,
        count(*) as n
    from cases
    group by all
),

register_by_bentuk as (
    select
        report_year as year,
        report_month as month,
        jenis_kekerasan,
        bentuk_code,
        count(*) as n
    from cases
    group by all
),

tabel13 as (
    select * from published
    where dataset = 'tabel13_victims_by_month'
),

tabel14 as (
    select * from published
    where dataset = 'tabel14_cases_by_month'
),

-- the register covers the years it has cases in; only those years are compared
register_years as (select distinct report_year as year from cases),

register_vs_tabel13 as (
    select
        'register_vs_tabel13' as comparison,
        year,
        month,
        victim_category,
        null::varchar as jenis_kekerasan,
        null::varchar as bentuk_code,
        null::varchar as item,
        coalesce(tabel13.published_value, 0) as published_value,
        coalesce(register.n, 0) as compared_value,
        'UPTD PPA register cases (one victim per case)' as compared_with,
        0.0 as tolerance,
        tabel13.source_document,
        tabel13.source_table,
        tabel13.source_line
    from tabel13
    full outer join register_by_category as register using (year, month, victim_category)
    where year in (select year from register_years)
),

register_vs_tabel14 as (
    select
        'register_vs_tabel14' as comparison,
        year,
        month,
        null::varchar as victim_category,
        jenis_kekerasan,
        bentuk_code,
        null::varchar as item,
        coalesce(tabel14.published_value, 0) as published_value,
        coalesce(register.n, 0) as compared_value,
        'UPTD PPA register cases' as compared_with,
        0.0 as tolerance,
        tabel14.source_document,
        tabel14.source_table,
        tabel14.source_line
    from tabel14
    full outer join register_by_bentuk as register using (year, month, jenis_kekerasan, bentuk_code)
    where year in (select year from register_years)
),

tabel13_month as (
    select
        year,
        month,
        sum(published_value) as victims,
        any_value(source_document) as source_document,
        any_value(source_table) as source_table,
        min(source_line) as source_line
    from tabel13
    group by all
),

tabel14_month as (
    select
        year,
        month,
        sum(published_value) as cases,
        any_value(source_table) as source_table
    from tabel14
    group by all
),

tabel13_vs_tabel14 as (
    select
        'tabel13_vs_tabel14' as comparison,
        year,
        month,
        null::varchar as victim_category,
        null::varchar as jenis_kekerasan,
        null::varchar as bentuk_code,
        null::varchar as item,
        coalesce(tabel13_month.victims, 0) as published_value,
        coalesce(tabel14_month.cases, 0) as compared_value,
        'Tabel 14 cases in the month (' || coalesce(tabel14_month.source_table, '-') || ')' as compared_with,
        0.0 as tolerance,
        tabel13_month.source_document,
        tabel13_month.source_table,
        tabel13_month.source_line
    from tabel13_month
    full outer join tabel14_month using (year, month)
),

statements as (
    select
        figures.*,
        checks.claim,
        checks.compare_dataset,
        checks.victim_categories,
        checks.jenis_kekerasan as check_jenis
    from figures
    inner join {{ ref('published_statement_checks') }} as checks on figures.indicator = checks.statement
    where figures.dataset = 'uptd_text_statements'
),

statement_targets as (
    -- the table cells each statement is about, summed per month
    select
        statements.source_row,
        statements.claim,
        published.month,
        sum(published.published_value) as value
    from statements
    inner join published
        on
            statements.compare_dataset = published.dataset
            and statements.year = published.year
            and (
                statements.victim_categories is null
                or list_contains(string_split(statements.victim_categories, ';'), published.victim_category)
            )
            and (statements.check_jenis is null or statements.check_jenis = published.jenis_kekerasan)
    group by all
),

statement_compared as (
    select
        statements.source_row,
        statements.claim,
        case statements.claim
            when 'highest_month'
                then (
                    select max(value) from statement_targets as t
                    where t.source_row = statements.source_row and t.claim = statements.claim
                )
            when 'lowest_month'
                then (
                    select min(value) from statement_targets as t
                    where t.source_row = statements.source_row and t.claim = statements.claim
                )
            else (
                select sum(value) from statement_targets as t
                where
                    t.source_row = statements.source_row and t.claim = statements.claim
                    and (statements.month is null or t.month = statements.month)
            )
        end as compared_value
    from statements
),

text_vs_tables as (
    select
        'text_vs_tables' as comparison,
        statements.year,
        statements.month,
        null::varchar as victim_category,
        null::varchar as jenis_kekerasan,
        null::varchar as bentuk_code,
        statements.indicator || case when statements.claim = 'value' then '' else ' [' || statements.claim || ']' end as item,
        statements.value as published_value,
        statement_compared.compared_value,
        case statements.claim
            when 'highest_month' then 'the highest month of ' || statements.compare_dataset
            when 'lowest_month' then 'the lowest month of ' || statements.compare_dataset
            else statements.compare_dataset
        end as compared_with,
        0.0 as tolerance,
        statements.source_document,
        statements.source_table,
        statements.source_line
    from statements
    inner join statement_compared using (source_row, claim)
),

non_reporting_listed as (
    select
        year,
        count(*) as listed
    from figures
    where dataset = 'simfoni_non_reporting'
    group by all
),

non_reporting_count as (
    select
        'simfoni_non_reporting_count_vs_list' as comparison,
        stated.year,
        null::integer as month,
        null::varchar as victim_category,
        null::varchar as jenis_kekerasan,
        null::varchar as bentuk_code,
        stated.indicator as item,
        stated.value as published_value,
        coalesce(non_reporting_listed.listed, 0) as compared_value,
        'kabupaten/kota named as not reporting' as compared_with,
        0.0 as tolerance,
        stated.source_document,
        stated.source_table,
        stated.source_line
    from figures as stated
    left join non_reporting_listed using (year)
    where stated.dataset = 'simfoni_non_reporting_count'
),

tabel9 as (
    select
        year,
        indicator,
        max(value) filter (where measure = 'realisasi_pct') as realisasi_pct,
        max(value_text) filter (where measure = 'realisasi_pct') as realisasi_text,
        max(value) filter (where measure = 'target_pct') as target_pct,
        max(value_text) filter (where measure = 'target_pct') as target_text,
        max(value) filter (where measure in ('realisasi_served', 'realisasi_count')) as realisasi_numerator,
        max(value) filter (where measure = 'realisasi_reported') as realisasi_reported,
        max(value) filter (where measure = 'target_count') as target_count,
        max(value) filter (where measure = 'indicator_target_count') as indicator_target,
        any_value(source_document) as source_document,
        any_value(source_table) as source_table,
        min(source_line) as source_line
    from figures
    where dataset = 'tabel9_performance'
    group by all
),

-- the rounding the document could have applied: half a unit of the last printed decimal
tabel9_checks as (
    select
        year,
        indicator || ' [realisasi]' as item,
        realisasi_pct as published_value,
        round(100.0 * realisasi_numerator / coalesce(realisasi_reported, indicator_target, target_count), 4) as compared_value,
        case
            when realisasi_reported is not null then 'served / reported × 100'
            when indicator_target is not null then 'realised count / target in the indicator × 100'
            else 'realised count / targeted count × 100'
        end as compared_with,
        {{ rounding_tolerance('realisasi_text') }} as tolerance,
        source_document,
        source_table,
        source_line
    from tabel9
    where realisasi_numerator is not null and coalesce(realisasi_reported, indicator_target, target_count) is not null
    union all
    select
        year,
        indicator || ' [target]' as item,
        target_pct as published_value,
        round(100.0 * target_count / indicator_target, 4) as compared_value,
        'targeted count / target in the indicator × 100' as compared_with,
        {{ rounding_tolerance('target_text') }} as tolerance,
        source_document,
        source_table,
        source_line
    from tabel9
    where target_count is not null and indicator_target is not null
),

tabel9_pct_vs_counts as (
    select
        'tabel9_pct_vs_counts' as comparison,
        year,
        null::integer as month,
        null::varchar as victim_category,
        null::varchar as jenis_kekerasan,
        null::varchar as bentuk_code,
        item,
        published_value,
        compared_value,
        compared_with,
        tolerance,
        source_document,
        source_table,
        source_line
    from tabel9_checks
),

unioned as (
    select * from register_vs_tabel13
    union all by name
    select * from register_vs_tabel14
    union all by name
    select * from tabel13_vs_tabel14
    union all by name
    select * from text_vs_tables
    union all by name
    select * from non_reporting_count
    union all by name
    select * from tabel9_pct_vs_counts
),

final as (
    select
        {{ reconciliation_columns(["year::integer as year", "month::integer as month", "victim_category", "jenis_kekerasan", "bentuk_code", "item"]) }}
    from unioned
)

select * from final
