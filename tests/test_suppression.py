"""Small-count suppression: primary and secondary, and no suppressed value recoverable."""

import random

from publish.suppression import PRIMARY, SECONDARY, Cell, suppress_group


def cells(values):
    return [Cell(f"r{i}", v) for i, v in enumerate(values)]


def test_primary_suppression_below_the_threshold_keeps_zeros():
    parts = suppress_group(cells([0, 3, 12, 40, 7]), Cell("total", 62))
    assert [c.status for c in parts][:2] == ["", PRIMARY]
    assert parts[0].value == 0 and not parts[0].suppressed  # a zero names nobody


def test_a_single_suppressed_cell_gets_a_secondary_partner():
    parts = suppress_group(cells([2, 12, 40, 7]), Cell("total", 61))
    assert [c.status for c in parts] == [PRIMARY, "", "", SECONDARY]  # 7 is the smallest other


def test_a_lone_non_zero_cell_suppresses_the_total():
    total = Cell("total", 3)
    parts = suppress_group(cells([0, 3, 0]), total)
    assert parts[1].status == PRIMARY and total.suppressed


def test_nothing_suppressed_can_be_recovered_from_the_total():
    rng = random.Random(20231231)
    for _ in range(500):
        values = [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15, 40]) for _ in range(rng.randint(1, 8))]
        total = Cell("total", sum(values))
        parts = suppress_group(cells(values), total)
        hidden = [c for c in parts if c.suppressed]
        assert all(c.value is None or c.value == 0 or c.value >= 5 or c.suppressed for c in parts)
        if not total.suppressed:
            # total - visible parts = sum of hidden parts: recoverable only if one part is hidden
            assert len(hidden) != 1, values
            # nor can a subset of hidden cells be pinned down: every hidden cell has a partner
            assert not hidden or len(hidden) >= 2


def test_a_two_way_table_hides_no_cell_any_margin_gives_back():
    """Category x regency tables (the case breakdowns): after suppress_table no row or column sum
    has exactly one hidden cell, on many random tables with small counts; and nothing below the
    threshold is shown."""
    from publish.suppression import suppress_table

    rng = random.Random(19)
    for _ in range(300):
        regions, categories = rng.randint(2, 8), rng.randint(2, 6)
        values = {
            (r, c): rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15, 30]) for r in range(regions) for c in range(categories)
        }
        for c in range(categories):  # the province's row per category is a cell of the table
            values[("prov", c)] = sum(values[(r, c)] for r in range(regions))
        by_category = [[(r, c) for r in [*range(regions), "prov"]] for c in range(categories)]
        by_region = [[(r, c) for c in range(categories)] for r in [*range(regions), "prov"]]
        status = suppress_table(values, by_category + by_region, threshold=5)
        assert all(k in status for k, v in values.items() if 0 < v < 5)
        assert all(values[k] >= 5 or values[k] == 0 for k, s in status.items() if s == SECONDARY)
        for relation in by_category + by_region:
            assert sum(k in status for k in relation) != 1, relation
