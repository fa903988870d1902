from django.urls import path

from tekort.accounts.access import requires
from tekort.estimates import views

app_name = "estimates"
urlpatterns = [
    path("", requires("estimates.run")(views.run_list), name="runs"),
    path("<int:pk>.json", requires("estimates.run")(views.run_status_json), name="run-json"),
    path("wachtrij.json", requires("estimates.run")(views.pending_json), name="pending-json"),
]
