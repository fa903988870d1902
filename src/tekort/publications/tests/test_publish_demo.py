"""`make run`'s last step: every demo round is estimated and published once."""

import io

import pytest
from django.core.management import call_command

from tekort.publications.models import Release
from tekort.submissions import demo
from tekort.submissions.models import Registration, Round

pytestmark = pytest.mark.django_db


def test_publish_demo_publishes_each_demo_round_once():
    demo.generate(seed=2)
    Registration.objects.filter(round__peildatum__year__lt=2025).delete()  # keep it short:
    Round.objects.filter(peildatum__year__lt=2025).delete()  # two rounds
    call_command("publish_demo", bootstrap=5, stdout=io.StringIO())
    assert sorted(Release.objects.values_list("round__peildatum__month", flat=True)) == [2, 10]
    assert set(Release.objects.values_list("status", flat=True)) == {Release.Status.FINAL}
    out = io.StringIO()
    call_command("publish_demo", bootstrap=5, stdout=out)
    assert "al gepubliceerd" in out.getvalue()
    assert Release.objects.count() == 2
