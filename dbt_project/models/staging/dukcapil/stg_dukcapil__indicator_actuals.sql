{#- dukcapil figures used as PJPK actuals, one row per published figure (shared layout). -#}
{{ stg_indicator_actuals('dukcapil', 'dukcapil_indicator_actuals') }}
