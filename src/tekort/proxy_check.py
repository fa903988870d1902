"""Warn once per process when TEKORT_PROXY_COUNT promises proxies that a request did not pass.

With TEKORT_PROXY_COUNT=N tekort takes the client's address from X-Forwarded-For and trusts
X-Forwarded-Proto (tekort.audit.events.client_ip, SECURE_PROXY_SSL_HEADER). A request that
reaches tekort with fewer than N forwarded addresses did not come through the N proxies: either
the setting is wrong or the application port is reachable without the proxy, and then anyone
can claim any address. The first such request of a process logs a warning (the health
endpoints aside, which a load balancer probes directly). Without TEKORT_PROXY_COUNT the
middleware removes itself.
"""

import logging

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

logger = logging.getLogger("tekort.proxy")
PROBE_PATHS = {"/gezondheid/", "/gereed/"}


class ProxyCountCheckMiddleware:
    def __init__(self, get_response):
        if not settings.TEKORT_PROXY_COUNT:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.checked = False

    def __call__(self, request):
        if not self.checked and request.path not in PROBE_PATHS:
            self.checked = True
            self.check(request)
        return self.get_response(request)

    def check(self, request) -> None:
        expected = settings.TEKORT_PROXY_COUNT
        forwarded = [
            a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) < expected:
            logger.warning(
                "TEKORT_PROXY_COUNT is %d, but a request came with %d X-Forwarded-For "
                "address(es): it did not pass the configured proxies. Check the setting, and "
                "that the application port is reachable only through the proxy.",
                expected,
                len(forwarded),
            )
