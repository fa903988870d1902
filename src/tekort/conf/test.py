"""Settings for the test suite: the same as production, with fast password hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# The test client and the browser tests speak plain HTTP; production's HTTPS-only defaults are
# tested in tekort/tests/test_production_security.py and by `make check-deploy`.
os.environ.setdefault("TEKORT_HTTPS", "false")

from tekort.conf.base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
# Static files are found through the finders when asked for (as with DEBUG), not scanned when
# WhiteNoise starts: the test client starts the middleware again for every Client, and the
# scan of every app's static files (the admin's, DRF's, the vendored CSS) took about a fifth of
# a page test's time. Production serves the collected files (test_production_*.py).
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# django-axes needs the request in authenticate(), which the test client's login() does not pass;
# the lockout tests switch it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
TEKORT_RATE_LIMITS = False
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "mail"],
    }
}
