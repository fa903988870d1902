"""Compressed responses (gzip) for the public, not for answers that carry a secret.

BREACH recovers a secret from the size of compressed responses that reflect attacker input
next to it. Django's GZipMiddleware already pads its output at random (Heal The Breach) and
masks CSRF tokens anew per response; on top of that tekort compresses no response that holds a
CSRF token or belongs to a signed-in user: what is compressed is the anonymous public's pages,
downloads and JSON, which hold no secret. Static files are compressed by WhiteNoise at
collectstatic time.
"""

from django.middleware.gzip import GZipMiddleware


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or response.cookies:
            return response  # a signed-in page, or one that sets a CSRF or session cookie
        return super().process_response(request, response)
