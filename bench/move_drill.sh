#!/usr/bin/env bash
# The year's move into `matching`, rehearsed: a database made by the code from before the
# move (BEFORE, default 8b11a0d), its figures and rows printed, then migrated by this
# checkout and printed again. Prints "move: … identical" or the differences, and fails.
#   bench/move_drill.sh [demo|national]     (national: about 25 minutes; PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-demo}
before=${BEFORE:-8b11a0d}
PG="-h 127.0.0.1 -U postgres"
db=samenhier_move_drill
work=$(mktemp -d)
trap 'git worktree remove --force "$work/before" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/before" "$before" >/dev/null 2>&1
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" DJANGO_DEBUG=false \
  DJANGO_SECRET_KEY=drill-only-secret-key-0123456789abcdefghijklmnop EMAIL_URL=dummymail:// \
  DJANGO_HTTPS=false
dropdb $PG --if-exists --force "$db"
createdb $PG "$db"
py=$PWD/.venv/bin/python
figures="$(cat bench/move_figures.py)"
scale_args=()
[ "$scale" = national ] && scale_args=(--scale national)
(
  cd "$work/before"
  echo "before ($before): migrate and seed the $scale data"
  $py manage.py migrate --no-input -v 0
  $py manage.py seed_demo --quiet-logins "${scale_args[@]}" >/dev/null
  $py manage.py shell -c "$figures" > "$work/before.jsonl"
)
echo "after ($(git rev-parse --short HEAD)): migrate"
start=$(date +%s)
$py manage.py migrate --no-input -v 0
echo "         migrations took $(( $(date +%s) - start )) s"
EXACT=1 $py manage.py shell -c "$figures" > "$work/after.jsonl"
$py manage.py summaries --verify
$py - "$work/before.jsonl" "$work/after.jsonl" <<'PY'
import json, sys

def kept(old, new):
    """Every value from before is there after, the same (after may add new keys: the
    bases of the small-cell rule)."""
    if isinstance(old, dict):
        return isinstance(new, dict) and all(k in new and kept(v, new[k]) for k, v in old.items())
    return old == new

before, after = ([json.loads(line) for line in open(path) if line.startswith("{")] for path in sys.argv[1:])
rows = [line for line in after if "rows" in line]
print("rows:    " + ", ".join(f"{r['count']:,} {r['rows']}" for r in rows))
different = [(b, a) for b, a in zip(before, after, strict=True) if not kept(b, a)]
if different:
    print("move: DIFFERENCES")
    for b, a in different[:10]:
        print("  before", json.dumps(b, sort_keys=True))
        print("  after ", json.dumps(a, sort_keys=True))
    sys.exit(1)
figures = len(before) - len(rows)
print(f"move: {figures} figure lines (4 periods x all and 3 places, every indicator and SDG) "
      f"and {len(rows)} row counts identical before and after")
PY
dropdb $PG --if-exists --force "$db"
