{#- An outlier in a series (DHIS2's Data Quality app, WHO Data Quality Review): a point whose
    modified z-score (Iglewicz & Hoaglin) exceeds a threshold. A series is the rows sharing the
    partition_by columns, ordered by the period column(s); its points are column_name, or, with
    `aggregate` (e.g. 'sum'), that aggregate per series x period (cases by regency and month from a
    finer mart).

        modified z = 0.6745 * (x - median) / MAD,  MAD = median of |x - median|

    When more than half the points equal the median (MAD = 0, common in small counts) the scale
    falls back to the mean absolute deviation from the median: z = (x - median) / (1.253314 *
    MeanAD). When that is 0 too, every point is the median and the series is not scored.
    Median and MAD are robust: one wrong figure moves neither, so it stands out instead of hiding
    itself by inflating a standard deviation; a steady trend is not an outlier (a straight line
    scores at most 1.35).

    Threshold: argument `threshold`, else var dq_outlier_modified_z (3.5, Iglewicz & Hoaglin's
    recommendation). A series with fewer than min_points points is not scored: with 3 or 4 points
    the median and MAD rest on two values and any trend's last point looks like an outlier; 5 is
    the smallest series in which one wrong point cannot move the median away from the clean ones
    (a 5-year projection table, 5 years of history, a year of months).

    One finding per outlying point: record key series x period, observed the value, the series
    median, the score and the series size, expected the threshold (kept free of anything that
    changes as the series grows, so a finding keeps its identity from one build to the next). -#}
{% test outlier_modified_zscore(model, column_name, partition_by, period_column='year', threshold=none,
                                min_points=5, aggregate=none, where=none,
                                document_column='source_document', table_column='source_table') %}
{{ config(severity='warn') }}
{%- set periods = [period_column] if period_column is string else period_column -%}
{%- set keys = partition_by + periods -%}
{%- set limit = threshold if threshold is not none else var('dq_outlier_modified_z') -%}
{%- set series -%}{% if partition_by %}partition by {{ partition_by | join(', ') }}{% endif %}{%- endset -%}
{#- a number as people write it: no trailing zeros (the value to 6 decimals, the median to 4, the score to 2) -#}
{%- set readable = "rtrim(rtrim(printf('%.DIGITSf', (NUMBER)::double), '0'), '.')" -%}
{#- with `aggregate`, one point per series x period, its document and table any of its rows' -#}
{%- set point = (aggregate ~ '(' ~ column_name ~ ')') if aggregate else column_name -%}
{%- set document = ('any_value(' ~ document_column ~ ')' if aggregate else document_column) if document_column else 'null' -%}
{%- set table = ('any_value(' ~ table_column ~ ')' if aggregate else table_column) if table_column else 'null' %}
with

points as (
    select
        {{ keys | join(', ') }},
        {{ point }} as point_value,
        {{ document }} as document_ref,
        {{ table }} as table_ref
    from {{ model }}
    where {{ column_name }} is not null{% if where %} and ({{ where }}){% endif %}
    {%- if aggregate %}
    group by {{ keys | join(', ') }}
    {%- endif %}
),

centred as (
    select
        *,
        count(*) over ({{ series }}) as series_points,
        median(point_value::double) over ({{ series }}) as series_median
    from points
),

spread as (
    select
        *,
        median(abs(point_value - series_median)) over ({{ series }}) as median_abs_deviation,
        avg(abs(point_value - series_median)) over ({{ series }}) as mean_abs_deviation
    from centred
),

scored as (
    select
        *,
        case
            when median_abs_deviation > 0 then 0.6745 * (point_value - series_median) / median_abs_deviation
            when mean_abs_deviation > 0 then (point_value - series_median) / (1.253314 * mean_abs_deviation)
        end as modified_z
    from spread
    where series_points >= {{ min_points }}
)

select
    {{ dq_finding('outlier_modified_zscore', dq_record_key(keys),
                  "'value ' || " ~ readable | replace('DIGITS', '6') | replace('NUMBER', 'point_value')
                  ~ " || '; median ' || " ~ readable | replace('DIGITS', '4') | replace('NUMBER', 'series_median')
                  ~ " || '; modified z ' || " ~ readable | replace('DIGITS', '2') | replace('NUMBER', 'modified_z')
                  ~ " || case when median_abs_deviation = 0 then ' (MAD 0: mean absolute deviation)' else '' end"
                  ~ " || '; series of ' || series_points || ' points'",
                  "'|modified z| <= " ~ limit ~ "'",
                  'document_ref', 'table_ref') }}
from scored
where abs(modified_z) > {{ limit }}
{% endtest %}
