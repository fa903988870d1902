"""Password-reset mail, decided and sent in the background so that the request cannot tell.

The reset form's request does the same work for every address: it validates the form and queues
one ``send_reset_link`` task on the ``mail`` queue with the address, the site's domain and the
request's language. It never looks the address up. The worker (``run_worker --queue-name mail``)
then finds the active users with that address, makes each a reset token, renders the Dutch mail
and sends it; for an unknown or inactive address it sends nothing. The answer time therefore does
not depend on whether the address has an account (bench/password_reset_timing.py).

Besides the per-client limit on the form (tekort.rate_limits), the worker sends at most
``RECIPIENT_LIMIT`` reset mails per address per ``RECIPIENT_PERIOD`` seconds, so that requests
from many client addresses cannot flood one mailbox; further requests are logged and dropped.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import translation

from tekort.rate_limits import Rule, hit

logger = logging.getLogger("tekort.accounts.password_reset")

SUBJECT_TEMPLATE = "accounts/email/password_reset_subject.txt"
BODY_TEMPLATE = "accounts/email/password_reset.txt"
RECIPIENT_LIMIT = 5
RECIPIENT_PERIOD = 15 * 60


class _SendingForm(PasswordResetForm):
    """Django's reset form as the worker uses it: it sends at once, and a failure fails the task
    (Django's own form would only log it)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        EmailMultiAlternatives(subject, body, from_email, [to_email]).send()
        self.sent += 1


def send_reset_link(email: str, *, domain: str, use_https: bool, language: str) -> int:
    """Send a reset link to every active user with ``email``; the number of mails sent."""
    if _over_recipient_limit(email):
        logger.warning(
            "Password-reset mail not sent: more than %d requests for one address in %d minutes.",
            RECIPIENT_LIMIT,
            RECIPIENT_PERIOD // 60,
        )
        return 0
    form = _SendingForm({"email": email})
    form.sent = 0
    if not form.is_valid():
        return 0
    with translation.override(language):
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name=SUBJECT_TEMPLATE,
            email_template_name=BODY_TEMPLATE,
            extra_email_context={"minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
        )
    return form.sent


RECIPIENT_RULE = Rule(
    "password-reset-recipient",
    limit=RECIPIENT_LIMIT,
    period=RECIPIENT_PERIOD,
    applies=lambda name, path: False,  # counted by the worker, not by the middleware
)


def _over_recipient_limit(email: str) -> bool:
    if not settings.TEKORT_RATE_LIMITS:
        return False
    # The address hashed: the shared cache never holds the e-mail address itself.
    key = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return hit(RECIPIENT_RULE, key) is not None
