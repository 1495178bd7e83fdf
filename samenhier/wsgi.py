"""WSGI entry point for gunicorn."""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenhier.settings")

application = get_wsgi_application()

from samenhier import scheduler  # noqa: E402 - needs the settings loaded above

if scheduler.unscheduled():
    logging.getLogger("samenhier.scheduler").warning(scheduler.UNSCHEDULED)
