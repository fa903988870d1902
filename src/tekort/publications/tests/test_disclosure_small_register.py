"""The release audit of ``test_disclosure`` on the small register (two provinces) as well.

Its fringe onderwijsregio's hold po schools only, which no region of the whole register does: a
vo-only emergency measure had cells there, 0 by construction, that the published cells gave
away exactly. The whole register cannot show such a case; this run can.
"""

import pytest

from tekort.publications.tests.test_disclosure import linked_tables_of, recoverable

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_release")]


@pytest.mark.parametrize("function", ["leraar", "schoolleider"])
def test_no_suppressed_cell_of_a_small_release_can_be_recovered(release, function):
    tables, unknown, confidential = linked_tables_of(release, function)
    assert confidential.any()
    assert recoverable(tables, unknown, confidential) == []
