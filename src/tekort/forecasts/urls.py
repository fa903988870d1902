from django.urls import path

from tekort.accounts.access import public, requires
from tekort.forecasts import views

app_name = "forecasts"

SAVE = "forecasts.save_scenario"

urlpatterns = [
    path("", public(views.scenario_page), name="scenario"),
    path("scenario.json", public(views.scenario_json), name="scenario-json"),
    path("scenario.csv", public(views.scenario_csv), name="scenario-csv"),
    path("parameters/", public(views.parameters_page), name="parameters"),
    path("parameters.json", public(views.parameters_page), name="parameters-json"),
    path("nowcast/", public(views.nowcast_page), name="nowcast"),
    path("nowcast.json", public(views.nowcast_page), name="nowcast-json"),
    path("terugblik/", public(views.backtest_page), name="backtest"),
    path("terugblik.json", public(views.backtest_page), name="backtest-json"),
    path("terugblik.csv", public(views.backtest_csv), name="backtest-csv"),
    path("terugblik-gemeten.json", public(views.reality_json), name="reality-json"),
    path("terugblik-gemeten.csv", public(views.reality_csv), name="reality-csv"),
    path("opgeslagen/", requires(SAVE)(views.saved_list), name="saved"),
    path("opgeslagen.json", requires(SAVE)(views.saved_list), name="saved-json"),
    path("opgeslagen/nieuw/", requires(SAVE)(views.save_scenario), name="save"),
    path(
        "opgeslagen/<int:pk>/verwijderen/",
        requires("forecasts.manage_scenario", views.saved_object, hide_existence=True)(
            views.delete_scenario
        ),
        name="delete",
    ),
]
