"""Secondary suppression over sums estimate_round does not link (tekort_stats.linked), checked on
tables small enough to follow by hand."""

import pandas as pd

from tekort_stats.disclosure import PRIMARY, PUBLISHED, SECONDARY
from tekort_stats.linked import groups_of, protect_linked

UNIONS = [
    (("school_type", "school_type=vso_all"), [("sector", "sector=so"), ("sector", "sector=vso")]),
    (("sector_group", "sector_group=vo"), [("sector", "sector=vo")]),
]


def _cells(rows):
    return pd.DataFrame(
        [("leraar", b, d, "tekort", s, fte) for b, d, s, fte in rows],
        columns=["function", "breakdown", "domain", "measure", "disclosure_status", "fte"],
    ).assign(quality_class="A", quality_class_fte="A", symbol="")


def test_a_domain_that_is_another_breakdowns_is_withheld_with_it():
    cells = _cells(
        [
            ("national", "national", PUBLISHED, 100.0),
            ("sector", "sector=bao", PUBLISHED, 60.0),
            ("sector", "sector=so", PUBLISHED, 5.0),
            ("sector", "sector=vso", PUBLISHED, 4.0),
            ("sector", "sector=vo", PRIMARY, 31.0),
            ("school_type", "school_type=bao", PUBLISHED, 60.0),
            ("school_type", "school_type=vso_all", PUBLISHED, 9.0),
            ("school_type", "school_type=vo", PUBLISHED, 31.0),
            ("sector_group", "sector_group=po", PUBLISHED, 69.0),
            ("sector_group", "sector_group=vo", PUBLISHED, 31.0),
        ]
    )
    unions = [
        *UNIONS,
        (("school_type", "school_type=vo"), [("sector", "sector=vo")]),
        (("school_type", "school_type=bao"), [("sector", "sector=bao")]),
    ]
    out = protect_linked(cells, unions)
    status = out.set_index("domain")["disclosure_status"]
    # vo is withheld as a sector: the same domain as po/vo group and school type goes too
    assert status["sector_group=vo"] == SECONDARY and status["school_type=vo"] == SECONDARY
    # the sector row (national = its sectors) needs a second withheld cell: the smallest, vso;
    # then the union so + vso holds one withheld part, and so goes as well
    assert status["sector=vso"] == SECONDARY and status["sector=so"] == SECONDARY
    assert status["national"] == PUBLISHED and (out["symbol"] == "c").sum() == 7
    # to the fixed point: no additive group holds exactly one withheld cell
    withheld = out["disclosure_status"] != PUBLISHED
    for total, members in groups_of(out, unions):
        assert withheld[members].sum() + (total is not None and withheld[total]) != 1


def test_a_zero_cell_is_never_the_complement():
    cells = _cells(
        [
            ("national", "national", PUBLISHED, 10.0),
            ("sector", "sector=a", PRIMARY, 4.0),
            ("sector", "sector=b", PUBLISHED, 0.0),
            ("sector", "sector=c", PUBLISHED, 6.0),
        ]
    )
    out = protect_linked(cells).set_index("domain")["disclosure_status"]
    assert out["sector=b"] == PUBLISHED and out["sector=c"] == SECONDARY


def test_the_groups_are_the_linked_tables_and_the_unions():
    cells = _cells(
        [
            ("national", "national", PUBLISHED, 10.0),
            ("sector", "sector=so", PUBLISHED, 4.0),
            ("sector", "sector=vso", PUBLISHED, 6.0),
            ("school_type", "school_type=vso_all", PUBLISHED, 10.0),
        ]
    )
    groups = {(t, tuple(sorted(m))) for t, m in groups_of(cells, UNIONS)}
    assert (0, (1, 2)) in groups  # national = the sectors
    assert (0, (3,)) in groups  # national = the school types
    assert (3, (1, 2)) in groups  # the union
