"""Upload API tokens: created by an administrator for a board user; only the hash is stored."""

import hashlib
import secrets

from django.utils import timezone

from tekort.submissions.models import ApiToken


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(user, name: str) -> str:
    """A new token for the user; returns the key, which is shown once and never stored."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=_hash(key))
    return key


def authenticate(key: str):
    """The active user of the token, or None."""
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
