{#- bps figures used as PJPK actuals, one row per published figure (shared layout). -#}
{{ stg_indicator_actuals('bps', 'bps_indicator_actuals') }}
