"""Public pages of an area (municipality, onderwijsregio, labour-market region, province) and of
a school board, each with its ``.json`` twin made by the same code.

An area's page names it, shows the latest release's teachers' shortage for it as published
(value, 95% interval, quality class and symbols; read through ``coverage``, which reads only
``public_figures``: the one road), and, when its own figure is withheld, the nearest larger
area whose figure is published. It lists what lies in it from the public register: the schools
of a municipality or an onderwijsregio, the municipalities of a labour-market region or a
province; and links to the table tool filtered to it.

A board has no public figure of its own (methods.md §3.3 R5, as a school): its page shows the
figures of the areas it works in (the municipalities of its schools and its onderwijsregio's),
each with its fallback, and lists its schools. No page shows a school's or board's figure.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from tekort.page_twins import page_or_twin
from tekort.publications import coverage
from tekort.registry import membership
from tekort.registry.models import (
    Board,
    LabourMarketRegion,
    Location,
    Municipality,
    Onderwijsregio,
    Province,
)

TEMPLATE = "publications/area.html"


def _figure(level: dict) -> dict:
    """One level's published figure as the page and its JSON show it."""
    cell = level.get("cell") or {}
    fallback = level.get("fallback")
    return {
        "level": level["level"],
        "kind": str(level["kind"]),
        "name": level["name"],
        "url": level["link"],
        "table_url": level["table_link"],
        "withheld": level["withheld"],
        "symbol": level["symbol"],
        "percentage": cell.get("percentage"),
        "ci_low": cell.get("ci_low"),
        "ci_high": cell.get("ci_high"),
        "fte": cell.get("fte"),
        "quality_class": cell.get("quality_class"),
        "flags": cell.get("flags", []),
        "fallback": None
        if fallback is None
        else {
            "level": fallback["level"],
            "kind": str(fallback["kind"]),
            "name": fallback["name"],
            "url": fallback["link"],
            "percentage": fallback["cell"]["percentage"],
            "ci_low": fallback["cell"]["ci_low"],
            "ci_high": fallback["cell"]["ci_high"],
        },
    }


def _schools(locations) -> list[dict]:
    return [
        {
            "code": loc.code,
            "name": loc.name,
            "sector": loc.sector,
            "sector_label": str(loc.get_sector_display()),
            "place": loc.place,
            "municipality": loc.municipality.name,
            "url": reverse("registry:location", args=[loc.code]),
        }
        for loc in locations.select_related("municipality").order_by("name", "code")
    ]


def _municipalities(municipalities) -> list[dict]:
    return [
        {
            "code": m.code,
            "name": m.name,
            "url": reverse("publications:municipality", args=[m.code]),
        }
        for m in municipalities.order_by("name")
    ]


def _boards(boards) -> list[dict]:
    return [
        {
            "number": b.number,
            "name": str(b),
            "url": reverse("publications:board", args=[b.number]),
        }
        for b in boards.order_by("name", "number")
    ]


def _area(kind: str, kind_label: str, code, name: str, level: dict, chain: list[dict]) -> dict:
    figures = coverage.area_figures([level, *chain])
    return {
        "kind": kind,
        "kind_label": str(kind_label),
        "code": code,
        "name": name,
        "release": figures["release"],
        "figures": [_figure(level) for level in figures["levels"]],
        "table_url": level["table_link"],
        "map_url": _map_link(level["level"]),
    }


def _map_link(level: str) -> str | None:
    if level not in ("municipality_code", "labour_market_region", "onderwijsregio"):
        return None
    return f"{reverse('publications:map')}?{urlencode({'level': level})}"


def _answer(request, data: dict, json_name: str, key):
    """The page, or its JSON twin (URL name ``json_name``, at ``key``): one dict, two forms."""
    json_url = reverse(f"publications:{json_name}", args=[key])
    return page_or_twin(request, TEMPLATE, {"area": data, "json_url": json_url}, data)


def _get(queryset, **lookup):
    """The one object, or a 404 (the site's Dutch 404 page; its JSON twin answers 404 too)."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404(_("No such area or board is known."))
    return found


# -- the pages -------------------------------------------------------------------------------


def municipality_data(municipality: Municipality) -> dict:
    chain = coverage.area_levels(municipality)[1:]
    data = _area(
        "municipality",
        _("Municipality"),
        municipality.code,
        municipality.name,
        coverage.municipality_level(municipality),
        chain,
    )
    part_of = []
    if municipality.labour_market_region is not None:
        part_of.append(coverage.labour_market_region_level(municipality.labour_market_region))
    part_of.append(coverage.province_level(municipality.province))
    data["part_of"] = [
        {"kind": str(level["kind"]), "name": level["name"], "url": level["link"]}
        for level in part_of
    ]
    data["is_g5"] = municipality.is_g5
    data["schools"] = _schools(Location.objects.filter(municipality=municipality))
    return data


def municipality(request, municipality):
    found = _get(
        Municipality.objects.select_related("province", "labour_market_region"),
        code=municipality,
    )
    return _answer(request, municipality_data(found), "municipality-json", found.code)


def onderwijsregio_data(regio: Onderwijsregio) -> dict:
    data = _area(
        "onderwijsregio",
        _("Onderwijsregio"),
        regio.pk,
        regio.name,
        coverage.onderwijsregio_level(regio),
        [*coverage.onderwijsregio_po_vo_levels(regio), coverage.national_level()],
    )
    data["part_of"] = []
    data["is_provisional"] = regio.is_provisional
    members = membership.boards_of_region(regio, membership.today())
    data["boards"] = _boards(Board.objects.filter(number__in=members))
    data["schools"] = _schools(Location.objects.filter(board__in=members))
    return data


def onderwijsregio(request, onderwijsregio):
    found = _get(Onderwijsregio.objects.all(), pk=onderwijsregio)
    return _answer(request, onderwijsregio_data(found), "onderwijsregio-json", found.pk)


def _region_of_municipalities(kind: str, kind_label: str, region, level: dict) -> dict:
    """A labour-market region or a province: its figure, the nation's, its municipalities."""
    data = _area(kind, kind_label, region.code, region.name, level, [coverage.national_level()])
    data["part_of"] = []
    data["municipalities"] = _municipalities(region.municipalities.all())
    return data


def labour_market_region_data(region: LabourMarketRegion) -> dict:
    return _region_of_municipalities(
        "labour_market_region",
        _("Labour-market region"),
        region,
        coverage.labour_market_region_level(region),
    )


def labour_market_region(request, region):
    found = _get(LabourMarketRegion.objects.all(), code=region)
    data = labour_market_region_data(found)
    return _answer(request, data, "labour-market-region-json", found.code)


def province_data(province: Province) -> dict:
    return _region_of_municipalities(
        "province", _("Province"), province, coverage.province_level(province)
    )


def province(request, province):
    found = _get(Province.objects.all(), code=province)
    return _answer(request, province_data(found), "province-json", found.code)


def board_data(board: Board) -> dict:
    """A board's areas and their figures (the board's own figure is never public)."""
    locations = Location.objects.filter(board=board)
    municipalities = list(
        Municipality.objects.filter(locations__board=board)
        .distinct()
        .select_related("province", "labour_market_region")
        .order_by("name")
    )
    regios = membership.regions_of_board(board, membership.today())
    chains = [coverage.area_levels(m) for m in municipalities]
    chains += [[coverage.onderwijsregio_level(r), coverage.national_level()] for r in regios]
    chains.append([coverage.national_level()])
    figures = coverage.area_figures(*chains)
    return {
        "kind": "board",
        "kind_label": _("School board"),
        "code": board.number,
        "name": str(board),
        "release": figures["release"],
        # each chain's own area (its first level), with its fallback; the nation last
        "figures": [_figure(group[0]) for group in figures["groups"]],
        "part_of": [
            {
                "kind": _("Onderwijsregio"),
                "name": r.name,
                "url": coverage.onderwijsregio_level(r)["link"],
            }
            for r in regios
        ],
        "schools": _schools(locations),
        "table_url": coverage.table_link("onderwijsregio", regios[0].name)
        if len(regios) == 1
        else coverage.table_link("municipality_code"),
        "map_url": None,
        "signed_in_url": reverse("dashboards:board", args=[board.number]),
    }


def board(request, board):
    found = _get(Board.objects.all(), number=board)
    return _answer(request, board_data(found), "board-json", found.number)
