#!/usr/bin/env bash
# Fault drill on this machine: gunicorn (2 workers), a Celery worker and beat and a Redis of
# its own on loopback, against PostgreSQL; then Redis is stopped, a worker is killed with
# SIGKILL during an export, and the database is restarted. Prints what happened.
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and redis-server on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || make .venv/.installed-dev
.venv/bin/python -m pip --disable-pip-version-check install -q -e ".[ops]"
exec .venv/bin/python bench/faults.py "$@"
