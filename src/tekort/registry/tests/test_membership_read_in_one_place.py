"""Onderwijsregio membership is read on a date through tekort.registry.membership only: no
other code reaches the memberships (``Onderwijsregio.boards``, ``Board.onderwijsregios``,
``onderwijsregio_memberships``, the model's manager) and so none counts an ended membership
(as the authorisation matrix's world once did). Tests, which set memberships up, are exempt."""

import re
from pathlib import Path

import tekort

ROOT = Path(tekort.__file__).parent
# The model, the one reader, the importer and the admin work on every period deliberately.
ALLOWED = {
    "registry/models.py",
    "registry/membership.py",
    "registry/importers/onderwijsregios.py",
    "registry/admin.py",
}
UNDATED = re.compile(
    r"\.onderwijsregios\.|__onderwijsregios\b|\bonderwijsregios__"
    r"|\.boards\.(all|filter|exclude|first|count|exists|values|values_list|order_by|annotate)\b"
    r"|[\"']boards__|__boards\b|\b(filter|exclude)\(boards="
    r"|onderwijsregio_memberships|OnderwijsregioMembership\.objects|\.memberships\."
    r"|[\"']memberships__"
)


def undated_reads(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if UNDATED.search(line)]


def test_the_pattern_finds_the_old_role_matrix_reads():
    old = (
        'board = region.boards.filter(locations__isnull=False).order_by("number").first()\n'
        "Location.objects.exclude(board__in=region.boards.all())\n"
        "Onderwijsregio.objects.exclude(pk=region.pk).exclude(boards=board)\n"
        "Location.objects.filter(board__onderwijsregios=region)\n"
        "membership.boards_of_region(region, on)\n"
    )
    assert len(undated_reads(old)) == 4


def test_no_code_reads_memberships_without_a_date():
    found = {}
    for path in sorted(ROOT.rglob("*")):
        if path.suffix not in (".py", ".html", ".txt") or not path.is_file():
            continue
        relative = path.relative_to(ROOT).as_posix()
        if relative in ALLOWED or {"tests", "migrations"} & set(path.parts):
            continue
        if path.name == "conftest.py":
            continue
        reads = undated_reads(path.read_text(encoding="utf-8", errors="replace"))
        if reads:
            found[relative] = reads
    assert found == {}, "read membership through tekort.registry.membership"
