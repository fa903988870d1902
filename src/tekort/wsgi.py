import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tekort.conf.base")
application = get_wsgi_application()
# Every view, with what it imports (pandas, SciPy, the document writers), is loaded here: in
# gunicorn's master (preload_app) the workers share it, and a worker that gunicorn starts again
# (max_requests) answers its first request at once. No database connection is opened.
import_module(settings.ROOT_URLCONF)
