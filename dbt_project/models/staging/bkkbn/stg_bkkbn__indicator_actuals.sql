{#- bkkbn figures used as PJPK actuals, one row per published figure (shared layout). -#}
{{ stg_indicator_actuals('bkkbn', 'bkkbn_indicator_actuals') }}
