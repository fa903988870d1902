"""Estimates from stored inputs: stored per round with method version and fingerprints, reproducible."""

import pytest
from django.core.management import call_command
from django.db.models import Q

from tekort.accounts.testing import sign_in
from tekort.estimates.frames import build_inputs
from tekort.estimates.models import EstimateCell, EstimateRun
from tekort.estimates.region_tables import cells_by_region, disclosure_facts, rows
from tekort.estimates.run import SCHOOL_LEADER_BREAKDOWNS, run_estimates
from tekort.registry.models import Location, Onderwijsregio
from tekort.submissions.models import Registration, SchoolLeaderRegistration

pytestmark = pytest.mark.django_db


def in_frame(round_):
    """The locations of a round's frame: DUO counts pupils there, or they registered by then."""
    return Location.objects.filter(
        Q(pupil_counts__pupils__isnull=False)
        | Q(
            registrations__round__peildatum__lte=round_.peildatum,
            registrations__submitted_at__isnull=False,
        )
    ).distinct()


def test_frame_covers_every_location_and_responses_every_submission(latest_round):
    frame, responses = build_inputs(latest_round)
    assert len(frame) == in_frame(latest_round).count() < Location.objects.count()
    assert len(responses) == Registration.objects.filter(round=latest_round).count()
    assert set(frame["schoolweging_band"]) == {"low", "middle", "high", "none"}
    cbs = frame[frame["sector"] == "bao"]["schoolweging_band"].value_counts()
    assert abs(cbs["low"] - cbs["high"]) < 0.05 * len(frame)  # tertiles of the bao values
    by_code = frame.set_index("location_id")["formation_fte"]
    answered = responses.set_index("location_id")["formatie_fte"]
    assert (by_code[answered.index] == answered).all()  # reported formatie where known


def test_a_run_stores_every_cell_with_its_method_and_fingerprints(latest_round):
    run = run_estimates(latest_round, seed=5, n_bootstrap=50)
    assert run.status == EstimateRun.Status.DONE
    assert run.method_version and len(run.inputs_fingerprint) == 64
    national = EstimateCell.objects.get(
        run=run, function="leraar", breakdown="national", measure="tekort", is_model_based=False
    )
    assert 0.03 < national.rate < 0.12
    assert national.n_frame == in_frame(latest_round).count()
    assert national.n_responding == run.n_responding  # the locations that answered for teachers
    assert EstimateCell.objects.filter(
        run=run, is_model_based=True, breakdown="municipality_code"
    ).exists()
    statuses = set(EstimateCell.objects.filter(run=run).values_list("disclosure_status", flat=True))
    assert "published" in statuses and len(statuses) > 1


def test_school_leaders_are_stored_for_the_nation_sectors_and_onderwijsregios_only(latest_round):
    run = run_estimates(latest_round, seed=5, n_bootstrap=20)
    leaders = EstimateCell.objects.filter(run=run, function="schoolleider")
    assert set(leaders.values_list("breakdown", flat=True)) == {
        "national",
        *SCHOOL_LEADER_BREAKDOWNS,
    }
    assert not leaders.filter(is_model_based=True).exists()
    national = leaders.get(breakdown="national", measure="tekort")
    assert 0.05 < national.rate < 0.25  # the demo's school leaders: about 13 %
    assert national.ci_low < national.rate < national.ci_high
    # the units are the boards: those that answered, of all boards with a location in scope
    answered = SchoolLeaderRegistration.objects.filter(round=latest_round).count()
    boards = in_frame(latest_round).values("board").distinct().count()
    assert national.n_responding == answered and national.n_frame == boards
    teachers = EstimateCell.objects.filter(run=run, function="leraar")
    assert teachers.filter(breakdown="municipality_code").exists()


def test_the_same_inputs_recompute_bit_identically(latest_round):
    first = run_estimates(latest_round, seed=9, n_bootstrap=10)
    second = run_estimates(latest_round, seed=9, n_bootstrap=10)
    assert first.inputs_fingerprint == second.inputs_fingerprint
    assert first.results_fingerprint == second.results_fingerprint
    fields = [
        "function",
        "breakdown",
        "domain",
        "measure",
        "is_model_based",
        "rate",
        "ci_low",
        "ci_high",
        "boot_ci_low",
    ]
    assert list(first.cells.order_by(*fields[:5]).values_list(*fields)) == list(
        second.cells.order_by(*fields[:5]).values_list(*fields)
    )
    assert _region_tables(first) == _region_tables(second)


def _region_tables(run) -> dict:
    return {t.onderwijsregio_id: (t.tables, t.audit) for t in run.region_tables.all()}


def test_a_run_stores_every_regions_tables_from_its_registrations(latest_round):
    run = run_estimates(latest_round, seed=9, n_bootstrap=10)
    stored = _region_tables(run)
    assert set(stored) == set(Onderwijsregio.objects.values_list("pk", flat=True))
    # reproducible: the registrations read again (not the run's read) give the identical JSON
    recomputed = {
        pk: (rows(cells), disclosure_facts(cells))
        for pk, cells in cells_by_region(latest_round).items()
    }
    assert stored == recomputed
    answered = sum(tables["total"]["responding"] for tables, _audit in stored.values())
    submitted = Registration.objects.submitted().filter(
        round=latest_round, location__sector__in=latest_round.sectors
    )
    # one per registration and onderwijsregio of its board (a board may be in two)
    assert answered == submitted.filter(location__board__onderwijsregios__isnull=False).count() > 0
    assert any(isinstance(t["total"]["tekort_fte"], int) for t, _audit in stored.values())
    # registrations withdrawn after the run leave the run's tables as they were
    submitted.update(submitted_at=None)
    assert _region_tables(run) == stored
    later = run_estimates(latest_round, seed=9, n_bootstrap=10)
    assert all(t["total"]["responding"] == 0 for t, _audit in _region_tables(later).values())


def test_a_changed_registration_changes_the_input_fingerprint(latest_round):
    first = run_estimates(latest_round, seed=9, n_bootstrap=10)
    registration = Registration.objects.filter(round=latest_round).first()
    registration.regulier_verborgen += 1
    registration.save()
    second = run_estimates(latest_round, seed=9, n_bootstrap=10)
    assert first.inputs_fingerprint != second.inputs_fingerprint
    assert first.results_fingerprint != second.results_fingerprint


def test_the_command_reports_progress(latest_round, capsys, caplog):
    with caplog.at_level("INFO", logger="tekort.estimates.run"):
        call_command("estimate_round", peildatum=latest_round.peildatum, bootstrap=20)
    out = capsys.readouterr().out
    assert "frame en registraties lezen" in out and "cellen" in out
    run = EstimateRun.objects.get(round=latest_round, status="done")
    # the operators' log: one line per finished run, with its cells and time as fields
    (line,) = [r for r in caplog.records if r.name == "tekort.estimates.run"]
    assert line.run == run.pk and line.cells == run.cells.count() and line.seconds >= 0


def test_an_analyst_starts_a_run_in_the_background_and_follows_it(latest_round, client):
    from django.contrib.auth import get_user_model

    from tekort.accounts.models import Role

    analyst = get_user_model().objects.create_user("analyst", password="x" * 16)
    Role.objects.create(user=analyst, kind=Role.Kind.ANALYST)
    sign_in(client, analyst)
    response = client.post(
        "/schattingen/", {"round": latest_round.pk, "seed": 4, "n_bootstrap": 10}, follow=True
    )
    assert response.status_code == 200
    run = EstimateRun.objects.get(round=latest_round)
    assert run.status == "done" and run.progress.startswith("klaar")
    status = client.get(f"/schattingen/{run.pk}.json").json()
    assert status["inputs_fingerprint"] == run.inputs_fingerprint and status["cells"] > 100


def test_others_may_not_start_runs(latest_round, client):
    from django.contrib.auth import get_user_model

    from tekort.accounts.models import Role

    board_user = get_user_model().objects.create_user("board", password="x" * 16)
    Role.objects.create(user=board_user, kind=Role.Kind.BOARD, board=Location.objects.first().board)
    sign_in(client, board_user)
    assert (
        client.post(
            "/schattingen/", {"round": latest_round.pk, "seed": 1, "n_bootstrap": 1}
        ).status_code
        == 403
    )
    assert not EstimateRun.objects.exists()


def test_a_failed_run_is_kept_with_its_error_and_logged(latest_round, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ValueError("frame kapot")

    monkeypatch.setattr("tekort.estimates.run.compute", broken)
    with caplog.at_level("ERROR", logger="tekort.estimates.run"), pytest.raises(ValueError):
        run_estimates(latest_round, seed=1, n_bootstrap=0)
    run = EstimateRun.objects.get(round=latest_round)
    assert run.status == "failed" and run.error == "frame kapot" and run.finished_at
    (line,) = [r for r in caplog.records if r.name == "tekort.estimates.run"]
    assert line.run == run.pk and line.exc_info[0] is ValueError
