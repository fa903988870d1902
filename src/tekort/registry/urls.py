from django.urls import path

from tekort.accounts.access import public
from tekort.registry import views

app_name = "registry"
urlpatterns = [
    path("", public(views.home), name="home"),
    path("home.json", public(views.home_json), name="home-json"),
    path("scholen/", public(views.search), name="search"),
    path("scholen.json", public(views.search_json), name="search-json"),
    path("scholen/<str:code>/", public(views.location_detail), name="location"),
]
