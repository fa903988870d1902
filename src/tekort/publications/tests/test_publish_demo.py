"""`make run`'s last step: every demo round is estimated and published once."""

import io

import pytest
from django.core.management import call_command

from tekort.monitor.models import Letter
from tekort.publications.models import Release
from tekort.submissions import demo
from tekort.submissions.models import Round
from tekort.tests.small_register import narrow_register

pytestmark = pytest.mark.django_db


def test_prepare_demo_site_publishes_each_demo_round_once_then_only_checks():
    """The test database already holds the register; a demo and its releases are made once,
    by prepare_demo_site and by publish_demo alike (on the small register)."""
    narrow_register()
    demo.generate(seed=2)
    # keep the test short: only two rounds count as demo rounds (publish_demo skips the others)
    Round.objects.filter(peildatum__year__lt=2025).update(is_demo=False)
    out = io.StringIO()
    call_command("prepare_demo_site", bootstrap=5, stdout=out)
    assert "Register aanwezig" in out.getvalue()
    assert Letter.objects.exists()
    assert sorted(Release.objects.values_list("round__peildatum__month", flat=True)) == [2, 10]
    # demo figures are never final
    assert set(Release.objects.values_list("status", flat=True)) == {Release.Status.PROVISIONAL}

    again = io.StringIO()
    call_command("prepare_demo_site", bootstrap=5, stdout=again)
    text = again.getvalue()
    assert "Beleidsregister aanwezig" in text and "al gepubliceerd" in text
    once_more = io.StringIO()
    call_command("publish_demo", bootstrap=5, stdout=once_more)
    assert "al gepubliceerd" in once_more.getvalue()
    assert Release.objects.count() == 2
