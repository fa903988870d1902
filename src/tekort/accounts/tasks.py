"""Mail sent in the background (django-tasks), so that a request does not wait for the mail server.

A password-reset request for a known address would otherwise take as long as the SMTP delivery,
and an unknown one would not: the answer time would tell whether an address has an account.
"""

from django.core.mail import EmailMessage
from django_tasks import task


@task(queue_name="mail")  # its own queue and worker: never behind an estimate
def send_mail_task(subject: str, body: str, from_email: str | None, to: list[str]) -> int:
    """Send one plain-text message already rendered in the request (its language, its link)."""
    return EmailMessage(subject, body, from_email, to).send()
