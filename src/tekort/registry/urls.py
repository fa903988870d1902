from django.urls import path

from tekort.accounts.access import public
from tekort.registry import views

app_name = "registry"
urlpatterns = [
    path("scholen/", public(views.search), name="search"),
    path("scholen.json", public(views.search), name="search-json"),
    path("scholen/<str:code>/", public(views.location_detail), name="location"),
]
