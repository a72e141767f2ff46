{#- Per source: of the deliveries owed by the evaluation date, how many arrived (completeness) and
    how many arrived by their due date (timeliness), as WHO's Data Quality Review counts them: both
    over the deliveries expected. The thresholds are dbt vars (delivery_complete_min_pct,
    delivery_on_time_min_pct); the test delivery_meets_thresholds reports a source below one as a
    finding. A source owing nothing yet (its first period not yet due) has a row with 0 expected. -#}
with

owed as (
    {{ delivery_owed() }}
),

deliveries as (
    select * from {{ ref('delivery_completeness') }}
),

by_source as (
    select
        source_name,
        arg_min(period_label, period_start) as first_period_due,
        arg_max(period_label, period_start) as last_period_due,
        sum(expected)::integer as expected_count,
        sum(delivered)::integer as delivered_count,
        sum(on_time)::integer as on_time_count,
        max(days_late) as max_days_late
    from deliveries
    group by source_name
),

final as (
    select
        owed.source_name,
        owed.agency,
        owed.period_type,
        owed.per_region,
        owed.due_days,
        owed.first_period,
        by_source.first_period_due,
        by_source.last_period_due,
        coalesce(by_source.expected_count, 0) as expected_count,
        coalesce(by_source.delivered_count, 0) as delivered_count,
        coalesce(by_source.on_time_count, 0) as on_time_count,
        round(100.0 * by_source.delivered_count / nullif(by_source.expected_count, 0), 1)::double as completeness_pct,
        round(100.0 * by_source.on_time_count / nullif(by_source.expected_count, 0), 1)::double as timeliness_pct,
        by_source.max_days_late,
        {{ var('delivery_complete_min_pct') }}::double as completeness_min_pct,
        {{ var('delivery_on_time_min_pct') }}::double as timeliness_min_pct,
        {{ delivery_as_of() }} as evaluated_on
    from owed
    left join by_source using (source_name)
)

select * from final
