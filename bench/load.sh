#!/usr/bin/env bash
# Bounded load test on loopback: 50 concurrent users (coordinators, group members, staff)
# for 60 s against gunicorn with 2 workers, on the national data set in PostgreSQL.
# Goal: pages p95 <= 300 ms and 0 errors. LOAD_SCALE=demo LOAD_SECONDS=20 for a short run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || make .venv/.installed-dev
.venv/bin/python -m pip --disable-pip-version-check install -q -e ".[ops]"
exec .venv/bin/python bench/load.py "$@"
