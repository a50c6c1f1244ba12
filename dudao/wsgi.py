"""WSGI entry point: `gunicorn dudao.wsgi` or any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dudao.settings")

application = get_wsgi_application()
