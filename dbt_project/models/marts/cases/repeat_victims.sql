{#- Repeat victimisation: victims (identified by their keyed NIK pseudonym) with more than one
    case in the year, per regency and for the province. Cases without a NIK cannot be linked and
    are counted apart (unlinked_cases), never guessed to be the same person. -#}
with

cases as (
    select * from {{ ref('int_cases__categorised') }}
),

victims as (
    select report_year as year, region_code, victim_pseudonym_key, count(*) as cases_of_victim
    from (select *, case when has_victim_pseudonym then victim_key end as victim_pseudonym_key from cases)
    where victim_pseudonym_key is not null
    group by all
),

province_victims as (
    select report_year as year, victim_key, count(*) as cases_of_victim
    from cases
    where has_victim_pseudonym
    group by all
),

unlinked as (
    select report_year as year, region_code, count(*) as unlinked_cases
    from cases
    where not has_victim_pseudonym
    group by all
),

by_regency as (
    select year, region_code,
           count(*) as identified_victims,
           count(*) filter (where cases_of_victim > 1) as repeat_victims,
           coalesce(sum(cases_of_victim) filter (where cases_of_victim > 1), 0) as cases_of_repeat_victims
    from victims
    group by all
),

by_province as (
    select year, '{{ var("province_code") }}' as region_code,
           count(*) as identified_victims,
           count(*) filter (where cases_of_victim > 1) as repeat_victims,
           coalesce(sum(cases_of_victim) filter (where cases_of_victim > 1), 0) as cases_of_repeat_victims
    from province_victims
    group by all
),

province_unlinked as (
    select year, '{{ var("province_code") }}' as region_code, sum(unlinked_cases) as unlinked_cases
    from unlinked
    group by all
),

combined as (
    select by_regency.*, coalesce(unlinked.unlinked_cases, 0) as unlinked_cases
    from by_regency left join unlinked using (year, region_code)
    union all by name
    select by_province.*, coalesce(province_unlinked.unlinked_cases, 0) as unlinked_cases
    from by_province left join province_unlinked using (year, region_code)
),

regions as (
    select region_code, region_name, region_level from {{ ref('dim_region') }}
),

final as (
    select
        combined.year,
        combined.region_code,
        regions.region_name,
        regions.region_level,
        combined.identified_victims::bigint as identified_victims,
        combined.repeat_victims::bigint as repeat_victims,
        combined.cases_of_repeat_victims::bigint as cases_of_repeat_victims,
        combined.unlinked_cases::bigint as unlinked_cases,
        round(100.0 * combined.repeat_victims / nullif(combined.identified_victims, 0), 2) as repeat_victim_pct
    from combined
    inner join regions using (region_code)
)

select * from final
