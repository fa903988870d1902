"""A fingerprint of each published release: SHA-256 of everything the public sees of it.

``Release.results_fingerprint`` is the estimate run's digest, copied at publication; it says
nothing about the rows stored for the release afterwards. This fingerprint is computed from the
stored rows themselves (the release's identity, status, note, headline and every cell, in a fixed
order, floats written exactly), so that two databases, for example a production database and its
restored backup, can be compared release by release (``manage.py release_fingerprints``).
"""

import hashlib
import json

from tekort.publications.models import Release, ReleaseCell

CELL_KEY = ("function", "breakdown", "domain", "measure", "is_model_based")
CELL_VALUES = tuple(
    f.name for f in ReleaseCell._meta.concrete_fields if f.name not in {"id", "release", *CELL_KEY}
)


def release_fingerprint(release: Release) -> str:
    digest = hashlib.sha256()
    identity = {
        "slug": release.slug,
        "round": release.round.peildatum.isoformat(),
        "version": release.version,
        "status": release.status,
        "note": release.note,
        "method_version": release.method_version,
        "results_fingerprint": release.results_fingerprint,
        "published_at": release.published_at.isoformat() if release.published_at else None,
        "superseded_by": release.superseded_by.slug if release.superseded_by else None,
        "headline": release.headline,
        "n_revised": release.n_revised,
    }
    digest.update(json.dumps(identity, sort_keys=True, default=str).encode())
    for row in release.cells.order_by(*CELL_KEY).values_list(*CELL_KEY, *CELL_VALUES):
        digest.update(b"\n" + repr(row).encode())  # repr: floats exactly, None as None
    return digest.hexdigest()


def published_fingerprints() -> dict[str, tuple[int, str]]:
    """{release slug: (number of cells, fingerprint)} for every published release."""
    releases = Release.objects.public().select_related("round", "superseded_by").order_by("slug")
    return {r.slug: (r.cells.count(), release_fingerprint(r)) for r in releases}
