"""Health endpoints for a load balancer or an orchestrator (docs/deployment.md).

``/gezondheid/`` (live): the process answers; touches neither the database nor the cache.
``/gereed/`` (ready): the database and the cache answer; 503 naming the one that failed.
Both are JSON, never cached, without session or CSRF, and exempt from the HTTPS redirect (a
load balancer probes them over plain HTTP on the private network).
"""

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from tekort.accounts.access import public

CACHE_PROBE_KEY = "tekort:gereed"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    cache.set(CACHE_PROBE_KEY, "1", timeout=10)
    if cache.get(CACHE_PROBE_KEY) != "1":
        raise RuntimeError("the cache did not return what was just stored")


CHECKS = {"database": _database, "cache": _cache}


@public
@csrf_exempt
@never_cache
def live(request):
    return JsonResponse({"status": "ok"})


@public
@csrf_exempt
@never_cache
def ready(request):
    checks = {}
    for name, check in CHECKS.items():
        try:
            check()
            checks[name] = "ok"
        except Exception as error:  # any failure means "not ready", and says which
            checks[name] = f"unreachable ({type(error).__name__})"
    failed = sorted(name for name, state in checks.items() if state != "ok")
    status = 503 if failed else 200
    body = {"status": "unavailable" if failed else "ok", "checks": checks, "failed": failed}
    return JsonResponse(body, status=status)
