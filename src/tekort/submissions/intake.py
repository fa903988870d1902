"""THE write path of registrations: the form, the board upload, the API and the command use it.

Every write is checked (hard errors refuse, soft warnings need confirmation and are stored), refused
when the round is not open (a closed round is frozen), guarded by optimistic concurrency (the caller
says which version it edited; another version means a conflict, never a lost update), and adds one
append-only RegistrationVersion (SchoolLeaderVersion for a board's school leaders) with who,
when, the channel and the old and new values. One registration of either kind is written by
``_write_versioned``; the rows of a board file by ``apply_many`` (bulk SQL, the same guarantees).
The site-wide audit event (tekort.audit) is written in the same transaction: a version and its
audit record exist together or not at all. Only the demo generator (demo.py) writes registrations
directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tekort.registry import vo_subjects
from tekort.registry.models import Location, PupilCount, Sector
from tekort.submissions import bulk_writes, validation
from tekort.submissions.figures import (
    Figures,
    SchoolLeaderFigures,
    snapshot,
)
from tekort.submissions.models import (
    Draft,
    Registration,
    Round,
    SchoolLeaderRegistration,
    Upload,
)
from tekort.submissions.questions import FTE_FIELDS
from tekort.submissions.validation import Context, Issue

VALUE_FIELDS = (
    *FTE_FIELDS,
    "pupils",
    "remark",
    "other_measure",
    "hidden_measures",
    "subject_answer",
    "subjects",
)
CHUNK = 2000


class IntakeError(Exception):
    """A write that was refused; nothing was changed."""


class RoundClosed(IntakeError):
    def __init__(self, round_: Round):
        self.round = round_
        super().__init__(f"{round_} is not open: its figures are frozen")


class VersionConflict(IntakeError):
    """Someone else changed the registration since the caller read it."""

    def __init__(self, location_ids: list[str]):
        self.location_ids = location_ids
        super().__init__(f"conflict: changed meanwhile for {', '.join(location_ids[:10])}")


class Rejected(IntakeError):
    def __init__(self, errors: list[Issue], warnings: list[Issue] | None = None):
        self.errors = errors
        self.warnings = warnings or []
        super().__init__("; ".join(e.message for e in errors))


class NeedsConfirmation(IntakeError):
    def __init__(self, warnings: list[Issue]):
        self.warnings = warnings
        super().__init__("; ".join(w.message for w in warnings))


@dataclass
class Checked:
    errors: list[Issue]
    warnings: list[Issue]


# ---------------------------------------------------------------- context of the checks


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def previous_figures(round_: Round, location_ids: Iterable[str]) -> dict[str, Figures]:
    """Each location's latest submitted figures before this round's peildatum."""
    out: dict[str, Figures] = {}
    for chunk in _chunks(list(location_ids)):
        rows = (
            Registration.objects.submitted()
            .filter(location_id__in=chunk, round__peildatum__lt=round_.peildatum)
            .order_by("round__peildatum")
            .values("location_id", *VALUE_FIELDS)
        )
        for row in rows:
            out[row["location_id"]] = Figures.from_snapshot(row)
    return out


def duo_pupils(location_ids: Iterable[str]) -> dict[str, int]:
    """Each location's latest DUO pupil count (later years overwrite earlier ones)."""
    out: dict[str, int] = {}
    for chunk in _chunks(list(location_ids)):
        out.update(
            PupilCount.objects.filter(location_id__in=chunk, pupils__isnull=False)
            .order_by("year")
            .values_list("location_id", "pupils")
        )
    return out


def contexts(round_: Round, locations: list[Location]) -> dict[str, Context]:
    codes = [loc.code for loc in locations]
    previous = previous_figures(round_, codes)
    pupils = duo_pupils(codes)
    subjects = vo_subjects.codes_on(round_.peildatum)
    return {
        loc.code: Context(
            loc.sector,
            previous.get(loc.code),
            pupils.get(loc.code),
            subjects if loc.sector == Sector.VO else (),
        )
        for loc in locations
    }


def check(figures: Figures, context: Context) -> Checked:
    return Checked(validation.errors(figures, context), validation.warnings(figures, context))


def confirmed_warnings(checked: Checked, confirmed: bool) -> list[dict]:
    """The warnings to store with a write: Rejected when there are hard errors, NeedsConfirmation
    when there are warnings the submitter did not confirm."""
    if checked.errors:
        raise Rejected(checked.errors, checked.warnings)
    if checked.warnings and not confirmed:
        raise NeedsConfirmation(checked.warnings)
    return [w.as_dict() for w in checked.warnings]


def ensure_open(round_: Round) -> None:
    if not round_.is_open():
        raise RoundClosed(round_)


# ---------------------------------------------------------------- one location (form, API)


def submit(
    round_: Round,
    location: Location,
    figures: Figures,
    *,
    user,
    channel: str,
    expected_version: int,
    confirmed: bool = False,
    request=None,
) -> Registration:
    """Submit one location's figures. ``expected_version`` is the version the user edited (0: new).

    Raises RoundClosed, Rejected (hard errors), NeedsConfirmation (unconfirmed warnings) or
    VersionConflict; on success returns the registration (a new version only when values changed).
    """
    ensure_open(round_)
    warnings = confirmed_warnings(
        check(figures, contexts(round_, [location])[location.code]), confirmed
    )
    with transaction.atomic():
        written = _write_versioned(
            Registration,
            {"round": round_, "location": location},
            figures.model_values(),
            user=user,
            channel=channel,
            expected_version=expected_version,
            warnings=warnings,
            now=timezone.now(),
            who=location.code,
        )
        if not written.versioned:
            return written.registration
        Draft.objects.filter(round=round_, location=location).delete()
        _audit_written(user, written, request=request)  # with the version, or neither
    return written.registration


def save_draft(round_: Round, location: Location, data: dict, *, user, base_version: int) -> Draft:
    """Keep what the user typed, unchecked; a draft is never a registration and never response."""
    ensure_open(round_)
    draft, _ = Draft.objects.update_or_create(
        round=round_,
        location=location,
        defaults={
            "data": data,
            "base_version": base_version,
            "saved_by": user,
            "saved_at": timezone.now(),
        },
    )
    return draft


# ---------------------------------------------------------------- many locations (board upload)


@dataclass
class Item:
    """One row of a board file, checked: the location's figures and the version seen in preview."""

    location_id: str
    figures: Figures
    expected_version: int
    warnings: list[dict] = field(default_factory=list)


@dataclass
class Applied:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    school_leaders: str = ""  # "created", "updated", "unchanged" or "" (not in the file)


def apply_many(
    round_: Round,
    items: list[Item],
    *,
    user,
    channel: str,
    upload: Upload | None = None,
    progress: Callable[[int, int], None] | None = None,
    school_leaders: SchoolLeaderItem | None = None,
) -> Applied:
    """Write checked rows atomically: all of them, or none when any version changed meanwhile.

    The rows were checked (and their warnings confirmed) by the caller with ``check``; this
    function re-reads every registration inside the transaction, compares versions, and writes
    with version-guarded SQL (bulk_writes), so that a change made meanwhile is a conflict.
    ``school_leaders`` (the board's school-leader sheet, checked) is written in the same
    transaction: a conflict there refuses the whole file too.
    """
    ensure_open(round_)
    now = timezone.now()
    at = connection.ops.adapt_datetimefield_value(now)
    user_id = getattr(user, "pk", None)
    username = getattr(user, "username", "") or ""
    result = Applied()
    fields = [*VALUE_FIELDS, "channel", "submitted_at", "submitted_by", "warnings", "version"]
    with transaction.atomic():
        existing: dict[str, dict] = {}
        for chunk in _chunks([i.location_id for i in items]):
            rows = (
                Registration.objects.select_for_update()
                .filter(round=round_, location_id__in=chunk)
                .values("pk", "location_id", "version", *VALUE_FIELDS)
            )
            existing.update((row["location_id"], row) for row in rows)
        conflicts = [
            i.location_id
            for i in items
            if existing.get(i.location_id, {}).get("version", 0) != i.expected_version
        ]
        if conflicts:
            raise VersionConflict(conflicts)
        to_create, to_update, versions = [], [], []
        for item in items:
            values = item.figures.model_values()
            new_values = snapshot(values)
            row = {
                **values,
                "location_id": item.location_id,
                "channel": channel,
                "submitted_at": at,
                "submitted_by": user_id,
                "warnings": item.warnings,
            }
            current = existing.get(item.location_id)
            if current is None:
                row["version"] = 1
                to_create.append(row)
                versions.append((row, {}, new_values))
                continue
            old_values = snapshot({name: current[name] for name in VALUE_FIELDS})
            if old_values == new_values:
                result.unchanged += 1
                continue
            row.update(id=current["pk"], expected_version=current["version"])
            row["version"] = current["version"] + 1
            to_update.append(row)
            versions.append((row, old_values, new_values))
        total = len(to_create) + len(to_update)
        ids = bulk_writes.insert_registrations(round_.pk, to_create, fields)
        for row in to_create:
            row["id"] = ids[row["location_id"]]
        if progress:
            progress(len(to_create), total)
        if bulk_writes.update_registrations(to_update, fields) != len(to_update):
            raise VersionConflict([row["location_id"] for row in to_update])
        if progress:
            progress(total, total)
        upload_id = (
            Upload._meta.pk.get_db_prep_value(upload.pk, connection) if upload is not None else None
        )
        bulk_writes.insert_versions(
            [
                {
                    "registration": row["id"],
                    "number": row["version"],
                    "channel": channel,
                    "user": user_id,
                    "username": username,
                    "at": at,
                    "old_values": old,
                    "new_values": new,
                    "warnings": row["warnings"],
                    "upload": upload_id,
                }
                for row, old, new in versions
            ]
        )
        for chunk in _chunks([row["location_id"] for row, *_ in versions]):
            Draft.objects.filter(round=round_, location_id__in=chunk).delete()
        result.created, result.updated = len(to_create), len(to_update)
        if school_leaders is not None:
            written = _write_school_leaders(
                round_,
                school_leaders.board,
                school_leaders.figures,
                user=user,
                channel=channel,
                expected_version=school_leaders.expected_version,
                warnings=school_leaders.warnings,
                now=now,
                upload=upload,
            )
            old, new = written.old_values, written.new_values
            result.school_leaders = "unchanged" if old == new else "updated" if old else "created"
        changed_leaders = result.school_leaders in ("created", "updated")
        if upload is not None and (result.created or result.updated or changed_leaders):
            detail = {"created": result.created, "updated": result.updated, "round": round_.pk}
            if result.school_leaders:
                detail["school_leaders"] = result.school_leaders
            _audit(user, upload, detail, created=False)  # in the rows' transaction
    return result


# ---------------------------------------------------------------- school leaders (one board)


@dataclass
class SchoolLeaderItem:
    """A board's school-leader figures from a file, checked, with the version seen in preview."""

    board: object
    figures: SchoolLeaderFigures
    expected_version: int
    warnings: list[dict] = field(default_factory=list)


def previous_school_leaders(round_: Round, board) -> SchoolLeaderFigures | None:
    """The board's latest submitted school-leader figures before this round's peildatum."""
    registration = (
        SchoolLeaderRegistration.objects.submitted()
        .filter(board=board, round__peildatum__lt=round_.peildatum)
        .order_by("-round__peildatum")
        .first()
    )
    return SchoolLeaderFigures.from_registration(registration) if registration else None


def check_school_leaders(round_: Round, board, figures: SchoolLeaderFigures) -> Checked:
    return Checked(
        validation.school_leader_errors(figures),
        validation.school_leader_warnings(figures, previous_school_leaders(round_, board)),
    )


def submit_school_leaders(
    round_: Round,
    board,
    figures: SchoolLeaderFigures,
    *,
    user,
    channel: str,
    expected_version: int,
    confirmed: bool = False,
    request=None,
) -> SchoolLeaderRegistration:
    """Submit one board's school-leader figures: the same checks, versions and refusals as
    ``submit`` (RoundClosed, Rejected, NeedsConfirmation, VersionConflict)."""
    ensure_open(round_)
    warnings = confirmed_warnings(check_school_leaders(round_, board, figures), confirmed)
    with transaction.atomic():
        written = _write_school_leaders(
            round_,
            board,
            figures,
            user=user,
            channel=channel,
            expected_version=expected_version,
            warnings=warnings,
            now=timezone.now(),
        )
        if written.old_values != written.new_values:
            _audit_written(user, written, request=request)  # with the version, or neither
    return written.registration


def _write_school_leaders(round_: Round, board, figures: SchoolLeaderFigures, **kwargs) -> Written:
    """The board's school-leader registration through ``_write_versioned``."""
    return _write_versioned(
        SchoolLeaderRegistration,
        {"round": round_, "board": board},
        figures.model_values(),
        who=f"bestuur {board.pk}",
        **kwargs,
    )


# ---------------------------------------------------------------- one registration, either kind


@dataclass
class Written:
    """What ``_write_versioned`` did: the registration, its values before and after (as versions
    store them; ``old_values`` is empty for a new one), and whether a version row was added."""

    registration: Registration | SchoolLeaderRegistration
    old_values: dict
    new_values: dict
    versioned: bool

    @property
    def changes(self) -> dict:
        return {
            name: [self.old_values.get(name), value]
            for name, value in self.new_values.items()
            if self.old_values.get(name) != value
        }


def _write_versioned(
    model: type[Registration] | type[SchoolLeaderRegistration],
    key: dict,
    values: dict,
    *,
    user,
    channel: str,
    expected_version: int,
    warnings: list[dict],
    now,
    who: str,
    upload: Upload | None = None,
) -> Written:
    """Create or version-guarded update of the one registration ``key`` names, inside the caller's
    transaction, and add one append-only version row (``registration.versions``) for the change.

    ``expected_version`` is the version the caller edited (0: none yet); any other current version,
    or a second first submission, raises VersionConflict([who]) and writes nothing. Resubmitting
    the same values with the same warnings changes nothing (``versioned`` False).
    """
    new_values = snapshot(values)
    submission = {
        "channel": channel,
        "submitted_at": now,
        "submitted_by": user,
        "warnings": warnings,
        **values,
    }
    if expected_version == 0:
        try:
            with transaction.atomic():
                registration = model.objects.create(**key, **submission, version=1)
        except IntegrityError as exc:
            raise VersionConflict([who]) from exc
        old_values: dict = {}
    else:
        registration = model.objects.select_for_update().filter(**key).first()
        if registration is None or registration.version != expected_version:
            raise VersionConflict([who])
        old_values = snapshot({name: getattr(registration, name) for name in values})
        if old_values == new_values and registration.warnings == warnings:
            return Written(registration, old_values, new_values, versioned=False)
        updated = model.objects.filter(pk=registration.pk, version=expected_version).update(
            **submission, version=expected_version + 1
        )
        if not updated:
            raise VersionConflict([who])
        registration.refresh_from_db()
    registration.versions.create(
        number=registration.version,
        channel=channel,
        user=user,
        username=getattr(user, "username", "") or "",
        at=now,
        old_values=old_values,
        new_values=new_values,
        warnings=warnings,
        upload=upload,
    )
    return Written(registration, old_values, new_values, versioned=True)


def _audit_written(user, written: Written, *, request=None) -> None:
    _audit(
        user,
        written.registration,
        {"changes": written.changes},
        created=not written.old_values,
        request=request,
    )


def _audit(user, obj, detail: dict, *, created: bool, request=None) -> None:
    """Tell the site-wide audit trail (tekort.audit) too; the version rows remain the record's own."""
    from tekort.audit import events

    action = events.Event.Action.CREATED_RECORD if created else events.Event.Action.CHANGED_RECORD
    events.record(action, request=request, user=user, obj=obj, detail=detail)
