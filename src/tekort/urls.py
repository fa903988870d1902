from django.contrib import admin
from django.urls import include, path

from tekort import health

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
    # Health for load balancers (docs/deployment.md): live, and ready (database and cache).
    path("gezondheid/", health.live, name="health-live"),
    path("gereed/", health.ready, name="health-ready"),
]
