/*
  replica_guard monitor thread: polls this server's replica connections
  through the SQL service (SHOW ALL SLAVES STATUS, never replication
  internals, whose lock order has deadlocked such readers before) and feeds
  the pure state machine (rg_monitor.c).

  Threads and locks
  - One thread (rg_thread.h), started by the REPLICA_GUARD daemon's init and
    joined by its deinit, which never waits longer than one poll in flight.
  - After each poll it lets the fence logic look at the new states.
  - rg_shared_lock() (rg_shared.h, which gives the lock order) protects
    rg_shared_monitor and the status snapshot. The query runs without it;
    it is held only to apply a finished poll, so INFORMATION_SCHEMA
    readers never wait for a poll.

  Cost: see "the local connection" below and bench/monitor-cpu.
*/
#define _GNU_SOURCE 1               /* pthread_setname_np() */
#include <string.h>
#include <stdlib.h>
#include <pthread.h>
#include <time.h>
#include <errno.h>
#include <my_global.h>
#include <mysql/plugin.h>
#include <mysql/service_sql.h>
#include "rg_glue.h"
#include "rg_thread.h"
#include "rg_shared.h"
#include "rg_replfilter.h"

const char *rg_stat_state= "NOT_A_REPLICA";
unsigned long long rg_stat_connections, rg_stat_connections_failed,
  rg_stat_polls, rg_stat_poll_errors, rg_stat_transitions;
long long rg_stat_max_seconds_behind= -1;

static rg_thread monitor;
static rg_sample *samples;          /* one poll's rows; monitor thread only */

/* ---- parsing SHOW ALL SLAVES STATUS ----------------------------------- */

enum column
{
  COL_CONNECTION_NAME, COL_MASTER_HOST, COL_MASTER_PORT, COL_SERVER_ID,
  COL_IO_RUNNING, COL_SQL_RUNNING, COL_SECONDS_BEHIND, COL_SQL_DELAY,
  COL_SQL_REMAINING_DELAY, COL_IO_ERRNO, COL_IO_ERROR, COL_SQL_ERRNO,
  COL_SQL_ERROR, COL_GTID_IO_POS, COL_GTID_SLAVE_POS, COL_USING_GTID,
  COL_RELAY_MASTER_LOG_FILE, COL_EXEC_MASTER_LOG_POS, COL_DO_DB,
  COL_IGNORE_DB, COL_DO_TABLE, COL_IGNORE_TABLE, COL_WILD_DO_TABLE,
  COL_WILD_IGNORE_TABLE, COL__COUNT
};

static const char *column_names[COL__COUNT]=
{
  "Connection_name", "Master_Host", "Master_Port", "Master_Server_Id",
  "Slave_IO_Running", "Slave_SQL_Running", "Seconds_Behind_Master",
  "SQL_Delay", "SQL_Remaining_Delay", "Last_IO_Errno", "Last_IO_Error",
  "Last_SQL_Errno", "Last_SQL_Error", "Gtid_IO_Pos", "Gtid_Slave_Pos",
  "Using_Gtid", "Relay_Master_Log_File", "Exec_Master_Log_Pos",
  "Replicate_Do_DB", "Replicate_Ignore_DB", "Replicate_Do_Table",
  "Replicate_Ignore_Table", "Replicate_Wild_Do_Table",
  "Replicate_Wild_Ignore_Table"
};

static void copy_field(char *dst, size_t size, const char *src)
{
  size_t n= src ? strlen(src) : 0;
  if (n >= size)
    n= size - 1;
  memcpy(dst, src ? src : "", n);
  dst[n]= '\0';
}

static long long number_or(const char *s, long long if_null)
{
  return s ? strtoll(s, NULL, 10) : if_null;
}

static rg_thread_run thread_run(const char *s)
{
  if (!s || !strcmp(s, "No"))
    return RG_RUN_NO;
  if (!strcmp(s, "Yes"))
    return RG_RUN_YES;
  return RG_RUN_CONNECTING;           /* "Connecting", "Preparing" */
}

/* Copies one filter list; 1 when it did not fit (it is then not
   evaluated: a cut list could pass what the whole one drops). */
static int copy_filter(char *dst, const char *src)
{
  copy_field(dst, RG_FILTER_LEN, src);
  return src && strlen(src) >= RG_FILTER_LEN;
}

/*
  Sets s->heartbeat_advice from the connection's filters: why they drop
  replica_guard's heartbeats and the my.cnf line that fixes it, or "".
*/
static void judge_filters(rg_sample *s)
{
  rg_repl_filters f;
  f.do_db= s->replicate_do_db;
  f.ignore_db= s->replicate_ignore_db;
  f.do_table= s->replicate_do_table;
  f.ignore_table= s->replicate_ignore_table;
  f.wild_do_table= s->replicate_wild_do_table;
  f.wild_ignore_table= s->replicate_wild_ignore_table;
  s->heartbeat_advice[0]= '\0';
  if (s->filters_cut)
    snprintf(s->heartbeat_advice, sizeof(s->heartbeat_advice),
             "a replicate-* filter list is longer than %d bytes and was "
             "not checked: make sure replica_guard.heartbeat passes it",
             RG_FILTER_LEN - 1);
  else
    rg_repl_filters_heartbeat_advice_for(&f, s->connection_name,
                                         s->heartbeat_advice,
                                         sizeof(s->heartbeat_advice));
}

static void parse_row(MYSQL_ROW row, const int *col, rg_sample *s)
{
#define FIELD(c) (col[c] >= 0 ? row[col[c]] : NULL)
  memset(s, 0, sizeof(*s));
  copy_field(s->connection_name, sizeof(s->connection_name),
             FIELD(COL_CONNECTION_NAME));
  copy_field(s->master_host, sizeof(s->master_host), FIELD(COL_MASTER_HOST));
  s->master_port= (unsigned) number_or(FIELD(COL_MASTER_PORT), 0);
  s->master_server_id= (unsigned long) number_or(FIELD(COL_SERVER_ID), 0);
  s->io_running= thread_run(FIELD(COL_IO_RUNNING));
  s->sql_running= thread_run(FIELD(COL_SQL_RUNNING));
  s->seconds_behind= number_or(FIELD(COL_SECONDS_BEHIND), -1);
  s->sql_delay= number_or(FIELD(COL_SQL_DELAY), 0);
  s->sql_remaining_delay= number_or(FIELD(COL_SQL_REMAINING_DELAY), -1);
  s->last_io_errno= (unsigned) number_or(FIELD(COL_IO_ERRNO), 0);
  copy_field(s->last_io_error, sizeof(s->last_io_error), FIELD(COL_IO_ERROR));
  s->last_sql_errno= (unsigned) number_or(FIELD(COL_SQL_ERRNO), 0);
  copy_field(s->last_sql_error, sizeof(s->last_sql_error),
             FIELD(COL_SQL_ERROR));
  copy_field(s->gtid_io_pos, sizeof(s->gtid_io_pos), FIELD(COL_GTID_IO_POS));
  copy_field(s->gtid_slave_pos, sizeof(s->gtid_slave_pos),
             FIELD(COL_GTID_SLAVE_POS));
  copy_field(s->using_gtid, sizeof(s->using_gtid), FIELD(COL_USING_GTID));
  copy_field(s->relay_master_log_file, sizeof(s->relay_master_log_file),
             FIELD(COL_RELAY_MASTER_LOG_FILE));
  s->exec_master_log_pos=
    (unsigned long long) number_or(FIELD(COL_EXEC_MASTER_LOG_POS), 0);
  s->filters_cut=
    (unsigned char) (copy_filter(s->replicate_do_db, FIELD(COL_DO_DB)) |
    copy_filter(s->replicate_ignore_db, FIELD(COL_IGNORE_DB)) |
    copy_filter(s->replicate_do_table, FIELD(COL_DO_TABLE)) |
    copy_filter(s->replicate_ignore_table, FIELD(COL_IGNORE_TABLE)) |
    copy_filter(s->replicate_wild_do_table, FIELD(COL_WILD_DO_TABLE)) |
    copy_filter(s->replicate_wild_ignore_table,
                FIELD(COL_WILD_IGNORE_TABLE)));
#undef FIELD
  judge_filters(s);
}

/* ---- the local connection ----------------------------------------------- */

/*
  A connection of the SQL service (mysql_real_connect_local()) runs each
  statement on its own THD without dispatch_command(), and nothing frees
  that THD's memory root between statements: only closing the connection
  does. SHOW ALL SLAVES STATUS builds its ~70 result columns as Items in
  that root, so a connection kept for good grows by ~10 KB a poll (about
  0.9 GB a day at 1000 ms, 9 GB at 100 ms), and every poll also pays page
  faults for the fresh memory (about a tenth of a poll's CPU in perf). A
  network client has neither: dispatch_command() frees the root after
  every statement.

  So the connection is reopened every RECONNECT_EVERY polls. Opening one (a
  new THD) costs about a third of a poll; every 32 polls that is ~1 % more
  CPU, for at most ~350 KB held.
*/
#define RECONNECT_EVERY 32

typedef struct monitor_conn
{
  MYSQL *mysql;                /* NULL: open one at the next poll */
  unsigned polls;              /* polls run on this connection */
  /*
    Where our columns are in the result: SHOW ALL SLAVES STATUS has the
    same columns for every poll of a server, so they are looked up by name
    once per connection, not 15 x ~70 name comparisons every poll.
  */
  unsigned n_fields;           /* 0: not looked up yet */
  int col[COL__COUNT];         /* index in the result, or -1: absent */
  unsigned long long applied;  /* applied_fingerprint() of the last poll */
} monitor_conn;

static void conn_close(monitor_conn *c)
{
  if (c->mysql)
    mysql_close(c->mysql);
  c->mysql= NULL;
}

/* Returns 0 on success; on failure c->mysql may hold the error. */
static int conn_open(monitor_conn *c)
{
  /*
    Column names and other metadata as the server has them (UTF-8, the
    system character set, which REPLICA_GUARD_STATUS stores too) instead of
    converted into the session's default character_set_results, for ~70
    columns every poll. The values of SHOW ALL SLAVES STATUS are sent
    unconverted (binary) either way.
  */
  static const char results_as_is[]= "SET character_set_results= NULL";
  c->polls= 0;
  c->n_fields= 0;
  return !(c->mysql= mysql_init(NULL)) ||
         !mysql_real_connect_local(c->mysql) ||
         mysql_real_query(c->mysql, results_as_is, sizeof(results_as_is) - 1);
}

/* Finds our columns in res, unless they were found for this connection. */
static void find_columns(monitor_conn *c, MYSQL_RES *res)
{
  unsigned n_fields= mysql_num_fields(res);
  MYSQL_FIELD *fields;
  if (n_fields == c->n_fields)
    return;
  fields= mysql_fetch_fields(res);
  for (int k= 0; k < COL__COUNT; k++)
  {
    c->col[k]= -1;
    for (unsigned f= 0; f < n_fields; f++)
      if (!strcasecmp(fields[f].name, column_names[k]))
        c->col[k]= (int) f;
  }
  c->n_fields= n_fields;
}

static unsigned long long fnv_string(unsigned long long h, const char *c)
{
  for (; *c; c++)
    h= (h ^ (unsigned char) *c) * 1099511628211ULL;
  return h;
}

/*
  A fingerprint (64-bit FNV-1a) of what replication has applied: the
  number of connections, their Gtid_Slave_Pos, and the source binary log
  position each has executed up to. The server's Gtid_Slave_Pos moves with
  every transaction applied, MASTER_USE_GTID=no or not (mtr test
  replication_practice checks it); the position moves too, and makes the
  fingerprint independent of that.
*/
static unsigned long long applied_fingerprint(const rg_sample *s, unsigned n)
{
  unsigned long long h= 14695981039346656037ULL;
  h= (h ^ n) * 1099511628211ULL;
  for (unsigned i= 0; i < n; i++)
  {
    h= fnv_string(h, s[i].gtid_slave_pos);
    h= fnv_string(h, s[i].relay_master_log_file);
    h= (h ^ s[i].exec_master_log_pos) * 1099511628211ULL;
  }
  return h;
}

/* Tells the heartbeat thread when replication applied something: an idle
   one waits for that before it looks for a first heartbeat. */
static void notice_applied(monitor_conn *c, unsigned n)
{
  unsigned long long applied= applied_fingerprint(samples, n);
  if (applied != c->applied)
    rg_heartbeat_replication_applied();
  c->applied= applied;
}

/* ---- one poll ------------------------------------------------------------ */

/*
  One line per transition, a warning or a note as the state table says.
  An applier (SQL_ERROR) error's text is not copied here: it can quote the
  failing row, patient data in a practice. The line gives its number; the
  full text stays in the privileged REPLICA_GUARD_STATUS and _EVENTS.
*/
static void log_transition(void *arg, const rg_event *e)
{
  const char *from= e->old_state == RG_STATE_ABSENT
                    ? "(none)" : rg_state_name(e->old_state);
  const char *to= e->new_state == RG_STATE_ABSENT
                  ? "(removed)" : rg_state_name(e->new_state);
  const rg_state_info *into= rg_state_info_of(e->new_state);
  const char *text= e->new_state == RG_STATE_SQL_ERROR
                    ? "full text in information_schema.REPLICA_GUARD_EVENTS"
                    : e->message;
  (void) arg;
  if (into && into->warning)
    rg_log_warning("state", "replica connection '%s' %s -> %s: error %u: %s",
                   e->connection_name, from, to, e->error_number, text);
  else
    rg_log_note("state", "replica connection '%s' %s -> %s: %s",
                e->connection_name, from, to, text);
}

/* ---- heartbeats and the replication filters ---------------------------- */

/*
  Each connection's heartbeat advice (rg_sample.heartbeat_advice) is
  logged once when it appears or changes (start-up included), with a note
  when the filters let heartbeats through again; said[] is what was last
  logged per connection (monitor thread only).
*/
typedef struct filter_said
{
  char name[RG_NAME_LEN];
  char advice[RG_ADVICE_LEN];
} filter_said;

static filter_said said[RG_MAX_CONNECTIONS];
static unsigned n_said;

static void report_filters(const rg_sample *s, unsigned n)
{
  static filter_said now[RG_MAX_CONNECTIONS];
  for (unsigned i= 0; i < n; i++)
  {
    const char *before= NULL;
    for (unsigned k= 0; k < n_said && !before; k++)
      if (!strcmp(said[k].name, s[i].connection_name))
        before= said[k].advice;
    if (strcmp(before ? before : "", s[i].heartbeat_advice))
    {
      if (*s[i].heartbeat_advice)
        rg_log_warning("check", "replica connection '%s': its replication "
                       "filters drop replica_guard's heartbeats: %s",
                       s[i].connection_name, s[i].heartbeat_advice);
      else
        rg_log_note("check", "replica connection '%s': its replication "
                    "filters let replica_guard's heartbeats through",
                    s[i].connection_name);
    }
    memcpy(now[i].name, s[i].connection_name, sizeof(now[i].name));
    memcpy(now[i].advice, s[i].heartbeat_advice, sizeof(now[i].advice));
  }
  memcpy(said, now, n * sizeof(now[0]));
  n_said= n;
}

/*
  The origins this server expects (rg_origins_expect()): the source of
  every replica connection, once heartbeats are in use here (this server
  writes them, or has received one from anyone), and whatever the
  heartbeat settings when the connection's filters drop heartbeats (the
  reason is then known). Call with rg_shared_lock() held.
*/
static void expect_sources(const rg_sample *s, unsigned n, long long now)
{
  unsigned long ids[RG_MAX_CONNECTIONS];
  unsigned k= 0;
  int in_use;
  if (!rg_shared_origins)
    return;
  in_use= rg_sys_heartbeat_interval_ms > 0 ||
          rg_origins_heard(rg_shared_origins) > 0;
  for (unsigned i= 0; i < n; i++)
    if (in_use || *s[i].heartbeat_advice)
      ids[k++]= s[i].master_server_id;
  rg_origins_expect(rg_shared_origins, ids, k, now);
}

const char *rg_conn_heartbeat_advice(const rg_conn *c)
{
  return *c->last.heartbeat_advice ? c->last.heartbeat_advice : NULL;
}

const char *rg_monitor_source_advice(unsigned long server_id, char *out,
                                     size_t size)
{
  const rg_monitor *m= rg_shared_monitor;
  for (unsigned i= 0; m && i < m->n_conns; i++)
    if (m->conns[i].last.master_server_id == server_id &&
        rg_conn_heartbeat_advice(&m->conns[i]))
    {
      snprintf(out, size, "replica connection '%s': %s",
               m->conns[i].last.connection_name,
               m->conns[i].last.heartbeat_advice);
      return out;
    }
  return NULL;
}

/* Refreshes the status snapshot; call with rg_shared_lock() held. */
static void publish_status(void)
{
  const rg_monitor *m= rg_shared_monitor;
  __atomic_store_n(&rg_stat_state,
                   rg_server_state_name(rg_monitor_server_state(m)),
                   __ATOMIC_RELEASE);
  rg_stat_connections= m->n_conns;
  rg_stat_connections_failed= rg_monitor_failed_count(m);
  rg_stat_max_seconds_behind= rg_monitor_max_seconds_behind(m);
  rg_stat_polls= m->polls;
  rg_stat_poll_errors= m->poll_errors;
  rg_stat_transitions= m->transitions;
}

static void poll_failed(monitor_conn *c, const char *what)
{
  unsigned error= c->mysql ? mysql_errno(c->mysql) : 0;
  char message[RG_EVENT_MSG_LEN];
  snprintf(message, sizeof(message), "monitor poll failed (%s): %s", what,
           c->mysql ? mysql_error(c->mysql) : "no connection");
  conn_close(c);                    /* reconnect on the next poll */
  rg_shared_lock();
  rg_monitor_poll_failed(rg_shared_monitor, rg_now_us(), error, message,
                         log_transition, NULL);
  publish_status();
  rg_shared_unlock();
}

static void poll_once(monitor_conn *c)
{
  static const char query[]= "SHOW ALL SLAVES STATUS";
  MYSQL_RES *res;
  MYSQL_ROW row;
  unsigned n= 0;
  rg_monitor_config config;
  long long now;

  /*
    Once shutdown has begun, SHOW ALL SLAVES STATUS shows replication being
    torn down (threads stopped, then no connection at all once end_slave()
    has run), not the state of the replicas: keep the last states seen
    instead of recording stops and removals that no one asked for.
  */
  if (rg_server_shutting_down())
    return;
  if (c->mysql && c->polls >= RECONNECT_EVERY)
    conn_close(c);
  if (!c->mysql && conn_open(c))
  {
    poll_failed(c, "connect");
    return;
  }
  c->polls++;
  if (mysql_real_query(c->mysql, query, sizeof(query) - 1) ||
      !(res= mysql_store_result(c->mysql)))
  {
    poll_failed(c, "query");
    return;
  }
  find_columns(c, res);
  while (n < RG_MAX_CONNECTIONS && (row= mysql_fetch_row(res)))
    parse_row(row, c->col, &samples[n++]);
  mysql_free_result(res);
  notice_applied(c, n);

  config.max_lag_seconds= (long long) rg_sys_max_lag_seconds;
  now= rg_now_us();
  rg_shared_lock();
  rg_monitor_apply(rg_shared_monitor, samples, n, now, &config,
                   log_transition, NULL);
  expect_sources(samples, n, now);
  rg_fence_after_poll(rg_shared_monitor, now);
  publish_status();
  rg_shared_unlock();
  report_filters(samples, n);
}

/* ---- the filter's presence ---------------------------------------------- */

/*
  While the daemon runs, a filter that is not active (UNINSTALL PLUGIN
  REPLICA_GUARD_FILTER, an UNINSTALL SONAME left "busy" and followed by an
  INSTALL SONAME that could not bring it back, a server started with the
  daemon alone) means statements are not checked at all. The monitor looks
  at every poll and writes one error-log line when the filter goes missing
  and one note when it is back; Replica_guard_filter_active shows it too.
  The server initialises audit plugins after daemons, and INSTALL SONAME
  the daemon before the filter: a filter never seen yet is reported missing
  only FILTER_GRACE_US after the monitor started.
*/
#define FILTER_GRACE_US (10 * 1000000LL)

static void watch_filter(int *was_active, long long started_us)
{
  int active;
  /* At shutdown the server deinitialises the filter before the daemon. */
  if (rg_server_shutting_down())
    return;
  active= rg_filter_is_active();
  if (active == *was_active ||
      (!active && *was_active < 0 &&
       rg_now_us() - started_us < FILTER_GRACE_US))
    return;
  if (!active)
    rg_log_error("filter", "REPLICA_GUARD_FILTER is not active (uninstalled, "
                 "removed while in use, or never loaded): no statement is "
                 "checked until it is installed again or the server "
                 "restarts; make every plugin of the library "
                 "FORCE_PLUS_PERMANENT (README)");
  else if (*was_active >= 0)
    rg_log_note("filter", "REPLICA_GUARD_FILTER is active again");
  *was_active= active;
}

/* ---- the thread ---------------------------------------------------------- */

static void *monitor_main(void *arg)
{
  monitor_conn conn= { NULL, 0, 0, { 0 }, 0 };
  int filter_active= -1;             /* not seen yet */
  long long started_us= rg_now_us();
  (void) arg;
  /* Named for top -H, perf and bench/monitor-cpu (at most 15 characters). */
  pthread_setname_np(pthread_self(), "rg_monitor");
  if (!rg_thread_enter(&monitor))
    while (!rg_thread_wait(&monitor, rg_sys_poll_interval_ms))
    {
      watch_filter(&filter_active, started_us);
      poll_once(&conn);
      rg_window_after_poll();
    }
  conn_close(&conn);
  rg_thread_leave();
  return NULL;
}

void rg_monitor_wake(void)
{
  rg_thread_wake(&monitor);
  /* The heartbeat thread's tick follows the poll interval too: without
     this, going from a long interval to a short one would wait out the
     long one there (an hour at most). */
  rg_heartbeat_wake();
}

/* Starts the thread that fills rg_shared_monitor (rg_shared_start() has
   run); 0 on success. */
int rg_monitor_start(void)
{
  samples= malloc(sizeof(rg_sample) * RG_MAX_CONNECTIONS);
  if (samples)
  {
    rg_shared_lock();
    publish_status();
    rg_shared_unlock();
    if (!rg_thread_start(&monitor, monitor_main, NULL))
      return 0;
  }
  rg_log_error("start", "could not start the monitor thread");
  free(samples);
  samples= NULL;
  return 1;
}

void rg_monitor_stop(void)
{
  rg_thread_stop(&monitor);
  free(samples);
  samples= NULL;
}
