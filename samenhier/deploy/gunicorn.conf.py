"""gunicorn settings for Samen Hier: `gunicorn -c samenhier/deploy/gunicorn.conf.py samenhier.wsgi`.

The access log holds the path without its query string, and no referrer: a search for a
household (`?q=…`) or a period never lands in the journal (docs/architecture.md,
"Privacy").
"""

import os

bind = os.environ.get("SAMENHIER_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SAMENHIER_WEB_WORKERS", "2"))
timeout = 60
accesslog = "-"
# %(U)s is the path without the query; %(q)s and %(r)s (the request line) are left out.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
