"""Error reports to a Sentry-compatible service (Sentry, self-hosted Sentry, GlitchTip...)
when SENTRY_DSN is set; nothing is sent, and sentry_sdk is not even started, when it is not.

No personal data is sent (see data_collection below) and no performance traces: only unhandled
exceptions and logged errors, tagged with the request id.
"""

from tekort.request_id import current_request_id


def _tag_request_id(event, hint):
    request_id = current_request_id.get()
    if request_id != "-":
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def start(dsn: str, environment: str, release: str) -> bool:
    """Start reporting to ``dsn``; returns whether reporting is on."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        # No personal data: no user or client address, no cookies, no bodies, no query strings,
        # no local variables of the failing code (they can hold registrations).
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "stack_frame_variables": False,
        },
        traces_sample_rate=0.0,
        before_send=_tag_request_id,
    )
    return True
