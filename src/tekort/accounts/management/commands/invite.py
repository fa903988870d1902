"""Invite a user from the command line, e.g. the first administrator of a new installation.

    manage.py invite beheer@example.nl --role admin --base-url https://tekort.example.nl
    manage.py invite hr@bestuur.nl --role board --board 41234 --can-invite

The e-mail goes out through Django's mail (the console in development) and the link is printed.
"""

from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from tekort.accounts import invitations
from tekort.accounts.models import Role
from tekort.registry.models import Board, Location, Onderwijsregio


class Command(BaseCommand):
    help = "Invite a user for one role; prints the single-use invitation link."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=Role.Kind.values)
        parser.add_argument("--location", help="Location code (school user).")
        parser.add_argument("--board", help="Board number (board user).")
        parser.add_argument("--region", help="Onderwijsregio name (region coordinator).")
        parser.add_argument("--can-invite", action="store_true", help="Board user may invite.")
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="Site address for the link."
        )

    def handle(self, email, role, location, board, region, can_invite, base_url, **options):
        try:
            validate_email(email)
        except Exception as error:
            raise CommandError(f"Not an e-mail address: {email}") from error
        target = {
            "location": _get(Location, role == Role.Kind.SCHOOL, "--location", code=location),
            "board": _get(Board, role == Role.Kind.BOARD, "--board", number=board),
            "onderwijsregio": _get(
                Onderwijsregio, role == Role.Kind.REGION, "--region", name=region
            ),
        }
        invitation, link = invitations.invite(
            email=email, kind=role, can_invite=can_invite, base_url=base_url, **target
        )
        self.stdout.write(
            f"Invited {invitation.email} as {invitation.get_kind_display()}; "
            f"the link works once, until {invitation.expires_at:%Y-%m-%d %H:%M}:"
        )
        self.stdout.write(link)


def _get(model, needed: bool, option: str, **lookup):
    value = next(iter(lookup.values()))
    if not needed:
        if value:
            raise CommandError(f"{option} does not belong to this role.")
        return None
    if not value:
        raise CommandError(f"This role needs {option}.")
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        raise CommandError(f"Not found: {option} {value}")
    return obj
