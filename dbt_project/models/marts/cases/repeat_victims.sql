{#- Repeat victimisation: victims (identified by their keyed NIK pseudonym) with more than one
    case in the year, per regency and for the province. Cases without a NIK cannot be linked and
    are counted apart (unlinked_cases), never guessed to be the same person. -#}
with

cases as (
    select * from {{ ref('int_cases__categorised') }}
),

-- each case once at its regency and once at the province, so one aggregation serves both levels
case_levels as (
    select
        report_year as year,
        region_code,
        victim_key,
        has_victim_pseudonym
    from cases
    union all
    select
        report_year as year,
        '{{ var("province_code") }}' as region_code,
        victim_key,
        has_victim_pseudonym
    from cases
),

victims as (
    select
        year,
        region_code,
        victim_key,
        count(*) as cases_of_victim
    from case_levels
    where has_victim_pseudonym
    group by all
),

linked as (
    select
        year,
        region_code,
        count(*) as identified_victims,
        count(*) filter (where cases_of_victim > 1) as repeat_victims,
        coalesce(sum(cases_of_victim) filter (where cases_of_victim > 1), 0) as cases_of_repeat_victims
    from victims
    group by all
),

unlinked as (
    select
        year,
        region_code,
        count(*) as unlinked_cases
    from case_levels
    where not has_victim_pseudonym
    group by all
),

regions as (
    select
        region_code,
        region_name,
        region_level
    from {{ ref('dim_region') }}
),

final as (
    select
        year,
        region_code,
        regions.region_name,
        regions.region_level,
        coalesce(linked.identified_victims, 0)::bigint as identified_victims,
        coalesce(linked.repeat_victims, 0)::bigint as repeat_victims,
        coalesce(linked.cases_of_repeat_victims, 0)::bigint as cases_of_repeat_victims,
        coalesce(unlinked.unlinked_cases, 0)::bigint as unlinked_cases,
        round(100.0 * linked.repeat_victims / nullif(linked.identified_victims, 0), 2) as repeat_victim_pct
    from linked
    full outer join unlinked using (year, region_code)
    inner join regions using (region_code)
)

select
    *,
    {{ source_as_of('uptd_ppa') }} as as_of_date
from final
