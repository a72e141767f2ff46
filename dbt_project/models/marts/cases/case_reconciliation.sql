{#- One row per comparison of two case figures that should agree: the register against Tabel 13
    and Tabel 14 per cell, Tabel 13 against Tabel 14 per month, the figures stated in the text
    against the tables, SIMFONI's non-reporting count against the regencies it names, Tabel 9's
    percentages against its own counts. Each family is one macro
    (macros/reconciliation/case_comparisons.sql), the families combined by column name; the
    values_agree test turns each disagreement into a row of dq_findings. -#}
with

cases as (
    select * from {{ ref('int_cases__categorised') }}
),

-- the register covers the years it has cases in; only those years are compared
register_years as (
    select distinct report_year as year from cases
),

published as (
    select * from {{ ref('int_published__case_figures') }}
),

tabel13 as (
    select * from published
    where dataset = 'tabel13_victims_by_month'
),

tabel14 as (
    select * from published
    where dataset = 'tabel14_cases_by_month'
),

figures as (
    select * from {{ ref('stg_simfoni__published_figures') }}
),

compared as (
    ({{ compare_cases_register_vs_tabel13() }})
    union all by name
    ({{ compare_cases_register_vs_tabel14() }})
    union all by name
    ({{ compare_cases_tabel13_vs_tabel14() }})
    union all by name
    ({{ compare_cases_text_vs_tables() }})
    union all by name
    ({{ compare_cases_non_reporting_count() }})
    union all by name
    ({{ compare_cases_tabel9_pct_vs_counts() }})
),

final as (
    select
        {{ reconciliation_columns([
            "year::integer as year", "month::integer as month", "victim_category::varchar as victim_category",
            "jenis_kekerasan::varchar as jenis_kekerasan", "bentuk_code::varchar as bentuk_code",
            "item::varchar as item"]) }}
    from compared
)

select * from final
