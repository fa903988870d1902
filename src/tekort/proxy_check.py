"""Warn once per process when TEKORT_PROXY_COUNT promises proxies that a request did not pass.

With TEKORT_PROXY_COUNT=N tekort takes the client's address from X-Forwarded-For and trusts
X-Forwarded-Proto (tekort.audit.events.client_ip, SECURE_PROXY_SSL_HEADER). A request that
reaches tekort with fewer than N forwarded addresses did not come through the N proxies: either
the setting is wrong or the application port is reachable without the proxy, and then anyone
can claim any address. The first such request of a process logs a warning (the health
endpoints aside, which a load balancer probes directly). The first request from an internet
(not loopback or private) address logs another warning: the port is reachable past the proxy.
Without TEKORT_PROXY_COUNT the middleware removes itself.
"""

import ipaddress
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
        self.warned_direct = False

    def __call__(self, request):
        if not self.checked and request.path not in PROBE_PATHS:
            self.checked = True
            self.check(request)
        if not self.warned_direct:
            self.check_direct(request)
        return self.get_response(request)

    def check_direct(self, request) -> None:
        """A request from an internet address reached gunicorn without the proxy (which runs
        on loopback or a private network): its X-Forwarded-For is ignored (client_ip), but the
        port is exposed. Warned once per process, whichever request it is."""
        peer = request.META.get("REMOTE_ADDR", "")
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return
        if not (address.is_private or address.is_loopback):
            self.warned_direct = True
            logger.warning(
                "TEKORT_PROXY_COUNT is %d, but a request came directly from the internet "
                "address %s, not through the proxy; its X-Forwarded-For is ignored. Bind "
                "gunicorn to loopback or a private address that only the proxy can reach.",
                settings.TEKORT_PROXY_COUNT,
                peer,
            )

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
