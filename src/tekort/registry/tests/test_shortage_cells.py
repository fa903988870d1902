"""The cells' labels: one mapping, keyed and ordered by the core's cell names, in Dutch."""

from django.utils import translation

from tekort.dashboards.board_figures import CELL_LABELS, MEASURE_LABELS
from tekort.publications.vocabulary import MEASURES
from tekort.registry.shortage_cells import FTE_LABELS, LABELS
from tekort.submissions.forms import SUBJECT_FIELD_LABELS
from tekort.submissions.questions import FIELD_LABELS, SCHOOL_LEADER_LABELS
from tekort_stats.shortage_cells import COMPONENTS


def test_labels_follow_the_cells_order():
    assert tuple(LABELS) == COMPONENTS
    assert tuple(FTE_LABELS) == COMPONENTS


def test_labels_are_dutch():
    with translation.override("nl"):
        assert [str(label) for label in LABELS.values()] == [
            "Regulier, openstaand",
            "Regulier, verborgen",
            "Vervanging, openstaand",
            "Vervanging, verborgen",
        ]
        assert str(FTE_LABELS["vervanging_verborgen"]) == "Vervanging, verborgen (fte)"


def test_every_app_shows_the_same_labels_in_the_same_order():
    for labels, before, cells in (
        (MEASURES, ["tekort", "openstaand", "verborgen"], LABELS),
        (MEASURE_LABELS, ["tekort"], LABELS),
        (SUBJECT_FIELD_LABELS, ["formatie"], LABELS),
        (FIELD_LABELS, ["formatie", "long_leave"], FTE_LABELS),
        (SCHOOL_LEADER_LABELS, ["formatie"], FTE_LABELS),
        (CELL_LABELS, [], FTE_LABELS),
    ):
        names = list(labels)
        assert names[: len(before) + 4] == [*before, *COMPONENTS]
        assert all(labels[cell] is cells[cell] for cell in COMPONENTS)
