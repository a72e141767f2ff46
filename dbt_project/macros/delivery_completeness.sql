{#- What each source owes (the registry's `delivery` block, ingestion/sources.yml, written into its
    dbt source's meta by `ntt-dw dbt-sources`): a list of {source, table, delivery} ordered by the
    registry's source name. Empty at parse time (the graph is filled at compile time). -#}
{% macro delivery_sources() %}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set found = [] -%}
    {%- for node in graph.sources.values() if node.package_name == project_name -%}
        {%- set meta = node.meta or node.config.meta or {} -%}
        {%- if meta.get('delivery') -%}
            {%- do found.append({'source': node.source_name, 'table': node.name, 'delivery': meta['delivery']}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found | sort(attribute='delivery.source_name')) }}
{% endmacro %}

{#- One row per source that owes deliveries: what it owes, from the sources' meta. -#}
{% macro delivery_owed() %}
    {%- set owed = delivery_sources() -%}
    {%- if owed %}
    select * from (values
        {%- for s in owed %}
        {%- set d = s.delivery %}
        ('{{ d.source_name }}', '{{ s.source }}', '{{ d.period }}', {{ d.period_months }}, {{ d.due_days }},
         '{{ d.first_period }}', '{{ d.first_period_start }}'::date, {{ 'true' if d.per_region else 'false' }})
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    ) as owed (source_name, agency, period_type, period_months, due_days, first_period, first_period_start, per_region)
    {%- else %}
    select
        null::varchar as source_name, null::varchar as agency, null::varchar as period_type,
        null::integer as period_months, null::integer as due_days, null::varchar as first_period,
        null::date as first_period_start, null::boolean as per_region
    where false
    {%- endif %}
{% endmacro %}

{#- The day a timestamp falls on in NTT (WITA, var delivery_time_zone): due dates are NTT days. -#}
{% macro delivery_local_date(timestamp) -%}
    timezone('{{ var("delivery_time_zone", "Asia/Makassar") }}', ({{ timestamp }})::timestamptz)::date
{%- endmacro %}

{#- The evaluation date: var delivery_as_of when given (e.g. --vars '{delivery_as_of: 2024-06-30}'),
    otherwise the day of the build in NTT. -#}
{% macro delivery_as_of() -%}
    {%- set as_of = var('delivery_as_of', none) -%}
    {%- if as_of -%}'{{ as_of }}'::date{%- else -%}{{ delivery_local_date('current_timestamp') }}{%- endif -%}
{%- endmacro %}

{#- The month a period text ends in: "Semester I" 6, "Semester II" 12, "Triwulan III" 9, "Maret"
    3, "Agustus 2024" 8; null when the text names no period (the record then counts for its year). -#}
{% macro delivery_period_month(text) -%}
    case
        when regexp_matches(lower({{ text }}), '\b(semester|smt)\s*\.?\s*(ii|2)\b') then 12
        when regexp_matches(lower({{ text }}), '\b(semester|smt)\s*\.?\s*(i|1)\b') then 6
        when regexp_matches(lower({{ text }}), '\b(triwulan|tw|kuartal|q)\s*\.?\s*(iv|4)\b') then 12
        when regexp_matches(lower({{ text }}), '\b(triwulan|tw|kuartal|q)\s*\.?\s*(iii|3)\b') then 9
        when regexp_matches(lower({{ text }}), '\b(triwulan|tw|kuartal|q)\s*\.?\s*(ii|2)\b') then 6
        when regexp_matches(lower({{ text }}), '\b(triwulan|tw|kuartal|q)\s*\.?\s*(i|1)\b') then 3
        else nullif(list_position(
            ['jan', 'feb', 'mar', 'apr', 'mei', 'jun', 'jul', 'agu', 'sep', 'okt', 'nov', 'des'],
            left(regexp_replace(lower(trim({{ text }})), '^ag[st]', 'agu'), 3)
        ), 0)
    end
{%- endmacro %}

{#- The first day of the month a record covers, from the raw columns the registry names
    (delivery.period_columns): a date; else year with month or period text; else the year alone,
    which counts for the year's last month (an annual figure is the year-end delivery). The
    delivery_completeness mart widens it to the period owed (semester, year). -#}
{% macro delivery_record_month(columns) -%}
    coalesce(
        {%- if columns.get('date') %}
        date_trunc('month', {{ columns['date'] }})::date,
        {%- endif %}
        {%- if columns.get('year') %}
        {%- if columns.get('month') %}
        case when {{ columns['month'] }} between 1 and 12 then make_date({{ columns['year'] }}, {{ columns['month'] }}, 1) end,
        {%- endif %}
        {%- if columns.get('period') %}
        make_date({{ columns['year'] }}, {{ delivery_period_month(columns['period']) }}, 1),
        {%- endif %}
        make_date({{ columns['year'] }}, 12, 1),
        {%- endif %}
        null::date
    )
{%- endmacro %}
