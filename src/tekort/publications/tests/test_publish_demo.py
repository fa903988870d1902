"""`make run`'s last step: every demo round is estimated and published once."""

import io

import pytest
from django.core.management import call_command

from tekort.publications.models import Release
from tekort.submissions import demo
from tekort.submissions.models import Round

pytestmark = pytest.mark.django_db


def test_publish_demo_publishes_each_demo_round_once():
    demo.generate(seed=2)
    # keep the test short: only two rounds count as demo rounds (publish_demo skips the others)
    Round.objects.filter(peildatum__year__lt=2025).update(is_demo=False)
    call_command("publish_demo", bootstrap=5, stdout=io.StringIO())
    assert sorted(Release.objects.values_list("round__peildatum__month", flat=True)) == [2, 10]
    # demo figures are never final
    assert set(Release.objects.values_list("status", flat=True)) == {Release.Status.PROVISIONAL}
    out = io.StringIO()
    call_command("publish_demo", bootstrap=5, stdout=out)
    assert "al gepubliceerd" in out.getvalue()
    assert Release.objects.count() == 2


def test_prepare_demo_site_only_checks_when_everything_is_there():
    """The test database already holds the register; a demo and its releases are made once."""
    demo.generate(seed=2)
    Round.objects.filter(peildatum__year__lt=2025).update(is_demo=False)
    from tekort.monitor.models import Letter

    out = io.StringIO()
    call_command("prepare_demo_site", bootstrap=5, stdout=out)
    assert "Register aanwezig" in out.getvalue()
    assert Letter.objects.exists() and Release.objects.count() == 2
    again = io.StringIO()
    call_command("prepare_demo_site", bootstrap=5, stdout=again)
    text = again.getvalue()
    assert "Beleidsregister aanwezig" in text and "al gepubliceerd" in text
    assert Release.objects.count() == 2
