"""Write docs/permissions.md: every role against every permission, from accounts/rules.py."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tekort.accounts.role_matrix import (
    build_world,
    make_role_users,
    permission_table,
    render_markdown,
)
from tekort.conf.env import REPO_ROOT

DOC = REPO_ROOT / "docs" / "permissions.md"


def generate() -> str:
    """The table, computed with throw-away users in a transaction that is rolled back."""
    with transaction.atomic():
        world = build_world()
        text = render_markdown(permission_table(world, make_role_users(world, "table")))
        transaction.set_rollback(True)
    return text


class Command(BaseCommand):
    help = "Rewrite docs/permissions.md from the rules (--check: fail if it is out of date)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, check, **options):
        text = generate()
        if check:
            if not DOC.exists() or DOC.read_text() != text:
                raise CommandError(f"{DOC} is out of date: run manage.py permissions_table")
            self.stdout.write("docs/permissions.md is up to date.")
            return
        DOC.write_text(text)
        self.stdout.write(f"Wrote {DOC}")
