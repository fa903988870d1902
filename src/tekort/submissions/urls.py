from django.urls import path

from tekort.accounts.access import requires
from tekort.submissions import api, lookups
from tekort.submissions.views import board, location, response, rounds, school_leaders

app_name = "submissions"

register = requires("submissions.register_for_location", lookups.location)
upload_for_board = requires("submissions.upload_for_board", lookups.board)
own_upload = requires("submissions.upload_for_board", lookups.board_of_upload, hide_existence=True)
manage = requires("submissions.manage_rounds")
national_response = requires("submissions.view_response")
board_response = requires("submissions.view_response", lookups.board)
R = "rondes/<int:round_id>"
L = f"{R}/vestigingen/<str:code>"
B = f"{R}/besturen/<str:number>"
S = f"{B}/schoolleiding"
U = "uploads/<uuid:upload_id>"

urlpatterns = [
    path("", requires("submissions.use_uitvraag")(rounds.index), name="index"),
    path("rondes/", manage(rounds.round_list), name="rounds"),
    path(f"{R}/", manage(rounds.round_detail), name="round"),
    path(f"{L}/", register(location.registration_form), name="form"),
    path(f"{L}/ontvangstbewijs/", register(location.receipt), name="receipt"),
    path(f"{L}/ontvangstbewijs.json", register(location.receipt), name="receipt-json"),
    path(f"{L}/versies/", register(location.versions), name="versions"),
    path(f"{L}/versies.json", register(location.versions), name="versions-json"),
    path(f"{B}/", upload_for_board(board.board_page), name="board"),
    path(f"{B}/sjabloon.xlsx", upload_for_board(board.template_xlsx), name="template"),
    path(f"{S}/", upload_for_board(school_leaders.school_leader_form), name="school-leaders"),
    path(
        f"{S}/ontvangstbewijs/",
        upload_for_board(school_leaders.receipt),
        name="school-leaders-receipt",
    ),
    path(
        f"{S}/ontvangstbewijs.json",
        upload_for_board(school_leaders.receipt),
        name="school-leaders-receipt-json",
    ),
    path(f"{U}/", own_upload(board.upload_detail), name="upload"),
    path(f"{U}/voortgang.json", own_upload(board.upload_progress), name="upload-progress"),
    path(f"{U}/fouten.csv", own_upload(board.upload_errors_csv), name="upload-errors"),
    path(f"{U}/bevestigen/", own_upload(board.upload_confirm), name="upload-confirm"),
    path(f"{R}/respons/", national_response(response.monitor), name="response"),
    path(f"{R}/respons.json", national_response(response.monitor), name="response-json"),
    path(f"{R}/respons.csv", national_response(response.monitor_csv), name="response-csv"),
    path(f"{R}/respons/herinneren/", manage(response.remind), name="remind"),
    path(f"{B}/respons/", board_response(response.monitor), name="board-response"),
    path(f"{B}/respons.json", board_response(response.monitor), name="board-response-json"),
    path(f"{B}/respons.csv", board_response(response.monitor_csv), name="board-response-csv"),
    path(f"{B}/respons/herinneren/", board_response(response.remind), name="board-remind"),
    path(
        "api/boards/<str:number>/upload",
        api.token_or_session(upload_for_board(api.board_upload)),
        name="api-upload",
    ),
]
