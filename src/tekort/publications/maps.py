"""The map: area shapes from the municipality boundaries, projected simply, filled by class.

Areas are municipalities, labour-market regions (their municipalities) or onderwijsregio's. An
onderwijsregio is a set of boards, not a territory: on the map a municipality is drawn in the
onderwijsregio that holds most of its locations (said so in the legend). Projection:
equirectangular with the x-axis scaled by cos(latitude) at the centre — enough for a country.
Cells without a value are drawn hatched (``c``) or dotted (``x``), never coloured.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Min, Sum, TextField
from django.db.models.functions import Cast, Length
from django.utils.translation import gettext as _

from tekort.publications.presentation import flag_text, nl_number
from tekort.registry.models import Location, Municipality, MunicipalityBoundary

WIDTH = 560
# Fixed classes (percent), so that maps of different releases compare.
CLASS_BOUNDS = (4.0, 6.0, 8.0, 10.0)
CLASS_FILLS = ("#e1eef5", "#a6cde2", "#5fa3c9", "#2a6f9e", "#0b3d64")
AREAS_SECONDS = 24 * 3600  # the key changes with the register, so an entry is never stale


@dataclass(frozen=True)
class Area:
    code: str
    path: str


@dataclass(frozen=True)
class MapArea:
    code: str
    anchor: str
    path: str
    fill: str  # a colour, or "hatch"/"dots" for a pattern
    name: str


def _rings(geometry: dict):
    kind, coords = geometry["type"], geometry["coordinates"]
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    for polygon in polygons:
        yield from polygon


def _signature() -> str:
    """Changes with what the shapes are drawn from: the boundaries (count, last, total size and
    years of their geometry), the municipalities' labour-market regions and the locations
    (whose boards place a municipality in an onderwijsregio)."""
    boundaries = MunicipalityBoundary.objects.aggregate(
        n=Count("pk"),
        last=Max("pk"),
        size=Sum(Length(Cast("geometry", TextField()))),
        years=Sum("year"),
    )
    regions = list(
        Municipality.objects.order_by("code").values_list("code", "labour_market_region_id")
    )
    locations = Location.objects.aggregate(n=Count("pk"), last=Max("pk"))
    raw = repr((sorted(boundaries.items()), regions, sorted(locations.items())))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _municipality_paths() -> tuple[dict[str, str], int]:
    boundaries = list(MunicipalityBoundary.objects.values_list("municipality_id", "geometry"))
    points = [pt for _, g in boundaries for ring in _rings(g) for pt in ring]
    if not points:
        return {}, 0
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    lat0 = math.radians((min(lats) + max(lats)) / 2)
    kx = math.cos(lat0)
    span_x = (max(lons) - min(lons)) * kx
    scale = (WIDTH - 10) / span_x
    height = int((max(lats) - min(lats)) * scale) + 10

    def project(lon, lat):
        return 5 + (lon - min(lons)) * kx * scale, 5 + (max(lats) - lat) * scale

    paths = {}
    for code, geometry in boundaries:
        parts = []
        for ring in _rings(geometry):
            xy = [project(lon, lat) for lon, lat in ring]
            parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + " Z")
        paths[code] = " ".join(parts)
    return paths, height


def municipality_onderwijsregio() -> dict[str, str]:
    """Each municipality's onderwijsregio: the one holding most of its locations."""
    counts: dict[str, Counter] = defaultdict(Counter)
    rows = (
        Location.objects.annotate(region=Min("board__onderwijsregios__name"))
        .values_list("municipality_id", "region")
        .order_by()
    )
    for municipality, region in rows:
        if region:
            counts[municipality][region] += 1
    return {m: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for m, c in counts.items()}


def areas(level: str) -> tuple[list[Area], int]:
    """The shapes of one level's areas, kept in the shared cache under a key that changes with
    the register: every process draws the same map, built once (it takes seconds)."""
    key = f"publications:map-areas:{level}:{_signature()}"
    cached = cache.get(key)
    if cached is None:
        paths, height = _municipality_paths()
        if level == "municipality_code":
            grouped = {code: [code] for code in paths}
        elif level == "labour_market_region":
            grouped = defaultdict(list)
            for code, region in Municipality.objects.values_list("code", "labour_market_region_id"):
                if code in paths and region:
                    grouped[region].append(code)
        elif level == "onderwijsregio":
            grouped = defaultdict(list)
            for code, region in municipality_onderwijsregio().items():
                if code in paths:
                    grouped[region].append(code)
        else:
            raise ValueError(level)
        shapes = [
            Area(code, " ".join(paths[m] for m in members)) for code, members in grouped.items()
        ]
        cached = (shapes, height)
        cache.set(key, cached, AREAS_SECONDS)
    return cached


def fill_for(row: dict | None) -> str:
    if row is None or row["percentage"] is None:
        return "hatch" if row is not None and "c" in row["flags"] else "dots"
    value = row["percentage"]
    return CLASS_FILLS[sum(value >= bound for bound in CLASS_BOUNDS)]


def accessible_name(row: dict | None, fallback: str) -> str:
    if row is None:
        return _("%(area)s: no figure") % {"area": fallback}
    flags = flag_text(row["flags"])
    if row["percentage"] is None:
        return (_("%(area)s: no value") % {"area": row["label"]} + f" {flags}").strip()
    interval = ""
    if row["ci_low"] is not None:
        interval = " " + _("(95%% interval %(low)s to %(high)s%%)") % {
            "low": nl_number(row["ci_low"]),
            "high": nl_number(row["ci_high"]),
        }
    return f"{row['label']}: {nl_number(row['percentage'])}%{interval} {flags}".strip()


def map_areas(level: str, rows: list[dict]) -> tuple[list[MapArea], int]:
    """Shapes joined to the table rows (``domain`` = '<level>=<code>')."""
    by_code = {row["domain"].split("=", 1)[1]: row for row in rows}
    shapes, height = areas(level)
    out = []
    for shape in sorted(shapes, key=lambda s: (by_code.get(s.code) or {}).get("label", s.code)):
        row = by_code.get(shape.code)
        out.append(
            MapArea(
                code=shape.code,
                anchor=anchor(shape.code),
                path=shape.path,
                fill=fill_for(row),
                name=accessible_name(row, shape.code),
            )
        )
    return out, height


def anchor(code: str) -> str:
    return "gebied-" + "".join(ch if ch.isalnum() else "-" for ch in code)


def legend_classes() -> list[tuple[str, str]]:
    bounds = (0.0, *CLASS_BOUNDS)
    out = []
    for i, fill in enumerate(CLASS_FILLS):
        if i == len(CLASS_BOUNDS):
            out.append((fill, _("%(low)s%% or more") % {"low": nl_number(bounds[i], 0)}))
        else:
            out.append(
                (
                    fill,
                    _("%(low)s to %(high)s%%")
                    % {"low": nl_number(bounds[i], 0), "high": nl_number(bounds[i + 1], 0)},
                )
            )
    return out
