"""Mail sent in the background (django-tasks), so that a request does not wait for the mail server.

A password-reset request for a known address would otherwise take longer than an unknown one:
the answer time would tell whether an address has an account. ``send_password_reset`` therefore
gets every requested address and decides in the worker (tekort.accounts.password_reset).
"""

from django.core.mail import EmailMessage
from django_tasks import task


@task(queue_name="mail")  # its own queue and worker: never behind an estimate
def send_mail_task(subject: str, body: str, from_email: str | None, to: list[str]) -> int:
    """Send one plain-text message already rendered in the request (its language, its link)."""
    return EmailMessage(subject, body, from_email, to).send()


@task(queue_name="mail")
def send_password_reset(email: str, domain: str, use_https: bool, language: str) -> int:
    """Send the reset link if ``email`` belongs to an active user; the number of mails sent."""
    from tekort.accounts.password_reset import send_reset_link

    return send_reset_link(email, domain=domain, use_https=use_https, language=language)
