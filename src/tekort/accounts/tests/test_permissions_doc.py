"""docs/permissions.md is the rules, rendered: regenerate it with manage.py permissions_table."""

import pytest

from tekort.accounts.management.commands.permissions_table import DOC, generate
from tekort.accounts.role_matrix import build_world, make_role_users, permission_table

pytestmark = pytest.mark.django_db


def test_permissions_doc_matches_the_rules():
    assert DOC.read_text() == generate(), (
        "docs/permissions.md is stale: run manage.py permissions_table"
    )


def test_the_table_reads_the_rules_per_role_and_side():
    world = build_world()
    rows = {row["perm"]: row for row in permission_table(world, make_role_users(world, "t"))}
    figures = rows["registry.view_location_figures"]
    assert figures["object"] == "location"
    assert figures["cells"] == {
        "anonymous": "—",
        "school": "own",
        "board": "own",
        "board_inviter": "own",
        "region": "—",
        "analyst": "all",
        "admin": "—",
    }
    assert rows["accounts.invite_board_user"]["cells"]["board"] == "—"
    assert rows["accounts.invite_board_user"]["cells"]["board_inviter"] == "own"
