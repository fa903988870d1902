"""Parliament's data in: the Tweede Kamer's open data (the gegevensmagazijn's OData v4 JSON)
matched to the register's items, and status changes proposed as drafts for staff to approve.

Input: responses of `https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/`, one JSON document
each (`{"@odata.context": ".../$metadata#Zaak(...)", "value": [...]}`), of three entity sets:

* `Zaak` (Soort "Motie") with `$expand=Kamerstukdossier,Besluit($expand=Stemming)`: the
  kamerstuk number is the dossier's `Nummer` and `Toevoeging` with the zaak's `Volgnummer`
  (`36200-VIII;88`, the register's `Item.kamerstuk_norm`); the outcome is the last `Besluit`
  (`BesluitTekst` "Aangenomen.", "Verworpen." ...), the votes its `Stemming` rows, and
  `Afgedaan` whether the Kamer considers the motion dealt with;
* `Document` (Soort "Motie" or "Motie (gewijzigd/nader)") with
  `$expand=Kamerstukdossier,Zaak($expand=Besluit($expand=Stemming))`: the same, from the
  motion's document (`Volgnummer` is its ondernummer);
* `Toezegging`: matched by its `Nummer` (`TZ202402-161`, the register's `Item.item_ref`); the
  outcome is its `Status` ("Openstaand", "Voldaan", ...).

What is proposed (never approved here): a motion adopted and afgedaan, rejected or withdrawn ->
`afgedaan`; an adopted motion without any status yet -> `lopend`; a toezegging "Voldaan" ->
`afgedaan`, "Deels voldaan" -> `lopend`, "Ingetrokken" or "Niet nagekomen" -> `niet-uitgevoerd`.
Nothing is proposed when the item's latest approved status already has that class. A proposal is
a DRAFT status of the item in a planned letter, written through the one write path
(`editing.save_draft`, recorded in the history); staff review, edit and approve it there. A
rerun proposes nothing new; a draft staff edited, and every approved status, is left alone.
"""

from __future__ import annotations

import json
import re
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from tekort.monitor import editing, history
from tekort.monitor.models import Item, Letter, Status, StatusClass

MAX_BYTES = 20 * 1024 * 1024  # one response; the gegevensmagazijn pages at 250 entities
MAX_PAGES = 50  # @odata.nextLink pages followed from one URL
ENTITY_SETS = ("Zaak", "Document", "Toezegging")
MOTION_DOCUMENTS = ("Motie", "Motie (gewijzigd/nader)")
CONTEXT = re.compile(r"\$metadata#(\w+)")
PROPOSAL_PREFIX = "[Voorstel uit de open data van de Tweede Kamer]"

OUTCOMES = ("aangenomen", "verworpen", "ingetrokken", "aangehouden")
TOEZEGGING_CLASSES = {
    "voldaan": StatusClass.AFGEDAAN,
    "afgedaan": StatusClass.AFGEDAAN,
    "deels voldaan": StatusClass.LOPEND,
    "ingetrokken": StatusClass.NIET_UITGEVOERD,
    "niet nagekomen": StatusClass.NIET_UITGEVOERD,
}


class ParliamentRejected(Exception):
    """A response could not be read: nothing was proposed. `errors` names every one."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(f"{len(errors)} fout(en) in de antwoorden; niets voorgesteld")


@dataclass(frozen=True)
class Record:
    """What parliament's data says about one motion or toezegging."""

    source: str  # response file (or URL) and entity, for the report
    ref: str  # "zaak 2023Z04567", "toezegging TZ202402-161"
    kind: str  # "motie" or "toezegging"
    key: str  # kamerstuk_norm ("36200-VIII;88") or TZ number
    outcome: str  # aangenomen, verworpen, ... / the toezegging's status, lower case
    as_written: str  # the BesluitTekst or Status as parliament wrote it
    afgedaan: bool = False
    votes_for: int | None = None
    votes_against: int | None = None


@dataclass
class ParliamentReport:
    read: int = 0
    matched: list[str] = field(default_factory=list)  # "ref -> item"
    unmatched: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # entities that are no motion/toezegging
    proposed: list[str] = field(default_factory=list)  # "item: class"
    unchanged: list[str] = field(default_factory=list)  # the same draft is there already
    no_change: list[str] = field(default_factory=list)  # nothing to propose
    kept: list[str] = field(default_factory=list)  # approved, or a draft staff edited
    refused: list[str] = field(default_factory=list)  # editing refused (a later letter)

    def lines(self, letter: Letter, dry_run: bool = False) -> list[str]:
        out = [
            f"Tweede Kamer open data: {self.read} zaken, documenten en toezeggingen gelezen",
            f"  gekoppeld aan een item: {len(self.matched)}",
            f"  niet gekoppeld (geen item met dat nummer): {len(self.unmatched)}",
            f"  niet gekoppeld (nummer van meer dan één item): {len(self.ambiguous)}",
            f"  overgeslagen (geen motie of toezegging, of zonder nummer): {len(self.skipped)}",
            f"  wijzigingen voorgesteld als concept in {letter.id}: {len(self.proposed)}",
            f"  concept stond er al: {len(self.unchanged)}",
            f"  geen wijziging nodig: {len(self.no_change)}",
            f"  niet aangeraakt (goedgekeurd of door medewerkers bewerkt): {len(self.kept)}",
            f"  geweigerd: {len(self.refused)}",
        ]
        for title, rows in (
            ("niet gekoppeld", self.unmatched),
            ("dubbelzinnig", self.ambiguous),
            ("overgeslagen", self.skipped),
            ("voorgesteld", self.proposed),
            ("geweigerd", self.refused),
        ):
            out.extend(f"    {title}: {row}" for row in rows)
        if dry_run:
            out.append("  proefdraai: niets opgeslagen")
        return out


# -- reading -------------------------------------------------------------------------------------


def read_responses(source: str | Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of a response file, of every *.json in a directory (by name), or of an
    https URL and the pages its `@odata.nextLink` names."""
    text = str(source)
    if text.startswith("https://"):
        return _fetch(text)
    if "://" in text:
        raise ParliamentRejected([f"alleen lokale bestanden, mappen of https-adressen: {text}"])
    path = Path(text)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise ParliamentRejected([f"geen .json-bestanden in {path}"])
    elif path.is_file():
        files = [path]
    else:
        raise ParliamentRejected([f"bestand of map niet gevonden: {path}"])
    out = []
    for file in files:
        if file.stat().st_size > MAX_BYTES:
            raise ParliamentRejected([f"{file.name}: groter dan {MAX_BYTES // 2**20} MB"])
        out.append((file.name, file.read_bytes()))
    return out


def _fetch(url: str) -> list[tuple[str, bytes]]:  # pragma: no cover - network, never in tests
    out = []
    while url and len(out) < MAX_PAGES:
        request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (https only)
            body = response.read(MAX_BYTES + 1)
        if len(body) > MAX_BYTES:
            raise ParliamentRejected([f"{url}: antwoord groter dan {MAX_BYTES // 2**20} MB"])
        out.append((url, body))
        try:
            url = json.loads(body).get("@odata.nextLink", "")
        except (ValueError, AttributeError):
            url = ""
        if url and not url.startswith("https://"):
            raise ParliamentRejected([f"volgende pagina is geen https-adres: {url}"])
    return out


def parse(responses: list[tuple[str, bytes]]) -> tuple[list[Record], list[str], int]:
    """The records of every response, the entities skipped, and the number read; a response
    that is no OData JSON of a known entity set refuses the whole run."""
    errors, records, skipped, read = [], [], [], 0
    for name, body in responses:
        try:
            doc = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError:
            errors.append(f"{name}: geen UTF-8-tekst")
            continue
        except ValueError as exc:
            errors.append(f"{name}: geen geldige JSON (regel {exc.lineno}, kolom {exc.colno})")
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get("value"), list):
            errors.append(f"{name}: geen OData-antwoord (een lijst 'value' ontbreekt)")
            continue
        found = CONTEXT.search(str(doc.get("@odata.context", "")))
        entity = found.group(1) if found else ""
        if entity not in ENTITY_SETS:
            errors.append(
                f"{name}: entiteit '{entity or '?'}' wordt niet gelezen "
                f"(wel: {', '.join(ENTITY_SETS)})"
            )
            continue
        for index, row in enumerate(doc["value"], 1):
            if not isinstance(row, dict):
                errors.append(f"{name}: rij {index} is geen object")
                continue
            if row.get("Verwijderd"):
                continue
            read += 1
            where = f"{name} ({entity} {row.get('Nummer') or row.get('DocumentNummer') or index})"
            record = _record(entity, row, where)
            if isinstance(record, str):
                skipped.append(f"{where}: {record}")
            else:
                records.append(record)
    if errors:
        raise ParliamentRejected(errors)
    return records, skipped, read


def kamerstuk_norm(dossier: dict, volgnummer) -> str:
    """'36200-VIII;88' from a Kamerstukdossier (Nummer 36200, Toevoeging 'VIII') and 88."""
    number = str(dossier.get("Nummer") or "").strip()
    addition = str(dossier.get("Toevoeging") or "").strip().replace(" ", "")
    if addition and not addition.startswith("("):
        number = f"{number}-{addition.upper()}"
    return f"{number};{volgnummer}"


def _record(entity: str, row: dict, where: str) -> Record | str:
    if entity == "Toezegging":
        number = str(row.get("Nummer") or "").strip().upper()
        status = str(row.get("Status") or "").strip()
        if not number:
            return "toezegging zonder nummer"
        return Record(where, f"toezegging {number}", "toezegging", number, status.lower(), status)
    if entity == "Zaak":
        if row.get("Soort") != "Motie":
            return f"zaak van soort '{row.get('Soort')}', geen motie"
        zaken, volgnummer = [row], row.get("Volgnummer")
        ref = f"zaak {row.get('Nummer')}"
    else:
        if row.get("Soort") not in MOTION_DOCUMENTS:
            return f"document van soort '{row.get('Soort')}', geen motie"
        zaken = [z for z in row.get("Zaak") or [] if z.get("Soort") == "Motie"]
        volgnummer = row.get("Volgnummer")
        ref = f"document {row.get('DocumentNummer')}"
    dossiers = [d for d in row.get("Kamerstukdossier") or [] if not d.get("Verwijderd")]
    if not dossiers or not volgnummer:
        return "geen kamerstuknummer (Kamerstukdossier of Volgnummer ontbreekt)"
    if len(dossiers) > 1:
        return "meer dan één kamerstukdossier"
    besluit = _last_decision(zaken)
    text = str(besluit.get("BesluitTekst") or besluit.get("BesluitSoort") or "") if besluit else ""
    outcome = next((o for o in OUTCOMES if o in text.lower()), "")
    votes_for, votes_against = _votes(besluit) if besluit else (None, None)
    return Record(
        where,
        ref,
        "motie",
        kamerstuk_norm(dossiers[0], volgnummer),
        outcome,
        text,
        afgedaan=any(z.get("Afgedaan") for z in zaken),
        votes_for=votes_for,
        votes_against=votes_against,
    )


def _last_decision(zaken: list[dict]) -> dict | None:
    """The last decision on the motion that says what became of it (a vote, a withdrawal)."""
    decisions = [
        b
        for z in zaken
        for b in z.get("Besluit") or []
        if not b.get("Verwijderd") and b.get("Status") != "Concept"
    ]
    telling = [
        b
        for b in decisions
        if any(
            o in str(b.get("BesluitTekst") or b.get("BesluitSoort") or "").lower() for o in OUTCOMES
        )
    ]
    if not telling:
        return None
    return max(telling, key=lambda b: str(b.get("GewijzigdOp") or ""))


def _votes(besluit: dict) -> tuple[int | None, int | None]:
    """Seats for and against in the decision's Stemming rows (None when none are recorded)."""
    rows = [
        s
        for s in besluit.get("Stemming") or []
        if not s.get("Verwijderd") and not s.get("Vergissing")
    ]
    if not rows:
        return None, None
    seats = {"voor": 0, "tegen": 0}
    for row in rows:
        kind = str(row.get("Soort") or "").lower()
        if kind in seats:
            seats[kind] += int(row.get("FractieGrootte") or 1)
    return seats["voor"], seats["tegen"]


# -- proposing -----------------------------------------------------------------------------------


def proposal(record: Record, latest_class: str | None) -> tuple[str, str] | None:
    """(status class, draft text) for `record`, or None when its data asks for no change."""
    if record.kind == "toezegging":
        status_class = TOEZEGGING_CLASSES.get(record.outcome)
        text = f"{PROPOSAL_PREFIX} Toezegging {record.key}: status ‘{record.as_written}’."
    else:
        votes = (
            f" ({record.votes_for} zetels voor, {record.votes_against} tegen)"
            if record.votes_for is not None
            else ""
        )
        besluit = f"besluit: ‘{record.as_written}’"
        if record.outcome == "aangenomen" and record.afgedaan:
            status_class = StatusClass.AFGEDAAN
            text = f"Motie aangenomen{votes}; de Kamer heeft de motie afgedaan ({record.ref}, {besluit})."
        elif record.outcome in ("verworpen", "ingetrokken"):
            status_class = StatusClass.AFGEDAAN
            text = f"Motie {record.outcome}{votes} ({record.ref}, {besluit})."
        elif record.outcome == "aangenomen" and latest_class is None:
            status_class = StatusClass.LOPEND
            text = f"Motie aangenomen{votes}; nog niet afgedaan ({record.ref}, {besluit})."
        else:
            status_class = None
        text = f"{PROPOSAL_PREFIX} {text}" if status_class else ""
    if status_class is None or status_class == latest_class:
        return None
    return str(status_class), text


def _latest_class(item: Item) -> str | None:
    status = (
        item.statuses.filter(state=Status.State.APPROVED, letter__is_planned=False)
        .order_by("-letter__date", "-position")
        .first()
    )
    return status.status_class if status else None


def _drafted_by_import(status: Status) -> bool:
    """Whether the last change to the draft is the importer's own (no user), not staff's."""
    last = (
        history.changes()
        .filter(
            object_type="monitor.status",
            object_id=str(status.pk),
            detail__change__in=("status.drafted", "status.revised"),
        )
        .first()
    )
    return last is not None and last.actor_id is None


def planned_letter(letter_id: str | None = None) -> Letter:
    """The planned letter the drafts go into: the one named, or the only one there is."""
    planned = Letter.objects.filter(is_planned=True)
    if letter_id:
        letter = planned.filter(pk=letter_id).first()
        if letter is None:
            raise ParliamentRejected([f"geen geplande brief '{letter_id}'"])
        return letter
    letters = list(planned)
    if not letters:
        raise ParliamentRejected(
            ["er is geen geplande brief: plan er eerst een (/beleid/brieven/nieuw/)"]
        )
    if len(letters) > 1:
        names = ", ".join(letter.pk for letter in letters)
        raise ParliamentRejected([f"er zijn meer geplande brieven ({names}): kies er een"])
    return letters[0]


def import_responses(
    source: str | Path, *, letter_id: str | None = None, dry_run: bool = False
) -> tuple[ParliamentReport, Letter]:
    """Read `source` (file, folder or https URL), match, and draft the proposals in the planned
    letter; refused whole (`ParliamentRejected`) when a response cannot be read."""
    letter = planned_letter(letter_id)
    records, skipped, read = parse(read_responses(source))
    report = run(records, letter, dry_run=dry_run)
    report.read, report.skipped = read, skipped
    return report, letter


def run(records: list[Record], letter: Letter, *, dry_run: bool = False) -> ParliamentReport:
    """Match `records` to items and draft the proposed statuses in `letter` (one transaction)."""
    if not letter.is_planned:
        raise ParliamentRejected([f"brief {letter.pk} is al verstuurd"])
    report = ParliamentReport()
    by_number, by_ref = {}, {}
    for item in Item.objects.all():
        by_number.setdefault(item.kamerstuk_norm.upper(), []).append(item)
        if item.item_ref:
            by_ref.setdefault(item.item_ref.upper(), []).append(item)
    with transaction.atomic():
        for record in records:
            index = by_ref if record.kind == "toezegging" else by_number
            items = index.get(record.key.upper(), [])
            if not items:
                report.unmatched.append(f"{record.ref} ({record.key})")
                continue
            if len(items) > 1:
                ids = ", ".join(i.pk for i in items)
                report.ambiguous.append(f"{record.ref} ({record.key}): {ids}")
                continue
            item = items[0]
            report.matched.append(f"{record.ref} -> {item.pk}")
            _propose(report, record, item, letter)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _propose(report: ParliamentReport, record: Record, item: Item, letter: Letter) -> None:
    found = proposal(record, _latest_class(item))
    if found is None:
        report.no_change.append(item.pk)
        return
    status_class, text = found
    existing = Status.objects.filter(item=item, letter=letter).first()
    if existing is not None:
        if existing.state == Status.State.APPROVED:
            report.kept.append(f"{item.pk}: goedgekeurd")
            return
        if existing.text == text and existing.status_class == status_class:
            report.unchanged.append(item.pk)
            return
        if not _drafted_by_import(existing):
            report.kept.append(f"{item.pk}: door medewerkers bewerkt")
            return
    try:
        editing.save_draft(None, item, letter, text=text, status_class=status_class)
    except editing.EditRefused as refused:
        report.refused.append(f"{item.pk}: {refused}")
        return
    report.proposed.append(f"{item.pk}: {status_class}")
