{#- The families of comparisons case_reconciliation is made of, one macro each: a query of its own
    (wrapped in parentheses by the mart) over the CTEs case_reconciliation defines: cases
    (int_cases__categorised), register_years (the years the register has cases in), published
    (int_published__case_figures), tabel13 and tabel14 (its two monthly tables) and figures
    (stg_simfoni__published_figures). Parts are combined by name, never by position. -#}

{#- the register against Tabel 13 (victims by month and category), per cell -#}
{% macro compare_cases_register_vs_tabel13() %}
    with register as (
        select
            report_year as year,
            report_month as month,
            victim_category,
            count(*) as n
        from cases
        group by report_year, report_month, victim_category
    )

    select
        'register_vs_tabel13' as comparison,
        year,
        month,
        victim_category,
        coalesce(tabel13.published_value, 0) as published_value,
        coalesce(register.n, 0) as compared_value,
        'UPTD PPA register cases (one victim per case)' as compared_with,
        0.0 as tolerance,
        tabel13.source_document,
        tabel13.source_table,
        tabel13.source_line
    from tabel13
    full outer join register using (year, month, victim_category)
    where year in (select register_years.year from register_years)
{% endmacro %}

{#- the register against Tabel 14 (cases by month, jenis and bentuk), per cell -#}
{% macro compare_cases_register_vs_tabel14() %}
    with register as (
        select
            report_year as year,
            report_month as month,
            jenis_kekerasan,
            bentuk_code,
            count(*) as n
        from cases
        group by report_year, report_month, jenis_kekerasan, bentuk_code
    )

    select
        'register_vs_tabel14' as comparison,
        year,
        month,
        jenis_kekerasan,
        bentuk_code,
        coalesce(tabel14.published_value, 0) as published_value,
        coalesce(register.n, 0) as compared_value,
        'UPTD PPA register cases' as compared_with,
        0.0 as tolerance,
        tabel14.source_document,
        tabel14.source_table,
        tabel14.source_line
    from tabel14
    full outer join register using (year, month, jenis_kekerasan, bentuk_code)
    where year in (select register_years.year from register_years)
{% endmacro %}

{#- Tabel 13's victims against Tabel 14's cases, per month -#}
{% macro compare_cases_tabel13_vs_tabel14() %}
    with tabel13_month as (
        select
            year,
            month,
            sum(published_value) as victims,
            any_value(source_document) as source_document,
            any_value(source_table) as source_table,
            min(source_line) as source_line
        from tabel13
        group by year, month
    ),

    tabel14_month as (
        select
            year,
            month,
            sum(published_value) as cases,
            any_value(source_table) as source_table
        from tabel14
        group by year, month
    )

    select
        'tabel13_vs_tabel14' as comparison,
        year,
        month,
        coalesce(tabel13_month.victims, 0) as published_value,
        coalesce(tabel14_month.cases, 0) as compared_value,
        'Tabel 14 cases in the month (' || coalesce(tabel14_month.source_table, '-') || ')' as compared_with,
        0.0 as tolerance,
        tabel13_month.source_document,
        tabel13_month.source_table,
        tabel13_month.source_line
    from tabel13_month
    full outer join tabel14_month using (year, month)
{% endmacro %}

{#- each figure the text states (seed published_statement_checks says about which table cells)
    against those cells: their sum, or the highest or lowest month -#}
{% macro compare_cases_text_vs_tables() %}
    with statements as (
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

    targets as (
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
        group by statements.source_row, statements.claim, published.month
    ),

    per_statement as (
        select
            statements.source_row,
            statements.claim,
            max(targets.value) as highest,
            min(targets.value) as lowest,
            sum(targets.value) filter (where statements.month is null or targets.month = statements.month) as total
        from statements
        left join targets on statements.source_row = targets.source_row and statements.claim = targets.claim
        group by statements.source_row, statements.claim
    )

    select
        'text_vs_tables' as comparison,
        statements.year,
        statements.month,
        statements.indicator
        || case when statements.claim = 'value' then '' else ' [' || statements.claim || ']' end as item,
        statements.value as published_value,
        case statements.claim
            when 'highest_month' then per_statement.highest
            when 'lowest_month' then per_statement.lowest
            else per_statement.total
        end as compared_value,
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
    inner join per_statement using (source_row, claim)
{% endmacro %}

{#- SIMFONI's count of regencies not reporting against the regencies it names -#}
{% macro compare_cases_non_reporting_count() %}
    with listed as (
        select
            year,
            count(*) as regencies
        from figures
        where dataset = 'simfoni_non_reporting'
        group by year
    )

    select
        'simfoni_non_reporting_count_vs_list' as comparison,
        stated.year,
        stated.indicator as item,
        stated.value as published_value,
        coalesce(listed.regencies, 0) as compared_value,
        'kabupaten/kota named as not reporting' as compared_with,
        0.0 as tolerance,
        stated.source_document,
        stated.source_table,
        stated.source_line
    from figures as stated
    left join listed using (year)
    where stated.dataset = 'simfoni_non_reporting_count'
{% endmacro %}

{#- Tabel 9's percentages against its own counts; the tolerance is the rounding the document could
    have applied (half a unit of the last printed decimal) -#}
{% macro compare_cases_tabel9_pct_vs_counts() %}
    with tabel9 as (
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
        group by year, indicator
    )

    select
        'tabel9_pct_vs_counts' as comparison,
        year,
        indicator || ' [realisasi]' as item,
        realisasi_pct as published_value,
        round(
            100.0 * realisasi_numerator / coalesce(realisasi_reported, indicator_target, target_count), 4
        ) as compared_value,
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
    union all by name
    select
        'tabel9_pct_vs_counts' as comparison,
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
{% endmacro %}
