from django.urls import path

from tekort.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.home, name="home"),
    path("home.json", views.home_json, name="home-json"),
    path("scholen/", views.search, name="search"),
    path("scholen.json", views.search_json, name="search-json"),
    path("scholen/<str:code>/", views.location_detail, name="location"),
]
