"""Every role against every permission, on its own object and on another: the table in
docs/permissions.md (``manage.py permissions_table``) and the roles of the authorisation matrix
test (src/tekort/tests/test_authz_matrix.py).

A *world* is one location with its board, in an onderwijsregio of which that board is a member
today (the "own" side), and a location of another board outside that region (the "other"
side). Each role is a user acting for the own side: the school user for the own location, the
board user for the own board (once without, once with ``can_invite``), the region coordinator for
the own onderwijsregio; analysts and administrators act for no object.
"""

import datetime
from dataclasses import dataclass

import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from tekort.accounts.models import Role
from tekort.registry import membership
from tekort.registry.models import Board, Location, Onderwijsregio

ROLE_NAMES = ["anonymous", "school", "board", "board_inviter", "region", "analyst", "admin"]
OBJECT_KINDS = ["none", "location", "board", "onderwijsregio"]


@dataclass(frozen=True)
class Side:
    """The objects of one side of the world: "own" (the roles' objects) or "other"."""

    name: str
    location: Location
    board: Board
    onderwijsregio: Onderwijsregio

    def object_of_kind(self, kind: str):
        return None if kind == "none" else getattr(self, kind)


@dataclass(frozen=True)
class World:
    own: Side
    other: Side

    @property
    def sides(self) -> tuple[Side, Side]:
        return self.own, self.other


def build_world(on: datetime.date | None = None) -> World:
    """Pick real objects from the register: a region with a member board with a location, and
    a location of a board outside that region. Membership is the one valid on `on` (None:
    today), read through tekort.registry.membership: a board whose membership has ended is no
    longer the region's. Deterministic for a given register and date."""
    on = on or membership.today()
    for region in Onderwijsregio.objects.order_by("name"):
        members = membership.boards_of_region(region, on)
        board = (
            Board.objects.filter(number__in=members, locations__isnull=False)
            .order_by("number")
            .first()
        )
        if board is None:
            continue
        other_location = Location.objects.exclude(board__in=members).order_by("code").first()
        own_regions = [r.pk for r in membership.regions_of_board(board, on)]
        other_region = Onderwijsregio.objects.exclude(pk__in=own_regions).order_by("name").first()
        if other_location is None or other_region is None:
            continue
        return World(
            own=Side("own", board.locations.order_by("code").first(), board, region),
            other=Side("other", other_location, other_location.board, other_region),
        )
    raise LookupError("The register needs onderwijsregio's with member boards and locations.")


def make_role_users(world: World, prefix: str = "matrix") -> dict:
    """One saved user per role name (AnonymousUser for "anonymous"), acting for the own side."""
    users = {"anonymous": AnonymousUser()}
    create = get_user_model().objects.create_user
    own = world.own
    role_fields = {
        "school": {"kind": Role.Kind.SCHOOL, "location": own.location},
        "board": {"kind": Role.Kind.BOARD, "board": own.board},
        "board_inviter": {"kind": Role.Kind.BOARD, "board": own.board, "can_invite": True},
        "region": {"kind": Role.Kind.REGION, "onderwijsregio": own.onderwijsregio},
        "analyst": {"kind": Role.Kind.ANALYST},
        "admin": {"kind": Role.Kind.ADMIN},
    }
    for name, fields in role_fields.items():
        user = create(f"{prefix}-{name}@example.nl", email=f"{prefix}-{name}@example.nl")
        Role.objects.create(user=user, **fields)
        users[name] = user
    return users


def _allowed(user, perm: str, obj) -> bool:
    try:
        return bool(user.has_perm(perm, obj))
    except Exception:  # a predicate for another object type: not this kind
        return False


def permission_table(world: World, users: dict) -> list[dict]:
    """Per permission: the object kind it is about and, per role, "all", "own" or "—"."""
    table = []
    for perm in sorted(rules.permissions.permissions):
        best = None
        for kind in OBJECT_KINDS:
            cells = {}
            for role in ROLE_NAMES:
                own = _allowed(users[role], perm, world.own.object_of_kind(kind))
                other = _allowed(users[role], perm, world.other.object_of_kind(kind))
                cells[role] = (own, other)
            score = sum(own + other for own, other in cells.values())
            if best is None or score > best[0]:
                best = (score, kind, cells)
        score, kind, cells = best
        if score == 0:  # about an object of another type (say, a user's saved scenario)
            table.append({"perm": perm, "object": "other", "cells": dict.fromkeys(cells, "n/a")})
            continue
        table.append({"perm": perm, "object": kind, "cells": {r: _cell(*cells[r]) for r in cells}})
    return table


def _cell(own: bool, other: bool) -> str:
    if own and other:
        return "all"
    if own:
        return "own"
    if other:
        return "OTHER ONLY"
    return "—"


HEADER = """# Permissions: every role against every permission

Generated from `src/tekort/accounts/rules.py` by `python src/manage.py permissions_table`
(which rewrites this file); a test fails when this table and the rules disagree.

Each role acts for the *own* objects of a world: a location, its board and an onderwijsregio of
which that board is a member. **own** means the permission holds for the role's own object
only, **all** for another object too, **—** never. The column *object* is what the permission
is asked about (`user.has_perm(perm, obj)`); *none* means a permission without an object.
*other* means an object of another type (a user's saved scenario, say): its rows read *n/a*
here, and the authorisation matrix test (src/tekort/tests/test_authz_matrix.py) checks it
through the URLs that use it. Anonymous visitors never hold a permission: they see only public pages. Every permission also
requires a sign-in verified with a second factor (see [accounts.md](accounts.md)).

"""


def render_markdown(table: list[dict]) -> str:
    head = "| permission | object | " + " | ".join(ROLE_NAMES) + " |\n"
    rule = "|---|---|" + "---|" * len(ROLE_NAMES) + "\n"
    rows = "".join(
        f"| `{row['perm']}` | {row['object']} | "
        + " | ".join(row["cells"][r] for r in ROLE_NAMES)
        + " |\n"
        for row in table
    )
    return HEADER + head + rule + rows
