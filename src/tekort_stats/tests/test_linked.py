"""Secondary suppression over sums estimate_round does not link (tekort_stats.linked), checked on
tables small enough to follow by hand."""

import numpy as np
import pandas as pd

from tekort_stats.disclosure import (
    PRIMARY,
    PUBLISHED,
    SECONDARY,
    LinkedTables,
    audit_intervals,
    pinned_by_structure,
)
from tekort_stats.linked import groups_of, protect_groups, protect_linked

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


def test_the_lp_audit_protects_a_cell_bounded_across_the_measures():
    """R3 alone leaves a cell narrow through the sums across measures, which estimate_round's
    audit (one measure at a time) cannot see: a's open vacancies (4.0, p % protection up to 4.4)
    lie in [0, 4.2] from a's published total (4.2) once its hidden part (0.2) is the complement.
    The LP audit over all the groups adds a complement until the maximum is at least 4.4."""
    rows = []
    values = {
        ("national", "national"): (10.0, 10.2),
        ("sector", "sector=a"): (4.0, 0.2),
        ("sector", "sector=b"): (6.0, 10.0),
    }
    for (b, d), (open_, hidden) in values.items():
        primary_open = d == "sector=a"
        rows += [
            (b, d, "tekort", PUBLISHED, open_ + hidden),
            (b, d, "openstaand", PRIMARY if primary_open else PUBLISHED, open_),
            (b, d, "verborgen", PUBLISHED, hidden),
        ]
    cells = pd.DataFrame(
        [("leraar", *r) for r in rows],
        columns=["function", "breakdown", "domain", "measure", "disclosure_status", "fte"],
    ).assign(quality_class="A", quality_class_fte="A", symbol="")
    parts = [("tekort", ("openstaand", "verborgen"))]
    target = ((cells.domain == "sector=a") & (cells.measure == "openstaand")).to_numpy()

    def max_of_target(out):
        groups = [(t, m) for t, m in groups_of(out, (), parts) if t is not None]
        tables = LinkedTables(list(map(str, out.index)), out["fte"].to_numpy(), groups)
        _, upper = audit_intervals(tables, (out["disclosure_status"] != PUBLISHED).to_numpy())
        return float(upper[target][0])

    r3_only = protect_linked(cells, (), parts)
    assert abs(max_of_target(r3_only) - 4.2) < 1e-9  # narrower than the p % rule allows
    audited = protect_linked(cells, (), parts, p=10.0)
    assert max_of_target(audited) >= 4.4 - 1e-9
    assert (audited["disclosure_status"] == SECONDARY).sum() > (
        r3_only["disclosure_status"] == SECONDARY
    ).sum()
    assert np.array_equal(audited["disclosure_status"] == PRIMARY, target)


def _named(names, values, status):
    """Cells of one breakdown ``x`` whose domains are the names given."""
    return _cells([("x", n, s, float(v)) for n, s, v in zip(names, status, values, strict=True)])


def _bounds(out, groups, cell):
    tables = LinkedTables(list(map(str, out.index)), out["fte"].to_numpy(), groups)
    lower, upper = audit_intervals(tables, (out["disclosure_status"] != PUBLISHED).to_numpy())
    return float(lower[cell]), float(upper[cell])


def test_a_zero_cell_that_r1_withheld_is_not_derivable():
    """methods.md §3.3 R6 and §3.4 step 4: a cell of value 0 is not sensitive under the p % rule,
    but one that R1 withheld must keep an interval of positive width. Three sums pin it after
    R3, each with two suppressed cells: z + y = 2, y + w = 5, z + w = 3 give
    z = (2 - 5 + 3) / 2 = 0 exactly. The audit suppresses a total of z's first sum, T1; then
    z = 3 - w, y = 5 - w with w in [0, 3], so z lies in [0, 3]."""
    cells = _named(
        ["z", "y", "w", "T1", "T2", "T3"], [0, 2, 3, 2, 5, 3], [PRIMARY] + [PUBLISHED] * 5
    )
    groups = [(3, np.array([0, 1])), (4, np.array([1, 2])), (5, np.array([0, 2]))]
    r3_only = protect_groups(cells, groups)
    assert list(r3_only["disclosure_status"]) == [PRIMARY, SECONDARY, SECONDARY] + [PUBLISHED] * 3
    assert _bounds(r3_only, groups, 0) == (0.0, 0.0)  # derivable: (2 - 5 + 3) / 2
    audited = protect_groups(cells, groups, p=10.0)
    assert list(audited["disclosure_status"]) == [PRIMARY] + [SECONDARY] * 3 + [PUBLISHED] * 2
    lower, upper = _bounds(audited, groups, 0)
    assert lower == 0.0 and abs(upper - 3.0) < 1e-9


def _pinned_from_afar(z_in_spare_sum: bool):
    """z = T1 - y with z, y and T1 withheld, and T1 and y each pinned by a triangle of sums
    (T1 + p = 3, p + q = 2, T1 + q = 3 give T1 = (3 - 2 + 3) / 2 = 2; y + r = 3, r + s = 3,
    y + s = 4 give y = (3 - 3 + 4) / 2 = 2), so z = 0 exactly. The one sum holding z is
    suppressed through: only a cell further away can free it. With ``z_in_spare_sum`` the
    relations also say A = y + p beside A = T1 + p, so T1 = y: z is 0 by the relations alone."""
    names = ["z", "y", "T1", "p", "q", "r", "s", "A", "B", "C", "D", "E", "F"]
    values = [0, 2, 2, 1, 1, 1, 2, 3, 2, 3, 3, 3, 4]
    cells = _named(names, values, [PRIMARY] + [SECONDARY] * 6 + [PUBLISHED] * 6)
    i = {n: k for k, n in enumerate(names)}

    def g(total, *members):
        return (i[total], np.array([i[m] for m in members]))

    groups = [
        g("T1", "z", "y"),
        g("A", "T1", "p"),
        g("B", "p", "q"),
        g("C", "T1", "q"),
        g("D", "y", "r"),
        g("E", "r", "s"),
        g("F", "y", "s"),
    ]
    if z_in_spare_sum:
        groups.append(g("A", "y", "p"))
    return cells, groups


def test_a_zero_cell_pinned_from_afar_gets_a_complement_its_certificate_shows():
    cells, groups = _pinned_from_afar(z_in_spare_sum=False)
    assert _bounds(cells, groups, 0) == (0.0, 0.0)
    audited = protect_groups(cells, groups, p=10.0)
    added = (audited["disclosure_status"] == SECONDARY) & (cells["disclosure_status"] == PUBLISHED)
    # one published total of a triangle is enough: T1 (or y) is then free, and z with it
    assert added.sum() == 1 and set(audited["domain"][added]) <= set("ABCDEF")
    lower, upper = _bounds(audited, groups, 0)
    assert lower == 0.0 and upper > 0.5


def test_a_zero_the_relations_themselves_fix_costs_no_suppression():
    """No complement can free a cell that is 0 in every completion of the relations: none is
    spent on it (the audit reports it; the relations, not the pattern, are wrong)."""
    cells, groups = _pinned_from_afar(z_in_spare_sum=True)
    tables = LinkedTables(list(cells["domain"]), cells["fte"].to_numpy(), groups)
    assert pinned_by_structure(tables, 0)
    assert not pinned_by_structure(tables, 1)  # y = 2 could be any multiple of the truth
    audited = protect_groups(cells, groups, p=10.0)
    assert (audited["disclosure_status"] == cells["disclosure_status"]).all()
