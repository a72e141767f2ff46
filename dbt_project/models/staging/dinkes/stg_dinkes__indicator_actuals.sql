{#- dinkes figures used as PJPK actuals, one row per published figure (shared layout). -#}
{{ stg_indicator_actuals('dinkes', 'dinkes_indicator_actuals') }}
