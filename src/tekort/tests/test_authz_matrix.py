"""The authorisation matrix: every URL pattern × every role × own and other object.

1. Every URL pattern of the project (except the admin at /beheer/ and Django's i18n/) must be
   served by a view that declares its access (tekort.accounts.access: ``public``, ``requires`` or
   ``signed_in``); a pattern without one fails ``test_every_url_declares_its_access``.
2. For every pattern, a request is made per role (tekort.accounts.role_matrix.ROLE_NAMES) and per
   side ("own": the role's own location/board/onderwijsregio; "other": another board's, outside
   the region), and the answer is checked:
   - ``requires(perm)``: anonymous visitors are sent to the sign-in page; a signed-in, verified
     user gets the page exactly when ``user.has_perm(perm, obj)`` holds (not 403/404, not sent
     to sign in), else 403 (404 with ``hide_existence``); a signed-in user whose session has no
     verified second factor is sent to sign in or to set up two-factor, whatever the role;
   - ``signed_in``: anonymous → sign-in page; every role → the page; with ``two_factor`` (the
     default) a session without a verified second factor → sign-in/setup;
   - ``public``: an anonymous visitor gets the page.

URL kwargs are filled from real objects by KWARGS below: a key → a function returning the value
to put in the URL. The key is the kwarg name (``"code"``), or ``"<url name>/<kwarg>"`` for one
URL only (``"forecasts:delete/pk"``; use this for generic names such as pk, id or slug). The
function takes the side (tekort.accounts.role_matrix.Side: .name "own"/"other", .location,
.board, .onderwijsregio) and, if it has a second parameter, the requesting user (AnonymousUser
for anonymous visitors) for objects that belong to a user: return that user's object on the own
side and somebody else's on the other side. An app whose URLs take other kwargs adds
``src/tekort/<app>/tests/authz.py`` with ``KWARGS = {...}``; it is picked up here. A kwarg
nobody resolves fails with a message naming the entry to add.
"""

import importlib
import re
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.http import Http404
from django.shortcuts import resolve_url
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tekort.accounts.role_matrix import ROLE_NAMES, build_world, make_role_users
from tekort.accounts.testing import sign_in
from tekort.conftest import module_transaction

# walks every URL pattern over HTTP: run once, on PostgreSQL (the sweep tier, Makefile)
pytestmark = pytest.mark.sweep

SKIPPED_PREFIXES = ("beheer/", "i18n/")


def _invitation_token(side):
    from tekort.accounts import invitations

    _invitation, link = invitations.invite(
        email=f"matrix-invitee-{side.name}@example.nl", kind="analyst"
    )
    return link.rstrip("/").rsplit("/", 1)[-1]


def _saved_scenario(side, user):
    """A saved raming scenario: the requesting user's on the own side, somebody else's on the
    other. (Belongs in src/tekort/forecasts/tests/authz.py; kept here until it moves.)"""
    from django.contrib.auth import get_user_model

    from tekort.forecasts.models import SavedScenario

    if side.name == "own" and user.is_authenticated:
        owner = user
    else:
        owner, _created = get_user_model().objects.get_or_create(username="matrix-stranger")
    return SavedScenario.objects.create(owner=owner, name="matrix", query="").pk


# The resolvers below belong in their apps' tests/authz.py; they live here until they move.
def _round(side):
    """One open registration round, the same for both sides (a round belongs to nobody), with
    a submitted registration of the side's location, so that receipts and versions exist."""
    from datetime import date

    from tekort.submissions.models import Registration, Round
    from tekort.submissions.tests.factories import RoundFactory

    round_ = Round.objects.filter(peildatum=date(2031, 10, 1)).first() or RoundFactory(
        peildatum=date(2031, 10, 1), sectors=["bao", "sbo", "so", "vso"]
    )
    Registration.objects.update_or_create(
        round=round_,
        location=side.location,
        defaults={"formatie": 10, "channel": "form", "submitted_at": timezone.now()},
    )
    return round_.pk


def _upload(side, user):
    """A board upload of the side's board, by the requesting user on the own side."""
    from django.contrib.auth import get_user_model

    from tekort.submissions.models import Upload

    if side.name == "own" and user.is_authenticated:
        uploader = user
    else:
        uploader, _created = get_user_model().objects.get_or_create(username="matrix-stranger")
    return Upload.objects.create(
        round_id=_round(side),
        board=side.board,
        user=uploader,
        channel="upload",
        file_name="matrix.csv",
        content=b"",
        status="rejected",
        errors=[{"sheet": "", "row": 2, "column": "formatie", "reason": "matrix"}],
    ).pk


def _estimate_run(side):
    from tekort.estimates.models import EstimateRun

    return EstimateRun.objects.create(
        round_id=_round(side),
        method_version="matrix",
        inputs_fingerprint="0" * 64,
        seed=1,
        n_bootstrap=1,
        status="done",
    ).pk


KWARGS = {
    # registry
    "code": lambda side: side.location.code,
    "location": lambda side: side.location.code,
    "board": lambda side: side.board.number,
    "onderwijsregio": lambda side: side.onderwijsregio.pk,
    # accounts
    "token": _invitation_token,
    # submissions, estimates, forecasts
    "round_id": _round,
    "number": lambda side: side.board.number,
    "upload_id": _upload,
    "estimates:run-json/pk": _estimate_run,
    "forecasts:delete/pk": _saved_scenario,
}


def kwarg_resolvers() -> dict:
    """KWARGS above plus every app's ``tests/authz.py`` KWARGS."""
    resolvers = dict(KWARGS)
    for config in apps.get_app_configs():
        if not config.name.startswith("tekort."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.authz")
        except ModuleNotFoundError as error:
            if error.name and error.name.startswith(config.name):
                continue
            raise
        for name, resolver in getattr(module, "KWARGS", {}).items():
            assert name not in resolvers or resolvers[name] is resolver, (
                f"URL kwarg {name!r} is resolved twice ({config.name}.tests.authz and another)"
            )
            resolvers[name] = resolver
    return resolvers


@dataclass
class Pattern:
    route: str
    name: str  # namespaced, for reverse()
    view: object
    kwargs: list[str] = field(default_factory=list)

    @property
    def access(self):
        return getattr(self.view, "access", None)

    def __str__(self):
        return f"{self.route} ({self.name})"


def url_patterns(patterns=None, prefix="", namespace="") -> list[Pattern]:
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += url_patterns(entry.url_patterns, route, space)
        elif isinstance(entry, URLPattern):
            kwargs = list(entry.pattern.regex.groupindex)
            name = f"{namespace}{entry.name}" if entry.name else ""
            found.append(Pattern(route, name, entry.callback, kwargs))
    return found


PATTERNS = url_patterns()


def test_every_url_declares_its_access():
    undeclared = [str(p) for p in PATTERNS if p.access is None]
    assert not undeclared, (
        "These URLs are served by a view without an access declaration; wrap the view in "
        "tekort.accounts.access.public(...), requires(perm, get_object)(...) or signed_in(...): "
        + ", ".join(undeclared)
    )
    unnamed = [p.route for p in PATTERNS if not p.name]
    assert not unnamed, f"Give these URL patterns a name (the matrix reverses them): {unnamed}"


def test_a_view_without_a_declaration_is_found():
    def undeclared_view(request):
        raise AssertionError  # never called

    from django.urls import path

    found = url_patterns([path("x/<str:code>/", undeclared_view, name="x")], "test/")
    assert [p.access for p in found] == [None]
    assert found[0].kwargs == ["code"]


# -- the matrix -------------------------------------------------------------------------------

LOGIN_URL = "/account/aanmelden/"
SETUP_URL = "/account/tweestapsverificatie/instellen/"


def is_sent_to_sign_in(response) -> bool:
    if response.status_code == 401:  # an API: no redirect, but "authenticate first"
        return True
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return location.startswith((LOGIN_URL, SETUP_URL))


def url_for(pattern: Pattern, side, user, resolvers: dict, cache: dict) -> str:
    kwargs = {}
    for name in pattern.kwargs:
        key = f"{pattern.name}/{name}" if f"{pattern.name}/{name}" in resolvers else name
        if key not in resolvers:
            pytest.fail(
                f"The URL {pattern} takes the kwarg {name!r}, which the authorisation matrix "
                f"cannot fill: add {name!r} (or {pattern.name + '/' + name!r} for this URL "
                "only) to KWARGS in src/tekort/<app>/tests/authz.py: a function of the side "
                "(side.location, side.board, side.onderwijsregio), and optionally of the "
                "requesting user, returning a real value for the own and the other side. "
                "See the docstring of src/tekort/tests/test_authz_matrix.py."
            )
        resolver = resolvers[key]
        per_user = resolver.__code__.co_argcount >= 2 if hasattr(resolver, "__code__") else False
        cache_key = (key, side.name, user.pk if per_user else None)
        if cache_key not in cache:
            cache[cache_key] = resolver(side, user) if per_user else resolver(side)
        kwargs[name] = cache[cache_key]
    return reverse(pattern.name, kwargs=kwargs)


@pytest.fixture(scope="module")
def signed_in_world(django_db_setup, django_db_blocker):
    """The two sides, the role users and their signed-in clients, made once for the module: each
    test runs in a savepoint of the module's transaction (``module_transaction``), so what its
    requests change is rolled back before the next. Signing in two clients per role again for
    each of the 400 patterns was most of the matrix's time outside the requests themselves."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            world = build_world()
            users = make_role_users(world)
            # per role a client signed in with a verified second factor, and one without it
            verified, unverified = {"anonymous": Client()}, {}
            for role, user in users.items():
                if role != "anonymous":
                    verified[role] = sign_in(Client(), user)
                    unverified[role] = sign_in(Client(), user, verified=False)
        yield world, users, (verified, unverified)


@pytest.fixture
def world(signed_in_world, db):
    return signed_in_world[0]


@pytest.fixture
def users(signed_in_world, db):
    return signed_in_world[1]


@pytest.fixture
def clients(signed_in_world, db):
    """Per role a client signed in with a verified second factor, and one without it."""
    return signed_in_world[2]


def expected_permission(pattern: Pattern, user, url: str) -> bool:
    access = pattern.access
    request = RequestFactory().get(url)
    request.user = user
    match_kwargs = get_resolver().resolve(url).kwargs
    try:
        obj = access.get_object(request, **match_kwargs) if access.get_object else None
    except Http404:
        pytest.fail(f"{pattern}: the object for {url} does not exist; fix its KWARGS entry")
    return user.has_perm(access.perm, obj)


def check_pattern(pattern: Pattern, world, users, clients) -> list[tuple]:
    """Request the pattern per role and side; returns the checked cells (role, side, outcome)."""
    verified, unverified = clients
    resolvers, cache, cells = kwarg_resolvers(), {}, []
    access = pattern.access
    for side in world.sides:
        url = url_for(pattern, side, users["anonymous"], resolvers, cache)
        if access.kind == "public":
            response = verified["anonymous"].get(url)
            assert response.status_code != 403 and not is_sent_to_sign_in(response), (
                f"public {url} refused an anonymous visitor ({response.status_code})"
            )
            cells.append(("anonymous", side.name, "allowed"))
            continue
        for role in ROLE_NAMES:
            url = url_for(pattern, side, users[role], resolvers, cache)
            response = verified[role].get(url)
            if role == "anonymous":
                assert is_sent_to_sign_in(response), (
                    f"{url} did not send an anonymous visitor to sign in ({response.status_code})"
                )
                cells.append((role, side.name, "sign in"))
                continue
            if access.kind == "signed_in":
                allowed = True
            else:
                allowed = expected_permission(pattern, users[role], url)
            outcome = f"{role} on the {side.name} object of {url}: {response.status_code}"
            if allowed:
                refused = (403, 404) if access.kind == "permission" else (403,)
                assert response.status_code not in refused, f"refused, should be allowed: {outcome}"
                assert not is_sent_to_sign_in(response), f"sent to sign in: {outcome}"
            else:
                refusal = 404 if access.hide_existence else 403
                assert response.status_code == refusal, f"should be {refusal}: {outcome}"
            cells.append((role, side.name, "allowed" if allowed else "refused"))
            if access.two_factor and side.name == "own":
                response = unverified[role].get(url)
                assert is_sent_to_sign_in(response), (
                    f"{url} served {role} without a verified second factor ({response.status_code})"
                )
                cells.append((role, "own, unverified", "sign in"))
    return cells


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.name or p.route for p in PATTERNS])
def test_authorisation_matrix(pattern, world, users, clients):
    if pattern.access is None:
        pytest.fail(f"{pattern} declares no access (see test_every_url_declares_its_access)")
    cells = check_pattern(pattern, world, users, clients)
    assert cells
    if pattern.access.kind == "permission":
        # every role on both sides: the own object and another's
        roles_sides = {(r, s) for r, s, _ in cells}
        assert {(r, s) for r in ROLE_NAMES for s in ("own", "other")} <= roles_sides


def test_matrix_covers_every_role_side_and_pattern(world, capsys):
    """The matrix's size, from the declarations: each pattern behind a permission is checked
    for every role on both sides (``test_authorisation_matrix`` asserts that per pattern), and
    once more without a verified second factor on its own side where it asks for one."""
    permission_patterns = [p for p in PATTERNS if p.access and p.access.kind == "permission"]
    assert len(permission_patterns) >= 40
    assert [side.name for side in world.sides] == ["own", "other"]
    signed_in_roles = len(ROLE_NAMES) - 1  # all but anonymous
    total = sum(
        2 * len(ROLE_NAMES) + (signed_in_roles if p.access.two_factor else 0)
        for p in permission_patterns
    )
    with capsys.disabled():
        print(
            f"\nauthorisation matrix: {len(PATTERNS)} URL patterns, "
            f"{len(permission_patterns)} behind a permission, {len(ROLE_NAMES)} roles × 2 sides: "
            f"{total} checked cells for the permission patterns"
        )


def test_login_url_setting_matches_the_matrix():
    assert resolve_url("accounts:login") == LOGIN_URL
    assert reverse("accounts:two_factor_setup") == SETUP_URL
    assert re.match(r"^/account/", LOGIN_URL)


LOCATION_KWARGS = {"code", "location"}
LOCATION_PARAMETERS = ["code", "location", "vestiging", "brin", "locatie", "school"]


def test_region_user_cannot_reach_one_locations_figures(world, users, clients):
    """Not by a URL that names a location (every location of the region's member boards), nor
    by a filter or API parameter naming one on a page the region coordinator may see."""
    from tekort.accounts.scopes import locations_with_visible_figures
    from tekort.registry.models import Location

    verified, _unverified = clients
    region_user = users["region"]
    assert not locations_with_visible_figures(region_user).exists()
    in_region = [world.own.location] + list(
        Location.objects.filter(board__in=world.own.onderwijsregio.boards.all())
        .exclude(pk=world.own.location.pk)
        .order_by("code")[:7]
    )
    assert world.own.location in in_region
    resolvers, cache, checked = kwarg_resolvers(), {}, 0
    for pattern in PATTERNS:
        if not pattern.access or pattern.access.kind != "permission":
            continue
        if any(
            k not in resolvers and f"{pattern.name}/{k}" not in resolvers for k in pattern.kwargs
        ):
            continue  # test_authorisation_matrix names the KWARGS entry that is missing
        base = url_for(pattern, world.own, region_user, resolvers, cache)
        if LOCATION_KWARGS & set(pattern.kwargs):
            for location in in_region:
                kwargs = get_resolver().resolve(base).kwargs
                kwargs.update(dict.fromkeys(LOCATION_KWARGS & set(kwargs), location.code))
                url = reverse(pattern.name, kwargs=kwargs)
                status = verified["region"].get(url).status_code
                assert status in (403, 404), f"region coordinator reached {url} ({status})"
                checked += 1
            continue
        plain = verified["region"].get(base)
        if plain.status_code != 200 or plain.streaming:
            continue
        code = world.own.location.code
        query = "&".join(f"{name}={code}" for name in LOCATION_PARAMETERS)
        filtered = verified["region"].get(f"{base}?{query}")
        if code not in plain.content.decode(errors="replace"):
            assert code not in filtered.content.decode(errors="replace"), (
                f"{base}?{query} shows location {code} to a region coordinator"
            )
        checked += 1
    assert checked > 0
