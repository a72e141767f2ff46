{#- Completeness and timeliness of the agencies' deliveries (WHO Data Quality Review, DHIS2
    "reporting rate" and "reporting rate on time"): every period (and regency) a source owes, from
    the registry's first period up to the last period due on or before the evaluation date (var
    delivery_as_of, default the day of the build in NTT), and whether, when and how late a file
    holding it arrived.

    What each source owes is the registry's `delivery` block (ingestion/sources.yml), which
    `ntt-dw dbt-sources` writes into the source's meta; the union below is generated from that
    meta at compile time, so a source added to the registry with a delivery block is counted
    without touching this model. The raw tables are read by relation when the model runs (attach
    puts them in the warehouse before every build): dbt's lineage shows only the file registry
    and dim_region as parents. The raw tables hold every version of a file, so a period's first
    delivery can be a version a correction has since superseded. -#}
{%- set owed_sources = delivery_sources() -%}
{%- set as_of = delivery_as_of() -%}
with

owed as (
    {{ delivery_owed() }}
),

versions as (
    -- every loaded version not withdrawn (a withdrawn one counts as never delivered): the current
    -- ones say what is delivered now, a superseded one may have delivered a period first. The day
    -- of delivery is the one the agency states in the sidecar (delivered_at), else the day it loaded
    select
        file_version_id,
        source_file,
        is_current_version,
        try_cast(json_extract_string(provenance, '$.delivered_at') as date) is not null as delivered_at_stated,
        coalesce(
            try_cast(json_extract_string(provenance, '$.delivered_at') as date),
            {{ delivery_local_date('loaded_at') }}
        ) as delivered_at
    from {{ ref('stg_ingestion__file_versions') }}
    where status = 'loaded' and not is_withdrawn
),

record_months as (
    -- which month (and region) each file version holds records of, per source (the first select
    -- only types the columns)
    select
        null::varchar as source_name,
        null::varchar as file_version_id,
        null::date as record_month,
        null::varchar as region_code
    where false
    {% for s in owed_sources %}
        {% set d = s.delivery %}
        union all
        select
            '{{ d.source_name }}' as source_name,
            file_version_id,
            {{ delivery_record_month(d.period_columns) }} as record_month,
            {% if d.per_region %}{{ d.region_column }}::varchar{% else %}'{{ var("province_code") }}'{% endif %}
                as region_code
        from {{ source(s.source, s.table) }}
        group by all
    {% endfor %}
),

covered as (
    -- the period owed each record month falls in
    select
        record_months.source_name,
        record_months.file_version_id,
        record_months.region_code,
        make_date(
            year(record_months.record_month),
            (month(record_months.record_month) - 1) // owed.period_months * owed.period_months + 1,
            1
        ) as period_start
    from record_months
    inner join owed using (source_name)
    where record_months.record_month is not null
),

deliveries as (
    -- per period: delivered when a current version holds it; delivered on the first day any
    -- version holding it arrived (ties: the first file by name)
    select
        covered.source_name,
        covered.period_start,
        covered.region_code,
        bool_or(versions.is_current_version) as is_delivered,
        min(versions.delivered_at) as delivered_at,
        arg_min(versions.source_file, versions.delivered_at::varchar || '|' || versions.source_file)
            as first_source_file,
        arg_min(versions.delivered_at_stated, versions.delivered_at::varchar || '|' || versions.source_file)
            as delivered_at_stated
    from covered
    inner join versions using (file_version_id)
    group by all
),

periods as (
    -- every period from the first owed, stepping by the period's length
    select
        owed.*,
        (owed.first_period_start + to_months(step.months))::date as period_start
    from owed
    cross join
        unnest(range(0, datediff('month', owed.first_period_start, {{ as_of }}) + 1, owed.period_months))
            as step (months)
),

due as (
    select
        *,
        (period_start + to_months(period_months) - interval 1 day)::date as period_end,
        (period_start + to_months(period_months) - interval 1 day + to_days(due_days))::date as due_date
    from periods
),

regions as (
    select
        region_code,
        region_name,
        region_level
    from {{ ref('dim_region') }}
    where region_code = '{{ var("province_code") }}' or region_code like '{{ var("province_code") }}.%'
),

expected as (
    -- what is owed by the evaluation date: per kabupaten/kota, or once for the province
    select
        due.*,
        regions.region_code,
        regions.region_name
    from due
    inner join regions
        on case
            when due.per_region then regions.region_level in ('kabupaten', 'kota')
            else regions.region_level = 'provinsi'
        end
    where due.due_date <= {{ as_of }}
),

final as (
    select
        expected.source_name,
        expected.agency,
        expected.period_type,
        case expected.period_type
            when 'month' then strftime(expected.period_start, '%Y-%m')
            when 'semester'
                then year(expected.period_start)::varchar || '-S' || (month(expected.period_start) // 6 + 1)::varchar
            else year(expected.period_start)::varchar
        end as period_label,
        expected.period_start,
        expected.period_end,
        expected.region_code,
        expected.region_name,
        expected.per_region,
        expected.due_days,
        expected.due_date,
        1 as expected,
        case when deliveries.is_delivered then 1 else 0 end as delivered,
        case when deliveries.is_delivered and deliveries.delivered_at <= expected.due_date then 1 else 0 end as on_time,
        case when deliveries.is_delivered then deliveries.delivered_at end as delivered_at,
        case when deliveries.is_delivered then deliveries.delivered_at_stated end as delivered_at_stated,
        case when deliveries.is_delivered then deliveries.first_source_file end as first_source_file,
        case
            when deliveries.is_delivered then greatest(deliveries.delivered_at - expected.due_date, 0)::integer
        end as days_late,
        {{ as_of }} as evaluated_on
    from expected
    left join deliveries
        on
            expected.source_name = deliveries.source_name
            and expected.period_start = deliveries.period_start
            and expected.region_code = deliveries.region_code
)

select * from final
