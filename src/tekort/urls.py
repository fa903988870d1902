from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tekort.registry.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]
