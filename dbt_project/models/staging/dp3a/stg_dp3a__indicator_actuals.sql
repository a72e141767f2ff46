{#- dp3a figures used as PJPK actuals, one row per published figure (shared layout). -#}
{{ stg_indicator_actuals('dp3a', 'dp3a_indicator_actuals') }}
