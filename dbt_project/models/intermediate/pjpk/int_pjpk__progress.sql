{#- Status and gap for each row of the progress grid, respecting the indicator's direction:
      higher_is_better: met when actual >= target (lower bound of a range)
      lower_is_better:  met when actual <= target (upper bound of a range)
      maintain:         met when actual lies within the range, or within
                        var('pjpk_maintain_tolerance_pct') % of a point target
    status: no_data (no actual yet), achieved (the latest actual already meets the row year's
    target), on_track (not yet met, but at least as good as the path at the year of the actual),
    off_track, no_target (the year has no published target); a comparison never turns on a
    difference within status_tolerance, the coarser rounding of the path and of the actual as published
    (121,95 computed meets a path printed "122,00 ... 132,00", i.e. rounded to units); status_label says it in Bahasa. gap_to_target is in the
    indicator's unit, positive = still to improve, 0 or less = met (for 'maintain': the distance
    outside the target range, met while within the tolerance). -#}
with

base as (
    select * from {{ ref('int_pjpk__progress_base') }}
),

final as (
    select
        *,
        round(case when latest_actual is null then null else case direction
            when 'higher_is_better' then target_lower - latest_actual
            when 'lower_is_better' then latest_actual - target_upper
            else greatest(
                least(target_lower, target_upper) - latest_actual,
                latest_actual - greatest(target_lower, target_upper), 0
            )
        end end, 6) as gap_to_target,
        case
            when latest_actual is null then 'no_data'
            when target_lower is null and target_upper is null then 'no_target'
            when {{ pjpk_meets_target('latest_actual', 'target_lower', 'target_upper',
                                      tolerance='coalesce(status_tolerance, 0)') }} then 'achieved'
            when
                path_lower_at_actual is not null
                and {{ pjpk_meets_target('latest_actual', 'path_lower_at_actual', 'path_upper_at_actual',
                                        tolerance='coalesce(status_tolerance, 0)') }}
                then 'on_track'
            else 'off_track'
        end as status
    from base
)

select
    *,
    case status
        when 'achieved' then 'tercapai'
        when 'on_track' then 'sesuai jalur'
        when 'off_track' then 'tidak sesuai jalur'
        when 'no_target' then 'tidak ada target'
        else 'tidak ada data'
    end as status_label
from final
