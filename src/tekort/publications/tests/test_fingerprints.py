"""release_fingerprints: a stable hash per release of its stored rows (docs/operations.md)."""

from io import StringIO

from django.core.management import call_command

from tekort.publications.fingerprints import release_fingerprint


def fingerprints() -> list[list[str]]:
    out = StringIO()
    call_command("release_fingerprints", stdout=out)
    return [line.split() for line in out.getvalue().splitlines()]


def test_one_line_per_published_release_stable_and_sensitive_to_every_cell(release):
    lines = fingerprints()
    earlier = release.round.releases.model.objects.exclude(pk=release.pk).get()
    assert [(slug, int(cells)) for slug, cells, _ in lines] == sorted(
        [(earlier.slug, earlier.cells.count()), (release.slug, release.cells.count())]
    )
    assert all(len(digest) == 64 for *_, digest in lines)
    assert fingerprints() == lines  # stable
    first = {slug: digest for slug, _, digest in lines}
    assert first[release.slug] == release_fingerprint(release)

    cell = release.cells.exclude(rate=None).order_by("pk").first()
    cell.rate = cell.rate + 1e-12  # the smallest change of one published value
    cell.save(update_fields=["rate"])
    changed = {slug: digest for slug, _, digest in fingerprints()}
    assert changed[release.slug] != first[release.slug]
    assert changed[earlier.slug] == first[earlier.slug]
