from django.urls import path

from tekort.accounts.access import public
from tekort.calculator import views
from tekort.calculator.privacy import private

app_name = "calculator"
urlpatterns = [
    path("", public(private(views.calculator)), name="calculator"),
    path("resultaat/", public(private(views.result)), name="result"),
    path("berekening.json", public(private(views.calculator)), name="calculation-json"),
    path("curve.json", public(private(views.curve_json)), name="curve-json"),
    path("curve.csv", public(private(views.curve_csv)), name="curve-csv"),
    path("voorbeeld/", public(private(views.letter_example)), name="letter"),
    path("voorbeeld.json", public(private(views.letter_example)), name="letter-json"),
    path("beleid/", public(private(views.policy)), name="policy"),
    path("beleid.json", public(private(views.policy)), name="policy-json"),
    path("beleid.csv", public(private(views.policy_csv)), name="policy-csv"),
    path("verdeling/", public(private(views.split)), name="split"),
    path("verdeling.json", public(private(views.split)), name="split-json"),
]
