from django.urls import path

from tekort.accounts.access import requires, signed_in
from tekort.dashboards import views
from tekort.dashboards.lookups import get_board, get_region

app_name = "dashboards"

board = requires("registry.view_board_figures", get_board)
region = requires("registry.view_region_aggregates", get_region)
ministry = requires("publications.view_unpublished")
B = "bestuur/<str:board>"
R = "regio/<int:onderwijsregio>"

urlpatterns = [
    path("", signed_in(views.index), name="index"),
    path(f"{B}/", board(views.board), name="board"),
    path(f"{B}.json", board(views.board_json), name="board-json"),
    path(f"{B}.xlsx", board(views.board_xlsx), name="board-xlsx"),
    path(f"{B}/<slug:table>.csv", board(views.board_csv), name="board-csv"),
    path(f"{R}/", region(views.region), name="region"),
    path(f"{R}.json", region(views.region_json), name="region-json"),
    path(f"{R}.xlsx", region(views.region_xlsx), name="region-xlsx"),
    path(f"{R}/<slug:table>.csv", region(views.region_csv), name="region-csv"),
    path("ministerie/", ministry(views.ministry), name="ministry"),
    path("ministerie.json", ministry(views.ministry_json), name="ministry-json"),
    path("ministerie.xlsx", ministry(views.ministry_xlsx), name="ministry-xlsx"),
    path("ministerie/<slug:table>.csv", ministry(views.ministry_csv), name="ministry-csv"),
]
