# Sourced by scripts/demo and bench/*: local MariaDB servers on loopback,
# each with replica_guard loaded from build/. Everything lives under
# $SANDBOX_DIR (default var/sandbox, ignored by git); nothing touches the
# system's own MariaDB.
#
#   sandbox_create NAME PORT SERVER_ID [my.cnf lines...]
#   sandbox_start NAME           start and wait until it answers
#   sandbox_sql NAME ARGS...     the mariadb client as root on NAME's socket
#   sandbox_replicate NAME SOURCE_NAME [CONNECTION]
#   sandbox_stop NAME / sandbox_stop_all / sandbox_names
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

SANDBOX_DIR="${SANDBOX_DIR:-$RG_ROOT/var/sandbox}"

sandbox_dir() { echo "$SANDBOX_DIR/$1"; }
sandbox_sock() { echo "$SANDBOX_DIR/$1/mysqld.sock"; }
sandbox_port() { cat "$SANDBOX_DIR/$1/port"; }
sandbox_pid() { cat "$SANDBOX_DIR/$1/mysqld.pid" 2>/dev/null || true; }
sandbox_names() { ls "$SANDBOX_DIR" 2>/dev/null || true; }

sandbox_create() {
  local name=$1 port=$2 id=$3 dir
  shift 3
  dir="$(sandbox_dir "$name")"
  rm -rf "$dir"
  mkdir -p "$dir/data"
  echo "$port" > "$dir/port"
  {
    echo "[mariadbd]"
    echo "datadir=$dir/data"
    echo "socket=$dir/mysqld.sock"
    echo "pid-file=$dir/mysqld.pid"
    echo "log-error=$dir/error.log"
    echo "port=$port"
    echo "bind-address=127.0.0.1"
    echo "server-id=$id"
    echo "gtid-domain-id=$id"
    echo "log-bin=binlog"
    echo "log-slave-updates"
    echo "skip-name-resolve"
    echo "innodb-buffer-pool-size=64M"
    echo "innodb-log-file-size=48M"
  } > "$dir/my.cnf"
  mariadb-install-db --defaults-file="$dir/my.cnf" --user=root \
    --auth-root-authentication-method=normal --skip-test-db \
    > "$dir/install.log" 2>&1 ||
    { cat "$dir/install.log" >&2; die "mariadb-install-db failed for $name"; }
  # The plugin is loaded from the server's first real start on, as README
  # recommends for production: every plugin of the library
  # FORCE_PLUS_PERMANENT (the server refuses to start without them, they
  # cannot be uninstalled at run time). That needs exact option names
  # (getopt-prefix-matching=0; README, "Permanent plugins").
  {
    echo "plugin-dir=$RG_BUILD"
    echo "plugin-load-add=replica_guard.so"
    echo "getopt-prefix-matching=0"
    for p in replica-guard replica-guard-filter replica-guard-status \
             replica-guard-events replica-guard-origins \
             replica-guard-checks replica-guard-refusals; do
      echo "plugin-$p=FORCE_PLUS_PERMANENT"
    done
    for line in "$@"; do echo "$line"; done
  } >> "$dir/my.cnf"
}

sandbox_start() {
  local name=$1 dir i
  dir="$(sandbox_dir "$name")"
  if [ -n "$(sandbox_pid "$name")" ] && kill -0 "$(sandbox_pid "$name")" 2>/dev/null; then
    return 0
  fi
  nohup /usr/sbin/mariadbd --defaults-file="$dir/my.cnf" --user=root \
    >> "$dir/stdout.log" 2>&1 &
  for i in $(seq 1 300); do
    if mariadb-admin --no-defaults -uroot -S "$dir/mysqld.sock" ping \
         >/dev/null 2>&1; then
      sandbox_replication_account "$name"
      return 0
    fi
    sleep 0.1
  done
  tail -20 "$dir/error.log" >&2
  die "server $name did not start"
}

# The account replicas connect with. CREATE USER is refused on a server that
# is not a report server, so root uses the audited session override; the
# statements stay out of the binary log (every server creates its own).
sandbox_replication_account() {
  local dir
  dir="$(sandbox_dir "$1")"
  [ -f "$dir/.repl_account" ] && return 0
  sandbox_sql "$1" -e "
    SET SESSION replica_guard_allow_ddl= ON, SESSION sql_log_bin= 0;
    CREATE USER IF NOT EXISTS 'repl'@'127.0.0.1' IDENTIFIED BY 'repl';
    GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';
    SET SESSION replica_guard_allow_ddl= OFF;" &&
  touch "$dir/.repl_account"
}

sandbox_sql() {
  local name=$1
  shift
  mariadb --no-defaults -uroot -S "$(sandbox_sock "$name")" "$@"
}

# NAME replicates from SOURCE (GTID); CONNECTION names a multi-source
# connection (default: the unnamed one).
sandbox_replicate() {
  local name=$1 source=$2 conn="${3:-}" q
  q="'$conn'"
  sandbox_sql "$name" -e "
    CHANGE MASTER $q TO MASTER_HOST='127.0.0.1',
      MASTER_PORT=$(sandbox_port "$source"), MASTER_USER='repl',
      MASTER_PASSWORD='repl', MASTER_USE_GTID=slave_pos,
      MASTER_CONNECT_RETRY=1;
    START SLAVE $q;"
}

sandbox_stop() {
  local name=$1 pid i
  pid="$(sandbox_pid "$name")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  mariadb-admin --no-defaults -uroot -S "$(sandbox_sock "$name")" shutdown \
    >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

sandbox_stop_all() {
  local n
  for n in $(sandbox_names); do sandbox_stop "$n"; done
}
