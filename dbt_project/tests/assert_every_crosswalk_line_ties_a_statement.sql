{#- A crosswalk line that matches no statement does nothing, silently: a typo in a key or a line
    number, or a re-delivered extract that moved the figure. It fails the build instead. -#}
select
    crosswalk.crosswalk_id,
    crosswalk.statement_key,
    crosswalk.statement_line
from {{ ref('figure_crosswalk') }} as crosswalk
anti join {{ ref('int_figures__statements') }} as statements
    on crosswalk.crosswalk_id = statements.crosswalk_id
