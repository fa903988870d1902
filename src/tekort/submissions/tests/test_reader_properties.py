"""Property-based tests of the board-file reader (Hypothesis): whatever the bytes, the reader
returns rows or refuses with its own ``Unreadable``; a CSV row that does not fit the header is
refused with exactly its line number, never guessed."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tekort.submissions.upload import reading

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADER = ["vestiging", "formatie", "langdurig_verlof", "toelichting"]
# Any text on one line without NUL (a NUL refuses the whole file, tested elsewhere).
FIELD = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    max_size=12,
)


def _refusal_is_well_formed(exc: reading.Unreadable) -> None:
    assert exc.errors
    for error in exc.errors:
        assert isinstance(error.reason, str) and error.reason
        assert error.row is None or error.row >= 1


@FAST
@given(st.binary(max_size=2000), st.sampled_from(["bestuur.csv", "bestuur.xlsx", "bestuur.txt"]))
def test_arbitrary_bytes_are_read_or_refused(content, name):
    try:
        reading.read(content, name)
    except reading.Unreadable as exc:
        _refusal_is_well_formed(exc)


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_after_a_good_header_are_read_or_refused(tail):
    try:
        reading.read(b"vestiging;formatie\n" + tail, "bestuur.csv")
    except reading.Unreadable as exc:
        _refusal_is_well_formed(exc)


@FAST
@given(
    rows=st.lists(st.lists(FIELD, min_size=0, max_size=6), max_size=30),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_rows_that_do_not_fit_the_header_are_refused_with_their_line(rows, delimiter, encoding):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    try:
        content = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        content = out.getvalue().encode("utf-8")
    # csv.writer writes an empty row as a blank line, which the reader skips.
    misfits = [line for line, row in enumerate(rows, start=2) if row and len(row) != len(HEADER)]
    try:
        table = reading.read(content, "bestuur.csv")
    except reading.Unreadable as exc:
        _refusal_is_well_formed(exc)
        assert misfits, exc.errors
        assert [e.row for e in exc.errors] == misfits[: reading.MAX_SHAPE_ERRORS]
    else:
        assert not misfits
        assert len(table.rows) <= len(rows)
