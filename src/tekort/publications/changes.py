"""Change over time (issue 23, part 5): a release compared with the same peildatum a year earlier.

At publication of a round's release (``publishing.publish``), if the round of the same month one
year earlier has a published, current release (of the same kind: demo with demo, real with
real), the teachers' shortage of every breakdown of the run is compared with it:
``tekort_stats.change.compare_rounds`` on the later round's frame, with both rounds' submitted
registrations, a paired bootstrap (the same resampled locations in both rounds) seeded from the
later run's seed, and the later run's number of replicates. The result is frozen with the release
as a ``ReleaseChange``: per breakdown x domain the difference in percentage points, its 95%
interval, the number of locations that answered both times and the verdict. Only the
non-model-based cells of the function ``leraar``, measure ``tekort``; a difference carries
values only where both releases show that cell with a value, otherwise only the symbol of the
release that withholds it (``c`` for disclosure control, ``x`` for too little response). An
unpublished round is never used: the earlier round counts only through its current release.
"""

import numpy as np

import tekort_stats.change
from tekort.estimates.frames import FUNCTION, build_inputs, fingerprint
from tekort.publications.models import Release, ReleaseCell, ReleaseChange

MEASURE = "tekort"
METHOD_VERSION = "1.0.0"
SEED_STREAM = 2  # the change's own random stream of the run's seed (estimates use 0 and 1)
VALUE_FIELDS = (
    "rate_earlier_pct",
    "rate_later_pct",
    "difference_pp",
    "ci_low_pp",
    "ci_high_pp",
    "n_both",
    "verdict",
)


def earlier_release(release: Release) -> Release | None:
    """The current published release of the round one year before ``release``'s, same month."""
    peildatum = release.round.peildatum
    return (
        Release.objects.current()
        .filter(
            round__peildatum__year=peildatum.year - 1,
            round__peildatum__month=peildatum.month,
            round__is_demo=release.round.is_demo,
        )
        .select_related("round", "run")
        .order_by("-round__peildatum")
        .first()
    )


def _shown(release: Release) -> dict:
    """(breakdown, domain) -> the symbol of the teachers' shortage cell, '' when it has a value."""
    cells = ReleaseCell.objects.filter(
        release=release, function=FUNCTION, measure=MEASURE, is_model_based=False
    ).values_list("breakdown", "domain", "rate", "symbol")
    return {(b, d): ("" if rate is not None else (symbol or "x")) for b, d, rate, symbol in cells}


def compute_rows(release: Release, earlier: Release):
    """The comparison's rows (disclosure applied), the inputs' fingerprint and n both times."""
    run = release.run
    frame, later_responses = build_inputs(release.round)
    _, earlier_responses = build_inputs(earlier.round)
    breakdowns = [b for b in run.breakdowns if all(c in frame for c in b.split(":"))]
    digest = fingerprint(
        frame,
        later_responses,
        earlier_responses,
        seed=run.seed,
        n_bootstrap=run.n_bootstrap,
        breakdowns=tuple(breakdowns),
        method=METHOD_VERSION,
    )
    result = tekort_stats.change.compare_rounds(
        frame,
        earlier_responses,
        later_responses,
        breakdowns,
        rng=np.random.default_rng([run.seed, SEED_STREAM]),
        n_bootstrap=run.n_bootstrap,
        function=FUNCTION,
        measure=MEASURE,
    )
    later_shown, earlier_shown = _shown(release), _shown(earlier)
    rows = []
    for cell in result.cells.to_dict("records"):
        key = (cell["breakdown"], cell["domain"])
        if key not in later_shown:
            continue  # only the release's own cells are compared
        symbol = later_shown[key] or earlier_shown.get(key, "x")
        if not (np.isfinite(cell["difference_pp"]) and np.isfinite(cell["se_pp"])):
            symbol = symbol or "x"  # no respondent in a round: no difference to show
        row = {"breakdown": key[0], "domain": key[1], "symbol": symbol}
        if not symbol:
            row.update({k: _plain(cell[k]) for k in VALUE_FIELDS})
        rows.append(row)
    rows.sort(key=lambda r: (r["breakdown"], r["domain"]))
    return rows, digest, result.n_both


def _plain(value):
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        return round(float(value), 6)
    return value


def store_change(release: Release) -> ReleaseChange | None:
    """Compare ``release`` with the same peildatum a year earlier and freeze it (None: no
    published release of that round to compare with)."""
    earlier = earlier_release(release)
    if earlier is None:
        return None
    rows, digest, n_both = compute_rows(release, earlier)
    return ReleaseChange.objects.create(
        release=release,
        earlier_release=earlier,
        method_version=METHOD_VERSION,
        seed=release.run.seed,
        n_bootstrap=release.run.n_bootstrap,
        inputs_fingerprint=digest,
        n_both=n_both,
        rows=rows,
    )
