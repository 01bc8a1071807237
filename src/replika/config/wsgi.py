"""WSGI entry point (gunicorn replika.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "replika.config.settings")
application = get_wsgi_application()
