"""The page django-axes shows after too many failed sign-ins (AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.shortcuts import render


def response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
