{#- The categories of every SIMFONI PPA breakdown of the case register, with their official label
    and display order, from the code-list seeds (the official row of each code; the variants
    clerks type map onto it at ingestion). -#}
{%- set lists = [
    ('tempat_kejadian', 'tempat_kejadian', 'tempat_code', 'tempat_label'),
    ('kelompok_umur_korban', 'kelompok_umur', 'kelompok_code', 'kelompok_label'),
    ('kelompok_umur_pelaku', 'kelompok_umur', 'kelompok_code', 'kelompok_label'),
    ('jenis_kelamin_korban', 'jenis_kelamin', 'jenis_kelamin_code', 'jenis_kelamin_label'),
    ('jenis_kelamin_pelaku', 'jenis_kelamin', 'jenis_kelamin_code', 'jenis_kelamin_label'),
    ('hubungan_pelaku', 'hubungan_pelaku', 'hubungan_code', 'hubungan_label'),
    ('saluran_pengaduan', 'saluran_pengaduan', 'saluran_code', 'saluran_label'),
] -%}
with

unioned as (
    {% for breakdown, seed, code, label in lists %}
        select
            '{{ breakdown }}' as breakdown,
            {{ code }} as category_code,
            {{ label }} as category_label,
            sort_order::integer as sort_order
        from {{ ref(seed) }}
        where is_official
        union all
    {% endfor %}
    select
        disabilitas.breakdown,
        disabilitas.category_code,
        disabilitas.category_label,
        disabilitas.sort_order
    from (
        values
        ('disabilitas_korban', 'ya', 'Penyandang disabilitas', 1),
        ('disabilitas_korban', 'tidak', 'Bukan penyandang disabilitas', 2)
    ) as disabilitas (breakdown, category_code, category_label, sort_order)
    union all
    select
        'jenis_layanan' as breakdown,
        jenis_layanan_code as category_code,
        jenis_layanan_label as category_label,
        sort_order::integer as sort_order
    from {{ ref('jenis_layanan_permen_2_2022') }}
)

select * from unioned
