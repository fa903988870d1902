"""Create an upload API token for a board user; the key is printed once and never stored."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tekort.submissions import tokens


class Command(BaseCommand):
    help = "Creates a token for POST /uitvraag/api/boards/<number>/upload (Authorization: Token …)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="HR-systeem")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"onbekende gebruiker {username}")
        self.stdout.write(tokens.create(user, name))
