"""Rate limits per client address, counted in the shared cache (Redis in production), so that
every web process and machine counts the same requests.

Expensive anonymous requests (downloads, the school search, the calculator's JSON) and every
password-reset request are limited; over the limit the answer is the Dutch 429 page (or a JSON
error on a .json address) with ``Retry-After``. A fixed window per rule: at most ``limit``
requests per ``period`` seconds from one address (``tekort.audit.events.client_ip``, which
trusts X-Forwarded-For only behind TEKORT_PROXY_COUNT proxies). Signed-in users are not limited
except on the password reset. See docs/deployment.md, "Caching".
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tekort.audit.events import client_ip

DOWNLOAD_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    period: int  # seconds
    applies: Callable[[str, str], bool]  # (view name, path) -> bool
    methods: frozenset = frozenset({"GET", "HEAD"})
    signed_in_too: bool = False


RULES: tuple[Rule, ...] = (
    Rule(
        "download",
        limit=30,
        period=60,
        applies=lambda name, path: (
            path.endswith(DOWNLOAD_SUFFIXES)
            or name in {"publications:table-download", "publications:permalink-download"}
        ),
    ),
    Rule(
        "search",
        limit=60,
        period=60,
        applies=lambda name, path: name in {"registry:search", "registry:search-json"},
    ),
    Rule(
        "calculator",
        limit=60,
        period=60,
        applies=lambda name, path: name.startswith("calculator:") and path.endswith(".json"),
    ),
    Rule(
        "password-reset",
        limit=5,
        period=15 * 60,
        applies=lambda name, path: name == "accounts:password_reset",
        methods=frozenset({"POST"}),
        signed_in_too=True,
    ),
)


def rule_for(request, view_name: str) -> Rule | None:
    for rule in RULES:
        if request.method in rule.methods and rule.applies(view_name, request.path):
            if rule.signed_in_too or not request.user.is_authenticated:
                return rule
    return None


def hit(rule: Rule, address: str, now: float | None = None) -> int | None:
    """Count one request; the seconds to wait if it is over the limit, else None."""
    now = time.time() if now is None else now
    window = int(now // rule.period)
    key = f"ratelimit:{rule.name}:{address}:{window}"
    cache.add(key, 0, rule.period + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, rule.period + 5)
        count = 1
    if count <= rule.limit:
        return None
    return max(1, math.ceil((window + 1) * rule.period - now))


def too_many(request, retry_after: int):
    if request.path.endswith(".json"):
        response = JsonResponse(
            {"error": _("Too many requests"), "retry_after": retry_after}, status=429
        )
    else:
        response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "private, no-store"
    return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.TEKORT_RATE_LIMITS:
            return None
        match = request.resolver_match
        rule = rule_for(request, match.view_name if match else "")
        if rule is None:
            return None
        retry_after = hit(rule, client_ip(request) or "unknown")
        return None if retry_after is None else too_many(request, retry_after)
