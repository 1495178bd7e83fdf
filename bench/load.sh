#!/usr/bin/env bash
# Bounded load test on loopback: 50 concurrent users (coordinators, group members, staff)
# for 90 s against gunicorn with 2 workers, on the national data set in PostgreSQL; the
# group members log and correct activities through the real forms (>= 10% writes), nothing
# warmed first. Goal: each kind of page p95 <= 150 ms, writes p95 <= 300 ms, 0 errors, and
# afterwards every saved log there once and the summaries equal to the raw rows.
# LOAD_SCALE=demo LOAD_USERS=20 LOAD_SECONDS=20 for a short run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || make .venv/.installed-dev
.venv/bin/python -m pip --disable-pip-version-check install -q -e ".[ops]"
exec .venv/bin/python bench/load.py "$@"
