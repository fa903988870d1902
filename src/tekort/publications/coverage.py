"""The published figures that cover a school: its municipality, onderwijsregio, labour-market
region, province, sector and the nation, from the latest release (the one road).

A school has no figure of its own (no public view shows a location or board figure, methods.md
§3.3 R5). Where the municipality's figure is withheld (c, x), the school's page says so and
points to the nearest larger area whose figure is published, in the order municipality →
labour-market region → province → the Netherlands.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from tekort.publications import public_figures, vocabulary

# the geographic chain a withheld figure falls back along, smallest first
CHAIN = ("municipality_code", "labour_market_region", "province", "national")


def _table_link(breakdown: str, name: str | None = None, sector: str | None = None) -> str:
    params = {"breakdown": breakdown}
    if name:
        params["q"] = name
    if sector:
        params["sector"] = sector
    return f"{reverse('publications:table-tool')}?{urlencode(params)}"


def _levels(municipality, board=None, sector: str | None = None) -> list[dict]:
    levels = [
        {
            "level": "municipality_code",
            "kind": _("Municipality"),
            "name": municipality.name,
            "domain": f"municipality_code={municipality.code}",
            "link": _table_link("municipality_code", municipality.name),
        }
    ]
    for regio in board.onderwijsregios.order_by("name") if board is not None else []:
        levels.append(
            {
                "level": "onderwijsregio",
                "kind": _("Onderwijsregio"),
                "name": regio.name,
                "domain": f"onderwijsregio={regio.name}",
                "link": _table_link("onderwijsregio", regio.name),
            }
        )
    region = municipality.labour_market_region
    if region is not None:
        levels.append(
            {
                "level": "labour_market_region",
                "kind": _("Labour-market region"),
                "name": region.name,
                "domain": f"labour_market_region={region.code}",
                "link": _table_link("labour_market_region", region.name),
            }
        )
    levels.append(
        {
            "level": "province",
            "kind": _("Province"),
            "name": municipality.province.name,
            "domain": f"province={municipality.province_id}",
            "link": _table_link("province", municipality.province.name),
        }
    )
    if sector is not None:
        levels.append(
            {
                "level": "sector",
                "kind": _("Sector"),
                "name": str(vocabulary.SECTORS.get(sector, sector)),
                "domain": f"sector={sector}",
                "link": _table_link("sector"),
            }
        )
    levels.append(
        {
            "level": "national",
            "kind": str(vocabulary.BREAKDOWNS["national"]),
            "name": _("all sectors"),
            "domain": "national",
            "link": _table_link("national"),
        }
    )
    return levels


def covering_figures(location) -> dict:
    """The latest release's teachers' shortage for every area that covers ``location``, each
    with its published value or symbol; a withheld one names the nearest published level."""
    return _figures(_levels(location.municipality, location.board, location.sector))


def municipality_figures(municipality) -> dict:
    """The same for a municipality: its own figure, then its region, province and the nation."""
    return _figures(_levels(municipality))


def _figures(levels: list[dict]) -> dict:
    release = public_figures.latest_release()
    if release is None:
        return {"release": None, "levels": []}
    breakdowns = {level["level"] for level in levels}
    cells = {c["domain"]: c for c in public_figures.published_cells(release, breakdowns)}
    for level in levels:
        cell = cells.get(level["domain"])
        level["cell"] = cell
        level["withheld"] = cell is None or cell["percentage"] is None
        level["symbol"] = (cell or {}).get("symbol") or ("x" if level["withheld"] else "")
    by_level = {level["level"]: level for level in levels}
    for level in levels:
        level["fallback"] = None
        if level["withheld"] and level["level"] in CHAIN:
            for larger in CHAIN[CHAIN.index(level["level"]) + 1 :]:
                candidate = by_level.get(larger)
                if candidate is not None and not candidate["withheld"]:
                    level["fallback"] = candidate
                    break
    return {
        "release": {"slug": release.slug, "peildatum": release.round.peildatum.isoformat()},
        "levels": levels,
    }
