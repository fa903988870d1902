from django.urls import path

from tekort.accounts.access import public
from tekort.calculator import views
from tekort.calculator.privacy import private


def page(view):
    """Every calculator address: open to all, and private (``privacy.private``)."""
    return public(private(view))


app_name = "calculator"
urlpatterns = [
    path("", page(views.calculator), name="calculator"),
    path("resultaat/", page(views.result), name="result"),
    path("berekening.json", page(views.calculator), name="calculation-json"),
    path("curve.json", page(views.curve_json), name="curve-json"),
    path("curve.csv", page(views.curve_csv), name="curve-csv"),
    path("voorbeeld/", page(views.letter_example), name="letter"),
    path("voorbeeld.json", page(views.letter_example), name="letter-json"),
    path("beleid/", page(views.policy), name="policy"),
    path("beleid.json", page(views.policy), name="policy-json"),
    path("beleid.csv", page(views.policy_csv), name="policy-csv"),
    path("verdeling/", page(views.split), name="split"),
    path("verdeling.json", page(views.split), name="split-json"),
]
