"""Due dates on the real policy data: read from the letters at import, overdue on 6 December 2026,
open since, counts per status class and per letter, the announced deliverables counted apart,
staff's correction (logged, kept by the import), honest labels, and the annex's labels and
accessible version."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from tekort.monitor import announcements, editing, history, overdue
from tekort.monitor.importer import PolicyImporter
from tekort.monitor.models import Deadline, Item, Kind, Status
from tekort.registry.importers.base import ImportRejected

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)
OVERDUE_ON_TODAY = {
    # report promised later (13 of the 14: the pabo evaluation is due in 2026/27)
    "tz-2020-09-15-strategische-evaluatie",
    "motie-29544-1135",
    "motie-35300-viii-33",
    "motie-36200-viii-90",
    "motie-27923-452",
    "motie-36410-viii-73",
    "tz-2024-02-28-vakmensen-voor-de-klas",
    "tz-202402-161",
    "motie-27923-467",
    "motie-27923-469",
    "motie-27923-476",
    "motie-27923-484",
    "tz-202402-158",
    # in progress, with a period the letter named
    "motie-35570-viii-165",
    "motie-36200-viii-88",
    "motie-36200-viii-94",
    "motie-36200-viii-111",
    "tz-2023-06-26-beroepsgroep",
}
ANNOUNCED = {
    "ak-dashboard-onderwijsarbeidsmarkt": ("Q4", datetime.date(2023, 12, 31), "afgedaan"),
    "ak-napl-voortgangsrapportage": ("december 2024", datetime.date(2024, 12, 31), "open"),
    "ak-groepsleraar-12plus": ("het najaar van 2024", datetime.date(2024, 11, 30), "open"),
    "ak-herijkte-bekwaamheidseisen": ("eind 2025", datetime.date(2025, 12, 31), "open"),
    "ak-inventarisatie-onderwijstijd-vo": ("het najaar", datetime.date(2024, 11, 30), "open"),
    "ak-wetsvoorstel-shrm-raad-van-state": ("na de zomer", datetime.date(2024, 11, 30), "open"),
    "ak-extra-subsidie-onderwijsregios": ("het najaar", datetime.date(2024, 11, 30), "open"),
    "ak-eindrapport-flexibilisering": ("begin 2025", datetime.date(2025, 3, 31), "open"),
    "ak-monitor-werkdrukmiddelen-vo": ("december", datetime.date(2024, 12, 31), "open"),
}


def _normalised(path):
    return re.sub(r"\s+", " ", path.read_text(encoding="utf-8").replace("\uf0b7", "")).strip()


def test_every_commitment_promised_for_later_has_a_due_date_from_its_text(policy, csv_rows):
    register = list(overdue.register_items())
    assert len(register) == 71
    assert sum(1 for i in register if overdue.deadline_of(i)) == 32
    later = [i for i in register if i.latest_status == "toegezegd-later"]
    assert len(later) == 14 and all(overdue.deadline_of(i) for i in later)
    texts = {r["id"]: r["status_text"] for r in csv_rows("motion_status.csv")}
    requests = {r["id"]: r["request"] for r in csv_rows("motions.csv")}
    from_request = set()
    for deadline in Deadline.objects.exclude(item__kind=Kind.AANKONDIGING):
        assert deadline.source == "text"
        # the phrase is verbatim in a status text of the letter it was read from, or the request
        status = texts.get(f"ms-{deadline.item_id}@{deadline.letter_id}", "")
        if deadline.phrase not in status:
            assert deadline.phrase in requests[deadline.item_id]
            from_request.add(deadline.item_id)
    assert from_request == {"tz-202402-163"}  # "Bij de volgende voortgangsbrief in juni 2024"
    pabo = Deadline.objects.get(item_id="tz-202206-077")
    assert (pabo.phrase, pabo.due_date, pabo.precision, pabo.letter_id) == (
        "(2026/27)",
        datetime.date(2027, 7, 31),
        "school-year",
        "l2024-06",
    )
    bonus = Deadline.objects.get(item_id="tz-202402-161")
    assert (bonus.phrase, bonus.period_start, bonus.due_date, bonus.precision) == (
        "na het zomerreces van 2024",
        datetime.date(2024, 9, 1),
        datetime.date(2024, 11, 30),
        "season",
    )
    # an older letter's promise when the newest status names none
    voltijd = Deadline.objects.get(item_id="motie-35300-viii-33")
    assert (voltijd.phrase, voltijd.letter_id) == ("het voorjaar 2023", "l2022-12")


def test_overdue_today_counts_per_status_class_and_per_letter(policy):
    register = list(overdue.register_items())
    late = overdue.overdue_items(register, TODAY)
    assert {i.id for i in late} == OVERDUE_ON_TODAY and len(late) == 18
    assert late[0].id == "motie-35570-viii-165"  # due 31 August 2021, longest overdue
    assert overdue.overdue_items(register, datetime.date(2021, 8, 31)) == []
    counts = {c.status_class: c for c in overdue.class_counts(register, TODAY)}
    assert [(c.items, c.with_due_date, c.overdue) for c in counts.values()] == [
        (40, 11, 0),  # afgedaan
        (15, 5, 5),  # lopend
        (14, 14, 13),  # toegezegd-later
        (2, 2, 0),  # niet-uitgevoerd: refused, not late
    ]
    letters = {c.letter.id: c for c in overdue.letter_counts(register, TODAY)}
    assert {k: (c.reported, c.overdue) for k, c in letters.items()} == {
        "l2021-06": (7, 2),
        "l2022-12": (16, 6),
        "l2023-06": (7, 1),
        "l2024-02": (23, 1),
        "l2024-06": (22, 8),
    }
    assert letters["l2024-06"].per_class == {
        "afgedaan": 10,
        "lopend": 2,
        "toegezegd-later": 8,
        "niet-uitgevoerd": 2,
    }


def test_open_since_is_the_first_letter_of_the_open_run(policy):
    items = {i.id: i for i in overdue.register_items()}
    assert overdue.open_since(items["tz-202206-077"]).id == "l2022-12"  # open in 2022 and 2024
    assert overdue.open_since(items["motie-36410-viii-60"]) is None  # refused in 2024-06
    assert overdue.open_since(items["motie-36200-24"]) is None  # done


def test_announcements_are_tracked_apart_in_the_letters_words(policy, shared_data_dir):
    items = {i.id: i for i in overdue.announced_items()}
    assert set(items) == set(ANNOUNCED) and len(items) == 9
    for item_id, (phrase, due, state) in ANNOUNCED.items():
        deadline = items[item_id].deadline
        assert (deadline.phrase, deadline.due_date) == (phrase, due)
        assert (items[item_id].latest_status == "afgedaan") == (state == "afgedaan")
    late = overdue.overdue_items(list(items.values()), TODAY)
    assert len(late) == 8 and "ak-dashboard-onderwijsarbeidsmarkt" not in {i.id for i in late}
    # every text stands verbatim in its letter
    letters = {
        "l2023-06": "003_8871b4d34f1384db.txt",
        "l2024-02": "004_53d319b86d06aa13.txt",
        "l2024-06": "001_4436bc47727c4e5e.txt",
    }
    with open(announcements.FILE, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 10
    for row in rows:
        assert row["text"] in _normalised(
            shared_data_dir.parent / "letters" / letters[row["letter_id"]]
        )
    assert Status.objects.filter(item__kind=Kind.AANKONDIGING).count() == 10
    assert policy.counts["aankondigingen"].created == 9


def test_a_text_not_in_the_letter_refuses_the_import(db, policy_dir, tmp_path, monkeypatch):
    bad = tmp_path / "aankondigingen.csv"
    text = announcements.FILE.read_text(encoding="utf-8").replace("live gaan.", "live gaat.", 1)
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setattr(announcements, "FILE", bad)
    with pytest.raises(ImportRejected) as rejected:
        PolicyImporter(policy_dir).run()
    assert [str(e) for e in rejected.value.errors] == [
        "regel 2: aankondigingen.csv: tekst staat niet letterlijk in brief l2023-06"
    ]
    assert not Item.objects.exists()


def test_the_overdue_page_and_its_data(client, policy):
    url = reverse("monitor:overdue")
    html = client.get(url, {"datum": "2026-12-06"}).content.decode()
    assert "<h1>Moties en toezeggingen die te laat zijn</h1>" in html
    assert "Op 6 december 2026 zijn 18 moties en toezeggingen te laat." in html
    assert "32 van de 71 items hebben een termijn." in html
    assert "oordeel van de samensteller" in html
    glossary = client.get(reverse("publications:glossary")).content.decode()
    assert '<h2 id="statusklasse">Statusklasse</h2>' in glossary
    assert "het oordeel van de samensteller over de tekst van\nde brief" in glossary
    assert "8 van de aangekondigde producten die de brieven noemen zonder ze toezegging" in html
    data = client.get(reverse("monitor:overdue-json"), {"datum": "2026-12-06"}).json()
    assert {r["id"] for r in data["overdue"]} == OVERDUE_ON_TODAY
    first = data["overdue"][0]
    assert (first["id"], first["due_date"], first["days_overdue"], first["open_since"]) == (
        "motie-35570-viii-165",
        "2021-08-31",
        1923,
        "2021-06-01",
    )
    assert (data["items"], data["items_with_due_date"]) == (71, 32)
    assert len(data["announcements"]["overdue"]) == 8
    response = client.get(reverse("monitor:overdue-csv"), {"datum": "2026-12-06"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 26 and {r["soort"] for r in rows[18:]} == {"aankondiging"}


def test_a_bad_date_gets_a_dutch_message(client, policy):
    response = client.get(reverse("monitor:overdue"), {"datum": "6-12-2026x"})
    assert response.status_code == 400
    assert "Vul een geldige datum in, bijvoorbeeld 2026-12-06." in response.content.decode()
    assert client.get(reverse("monitor:overdue-json"), {"datum": "gisteren"}).status_code == 400


def test_lists_show_due_dates_overdue_and_open_since(client, policy):
    html = client.get(reverse("monitor:items"), {"kind": "toezegging"}).content.decode()
    assert '<th scope="col">Open sinds</th>' in html
    assert "<q>(2026/27)</q>, uiterlijk 31 juli 2027" in html
    assert (
        '<q>Eind 2024</q>, uiterlijk 31 december 2024 <strong class="overdue">te laat</strong>'
        in html
    )
    assert "71 items gevonden." in client.get(reverse("monitor:items")).content.decode()
    page = client.get(reverse("monitor:announcements")).content.decode()
    assert "9 aankondigingen." in page
    assert "Naar verwachting zal in Q4 het onderwijsarbeidsmarkt dashboard live gaan." in page
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("monitor:announcements-csv")).content.decode())
        )
    )
    assert len(rows) == 9
    letter = client.get(reverse("monitor:letter", args=["l2024-06"])).content.decode()
    assert "Aangekondigd in deze brief" in letter
    assert reverse("monitor:item", args=["ak-napl-voortgangsrapportage"]) in letter


def test_staff_correct_a_due_date_logged_and_kept_by_the_import(
    staff_client, analyst, policy, policy_dir
):
    url = reverse("monitor:item-deadline", args=["tz-202206-077"])
    response = staff_client.post(
        url,
        {"due_date": "2027-03-31", "precision": "quarter", "note": "Planning OCW: Q1 2027."},
    )
    assert response.status_code == 302
    deadline = Deadline.objects.get(item_id="tz-202206-077")
    assert (deadline.source, deadline.due_date, deadline.set_by) == (
        "staff",
        datetime.date(2027, 3, 31),
        analyst,
    )
    change = history.changes("deadline.set").get()
    assert change.detail["data"]["before"]["phrase"] == "(2026/27)"
    assert change.detail["data"]["after"] == {
        "due_date": "2027-03-31",
        "precision": "quarter",
        "phrase": "Planning OCW: Q1 2027.",
    }
    again = PolicyImporter(policy_dir).run()
    assert not again.changed
    assert Deadline.objects.get(item_id="tz-202206-077").source == "staff"
    html = staff_client.get(reverse("monitor:item", args=["tz-202206-077"])).content.decode()
    assert "door medewerker vastgesteld" in html


def test_status_classes_say_who_judged_them(staff_client, analyst, policy):
    html = staff_client.get(reverse("monitor:item", args=["tz-202402-158"])).content.decode()
    assert "oordeel van de samensteller, overgenomen uit de brongegevens bij de import" in html
    planned = editing.plan_letter(analyst, datetime.date(2027, 1, 15), "Voortgangsbrief 2027")
    status = editing.save_draft(
        analyst,
        Item.objects.get(pk="tz-202402-158"),
        planned,
        text="De evaluatie volgt.",
        status_class="lopend",
    )
    editing.approve(analyst, status)
    name = analyst.get_full_name() or analyst.get_username()
    html = staff_client.get(reverse("monitor:item", args=["tz-202402-158"])).content.decode()
    assert f"oordeel van de samensteller, goedgekeurd door {name}" in html
    # the draft annex of the planned letter marks the item overdue on the letter's date
    annex = staff_client.get(reverse("monitor:annex-json", args=[planned.pk])).json()
    item = annex["rows"][0]["items"][0]
    assert (item["id"], item["overdue"], item["due_date"]) == ("tz-202402-158", True, "2024-12-31")
    page = staff_client.get(reverse("monitor:annex", args=[planned.pk])).content.decode()
    assert "Te laat op de datum van de brief: uiterlijk 2024-12-31" in page


def test_the_annex_choice_has_unique_labels_and_the_accessible_version(client, policy):
    html = client.get(reverse("monitor:annex-choose")).content.decode()
    labels = re.findall(r'<option value="l[^"]+">([^<]+)</option>', html)
    assert len(labels) == len(set(labels)) == 3
    assert "december 2022 – Bijlage 1 – stand van zaken moties" in labels[0]
    assert "juni 2023 – Bijlage 1 – stand van zaken moties" in labels[1]
    assert "toegankelijke versie" in html
    annex = client.get(reverse("monitor:annex", args=["l2024-06"])).content.decode()
    assert "Deze webpagina is de toegankelijke versie van de bijlage" in annex
    letter = client.get(reverse("monitor:letter", args=["l2024-06"])).content.decode()
    assert "webpagina, de toegankelijke versie" in letter
    assert "niet getagd voor schermlezers" in letter
    # announcements stay out of the annex: the June 2023 annex keeps the letter's rows
    rows = client.get(reverse("monitor:annex-json", args=["l2023-06"])).json()["rows"]
    assert "ak-dashboard-onderwijsarbeidsmarkt" not in {i["id"] for r in rows for i in r["items"]}
