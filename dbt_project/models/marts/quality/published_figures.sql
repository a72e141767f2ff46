{#- The figure registry: every published figure with the identity it states (figure_id: subject
    kind x subject x region x year x sub-period x measure x form), how many times that figure is
    stated, and where. A figure stated more than once is compared in figure_comparisons. -#}
with

statements as (
    select * from {{ ref('int_figures__statements') }}
),

identified as (
    select
        *,
        md5(concat_ws('|', subject_kind, subject, region_code, year, period, measure, value_form)) as figure_id,
        concat_ws(', ', source_table, 'baris ' || source_line) as stated_at
    from statements
),

final as (
    select
        figure_id,
        subject_kind,
        subject,
        stated_name,
        region_code,
        year,
        nullif(period, '') as period,
        measure,
        value_form,
        value,
        value_text,
        value_precision,
        is_derived,
        crosswalk_id,
        -- the first statement is the reference the others are compared with: a published one
        -- before a derived one, then in document order (by line)
        row_number() over (
            partition by figure_id
            order by is_derived, source_document, source_line nulls last, source_table, source_name, value
        ) as statement_no,
        count(*) over (partition by figure_id) as statements,
        stated_at,
        source_name,
        source_document,
        source_table,
        source_line
    from identified
)

select * from final
