{#- Change from the previous published period stays within the bounds a seed gives per indicator
    (seeds/reference/indicator_change_bounds.csv: what is demographically plausible in a year,
    with the reason). change_within_bounds does the same with one percentage for a whole table
    (population); this one reads a bound per key (indicator), and a bound is relative
    (max_increase_pct / max_decrease_pct: % of the previous value) or absolute in the indicator's
    unit (max_increase_abs / max_decrease_abs in abs_unit, e.g. percentage points for a rate in %);
    a row giving both must satisfy both.

    A series is key_column x partition_by (e.g. indicator x region x sub-annual period, so Maret
    is compared with Maret); each distinct figure is compared with every distinct figure of the
    series' previous period. A gap of several periods is annualised as in change_within_bounds:
    compound for the relative bound, per period for the absolute one. A relative bound is not
    judged when either figure is 0 or negative. Keys without a seed row are not checked.

    One finding per figure outside its bounds: observed the two figures and the change per
    period, expected the bounds and the seed's reason. -#}
{% test change_within_seed_bounds(model, column_name, bounds, key_column='indicator_code', partition_by=['region_code'],
                                  period_column='year', where=none,
                                  document_column='source_document', table_column='source_table') %}
{{ config(severity='warn') }}
{%- set series = [key_column] + partition_by -%}
{#- a number as people write it: up to 6 decimals, no trailing zeros -#}
{%- set readable = "rtrim(rtrim(printf('%.6f', (NUMBER)::double), '0'), '.')" -%}
{%- set per_period = 'per year' if period_column == 'year' else 'per period' -%}
with

figures as (
    select
        {{ series | join(', ') }},
        {{ period_column }},
        {{ column_name }} as figure_value,
        {{ ('any_value(' ~ document_column ~ ')') if document_column else 'null' }} as document_ref,
        {{ ('any_value(' ~ table_column ~ ')') if table_column else 'null' }} as table_ref
    from {{ model }}
    where {{ column_name }} is not null{% if where %} and ({{ where }}){% endif %}
    group by {{ series | join(', ') }}, {{ period_column }}, {{ column_name }}
),

periods as (
    select
        *,
        lag({{ period_column }}) over (partition by {{ series | join(', ') }} order by {{ period_column }}) as previous_period
    from (select distinct {{ series | join(', ') }}, {{ period_column }} from figures)
),

compared as (
    select
        later.*,
        periods.previous_period,
        earlier.figure_value as previous_value,
        (later.{{ period_column }} - periods.previous_period)::double as periods_between
    from figures as later
    inner join periods
        on later.{{ period_column }} = periods.{{ period_column }}
        {%- for column in series %}
        and later.{{ column }} is not distinct from periods.{{ column }}
        {%- endfor %}
    inner join figures as earlier
        on earlier.{{ period_column }} = periods.previous_period
        {%- for column in series %}
        and earlier.{{ column }} is not distinct from later.{{ column }}
        {%- endfor %}
),

changes as (
    select
        compared.*,
        bounds.max_increase_pct,
        bounds.max_decrease_pct,
        bounds.max_increase_abs,
        bounds.max_decrease_abs,
        bounds.abs_unit,
        bounds.reason,
        (compared.figure_value - compared.previous_value) / compared.periods_between as change_abs,
        case
            when compared.figure_value > 0 and compared.previous_value > 0
                then (power(compared.figure_value / compared.previous_value, 1.0 / compared.periods_between) - 1) * 100
        end as change_pct
    from compared
    inner join {{ bounds }} as bounds on compared.{{ key_column }} = bounds.{{ key_column }}
),

judged as (
    select
        *,
        {{ readable | replace('NUMBER', 'figure_value') }} || ' in ' || {{ period_column }} || ' from '
        || {{ readable | replace('NUMBER', 'previous_value') }} || ' in ' || previous_period || ': '
        || case when change_abs >= 0 then '+' else '' end || {{ readable | replace('NUMBER', 'round(change_abs, 4)') }}
        || coalesce(' (' || case when change_pct >= 0 then '+' else '' end
            || {{ readable | replace('NUMBER', 'round(change_pct, 2)') }} || ' %)', '')
        || ' {{ per_period }}' as observed_text,
        concat_ws(
            '; ',
            case when max_decrease_pct is not null or max_increase_pct is not null then
                'change {{ per_period }} between -' || coalesce({{ readable | replace('NUMBER', 'max_decrease_pct') }}, 'inf')
                || ' % and +' || coalesce({{ readable | replace('NUMBER', 'max_increase_pct') }}, 'inf') || ' %'
            end,
            case when max_decrease_abs is not null or max_increase_abs is not null then
                'change {{ per_period }} between -' || coalesce({{ readable | replace('NUMBER', 'max_decrease_abs') }}, 'inf')
                || ' and +' || coalesce({{ readable | replace('NUMBER', 'max_increase_abs') }}, 'inf')
                || coalesce(' ' || abs_unit, '')
            end,
            reason
        ) as expected_text
    from changes
    where periods_between > 0
        and ((max_increase_pct is not null and change_pct > max_increase_pct + 1e-9)
            or (max_decrease_pct is not null and change_pct < -max_decrease_pct - 1e-9)
            or (max_increase_abs is not null and change_abs > max_increase_abs + 1e-9)
            or (max_decrease_abs is not null and change_abs < -max_decrease_abs - 1e-9))
)

select
    {{ dq_finding('change_within_seed_bounds', dq_record_key(series + [period_column]),
                  'observed_text', 'expected_text', 'document_ref', 'table_ref') }}
from judged
{% endtest %}
