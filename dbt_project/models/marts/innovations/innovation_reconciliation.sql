{#- Every figure or claim the text of an innovation states (seed innovation_statements), checked
    against the warehouse's data where it can be. share_of_population: the stated numerator over
    the region's BPS population (marts.population_density) of the year nearest the stated one,
    on a tie the earlier, times 100, against the stated percentage, within the precision it was
    printed with ("sekitar 7%": a whole percent, 0,5 point). A statement the data cannot check
    yet is a row with is_checkable false and the reason; the values_agree test reports each
    checkable statement that disagrees. -#}
with

statements as (
    select * from {{ ref('innovation_statements') }}
),

innovations as (
    select * from {{ ref('innovations') }}
),

regions as (
    select
        region_code,
        region_name
    from {{ ref('dim_region') }}
),

population as (
    select
        region_code,
        year,
        population,
        source_table
    from {{ ref('population_density') }}
),

nearest_population as (
    select
        statements.statement_id,
        population.year as population_year,
        population.population,
        population.source_table as population_table
    from statements
    inner join population on statements.region_code = population.region_code
    where statements.check_kind = 'share_of_population'
    qualify row_number() over (
        partition by statements.statement_id
        order by abs(population.year - statements.year), population.year
    ) = 1
),

compared as (
    select
        statements.*,
        nearest_population.population_year,
        nearest_population.population,
        nearest_population.population_table,
        100.0 * statements.numerator_value / nullif(nearest_population.population, 0) as computed_share,
        {{ rounding_tolerance('statements.stated_text') }} as printed_tolerance,
        statements.check_kind = 'share_of_population' and nearest_population.population is not null
            as is_checkable
    from statements
    left join nearest_population on statements.statement_id = nearest_population.statement_id
),

final as (
    select
        compared.check_kind as comparison,
        compared.statement_id,
        compared.innovation_code,
        innovations.short_name as innovation_name,
        compared.region_code,
        regions.region_name,
        compared.year,
        compared.stated_text,
        compared.stated_value as published_value,
        case when compared.is_checkable then compared.computed_share end as compared_value,
        case
            when compared.is_checkable
                then
                    compared.numerator_text || ' / ' || replace(format('{:,}', compared.population), ',', '.')
                    || ' penduduk ' || regions.region_name || ' ' || compared.population_year
                    || ' (BPS, ' || compared.population_table || ') × 100'
        end as compared_with,
        case when compared.is_checkable then compared.population_year end as compared_year,
        case when compared.is_checkable then compared.printed_tolerance end as tolerance,
        compared.is_checkable,
        case
            when compared.is_checkable
                then abs(compared.stated_value - compared.computed_share) <= compared.printed_tolerance + 1e-9
        end as values_agree,
        compared.reason as note,
        compared.quoted_text,
        innovations.legal_basis as source_document,
        'Lampiran, ' || innovations.innovation_no || '. ' || innovations.short_name as source_table,
        compared.source_line
    from compared
    inner join innovations on compared.innovation_code = innovations.innovation_code
    left join regions on compared.region_code = regions.region_code
)

select * from final
