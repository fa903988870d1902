"""The map: area shapes from the municipality boundaries, projected simply, filled by class.

Areas are municipalities, labour-market regions (their municipalities) or onderwijsregio's. An
onderwijsregio is a set of boards, not a territory: on the map a municipality is drawn in the
onderwijsregio that holds most of its locations (said so in the legend). Projection:
equirectangular with the x-axis scaled by cos(latitude) at the centre — enough for a country.
Cells without a value are drawn hatched (``c``) or dotted (``x``), never coloured.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum, TextField
from django.db.models.functions import Cast, Length
from django.utils.translation import gettext as _

from tekort.charts.numbers import nl_number
from tekort.publications.presentation import flag_text
from tekort.registry import membership
from tekort.registry.models import Location, Municipality, MunicipalityBoundary

WIDTH = 560
# Fixed classes (percent), so that maps of different releases compare.
CLASS_BOUNDS = (4.0, 6.0, 8.0, 10.0)
CLASS_FILLS = ("#e1eef5", "#a6cde2", "#5fa3c9", "#2a6f9e", "#0b3d64")
logger = logging.getLogger(__name__)
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
    years of their geometry), the municipalities' labour-market regions, the locations and the
    onderwijsregio memberships valid today (which place a municipality in an onderwijsregio)."""
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
    members = list(
        membership.memberships_on(membership.today())
        .order_by("pk")
        .values_list("onderwijsregio__name", "board_id")
    )
    raw = repr((sorted(boundaries.items()), regions, sorted(locations.items()), members))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _municipality_paths() -> tuple[dict[str, str], int]:
    boundaries = list(MunicipalityBoundary.objects.values_list("municipality_id", "geometry"))
    points = [pt for _, g in boundaries for ring in _rings(g) for pt in ring]
    if not points:
        return {}, 0
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    kx = math.cos(math.radians((south + north) / 2))
    scale = (WIDTH - 10) / ((east - west) * kx)
    height = int((north - south) * scale) + 10

    def project(lon, lat):
        return 5 + (lon - west) * kx * scale, 5 + (north - lat) * scale

    paths = {}
    for code, geometry in boundaries:
        parts = []
        for ring in _rings(geometry):
            xy = [project(lon, lat) for lon, lat in ring]
            parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + " Z")
        paths[code] = " ".join(parts)
    return paths, height


def municipality_onderwijsregio() -> dict[str, str]:
    """Each municipality's onderwijsregio: the one holding most of its locations (each location
    in its board's one region today, tekort.registry.membership)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    rows = (
        Location.objects.annotate(region=membership.primary_region_name(membership.today()))
        .values_list("municipality_id", "region")
        .order_by()
    )
    for municipality, region in rows:
        if region:
            counts[municipality][region] += 1
    return {m: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for m, c in counts.items()}


LEVELS = ("onderwijsregio", "municipality_code", "labour_market_region")


def _cache_key(level: str, signature: str) -> str:
    return f"publications:map-areas:{level}:{signature}"


def _shapes_file(level: str, signature: str) -> Path | None:
    folder = getattr(settings, "TEKORT_MAP_SHAPES_DIR", None)
    return Path(folder) / f"{level}-{signature}.json" if folder else None


def _build(level: str, drawn: tuple[dict[str, str], int]) -> tuple[list[Area], int]:
    paths, height = drawn
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
    shapes = [Area(code, " ".join(paths[m] for m in members)) for code, members in grouped.items()]
    return shapes, height


def _read_file(level: str, signature: str) -> tuple[list[Area], int] | None:
    path = _shapes_file(level, signature)
    try:
        data = json.loads(path.read_text()) if path is not None else None
    except (OSError, ValueError):
        return None
    if data is None:
        return None
    return [Area(code, shape) for code, shape in data["areas"]], data["height"]


def _write_file(level: str, signature: str, built: tuple[list[Area], int]) -> Path | None:
    path = _shapes_file(level, signature)
    if path is None:
        return None
    shapes, height = built
    data = {"areas": [[a.code, a.path] for a in shapes], "height": height}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{level}-*.json"):  # drawn from an older register
            old.unlink(missing_ok=True)
        partial = path.with_suffix(".part")
        partial.write_text(json.dumps(data, separators=(",", ":")))
        partial.replace(path)
    except OSError:
        logger.warning("map shapes not written to %s", path, exc_info=True)
        return None
    return path


def areas(level: str) -> tuple[list[Area], int]:
    """The shapes of one level's areas, kept in the shared cache under a key that changes with
    the register: every process draws the same map, built once (it takes seconds). Shapes made
    ahead by :func:`warm` (``manage.py warm_map_shapes``, run by ``make setup``) are read from
    ``TEKORT_MAP_SHAPES_DIR`` by a process whose cache is still empty."""
    if level not in LEVELS:
        raise ValueError(level)
    signature = _signature()
    key = _cache_key(level, signature)
    cached = cache.get(key)
    if cached is None:
        cached = _read_file(level, signature) or _build(level, _municipality_paths())
        cache.set(key, cached, AREAS_SECONDS)
    return cached


def warm() -> dict[str, Path | None]:
    """Draw every level's shapes now (one projection for all three), into the shared cache and
    ``TEKORT_MAP_SHAPES_DIR``: the first view of each map is then fast. The shapes depend on
    the register only (boundaries, labour-market regions, locations), not on a release."""
    signature = _signature()
    drawn = _municipality_paths()
    written = {}
    for level in LEVELS:
        built = _build(level, drawn)
        cache.set(_cache_key(level, signature), built, AREAS_SECONDS)
        written[level] = _write_file(level, signature, built)
    return written


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
