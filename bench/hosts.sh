#!/usr/bin/env bash
# More than one host, shown: two web hosts and one worker host, each in a network
# namespace of its own (ip netns, a veth pair each on a bridge: 10.231.0.11 web A,
# .12 web B, .13 the worker; the host is .1), each with its own hostname, its own /tmp
# (TMPDIR and HOME; the other hosts' directories are not there) and the code read-only.
# They reach PostgreSQL and Redis over those links through a small forwarder on the host
# side (both keep listening on loopback only, configuration unchanged). Then: a session
# made on web A is valid on web B; an export asked on A is made on the worker host and
# downloaded from B; nothing is read from another host's disk; web A is killed mid-load
# and B keeps answering with 0 errors. One line per check, then
# "hosts: 2 web + 1 worker, all checks held" (exit 0) or the checks that failed (exit 1).
# Where network namespaces cannot be made it says so and exits 2: no fallback.
# Needs root, iproute2, util-linux (unshare, nsenter), PostgreSQL and Redis on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
PG="-h 127.0.0.1 -U postgres"
db=samenhier_hosts
redis_db=12
net=10.231.0
bridge=sh-hosts
state=/tmp/samenhier-hosts          # fixed, so a later run finds an earlier run's leftovers
hosts=(web-a web-b worker)
declare -A number=([web-a]=11 [web-b]=12 [worker]=13)
started=$(date +%s)

leftovers() {
  # Processes of every namespace (the hosts), the forwarder by its recorded pid, the
  # namespaces (their veth ends go with them), the bridge, the database, the Redis db.
  for host in "${hosts[@]}"; do
    ns=sh-$host
    ip netns list 2>/dev/null | grep -qw "$ns" || continue
    for sig in TERM KILL; do
      pids=$(ip netns pids "$ns" 2>/dev/null || true)
      [ -z "$pids" ] && break
      kill -s "$sig" $pids 2>/dev/null || true
      for _ in $(seq 50); do [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break; sleep 0.1; done
    done
    ip netns del "$ns" 2>/dev/null || true
  done
  if [ -f "$state/forwarder.pid" ]; then
    pid=$(cat "$state/forwarder.pid")
    if grep -q "hosts_checks.py" "/proc/$pid/cmdline" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
  fi
  ip link del "$bridge" 2>/dev/null || true
  dropdb $PG --if-exists --force "$db" >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 -n "$redis_db" flushdb >/dev/null 2>&1 || true
  rm -rf "$state"
}

# 1. Preconditions: network namespaces (no fallback), PostgreSQL and Redis on loopback.
probe=sh-probe-$$
if ! err=$(ip netns add "$probe" 2>&1); then
  echo "hosts: network namespaces cannot be made here (ip netns add: ${err:-failed});"
  echo "hosts: this drill needs them (root, iproute2) and does not fall back to one host"
  exit 2
fi
ip netns del "$probe"
for tool in unshare nsenter pg_isready redis-cli createdb; do
  command -v "$tool" >/dev/null || { echo "hosts: $tool is missing"; exit 2; }
done
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "hosts: PostgreSQL does not answer on 127.0.0.1:5432"; exit 2; }
[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ] || { echo "hosts: Redis does not answer on 127.0.0.1:6379"; exit 2; }
[ -x .venv/bin/python ] || make .venv/.installed-dev

leftovers
trap leftovers EXIT
trap "exit 130" INT TERM
mkdir -p "$state/logs"
for host in "${hosts[@]}"; do mkdir -p "$state/$host"; done

# 2. The database: fresh, migrated, the demo; the static files of this release.
export DJANGO_DEBUG=false DJANGO_HTTPS=false EMAIL_URL=dummymail:// DJANGO_LOG_FORMAT=json \
  DJANGO_SECRET_KEY=hosts-drill-only-secret-key-shared-by-every-host-0123456789 \
  PYTHONUNBUFFERED=1 SAMENHIER_SWEEP_SECONDS=3 DATABASE_URL=postgres://postgres@127.0.0.1:5432/$db
echo "setup: database $db (migrate, seed_demo), static files ..."
createdb $PG "$db"
setup() { "$@" >>"$state/logs/setup.log" 2>&1 || { tail -n 30 "$state/logs/setup.log"; exit 1; }; }
setup .venv/bin/python manage.py migrate --no-input -v 0
setup .venv/bin/python manage.py seed_demo --quiet-logins --on-a-production-configuration
setup .venv/bin/python manage.py collectstatic --no-input -v 0

# 3. The network: a bridge on the host (10.231.0.1), a veth pair per host into its
# namespace, and the forwarder on 10.231.0.1 to PostgreSQL and Redis on loopback.
ip link add "$bridge" type bridge
ip addr add "$net.1/24" dev "$bridge"
ip link set "$bridge" up
for host in "${hosts[@]}"; do
  ns=sh-$host
  ip netns add "$ns"
  ip link add "$ns-h" type veth peer name "$ns-n"
  ip link set "$ns-n" netns "$ns"
  ip -n "$ns" link set "$ns-n" name eth0
  ip -n "$ns" addr add "$net.${number[$host]}/24" dev eth0
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
  ip link set "$ns-h" master "$bridge" up
done
.venv/bin/python bench/hosts_checks.py forward "$net.1" 5432 6379 >"$state/logs/forwarder.log" 2>&1 &
echo $! >"$state/forwarder.pid"
disown
for _ in $(seq 50); do grep -q listening "$state/logs/forwarder.log" && break; sleep 0.1; done
grep -q listening "$state/logs/forwarder.log" || { echo "hosts: the forwarder did not start"; exit 1; }
echo "setup: namespaces ${hosts[*]/#/sh-} on bridge $bridge ($net.0/24), forwarder $net.1:5432,6379 -> 127.0.0.1"

# A host: its namespace, its own hostname, /tmp its own directory, the code read-only.
on_host() {
  local host=$1
  shift
  ip netns exec "sh-$host" unshare --uts -- /bin/sh -c '
    hostname "hosts-$0" && mount --bind "$1" /tmp && mkdir -p /tmp/home &&
    mount --bind "$2" "$2" && mount -o remount,bind,ro "$2" || exit 1
    shift 2; exec "$@"' "$host" "$state/$host" "$root" \
    env DATABASE_URL="postgres://postgres@$net.1:5432/$db" REDIS_URL="redis://$net.1:6379/$redis_db" \
    DJANGO_ALLOWED_HOSTS="$net.${number[web-a]},$net.${number[web-b]}" \
    TMPDIR=/tmp HOME=/tmp/home PYTHONDONTWRITEBYTECODE=1 "$@" \
    >"$state/logs/$host.log" 2>&1 &
  disown  # its end is the check's business (web A is killed): no job notice from bash
}
for host in web-a web-b; do
  SAMENHIER_BIND="$net.${number[$host]}:8000" SAMENHIER_WEB_WORKERS=2 \
    on_host "$host" .venv/bin/gunicorn -c samenhier/deploy/gunicorn.conf.py samenhier.wsgi
done
on_host worker .venv/bin/celery -A samenhier worker -l info --concurrency 2 --without-gossip \
  --without-mingle
echo "setup: gunicorn on web A and web B, Celery on the worker host ($(( $(date +%s) - started )) s)"

# 4. The checks.
status=0
HOSTS_NET=$net HOSTS_DB=$db .venv/bin/python bench/hosts_checks.py checks "$state" || status=$?
if [ "$status" -ne 0 ]; then
  for log in "$state"/logs/*.log; do echo "--- $(basename "$log") (last lines)"; tail -n 15 "$log"; done
fi
echo "took $(( $(date +%s) - started )) s"
exit "$status"
