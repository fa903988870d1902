from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tekort.registry.urls")),
    path("", include("tekort.publications.urls")),
    path("account/", include("tekort.accounts.urls")),
    path("uitvraag/", include("tekort.submissions.urls")),
    path("schattingen/", include("tekort.estimates.urls")),
    path("mijn/", include("tekort.dashboards.urls")),
    path("raming/", include("tekort.forecasts.urls")),
    path("meeruren/", include("tekort.calculator.urls")),
    path("beleid/", include("tekort.monitor.urls")),
    path("api/v1/", include("tekort.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]
