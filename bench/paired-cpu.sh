# Sourced by bench/filter-overhead --paired and --paired-one (see its
# header): CPU per query of three sides (filter, noop, none), paired, then
# perf diff. Three servers, one a side; or (ONE_SERVER) one server whose
# audit plugins are installed and uninstalled to make each side. Uses
# plugin_dir, SANDBOX_DIR, BENCH_PORT, TABLES and TABLE_SIZE from there;
# exits when done.
PAIRS="${PAIRS:-30}"
QUERIES="${QUERIES:-50000}"
PROFILE_QUERIES="${PROFILE_QUERIES:-150000}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
[ "$PAIRS" -ge 1 ] || die "PAIRS must be at least 1"
command -v taskset >/dev/null || die "taskset missing (util-linux)"
. "$BENCH_ROOT/bench/pair.sh"

noop_so="$("$BENCH_ROOT/bench/noop_audit/build")"
cp "$noop_so" "$plugin_dir/noop_audit.so.tmp"
mv -f "$plugin_dir/noop_audit.so.tmp" "$plugin_dir/noop_audit.so"

SIDES="filter noop none"
common=("innodb-buffer-pool-size=256M" "max-prepared-stmt-count=100000"
        "performance-schema=OFF")
# The server of each side: its own, or the one server (and of each
# server, itself).
declare -A server
if [ -n "${ONE_SERVER:-}" ]; then SERVERS=one; else SERVERS=$SIDES; fi
for side in $SIDES; do server[$side]=${ONE_SERVER:+one}; done
for name in $SERVERS; do server[$name]=$name; done
for name in $SERVERS; do sandbox_stop "fo_$name" 2>/dev/null || true; done
trap 'for name in $SERVERS; do sandbox_stop "fo_$name"; done' EXIT
# The monitor polls once an hour: what is measured is the filter.
if [ -n "${ONE_SERVER:-}" ]; then
  # plugin-replica-guard-filter=ON after the sandbox's FORCE_PLUS_PERMANENT:
  # the filter can be uninstalled. noop_audit is installed at run time:
  # loaded at start-up, it would be held until shutdown by the server's
  # background threads that open tables then.
  sandbox_create fo_one "$BENCH_PORT" 1 "plugin-dir=$plugin_dir" \
    "plugin-replica-guard-filter=ON" "replica-guard-poll-interval-ms=3600000" \
    "${common[@]}"
else
  sandbox_create fo_filter "$BENCH_PORT" 1 "plugin-dir=$plugin_dir" \
    "replica-guard-poll-interval-ms=3600000" "${common[@]}"
  bench_create_plain fo_noop "$((BENCH_PORT + 1))" 2 "plugin-dir=$plugin_dir" \
    "plugin-load-add=noop_audit.so" "${common[@]}"
  bench_create_plain fo_none "$((BENCH_PORT + 2))" 3 "${common[@]}"
fi

declare -A spid
for name in $SERVERS; do
  sandbox_start "fo_$name"
  # Every thread, and the threads it creates from now on, on SERVER_CPU.
  taskset -a -p -c "$SERVER_CPU" "$(sandbox_pid "fo_$name")" > /dev/null
done
for side in $SIDES; do spid[$side]=$(sandbox_pid "fo_${server[$side]}"); done
ssql() { sandbox_sql "fo_${server[$1]}" -N -B -e "$2"; }
fsql() { ssql filter "$1"; }
# The audit plugins of SIDE's server, "NAME:STATUS,..." ("" for none).
audit_plugins() {
  ssql "$1" "SELECT IFNULL(GROUP_CONCAT(PLUGIN_NAME, ':', PLUGIN_STATUS
               ORDER BY PLUGIN_NAME), '') FROM information_schema.PLUGINS
             WHERE PLUGIN_TYPE = 'AUDIT'"
}
# One server: makes it SIDE (the filter, the noop or neither installed).
# A plugin that a session still holds stays DELETED after UNINSTALL and is
# still called there: that stops the run.
become() {
  local want=""
  [ -n "${ONE_SERVER:-}" ] || return 0
  ssql "$1" "UNINSTALL PLUGIN IF EXISTS REPLICA_GUARD_FILTER;
             UNINSTALL PLUGIN IF EXISTS NOOP_AUDIT" 2>/dev/null
  case "$1" in
    filter) ssql "$1" "INSTALL PLUGIN REPLICA_GUARD_FILTER SONAME
                       'replica_guard.so'"
            want="REPLICA_GUARD_FILTER:ACTIVE";;
    noop) ssql "$1" "INSTALL PLUGIN NOOP_AUDIT SONAME 'noop_audit.so'"
          want="NOOP_AUDIT:ACTIVE";;
  esac
  [ "$(audit_plugins "$1")" = "$want" ] ||
    die "fo_one should have the audit plugins \"$want\" for $1," \
        "has \"$(audit_plugins "$1")\""
}
[ -n "${ONE_SERVER:-}" ] || [ "$(audit_plugins noop)" = NOOP_AUDIT:ACTIVE ] ||
  die "noop_audit is not active on fo_noop"
checked() {
  fsql "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
        WHERE VARIABLE_NAME = 'Replica_guard_statements_checked'"
}

psb() { # SIDE EVENTS [run|prepare]
  taskset -c "$CLIENT_CPU" sysbench oltp_point_select --db-driver=mysql \
    --mysql-socket="$(sandbox_sock "fo_${server[$1]}")" --mysql-user=root \
    --mysql-db=sbtest --tables="$TABLES" --table-size="$TABLE_SIZE" \
    --threads=1 --events="$2" --time=0 --report-interval=0 \
    --rand-type=uniform "${3:-run}"
}

say "preparing sbtest ($TABLES tables of $TABLE_SIZE rows) on each server"
fsql "SET GLOBAL replica_guard_report_server= ON"
for name in $SERVERS; do
  sandbox_sql "fo_$name" -e "CREATE DATABASE sbtest"
  psb "$name" 0 prepare > "$SANDBOX_DIR/prepare.$name.log" 2>&1 ||
    { tail -20 "$SANDBOX_DIR/prepare.$name.log"; die "sysbench prepare failed"; }
done
fsql "SET GLOBAL replica_guard_report_server= OFF"
fsql "CREATE TABLE sbtest.must_fail (a INT)" 2>/dev/null &&
  die "the filter does not refuse DDL: nothing would be measured"
[ "$(fsql "SELECT @@replica_guard_filter_mode")" = ENFORCE ] ||
  die "the filter is not in ENFORCE mode"

# The server's CPU time in ns, thread by thread ("tid ns" lines): the
# scheduler's own account (/proc/PID/task/TID/schedstat), exact where
# utime + stime come in 10 ms ticks.
cpu_snap() {
  local t
  for t in /proc/"${spid[$1]}"/task/*; do
    echo "${t##*/} $(cut -d' ' -f1 "$t/schedstat" 2>/dev/null || echo 0)"
  done | sort
}
# ns the threads of two snapshots (files) spent between them; a thread
# that ended meanwhile is not counted (sysbench's connection keeps one).
cpu_ns() { join "$1" "$2" | awk '{ s += $3 - $2 } END { printf "%d", s }'; }
# Busy ticks of SERVER_CPU (steal included): with only the measured server
# working there, they equal its own ticks.
cpu_busy() {
  awk -v c="cpu$SERVER_CPU" '$1 == c { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}
# Runs QUERIES queries on SIDE; prints the server's CPU time in us, and
# "*" when other work took more than 3 % as much of SERVER_CPU meanwhile
# (a disturbed run: its round is left out of the medians).
timed_run() {
  local ns b0 b1
  become "$1"
  cpu_snap "$1" > "$SANDBOX_DIR/cpu0.$1"; b0=$(cpu_busy)
  psb "$1" "$QUERIES" > "$SANDBOX_DIR/run.$1.log" 2>&1 ||
    { tail -20 "$SANDBOX_DIR/run.$1.log"; die "sysbench failed on $1"; }
  b1=$(cpu_busy); cpu_snap "$1" > "$SANDBOX_DIR/cpu1.$1"
  ns=$(cpu_ns "$SANDBOX_DIR/cpu0.$1" "$SANDBOX_DIR/cpu1.$1")
  echo "$((ns / 1000))$(awk -v b=$((b1 - b0)) -v hz="$HZ" -v ns="$ns" \
    'BEGIN { if (b / hz * 1e9 - ns > ns * 0.03) print "*" }')"
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
HZ="$(getconf CLK_TCK)"
say "warm-up: $QUERIES queries on each server"
for side in $SIDES; do timed_run "$side" > /dev/null; done
declare -A t us
rounds=""
c0=$(checked)
say "$PAIRS rounds of $QUERIES queries per server (server CPU in ms)"
orders=("filter noop none" "noop none filter" "none filter noop"
        "none noop filter" "noop filter none" "filter none noop")
disturbed=0
for r in $(seq 1 "$PAIRS"); do
  mark=""
  for side in ${orders[$(( (r - 1) % 6 ))]}; do
    t[$side]=$(timed_run "$side")
    case "${t[$side]}" in *'*') mark=" (disturbed: left out)"; t[$side]=${t[$side]%'*'};; esac
  done
  line=$(awk -v f="${t[filter]}" -v o="${t[noop]}" -v n="${t[none]}" \
    'BEGIN { printf "%.4f %.4f %.4f", f / n, o / n, f / o }')
  printf '   round %2d  ms filter %5d noop %5d none %5d   filter/none %s  noop/none %s  filter/noop %s%s\n' \
    "$r" "$((t[filter] / 1000))" "$((t[noop] / 1000))" "$((t[none] / 1000))" $line "$mark"
  if [ -n "$mark" ]; then disturbed=$((disturbed + 1)); continue; fi
  rounds="$rounds$line"$'\n'
  for side in $SIDES; do
    us[$side]="${us[$side]:-} $(awk -v x="${t[$side]}" -v q="$QUERIES" \
      'BEGIN { printf "%.3f", x / q }')"
  done
done
[ "$disturbed" -lt "$PAIRS" ] || die "every round was disturbed by other work on CPU $SERVER_CPU"
c1=$(checked)
[ $((c1 - c0)) -ge $((PAIRS * QUERIES)) ] ||
  die "the filter checked $((c1 - c0)) statements, fewer than it ran"
med() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR]= $1 } END {
  printf "%.4f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$1" 'NF { printf "%s ", $c }' <<<"$rounds"; }
m_fn=$(col 1 | med); m_on=$(col 2 | med); m_fo=$(col 3 | med)

# perf: each server's CPU per query by symbol, from one more run of
# PROFILE_QUERIES queries recorded whole; diffs in ns per query against "none".
# cpu-clock samples carry their period in ns, so the sum of the periods is
# CPU time whatever the rate the machine allows.
profile_diff=""
by_symbol() { # SIDE: "ns_per_query dso symbol" lines
  perf report -i "$SANDBOX_DIR/perf.$1.data" -q --no-children \
    --sort dso,sym -F period,dso,sym -g none 2>/dev/null |
    awk -v q="$PROFILE_QUERIES" 'NF >= 3 { p= $1; $1= ""; sub(/^ +/, "");
      if ($1 == "[kernel.kallsyms]") { k += p; next }
      printf "%.1f\t%s\n", p / q, $0 }
      END { printf "%.1f\tthe kernel (all symbols)\n", k / q }'
}
if [ "${PROFILE:-1}" != 0 ] && command -v perf > /dev/null; then
  say "perf record: one more run of $PROFILE_QUERIES queries per server"
  for side in $SIDES; do
    become "$side"
    perf record -q -F 2999 -p "${spid[$side]}" \
      -o "$SANDBOX_DIR/perf.$side.data" > /dev/null 2>&1 &
    perf_pid=$!
    sleep 0.5
    psb "$side" "$PROFILE_QUERIES" > /dev/null 2>&1 ||
      die "sysbench failed under perf on $side"
    kill -INT "$perf_pid"
    wait "$perf_pid" || true
    by_symbol "$side" > "$SANDBOX_DIR/symbols.$side.txt"
  done
  for side in filter noop; do
    awk -F'\t' 'NR == FNR { base[$2]= $1; next }
      { d= $1 - base[$2]; seen[$2]= 1; printf "%+.1f\t%s\n", d, $2 }
      END { for (k in base) if (!seen[k]) printf "%+.1f\t%s\n", -base[k], k }' \
      "$SANDBOX_DIR/symbols.none.txt" "$SANDBOX_DIR/symbols.$side.txt" |
      sort -g -r > "$SANDBOX_DIR/perfdiff.$side.txt"
  done
  profile_diff=1
fi

echo
bench_machine
echo "sysbench $(sysbench --version | sed 's/sysbench //') oltp_point_select, 1 thread on CPU $CLIENT_CPU;" \
  "servers on CPU $SERVER_CPU; $TABLES table(s) x $TABLE_SIZE rows; $PAIRS rounds x" \
  "$QUERIES queries per server, $disturbed disturbed round(s) left out;" \
  "load average before: $load_before, after:" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'CPU us/query (median): filter %s  noop %s  none %s\n' \
  "$(med <<<"${us[filter]}" | sed 's/..$//')" \
  "$(med <<<"${us[noop]}" | sed 's/..$//')" \
  "$(med <<<"${us[none]}" | sed 's/..$//')"
printf 'median paired CPU ratio: filter/none %s   noop/none %s   filter/noop %s\n' \
  "$m_fn" "$m_on" "$m_fo"
echo "targets: filter within 0.5 % of the do-nothing plugin:" \
  "$(awk -v r="$m_fo" 'BEGIN { print (r <= 1.005 ? "met" : "NOT met") }');" \
  "within 1 % of no plugin:" \
  "$(awk -v r="$m_fn" 'BEGIN { print (r <= 1.01 ? "met" : "NOT met") }');" \
  "the floor (noop/none) alone: $m_on"
if [ -n "$profile_diff" ]; then
  for side in filter noop; do
    echo "perf, $side minus none, CPU ns per query by symbol (total" \
      "$(awk -F'\t' '{ s += $1 } END { printf "%+.0f", s }' \
         "$SANDBOX_DIR/perfdiff.$side.txt") ns; largest increases, then decreases):"
    { head -10 "$SANDBOX_DIR/perfdiff.$side.txt"; echo "..."
      tail -3 "$SANDBOX_DIR/perfdiff.$side.txt"; } |
      awk -F'\t' '{ printf "   %7s  %s\n", $1, $2 }'
  done
  echo "replica_guard.so itself: $(awk -F'\t' '$2 ~ /^replica_guard.so/ { s += $1 }
    END { printf "%.0f", s }' "$SANDBOX_DIR/symbols.filter.txt") ns per query"
fi
exit 0
