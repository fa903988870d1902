"""The published figures that cover a school, an area or a board: its municipality,
onderwijsregio, labour-market region, province, sector and the nation, from the latest release
(the one road).

A school or board has no figure of its own (no public view shows a location or board figure,
methods.md §3.3 R5). Where an area's figure is withheld (c, x), the page says so and points to
the nearest larger area whose figure is published, in the order municipality → labour-market
region → province → the Netherlands; an onderwijsregio (a set of boards, not a geography) and a
sector fall back to the Netherlands.

Each level links to its area's public page (``area_views``) where one exists, and to the table
tool filtered to it (``table_link``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tekort.publications import public_figures, vocabulary
from tekort.registry import membership

# the geographic chain a withheld figure falls back along, smallest first
CHAIN = ("municipality_code", "labour_market_region", "province", "national")
PO_VO = "onderwijsregio:sector_group"


def table_link(breakdown: str, name: str | None = None, sector: str | None = None) -> str:
    params = {"breakdown": breakdown}
    if name:
        params["q"] = name
    if sector:
        params["sector"] = sector
    return f"{reverse('publications:table-tool')}?{urlencode(params)}"


# the areas with a public page: breakdown -> (kind, the page's URL name, the attribute of the
# area its cell's domain is keyed by, the attribute its page is)
AREA_PAGES = {
    "municipality_code": (gettext_lazy("Municipality"), "municipality", "code", "code"),
    "onderwijsregio": (gettext_lazy("Onderwijsregio"), "onderwijsregio", "name", "pk"),
    "labour_market_region": (
        gettext_lazy("Labour-market region"),
        "labour-market-region",
        "code",
        "code",
    ),
    "province": (gettext_lazy("Province"), "province", "code", "code"),
}


def _area_level(breakdown: str, area) -> dict:
    """An area with a page of its own: its figure's domain, its page and its table."""
    kind, page, domain_key, page_key = AREA_PAGES[breakdown]
    return {
        "level": breakdown,
        "kind": str(kind),
        "name": area.name,
        "domain": f"{breakdown}={getattr(area, domain_key)}",
        "link": reverse(f"publications:{page}", args=[getattr(area, page_key)]),
        "table_link": table_link(breakdown, area.name),
    }


def municipality_level(municipality) -> dict:
    return _area_level("municipality_code", municipality)


def onderwijsregio_level(regio) -> dict:
    return _area_level("onderwijsregio", regio)


def onderwijsregio_po_vo_levels(regio) -> list[dict]:
    """The onderwijsregio's po and vo, each a level of its own (the level the regions plan by,
    issue 23); a rate too uncertain to show comes as its model-based rate (``_figures``), and a
    withheld one points to the same sector group nationally (``falls_back_to``)."""
    return [
        {
            "level": PO_VO,
            "kind": vocabulary.SECTOR_GROUPS[group],
            "name": regio.name,
            "domain": f"onderwijsregio={regio.name}|sector_group={group}",
            "link": table_link(PO_VO, regio.name),
            "table_link": table_link(PO_VO, regio.name),
            "falls_back_to": {
                "level": "sector_group",
                "kind": str(vocabulary.BREAKDOWNS["national"]),
                "name": str(vocabulary.SECTOR_GROUPS[group]),
                "domain": f"sector_group={group}",
                "link": table_link("sector_group"),
                "table_link": table_link("sector_group"),
            },
        }
        for group in ("po", "vo")
    ]


def labour_market_region_level(region) -> dict:
    return _area_level("labour_market_region", region)


def province_level(province) -> dict:
    return _area_level("province", province)


def national_level() -> dict:
    return {
        "level": "national",
        "kind": str(vocabulary.BREAKDOWNS["national"]),
        "name": _("all sectors"),
        "domain": "national",
        "link": table_link("national"),
        "table_link": table_link("national"),
    }


def area_levels(municipality, board=None, sector: str | None = None) -> list[dict]:
    levels = [municipality_level(municipality)]
    regios = membership.regions_of_board(board, membership.today()) if board is not None else []
    for regio in regios:
        levels.append(onderwijsregio_level(regio))
    if municipality.labour_market_region is not None:
        levels.append(labour_market_region_level(municipality.labour_market_region))
    levels.append(province_level(municipality.province))
    if sector is not None:
        levels.append(
            {
                "level": "sector",
                "kind": _("Sector"),
                "name": str(vocabulary.SECTORS.get(sector, sector)),
                "domain": f"sector={sector}",
                "link": table_link("sector"),
                "table_link": table_link("sector"),
            }
        )
    levels.append(national_level())
    return levels


def covering_figures(location) -> dict:
    """The latest release's teachers' shortage for every area that covers ``location``, each
    with its published value or symbol; a withheld one names the nearest published level."""
    return _figures(area_levels(location.municipality, location.board, location.sector))


def municipality_figures(municipality) -> dict:
    """The same for a municipality: its own figure, then its region, province and the nation."""
    return _figures(area_levels(municipality))


def area_figures(levels: list[dict], *more: list[dict]) -> dict:
    """The latest release's figure of each of ``levels`` (an area page's own level first, then
    the larger ones it falls back to), as ``covering_figures`` gives them. ``more`` are further
    chains of the same kind (a board's municipalities, each with its larger areas), read from
    the same release at once; each falls back within its own chain (``groups``)."""
    return _figures(levels, *more)


def _figures(levels: list[dict], *more: list[dict]) -> dict:
    release = public_figures.latest_release()
    if release is None:
        return {"release": None, "levels": [], "groups": []}
    groups = [levels, *more]
    breakdowns = {level["level"] for group in groups for level in group}
    breakdowns |= {
        level["falls_back_to"]["level"]
        for group in groups
        for level in group
        if "falls_back_to" in level
    }
    cells = {
        c["domain"]: c
        for c in public_figures.published_cells(release, breakdowns, model_in_place=True)
    }
    for group in groups:
        _fill(group, cells)
    return {
        "release": {"slug": release.slug, "peildatum": release.round.peildatum.isoformat()},
        "levels": levels,
        "groups": groups,
    }


def _fill(levels: list[dict], cells: dict) -> None:
    """Each level's published cell, symbol and the nearest published level it falls back to."""
    for level in levels:
        cell = cells.get(level["domain"])
        level["cell"] = cell
        level["withheld"] = cell is None or cell["percentage"] is None
        level["symbol"] = (cell or {}).get("symbol") or ("x" if level["withheld"] else "")
    by_level = {level["level"]: level for level in levels}
    for level in levels:
        level["fallback"] = None
        if not level["withheld"] or level["level"] == "national":
            continue
        own = level.get("falls_back_to")
        if own is not None:  # a level with a fallback of its own (a region's po or vo)
            cell = cells.get(own["domain"])
            if cell is not None and cell["percentage"] is not None:
                level["fallback"] = {**own, "cell": cell}
            continue
        # an onderwijsregio or a sector falls back to the nation; an area along the chain
        larger_levels = (
            CHAIN[CHAIN.index(level["level"]) + 1 :] if level["level"] in CHAIN else ("national",)
        )
        for larger in larger_levels:
            candidate = by_level.get(larger)
            if candidate is not None and not candidate["withheld"]:
                level["fallback"] = candidate
                break
