"""The signed-in views (/mijn/): landing, board, region, ministry; each with its downloads.

Every view is wrapped in urls.py (tekort.accounts.access); the object a permission was granted
for arrives as ``request.permission_object``. Pages and downloads are rendered from the same
tables (tekort.dashboards.pages). Board views and downloads show microdata and are audited.
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from tekort.audit import events
from tekort.dashboards import downloads
from tekort.dashboards.pages import (
    BOARD_TABLES,
    MINISTRY_TABLES,
    REGION_TABLES,
    board_page,
    ministry_page,
    region_page,
    views_of,
)


def _links(page, name: str, *args) -> dict:
    """Download URLs of the page's round: the .json, the .xlsx and one .csv per table."""
    query = "?" + urlencode({"peildatum": page.meta()["peildatum"]}) if page.round else ""
    for table in page.tables:
        table.download = reverse(f"dashboards:{name}-csv", args=[*args, table.slug]) + query
    return {
        "json_url": reverse(f"dashboards:{name}-json", args=args) + query,
        "xlsx_url": reverse(f"dashboards:{name}-xlsx", args=args) + query,
    }


def index(request):
    return render(request, "dashboards/index.html", views_of(request.user))


# -- board -------------------------------------------------------------------------------------


def _board_detail(page) -> dict:
    return {"peildatum": page.meta()["peildatum"]}


def board(request, board):
    page = board_page(request, request.permission_object)
    if page.round is not None:
        events.viewed_microdata(request, request.permission_object, _board_detail(page))
    context = {"board": request.permission_object, "page": page}
    context.update(_links(page, "board", board))
    return render(request, "dashboards/board.html", context)


def _board_file(request, suffix: str):
    board = request.permission_object
    page = board_page(request, board)
    name = f"bestuur-{board.number}-{page.meta()['peildatum'] or 'geen-ronde'}{suffix}"
    return board, page, name


def board_json(request, board):
    board, page, _name = _board_file(request, ".json")
    events.downloaded_microdata(request, board, "json", _board_detail(page))
    return downloads.json_response(page.tables, {"board": board.number, **page.meta()}, page.round)


def board_xlsx(request, board):
    board, page, name = _board_file(request, ".xlsx")
    events.downloaded_microdata(request, board, "xlsx", _board_detail(page))
    return downloads.xlsx_response(page.tables, name, page.round)


def board_csv(request, board, table):
    board, page, name = _board_file(request, f"-{table}.csv")
    found = page.table(table, BOARD_TABLES)
    events.downloaded_microdata(request, board, "csv", {**_board_detail(page), "table": table})
    return downloads.csv_response(found, name, page.round)


# -- region ------------------------------------------------------------------------------------


def region(request, onderwijsregio):
    page = region_page(request, request.permission_object)
    context = {"region": request.permission_object, "page": page}
    context.update(_links(page, "region", onderwijsregio))
    return render(request, "dashboards/region.html", context)


def _region_name(region, page, suffix):
    return f"onderwijsregio-{region.pk}-{page.meta()['peildatum'] or 'geen-ronde'}{suffix}"


def region_json(request, onderwijsregio):
    region = request.permission_object
    page = region_page(request, region)
    meta = {"onderwijsregio": region.name, **page.meta()}
    return downloads.json_response(page.tables, meta, page.round)


def region_xlsx(request, onderwijsregio):
    region = request.permission_object
    page = region_page(request, region)
    return downloads.xlsx_response(page.tables, _region_name(region, page, ".xlsx"), page.round)


def region_csv(request, onderwijsregio, table):
    region = request.permission_object
    page = region_page(request, region)
    found = page.table(table, REGION_TABLES)
    return downloads.csv_response(found, _region_name(region, page, f"-{table}.csv"), page.round)


# -- ministry ----------------------------------------------------------------------------------


def ministry(request):
    page = ministry_page(request)
    return render(request, "dashboards/ministry.html", {"page": page, **_links(page, "ministry")})


def _ministry_name(page, suffix):
    return f"ministerie-{page.meta()['peildatum'] or 'geen-ronde'}{suffix}"


def ministry_json(request):
    page = ministry_page(request)
    return downloads.json_response(page.tables, page.meta(), page.round)


def ministry_xlsx(request):
    page = ministry_page(request)
    return downloads.xlsx_response(page.tables, _ministry_name(page, ".xlsx"), page.round)


def ministry_csv(request, table):
    page = ministry_page(request)
    found = page.table(table, MINISTRY_TABLES)
    return downloads.csv_response(found, _ministry_name(page, f"-{table}.csv"), page.round)
