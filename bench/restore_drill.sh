#!/usr/bin/env bash
# Backup and restore drill: a pg_dump (custom format) of a database, restored into a fresh
# database, then every table's row count compared. Prints "tables restored T of T, rows equal".
#   bench/restore_drill.sh [SOURCE_DATABASE]   (default: a fresh database with the demo data)
set -euo pipefail
cd "$(dirname "$0")/.."
PG="-h 127.0.0.1 -U postgres"
source_db=${1:-}
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb $PG --if-exists --force samenhier_restored >/dev/null 2>&1 || true' EXIT
if [ -z "$source_db" ]; then
  source_db=samenhier_backup_source
  dropdb $PG --if-exists --force "$source_db"
  createdb $PG "$source_db"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$source_db"
  export DJANGO_SECRET_KEY=drill-only-secret-key-0123456789abcdefghijklmnop DJANGO_DEBUG=false
  export EMAIL_URL=dummymail://
  .venv/bin/python manage.py migrate --no-input -v 0
  .venv/bin/python manage.py seed_demo --quiet-logins --on-a-production-configuration >/dev/null
fi
echo "backup:  pg_dump --format=custom $source_db"
pg_dump $PG --format=custom --file="$work/samenhier.dump" "$source_db"
ls -l "$work/samenhier.dump" | awk '{print "         " $5 " bytes"}'
echo "restore: into a fresh database samenhier_restored"
dropdb $PG --if-exists --force samenhier_restored
createdb $PG samenhier_restored
pg_restore $PG --no-owner --exit-on-error --dbname=samenhier_restored "$work/samenhier.dump"
.venv/bin/python - "$source_db" samenhier_restored <<'PY'
import sys
import psycopg2

def counts(name):
    with psycopg2.connect(host="127.0.0.1", user="postgres", dbname=name) as db, db.cursor() as c:
        c.execute("SELECT table_name FROM information_schema.tables "
                  "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")
        tables = [row[0] for row in c.fetchall()]
        result = {}
        for table in tables:
            c.execute(f'SELECT COUNT(*) FROM "{table}"')
            result[table] = c.fetchone()[0]
        return result

source, restored = counts(sys.argv[1]), counts(sys.argv[2])
equal = [t for t in source if restored.get(t) == source[t]]
rows = sum(source.values())
print(f"compare: {len(source)} tables, {rows:,} rows in the source")
for table in source:
    if restored.get(table) != source[table]:
        print(f"  differs: {table}: {source[table]} vs {restored.get(table)}")
verdict = "rows equal" if len(equal) == len(source) == len(restored) else "ROWS DIFFER"
print(f"tables restored {len(equal)} of {len(source)}, {verdict}")
sys.exit(0 if verdict == "rows equal" else 1)
PY
if [ "$source_db" = samenhier_backup_source ]; then dropdb $PG --if-exists --force "$source_db"; fi
