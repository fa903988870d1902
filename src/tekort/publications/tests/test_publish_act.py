"""Publishing is an act on the record: an audit event says who published which run as which
version with which status; a run is published once, also when two publish it at the same
moment (a database constraint); demo rounds are never published as final."""

import threading
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from tekort.audit.models import Event
from tekort.conftest import replay
from tekort.estimates.models import EstimateRun
from tekort.forecasts.tests.factories import (
    EstimateCellFactory,
    EstimateRunFactory,
    RoundFactory,
)
from tekort.publications.models import Release
from tekort.publications.publishing import PublishError, publish
from tekort.submissions.models import Round


def _published_events():
    return Event.objects.filter(action=Event.Action.PUBLISHED_RELEASE).order_by("id")


@pytest.mark.django_db
def test_a_publication_is_an_audit_event_naming_who_run_version_and_status(
    estimate_runs, computed_rounds, caplog
):
    analyst = get_user_model().objects.create_user("analist@example.nl")
    earlier, latest = estimate_runs
    with caplog.at_level("INFO", logger="tekort.publications.publishing"):
        first = publish(latest, note="Eerste publicatie", user=analyst)
    # the operators' log says so too, with the release and the run as fields
    (line,) = [r for r in caplog.records if r.name == "tekort.publications.publishing"]
    assert (line.release, line.run, line.version) == (first.slug, latest.pk, 1)
    assert first.slug in line.getMessage()
    again = replay(computed_rounds[1])  # a new run of the same round: its second version
    second = publish(again, note="Herzien", user=analyst)
    publish(earlier)  # from a management command: nobody signed in

    *events, by_command = _published_events()
    assert [e.object_id for e in events] == [str(first.pk), str(second.pk)]
    for event, release, run in zip(events, [first, second], [latest, again], strict=True):
        assert event.actor == analyst and event.actor_name == "analist@example.nl"
        assert event.object_type == "publications.release"
        assert event.detail["run"] == run.pk
        assert event.detail["version"] == release.version
        assert event.detail["status"] == "voorlopig"
        assert event.detail["slug"] == release.slug
        assert event.detail["round"] == run.round.peildatum.isoformat()
    assert [e.detail["version"] for e in events] == [1, 2]
    assert events[1].detail["supersedes"] == first.slug and events[0].detail["supersedes"] is None
    assert by_command.actor is None and by_command.actor_name == ""
    assert by_command.detail["run"] == earlier.pk


@pytest.mark.django_db
def test_a_demo_round_is_never_published_as_final(estimate_runs):
    earlier, latest = estimate_runs
    assert latest.round.is_demo
    with pytest.raises(PublishError, match="demonstratie"):
        publish(latest, status=Release.Status.FINAL)
    assert not Release.objects.filter(round=latest.round).exists()
    assert not _published_events().exists()  # a refused publication leaves no event
    assert publish(latest).status == Release.Status.PROVISIONAL

    Round.objects.filter(pk=earlier.round_id).update(is_demo=False)
    earlier.round.refresh_from_db()
    assert publish(earlier, status=Release.Status.FINAL).status == Release.Status.FINAL


@pytest.mark.django_db
def test_another_run_taking_the_version_first_is_a_publish_error(estimate_runs, monkeypatch):
    """Two runs of one round published at once: the loser of (round, version) is told so."""
    from tekort.publications import publishing

    run = estimate_runs[1]

    def lost_the_race(*args):
        raise IntegrityError("one_release_per_version")

    monkeypatch.setattr(publishing, "_create", lost_the_race)
    with pytest.raises(PublishError, match="zojuist een andere versie") as refused:
        publish(run)
    assert isinstance(refused.value.__cause__, IntegrityError)


@pytest.mark.django_db
def test_a_run_is_published_once_by_the_database_itself(estimate_runs):
    run = estimate_runs[1]
    release = publish(run)
    with pytest.raises(PublishError, match="al gepubliceerd") as refused:
        publish(run)
    assert isinstance(refused.value.__cause__, IntegrityError)  # the constraint said so
    assert list(Release.objects.filter(run=run)) == [release]
    assert _published_events().count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.create(
            round=run.round, version=99, slug="tweede", run=run, method_version="x"
        )


def _finished_run() -> EstimateRun:
    """A closed (non-demo) round with a finished run of two national cells."""
    run = EstimateRunFactory(round=RoundFactory(peildatum=date(1991, 10, 1), is_demo=False))
    for measure, rate in (("tekort", 0.08), ("verborgen", 0.05)):
        EstimateCellFactory(
            run=run,
            breakdown="national",
            domain="national",
            measure=measure,
            rate=rate,
            fte=rate * 1000,
        )
    return run


def _end_connection():
    """End this thread's database connection. On the in-memory SQLite test database Django's
    ``close()`` keeps it open (closing the last connection would drop the database; here the
    main thread's keeps it). Left open, the garbage collector would close it at any later moment,
    also inside a statement of the main thread's connection, which deadlocks SQLite's shared
    cache. So it is closed for real."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        BaseDatabaseWrapper.close(connection)
    else:
        connection.close()


# A transactional test flushes, at its end, the tables of the apps it names here, and only those:
# the register the session loaded (tekort.registry) stays for the tests after it.
WRITTEN_APPS = ["tekort.submissions", "tekort.estimates", "tekort.publications", "tekort.audit"]


@pytest.mark.django_db(transaction=True, available_apps=WRITTEN_APPS)
def test_two_simultaneous_publications_of_a_run_yield_one_version():
    run = _finished_run()
    start = threading.Barrier(2)
    outcomes = []

    def publisher():
        try:
            start.wait(timeout=60)
            outcomes.append(publish(run))
        except Exception as exc:  # the test looks at what it was
            outcomes.append(exc)
        finally:
            _end_connection()

    threads = [threading.Thread(target=publisher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)

    releases = [o for o in outcomes if isinstance(o, Release)]
    refused = [o for o in outcomes if not isinstance(o, Release)]
    assert len(releases) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], PublishError) and "al gepubliceerd" in str(refused[0])
    assert isinstance(refused[0].__cause__, IntegrityError)  # the database constraint decided
    assert list(Release.objects.filter(run=run)) == releases
    assert releases[0].version == 1
    assert [e.object_id for e in _published_events()] == [str(releases[0].pk)]
