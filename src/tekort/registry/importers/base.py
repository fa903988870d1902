"""The shared machinery of every importer: sources, row errors, reports, idempotent upserts."""

from __future__ import annotations

import io
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import CommandError
from django.db import models, transaction

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"regel {self.line}: {self.reason}"


class ImportRejected(Exception):
    """The file was refused: nothing was imported. `errors` lists every bad row."""

    def __init__(self, source: str, errors: list[RowError]):
        self.source = source
        self.errors = errors
        super().__init__(f"{source}: {len(errors)} fout(en); niets geïmporteerd")


@contextmanager
def rejection_as_command_error(stderr) -> Iterator[None]:
    """For a management command: an ImportRejected raised inside is written to ``stderr``, one
    line per bad row, and raised again as the CommandError that makes the command fail."""
    try:
        yield
    except ImportRejected as rejected:
        for error in rejected.errors:
            stderr.write(f"{rejected.source}: {error}")
        raise CommandError(str(rejected)) from rejected


@dataclass
class ModelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass
class ImportReport:
    """What one import read and did. `skipped` counts valid rows left out, per reason;
    `skipped_rows` names each of them with its line where the importer reports rows one by one."""

    source: str
    rows: int = 0
    counts: dict[str, ModelCounts] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    skipped_rows: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values())

    def skip(self, reason: str, line: int | None = None, detail: str = "") -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        if line is not None:
            self.skipped_rows.append(RowError(line, f"{reason}: {detail}" if detail else reason))

    def lines(self) -> list[str]:
        out = [f"{self.source}: {self.rows} rijen gelezen"]
        for name, c in self.counts.items():
            deleted = f", {c.deleted} verwijderd" if c.deleted else ""
            out.append(
                f"  {name}: {c.created} nieuw, {c.updated} gewijzigd, {c.unchanged} ongewijzigd"
                + deleted
            )
        for reason, n in self.skipped.items():
            out.append(f"  overgeslagen ({reason}): {n}")
        out.extend(f"    {row}" for row in self.skipped_rows)
        out.extend(f"  {note}" for note in self.notes)
        if not self.changed:
            out.append("  niets gewijzigd: het register was al bij")
        return out


def read_source(source: str | Path) -> bytes:
    """The bytes of a local file or of an official download URL (https only)."""
    text = str(source)
    if text.startswith("https://"):
        with urllib.request.urlopen(text, timeout=60) as response:  # noqa: S310 (https only)
            return response.read()
    if "://" in text:
        raise ValueError(f"alleen lokale bestanden of https-adressen: {text}")
    path = Path(text)
    if not path.is_file():
        raise FileNotFoundError(f"bestand niet gevonden: {path}")
    return path.read_bytes()


def decode(data: bytes, encoding: str, source: str) -> io.StringIO:
    try:
        return io.StringIO(data.decode(encoding), newline="")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            source, [RowError(0, f"verkeerd bestand: geen {encoding}-tekst ({exc.reason})")]
        ) from exc


def require_columns(header: Iterable[str], required: Iterable[str], source: str) -> None:
    missing = [c for c in required if c not in set(header)]
    if missing:
        raise ImportRejected(
            source,
            [RowError(1, f"verkeerd bestand: kolommen ontbreken: {', '.join(missing)}")],
        )


def upsert(
    model: type[models.Model],
    records: dict[str, dict],
    counts: ModelCounts,
    progress: Progress | None = None,
) -> None:
    """Create or update `records` (primary key -> field values); unchanged rows are not written."""
    existing = model.objects.in_bulk(list(records))
    to_create, to_update, fields = [], [], set()
    for i, (pk, values) in enumerate(records.items(), 1):
        obj = existing.get(pk)
        if obj is None:
            to_create.append(model(pk=pk, **values))
        else:
            changed = [f for f, v in values.items() if _differs(getattr(obj, f), v)]
            if changed:
                for f in changed:
                    setattr(obj, f, values[f])
                fields.update(changed)
                to_update.append(obj)
            else:
                counts.unchanged += 1
        if progress and i % 1000 == 0:
            progress(i, len(records))
    model.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields), batch_size=1000)
    counts.created += len(to_create)
    counts.updated += len(to_update)
    if progress:
        progress(len(records), len(records))


def _differs(current, new) -> bool:
    if isinstance(new, models.Model):
        return getattr(current, "pk", None) != new.pk
    return current != new


class Importer:
    """Base class: subclasses implement `parse` (validate, collect) and `write` (upsert)."""

    name = ""
    default_path = ""  # relative to TEKORT_DATA_DIR
    official_url = ""

    def __init__(self, source: str | Path, progress: Progress | None = None):
        self.source = str(source)
        self.progress = progress
        self.errors: list[RowError] = []
        self.report = ImportReport(source=self.source)

    def run(self, data: bytes | None = None) -> ImportReport:
        """Import the source (or the given bytes): everything in one transaction, or nothing."""
        if data is None:
            data = read_source(self.source)
        parsed = self.parse(data)
        if self.errors:
            raise ImportRejected(self.source, self.errors)
        with transaction.atomic():
            self.write(parsed)
        return self.report

    def error(self, line: int, reason: str) -> None:
        self.errors.append(RowError(line, reason))

    def counts(self, label: str) -> ModelCounts:
        return self.report.counts.setdefault(label, ModelCounts())

    def parse(self, data: bytes):  # pragma: no cover - abstract
        raise NotImplementedError

    def write(self, parsed) -> None:  # pragma: no cover - abstract
        raise NotImplementedError
