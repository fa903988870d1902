"""Parliament's data in: the recorded Tweede Kamer open-data responses in tests/data/tweede_kamer
(Zaak, Document with Besluit and Stemming, Toezegging) matched to the register, and the status
changes proposed as drafts in a planned letter; nothing approved, a rerun proposes nothing new."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tekort.monitor import editing, history, parliament
from tekort.monitor.models import Status

DATA = Path(__file__).parent / "data" / "tweede_kamer"

# the files are read by name: document_36410-VIII, toezegging, zaak_27923, zaak_36200-VIII
PROPOSED = [
    "motie-36410-viii-73: afgedaan",
    "tz-202402-161: afgedaan",
    "motie-27923-484: afgedaan",
    "motie-27923-452: afgedaan",
    "motie-36200-viii-90: afgedaan",
]
NO_CHANGE = [
    "motie-36410-viii-60",  # adopted, not afgedaan: niet-uitgevoerd stands
    "tz-202402-158",  # Openstaand
    "tz-202306-299",  # Voldaan, afgedaan already
    "tz-202206-077",  # Openstaand
    "motie-27923-476",  # adopted, not afgedaan: still toegezegd-later
    "motie-27923-473",  # afgedaan already
    "motie-27923-470",  # adopted, not afgedaan: niet-uitgevoerd stands
    "motie-36200-viii-88",  # adopted, not afgedaan: lopend stands
]


@pytest.fixture
def planned(policy, analyst):
    return editing.plan_letter(
        analyst, datetime.date(2026, 12, 1), "Voortgangsbrief werken in het onderwijs"
    )


def _run(**kwargs):
    report, _letter = parliament.import_responses(DATA, **kwargs)
    return report


def test_the_recorded_files_are_matched_and_proposals_drafted(planned):
    report = _run()
    assert report.read == 18
    assert len(report.matched) == 13
    assert report.unmatched == [
        "toezegging TZ202311-042 (TZ202311-042)",
        "zaak 2023Z05114 (27923;480)",
        "zaak 2022Z21647 (36200-VIII;95)",
    ]
    assert report.ambiguous == [
        "zaak 2022Z24006 (27923;451): motie-27923-451-kwint-westerveld, motie-27923-451-peters"
    ]
    assert report.skipped == [
        "zaak_27923.json (Zaak 2024Z10921): zaak van soort 'Brief regering', geen motie"
    ]
    assert report.proposed == PROPOSED
    assert report.no_change == NO_CHANGE
    assert (report.unchanged, report.kept, report.refused) == ([], [], [])

    drafts = Status.objects.filter(letter=planned)
    assert drafts.count() == 5
    assert set(drafts.values_list("state", flat=True)) == {Status.State.DRAFT}
    assert drafts.get(item_id="motie-27923-484").text == (
        "[Voorstel uit de open data van de Tweede Kamer] Motie aangenomen (128 zetels voor, "
        "22 tegen); de Kamer heeft de motie afgedaan (zaak 2023Z05118, besluit: ‘Aangenomen.’)."
    )
    assert drafts.get(item_id="motie-36410-viii-73").text == (
        "[Voorstel uit de open data van de Tweede Kamer] Motie aangenomen (117 zetels voor, "
        "33 tegen); de Kamer heeft de motie afgedaan (document 2023D46133, besluit: "
        "‘Aangenomen.’)."
    )
    assert drafts.get(item_id="tz-202402-161").text == (
        "[Voorstel uit de open data van de Tweede Kamer] Toezegging TZ202402-161: status ‘Voldaan’."
    )
    logged = history.changes("status.drafted").filter(actor__isnull=True)
    assert sorted(logged.values_list("object_id", flat=True)) == sorted(
        f"ms-{p.split(':')[0]}@{planned.pk}" for p in PROPOSED
    )


def test_a_rerun_proposes_nothing_new(planned):
    _run()
    changes = history.changes().count()
    report = _run()
    assert report.proposed == []
    assert report.unchanged == [p.split(":")[0] for p in PROPOSED]
    assert Status.objects.filter(letter=planned).count() == 5
    assert history.changes().count() == changes


def test_staff_edits_and_approvals_are_left_alone(planned, analyst):
    _run()
    edited = Status.objects.get(item_id="motie-27923-452", letter=planned)
    editing.save_draft(
        analyst,
        edited.item,
        planned,
        text="Het onderzoek naar vertrekkende leraren is in 2023 aan de Kamer gestuurd.",
        status_class="afgedaan",
    )
    editing.approve(analyst, Status.objects.get(item_id="tz-202402-161", letter=planned))
    report = _run()
    assert report.kept == [
        "tz-202402-161: goedgekeurd",
        "motie-27923-452: door medewerkers bewerkt",
    ]
    assert report.unchanged == ["motie-36410-viii-73", "motie-27923-484", "motie-36200-viii-90"]
    edited.refresh_from_db()
    assert edited.text.startswith("Het onderzoek naar vertrekkende leraren")
    assert Status.objects.get(item_id="tz-202402-161", letter=planned).approved_by == analyst


def test_nothing_is_ever_approved_by_the_importer(planned):
    _run()
    assert not Status.objects.filter(letter=planned, state=Status.State.APPROVED).exists()
    assert not history.changes("status.approved").exists()


def test_a_dry_run_saves_nothing(planned):
    report = _run(dry_run=True)
    assert report.proposed == PROPOSED
    assert not Status.objects.filter(letter=planned).exists()
    assert not history.changes("status.drafted").exists()


def test_the_command_reports_the_counts(planned):
    out = io.StringIO()
    call_command("import_parliament", str(DATA), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[:10] == [
        "Tweede Kamer open data: 18 zaken, documenten en toezeggingen gelezen",
        "  gekoppeld aan een item: 13",
        "  niet gekoppeld (geen item met dat nummer): 3",
        "  niet gekoppeld (nummer van meer dan één item): 1",
        "  overgeslagen (geen motie of toezegging, of zonder nummer): 1",
        f"  wijzigingen voorgesteld als concept in {planned.pk}: 5",
        "  concept stond er al: 0",
        "  geen wijziging nodig: 8",
        "  niet aangeraakt (goedgekeurd of door medewerkers bewerkt): 0",
        "  geweigerd: 0",
    ]
    one = io.StringIO()
    call_command("import_parliament", str(DATA / "toezegging.json"), "--dry-run", stdout=one)
    assert "  gekoppeld aan een item: 4" in one.getvalue().splitlines()
    assert one.getvalue().splitlines()[-1] == "  proefdraai: niets opgeslagen"


def test_a_later_status_refuses_the_draft(planned, analyst):
    later = editing.plan_letter(analyst, datetime.date(2027, 2, 1), "Latere brief")
    editing.save_draft(
        analyst,
        Status.objects.filter(item_id="tz-202402-161").first().item,
        later,
        text="Al gemeld.",
        status_class="afgedaan",
    )
    report = _run(letter_id=planned.pk)
    assert report.refused == ["tz-202402-161: er is al een stand in een latere brief"]
    assert len(report.proposed) == 4


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("kapot.json", b'{"value": [', "kapot.json: geen geldige JSON (regel 1, kolom 12)"),
        (
            "leeg.json",
            b'{"@odata.context": "x"}',
            "leeg.json: geen OData-antwoord (een lijst 'value' ontbreekt)",
        ),
        (
            "fractie.json",
            json.dumps({"@odata.context": "https://x/$metadata#Fractie", "value": []}).encode(),
            "fractie.json: entiteit 'Fractie' wordt niet gelezen (wel: Zaak, Document, Toezegging)",
        ),
        ("latin.json", '{"value": ["é"]}'.encode("latin-1"), "latin.json: geen UTF-8-tekst"),
    ],
)
def test_a_response_that_cannot_be_read_refuses_the_run(planned, tmp_path, name, body, message):
    (tmp_path / name).write_bytes(body)
    (tmp_path / "toezegging.json").write_bytes((DATA / "toezegging.json").read_bytes())
    err = io.StringIO()
    with pytest.raises(CommandError, match="niets voorgesteld"):
        call_command("import_parliament", str(tmp_path), stderr=err)
    assert err.getvalue().splitlines() == [message]
    assert not Status.objects.filter(letter=planned).exists()


def test_without_a_planned_letter_it_says_what_to_do(policy):
    with pytest.raises(CommandError):
        call_command("import_parliament", str(DATA), stderr=(err := io.StringIO()))
    assert err.getvalue().strip() == (
        "er is geen geplande brief: plan er eerst een (/beleid/brieven/nieuw/)"
    )


def test_a_missing_source_is_named(planned):
    with pytest.raises(parliament.ParliamentRejected) as rejected:
        parliament.import_responses("/bestaat/niet")
    assert rejected.value.errors == ["bestand of map niet gevonden: /bestaat/niet"]
    with pytest.raises(parliament.ParliamentRejected) as rejected:
        parliament.import_responses("http://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak")
    assert rejected.value.errors == [
        "alleen lokale bestanden, mappen of https-adressen: "
        "http://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak"
    ]


@pytest.mark.parametrize(
    ("dossier", "volgnummer", "expected"),
    [
        ({"Nummer": 36200, "Toevoeging": "VIII"}, 88, "36200-VIII;88"),
        ({"Nummer": 27923, "Toevoeging": None}, 451, "27923;451"),
        ({"Nummer": 36410, "Toevoeging": "viii"}, 60, "36410-VIII;60"),
        ({"Nummer": 29544, "Toevoeging": "(R1234)"}, 1135, "29544;1135"),
    ],
)
def test_the_kamerstuk_number_is_the_registers_form(dossier, volgnummer, expected):
    assert parliament.kamerstuk_norm(dossier, volgnummer) == expected
