"""The open API (/api/v1/): each app's read-only endpoints and the OpenAPI schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from tekort.accounts.access import public
from tekort.publications import api_views

app_name = "api"
urlpatterns = [
    path("", public(api_views.ApiRoot.as_view()), name="root"),
    path("schema/", public(SpectacularAPIView.as_view(urlconf=None)), name="schema"),
    path("releases/", public(api_views.ReleaseList.as_view()), name="releases"),
    path("releases/<slug:slug>/", public(api_views.ReleaseDetail.as_view()), name="release"),
    path(
        "releases/<slug:slug>/headline/",
        public(api_views.ReleaseHeadline.as_view()),
        name="release-headline",
    ),
    path(
        "releases/<slug:slug>/cells/",
        public(api_views.ReleaseCells.as_view()),
        name="release-cells",
    ),
    path("indicators/", public(api_views.Indicators.as_view()), name="indicators"),
    path("breakdowns/", public(api_views.Breakdowns.as_view()), name="breakdowns"),
    path("subjects/", public(api_views.Subjects.as_view()), name="subjects"),
    path("geography/", public(api_views.GeographyLevels.as_view()), name="geography"),
    path(
        "geography/<str:level>/", public(api_views.GeographyAreas.as_view()), name="geography-areas"
    ),
]
