"""Lockout clean-up for the scheduler: django-axes keeps every failed attempt until removed."""

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

FAILURE_LOGS_KEPT_DAYS = 30


def clean() -> str:
    """Remove attempts whose cool-off has passed (they lock nobody out any more) and failure
    logs older than FAILURE_LOGS_KEPT_DAYS; sign-in events stay in the audit log."""
    expired, _ = AccessAttempt.objects.filter(
        attempt_time__lt=timezone.now() - settings.AXES_COOLOFF_TIME
    ).delete()
    logs = AxesProxyHandler.reset_failure_logs(age_days=FAILURE_LOGS_KEPT_DAYS)
    return f"{expired} expired lockout attempts and {logs} old failure logs removed"
