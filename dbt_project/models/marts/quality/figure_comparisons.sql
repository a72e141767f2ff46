{#- Every figure stated more than once, each later statement against the first: the same figure
    in two tables, a table and the text, a baseline column and the condition the narrative states,
    or two sources. They agree when they differ by no more than the coarser precision the two were
    published with ("74%" and "74,3%" agree; 39 and 35 do not). The stated_twice_agree check
    (test values_agree) reports each disagreement naming both places. -#}
with

figures as (
    select * from {{ ref('published_figures') }}
),

reference as (
    select * from figures
    where statement_no = 1
),

final as (
    select
        stated.figure_id,
        stated.subject_kind,
        stated.subject,
        stated.stated_name,
        stated.region_code,
        stated.year,
        stated.period,
        stated.measure,
        stated.value_form,
        stated.value as stated_value,
        stated.value_text as stated_text,
        stated.stated_at,
        reference.value as reference_value,
        reference.value_text as reference_text,
        reference.stated_at as reference_at,
        reference.source_document as reference_document,
        greatest(stated.value_precision, reference.value_precision) as tolerance,
        abs(stated.value - reference.value) <= greatest(stated.value_precision, reference.value_precision) + 1e-9
            as values_agree,
        coalesce(stated.crosswalk_id, reference.crosswalk_id) as crosswalk_id,
        stated.is_derived,
        stated.source_name,
        stated.source_document,
        stated.source_table,
        stated.source_line
    from figures as stated
    inner join reference on stated.figure_id = reference.figure_id
    where
        stated.statement_no > 1
        -- one printed figure loaded twice (the same line through two sources) is not a restatement
        and not (
            stated.source_document = reference.source_document
            and stated.stated_at = reference.stated_at
            and stated.value = reference.value
        )
)

select * from final
