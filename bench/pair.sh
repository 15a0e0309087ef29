# Sourced by bench/detection-latency and bench/monitor-cpu: a primary and
# a replica (GTID, one default connection) in a sandbox of their own, each
# with replica_guard loaded, and the rg_probe client.
#   SANDBOX_DIR        where the servers live (default var/bench)
#   BENCH_PORT_BASE    the primary's port; the replica uses the next one
#                      (default 3510)
#   BENCH_NO_BUILD=1   do not run scripts/build (use the plugin already in
#                      REPLICA_GUARD_PLUGIN_DIR, default build/)
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SANDBOX_DIR="${SANDBOX_DIR:-$BENCH_ROOT/var/bench}"
. "$BENCH_ROOT/scripts/sandbox.sh"
BENCH_PORT_BASE="${BENCH_PORT_BASE:-3510}"
RG_BUILD="${REPLICA_GUARD_PLUGIN_DIR:-$RG_BUILD}"
PROBE="$RG_ROOT/build/bench/rg_probe"

bench_build() {
  if [ -z "${BENCH_NO_BUILD:-}" ]; then
    "$RG_ROOT/scripts/build" >/dev/null
  fi
  require_matching_server
  [ -f "$RG_BUILD/replica_guard.so" ] || die "no $RG_BUILD/replica_guard.so"
  command -v mariadb_config >/dev/null ||
    die "mariadb_config missing: run scripts/setup (libmariadb-dev)"
  mkdir -p "$(dirname "$PROBE")"
  # shellcheck disable=SC2046
  cc -O2 -Wall -Wextra -o "$PROBE" "$RG_ROOT/bench/rg_probe.c" \
    $(mariadb_config --cflags --libs) -lpthread ||
    die "could not build rg_probe"
}

# Polls the replica's monitor until the default connection is OK.
bench_wait_ok() {
  local i
  for i in $(seq 1 300); do
    [ "$(sandbox_sql replica -N -e "SELECT STATE FROM
      information_schema.REPLICA_GUARD_STATUS WHERE CONNECTION_NAME = ''")" = OK ] &&
      return 0
    sleep 0.1
  done
  die "the replica's monitor does not show OK"
}

bench_pair_start() {
  sandbox_stop_all
  sandbox_create primary "$BENCH_PORT_BASE" 1
  sandbox_create replica "$((BENCH_PORT_BASE + 1))" 2
  sandbox_start primary
  sandbox_start replica
  sandbox_replicate replica primary
  sandbox_sql replica -e "SET GLOBAL replica_guard_poll_interval_ms= 100"
  bench_wait_ok
}

bench_machine() {
  echo "machine: $(nproc) CPU(s), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1),"\
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo),"\
       "Linux $(uname -r); $(/usr/sbin/mariadbd --version | sed 's/.*Ver //; s/ for .*//')"
}

# bench_create_plain NAME PORT SERVER_ID [my.cnf lines...]: a sandbox
# server without replica_guard (the lines scripts/sandbox.sh adds for it
# are taken out), for the controls of bench/soak and bench/filter-overhead.
# After sandbox_start, bench_plain_repl_account NAME gives it the account
# replicas connect with.
bench_create_plain() {
  local name=$1 dir line
  sandbox_create "$1" "$2" "$3"
  shift 3
  dir="$(sandbox_dir "$name")"
  sed -i '/^plugin-dir=/d; /^plugin-load-add=/d; /^getopt-prefix/d; /replica-guard/d' \
    "$dir/my.cnf"
  for line in "$@"; do echo "$line"; done >> "$dir/my.cnf"
  # sandbox_start's account statement needs the plugin: made below instead.
  touch "$dir/.repl_account"
}

bench_plain_repl_account() {
  sandbox_sql "$1" -e "SET SESSION sql_log_bin= 0;
    CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl';
    GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'"
}
