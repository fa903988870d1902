"""Sign-in, sign-out and failed sign-ins, recorded from Django's authentication signals."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from tekort.audit import events


@receiver(user_logged_in, dispatch_uid="tekort.audit.signed_in")
def _signed_in(sender, request, user, **kwargs):
    events.signed_in(request, user)


@receiver(user_logged_out, dispatch_uid="tekort.audit.signed_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        events.signed_out(request, user)


@receiver(user_login_failed, dispatch_uid="tekort.audit.sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    if request is not None and getattr(request, "axes_locked_out", False):
        events.locked_out(request, username)
    else:
        events.sign_in_failed(request, username)
