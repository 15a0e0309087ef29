/* Unit tests of the replica monitor state machine (rg_monitor.h). */
#include "rg_monitor.h"
#include "rg_test.h"

#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* About 1 MB: never on the stack. */
static rg_monitor mon;

static const rg_monitor_config config30= { 30 };


/* A sample of a healthy connection named name. */
static rg_sample healthy(const char *name)
{
  rg_sample s;
  memset(&s, 0, sizeof(s));
  strncpy(s.connection_name, name, sizeof(s.connection_name) - 1);
  strcpy(s.master_host, "primary.example");
  s.master_port= 3306;
  s.master_server_id= 1;
  s.io_running= RG_RUN_YES;
  s.sql_running= RG_RUN_YES;
  s.seconds_behind= 0;
  s.sql_delay= 0;
  s.sql_remaining_delay= -1;
  return s;
}


/* A sample of connection name that config30 puts in state st. */
static rg_sample in_state(const char *name, rg_conn_state st)
{
  rg_sample s= healthy(name);
  switch (st) {
  case RG_STATE_LAGGING:
    s.seconds_behind= 100;
    break;
  case RG_STATE_CONNECTING:
    s.io_running= RG_RUN_CONNECTING;
    break;
  case RG_STATE_IO_ERROR:
    s.io_running= RG_RUN_CONNECTING;
    s.last_io_errno= 2003;
    strcpy(s.last_io_error, "error connecting to master 'repl@p:3306'");
    break;
  case RG_STATE_SQL_ERROR:
    s.sql_running= RG_RUN_NO;
    s.last_sql_errno= 1062;
    strcpy(s.last_sql_error, "Duplicate entry '1' for key 'PRIMARY'");
    break;
  case RG_STATE_IO_STOPPED:
    s.io_running= RG_RUN_NO;
    break;
  case RG_STATE_SQL_STOPPED:
    s.sql_running= RG_RUN_NO;
    break;
  case RG_STATE_DELAYED:
    s.sql_delay= 3600;
    s.sql_remaining_delay= 1200;
    s.seconds_behind= 2400;
    break;
  default:
    break;
  }
  return s;
}


/* Records every reported event and checks it is the newest recorded. */
typedef struct cb_log
{
  unsigned calls;
  unsigned not_newest;
  rg_event last;
} cb_log;

static void on_transition(void *arg, const rg_event *e)
{
  cb_log *log= arg;
  log->calls++;
  if (e != rg_monitor_event(&mon, mon.events_count - 1))
    log->not_newest++;
  log->last= *e;
}


static unsigned apply(const rg_sample *s, unsigned n, long long now)
{
  return rg_monitor_apply(&mon, s, n, now, &config30, NULL, NULL);
}


static const rg_event *newest(void)
{
  return rg_monitor_event(&mon, mon.events_count - 1);
}


/* ---- rg_sample_state: one case per rule, plus precedence ---- */

typedef struct state_case
{
  const char *what;
  rg_thread_run io, sql;
  unsigned io_errno, sql_errno;
  long long behind, delay, remaining;
  rg_conn_state want;
} state_case;

static const state_case state_cases[]=
{
  { "1 sql stopped with error", RG_RUN_YES, RG_RUN_NO, 0, 1062, -1, 0, -1,
    RG_STATE_SQL_ERROR },
  { "1 sql error beats io error", RG_RUN_NO, RG_RUN_NO, 2003, 1062, -1, 0,
    -1, RG_STATE_SQL_ERROR },
  { "1 sql error while io connecting", RG_RUN_CONNECTING, RG_RUN_NO, 0,
    1146, -1, 0, -1, RG_STATE_SQL_ERROR },
  { "1 stale sql error, sql running", RG_RUN_YES, RG_RUN_YES, 0, 1062, 0, 0,
    -1, RG_STATE_OK },
  { "2 io stopped with error", RG_RUN_NO, RG_RUN_YES, 1236, 0, -1, 0, -1,
    RG_STATE_IO_ERROR },
  { "2 master unreachable: connecting 2003", RG_RUN_CONNECTING, RG_RUN_YES,
    2003, 0, -1, 0, -1, RG_STATE_IO_ERROR },
  { "2 io error beats sql stopped", RG_RUN_NO, RG_RUN_NO, 1236, 0, -1, 0,
    -1, RG_STATE_IO_ERROR },
  { "2 stale io error, io running", RG_RUN_YES, RG_RUN_YES, 2003, 0, 0, 0,
    -1, RG_STATE_OK },
  { "3 connecting, no error", RG_RUN_CONNECTING, RG_RUN_YES, 0, 0, -1, 0,
    -1, RG_STATE_CONNECTING },
  { "3 connecting beats sql stopped", RG_RUN_CONNECTING, RG_RUN_NO, 0, 0,
    -1, 0, -1, RG_STATE_CONNECTING },
  { "4 sql stopped", RG_RUN_YES, RG_RUN_NO, 0, 0, -1, 0, -1,
    RG_STATE_SQL_STOPPED },
  { "4 sql stopped beats io stopped", RG_RUN_NO, RG_RUN_NO, 0, 0, -1, 0, -1,
    RG_STATE_SQL_STOPPED },
  { "5 io stopped", RG_RUN_NO, RG_RUN_YES, 0, 0, -1, 0, -1,
    RG_STATE_IO_STOPPED },
  { "5 io stopped beats lag", RG_RUN_NO, RG_RUN_YES, 0, 0, 500, 0, -1,
    RG_STATE_IO_STOPPED },
  { "6 waiting on MASTER_DELAY", RG_RUN_YES, RG_RUN_YES, 0, 0, 3000, 3600,
    600, RG_STATE_DELAYED },
  { "6 remaining delay 0", RG_RUN_YES, RG_RUN_YES, 0, 0, 0, 10, 0,
    RG_STATE_DELAYED },
  { "6 delayed beats lagging", RG_RUN_YES, RG_RUN_YES, 0, 0, 99999, 60, 10,
    RG_STATE_DELAYED },
  { "7 lag above limit", RG_RUN_YES, RG_RUN_YES, 0, 0, 31, 0, -1,
    RG_STATE_LAGGING },
  { "7 lag at limit", RG_RUN_YES, RG_RUN_YES, 0, 0, 30, 0, -1,
    RG_STATE_OK },
  { "7 lag unknown (NULL)", RG_RUN_YES, RG_RUN_YES, 0, 0, -1, 0, -1,
    RG_STATE_OK },
  { "7 MASTER_DELAY raises the limit", RG_RUN_YES, RG_RUN_YES, 0, 0, 130,
    100, -1, RG_STATE_OK },
  { "7 above limit + MASTER_DELAY", RG_RUN_YES, RG_RUN_YES, 0, 0, 131, 100,
    -1, RG_STATE_LAGGING },
  { "8 healthy", RG_RUN_YES, RG_RUN_YES, 0, 0, 0, 0, -1, RG_STATE_OK },
};

static void test_sample_state(void)
{
  rg_sample s= healthy("x");
  for (size_t i= 0; i < ARRAY_LEN(state_cases); i++)
  {
    const state_case *t= &state_cases[i];
    rg_conn_state got;
    s.io_running= t->io;
    s.sql_running= t->sql;
    s.last_io_errno= t->io_errno;
    s.last_sql_errno= t->sql_errno;
    s.seconds_behind= t->behind;
    s.sql_delay= t->delay;
    s.sql_remaining_delay= t->remaining;
    got= rg_sample_state(&s, &config30);
    RG_CHECK(got == t->want, "%s: got %s, want %s", t->what,
             rg_state_name(got), rg_state_name(t->want));
  }
  s= healthy("x");
  s.seconds_behind= 1000000;
  RG_CHECK(rg_sample_state(&s, NULL) == RG_STATE_OK,
           "a NULL config disables the lag rule");
  {
    rg_monitor_config huge= { 0x7fffffffffffffffLL };
    s.sql_delay= 10;
    RG_CHECK(rg_sample_state(&s, &huge) == RG_STATE_OK,
             "lag limit saturates instead of overflowing");
  }
}


/* ---- names and predicates ---- */

static void test_names(void)
{
  static const struct { rg_conn_state s; const char *name; int failure; }
  cases[]=
  {
    { RG_STATE_OK, "OK", 0 }, { RG_STATE_LAGGING, "LAGGING", 0 },
    { RG_STATE_CONNECTING, "CONNECTING", 1 },
    { RG_STATE_IO_ERROR, "IO_ERROR", 1 },
    { RG_STATE_SQL_ERROR, "SQL_ERROR", 1 },
    { RG_STATE_IO_STOPPED, "IO_STOPPED", 0 },
    { RG_STATE_SQL_STOPPED, "SQL_STOPPED", 0 },
    { RG_STATE_DELAYED, "DELAYED", 0 }, { RG_STATE_UNKNOWN, "UNKNOWN", 1 },
    { RG_STATE_ABSENT, NULL, 0 }, { RG_STATE__COUNT, NULL, 0 },
  };
  static const char *const server[]=
  { "NOT_A_REPLICA", "OK", "DEGRADED", "BROKEN" };

  for (size_t i= 0; i < ARRAY_LEN(cases); i++)
  {
    const char *got= rg_state_name(cases[i].s);
    RG_CHECK(cases[i].name ? got && !strcmp(got, cases[i].name) : !got,
             "name of state %d: %s", (int) cases[i].s, got ? got : "NULL");
    RG_CHECK(rg_state_is_failure(cases[i].s) == cases[i].failure,
             "is_failure of state %d", (int) cases[i].s);
  }
  for (int i= 0; i < 4; i++)
    RG_CHECK(!strcmp(rg_server_state_name((rg_server_state) i), server[i]),
             "server state %d", i);
  RG_CHECK(rg_server_state_name((rg_server_state) 4) == NULL,
           "server state out of range");
}

/*
  The state table's meaning, observed through the monitor's own verdicts
  on a server with a single connection in each state: the server state,
  whether it fences at once, after the delay or never, whether auto-clear
  accepts it, and whether its transitions are warnings. DELAYED is healthy
  for the server state and for auto-clear alike.
*/
static void test_state_table(void)
{
  static const struct
  {
    rg_conn_state s;
    rg_server_state server;
    int fences_at_once, fences_after_delay, clears, warning;
  } rules[]=
  {
    { RG_STATE_OK,          RG_SERVER_OK,       0, 0, 1, 0 },
    { RG_STATE_LAGGING,     RG_SERVER_DEGRADED, 0, 0, 0, 0 },
    { RG_STATE_CONNECTING,  RG_SERVER_DEGRADED, 0, 1, 0, 0 },
    { RG_STATE_IO_ERROR,    RG_SERVER_BROKEN,   0, 1, 0, 1 },
    { RG_STATE_SQL_ERROR,   RG_SERVER_BROKEN,   1, 1, 0, 1 },
    { RG_STATE_IO_STOPPED,  RG_SERVER_DEGRADED, 0, 0, 0, 0 },
    { RG_STATE_SQL_STOPPED, RG_SERVER_DEGRADED, 0, 0, 0, 0 },
    { RG_STATE_DELAYED,     RG_SERVER_OK,       0, 0, 1, 0 },
    { RG_STATE_UNKNOWN,     RG_SERVER_DEGRADED, 0, 0, 0, 1 },
  };
  static rg_monitor m;
  RG_CHECK(ARRAY_LEN(rules) == RG_STATE__COUNT, "every state has a rule");
  for (size_t i= 0; i < ARRAY_LEN(rules); i++)
  {
    const rg_state_info *info= rg_state_info_of(rules[i].s);
    rg_monitor_init(&m);
    m.n_conns= 1;
    m.conns[0].state= rules[i].s;
    m.conns[0].failing_since_us= rg_state_is_failure(rules[i].s) ? 1000 : 0;
    RG_CHECK(rg_monitor_server_state(&m) == rules[i].server,
             "server state with one %s", rg_state_name(rules[i].s));
    RG_CHECK((rg_monitor_fence_cause(&m, 1000, 5000) == 0) ==
             rules[i].fences_at_once, "%s fences at once",
             rg_state_name(rules[i].s));
    RG_CHECK((rg_monitor_fence_cause(&m, 6000, 5000) == 0) ==
             rules[i].fences_after_delay, "%s fences after the delay",
             rg_state_name(rules[i].s));
    RG_CHECK(rg_monitor_clears_fence(&m) == rules[i].clears,
             "auto-clear with one %s", rg_state_name(rules[i].s));
    RG_CHECK(info && info->warning == rules[i].warning,
             "%s transitions logged as warnings", rg_state_name(rules[i].s));
  }
  RG_CHECK(rg_state_info_of(RG_STATE_ABSENT) == NULL &&
           rg_state_info_of(RG_STATE__COUNT) == NULL, "no row out of range");
}


/* ---- transitions of one connection ---- */

/* One poll of connection "a" in state st at time t, and what it records. */
typedef struct step
{
  long long t;
  rg_conn_state st;       /* RG_STATE_ABSENT: "a" missing from the poll */
  unsigned transitions;
  rg_conn_state old_state, new_state;
  unsigned error_number;
  const char *message;
  unsigned long long failures;
  long long since;
} step;

static const step steps[]=
{
  { 100, RG_STATE_OK, 1, RG_STATE_ABSENT, RG_STATE_OK, 0,
    "connection added", 0, 100 },
  { 200, RG_STATE_OK, 0, 0, 0, 0, NULL, 0, 100 },
  { 300, RG_STATE_LAGGING, 1, RG_STATE_OK, RG_STATE_LAGGING, 0,
    "Seconds_Behind_Master=100 exceeds 30", 0, 300 },
  { 400, RG_STATE_OK, 1, RG_STATE_LAGGING, RG_STATE_OK, 0, "recovered", 0,
    400 },
  { 500, RG_STATE_CONNECTING, 1, RG_STATE_OK, RG_STATE_CONNECTING, 0,
    "IO thread connecting", 1, 500 },
  { 600, RG_STATE_IO_ERROR, 1, RG_STATE_CONNECTING, RG_STATE_IO_ERROR, 2003,
    "error connecting to master 'repl@p:3306'", 1, 600 },
  { 700, RG_STATE_IO_STOPPED, 1, RG_STATE_IO_ERROR, RG_STATE_IO_STOPPED, 0,
    "IO thread stopped", 1, 700 },
  { 800, RG_STATE_SQL_ERROR, 1, RG_STATE_IO_STOPPED, RG_STATE_SQL_ERROR,
    1062, "Duplicate entry '1' for key 'PRIMARY'", 2, 800 },
  { 900, RG_STATE_SQL_STOPPED, 1, RG_STATE_SQL_ERROR, RG_STATE_SQL_STOPPED,
    0, "SQL thread stopped", 2, 900 },
  { 1000, RG_STATE_DELAYED, 1, RG_STATE_SQL_STOPPED, RG_STATE_DELAYED, 0,
    "waiting for MASTER_DELAY=3600, 1200 s remaining", 2, 1000 },
  { 1100, RG_STATE_IO_ERROR, 1, RG_STATE_DELAYED, RG_STATE_IO_ERROR, 2003,
    "error connecting to master 'repl@p:3306'", 3, 1100 },
  { 1200, RG_STATE_ABSENT, 1, RG_STATE_IO_ERROR, RG_STATE_ABSENT, 0,
    "connection removed", 0, 0 },
  { 1300, RG_STATE_SQL_ERROR, 1, RG_STATE_ABSENT, RG_STATE_SQL_ERROR, 1062,
    "Duplicate entry '1' for key 'PRIMARY'", 1, 1300 },
};

static void check_step(const step *t, unsigned got, const cb_log *log)
{
  const rg_event *e= newest();
  RG_CHECK(got == t->transitions, "t=%lld: %u transitions", t->t, got);
  if (!t->transitions)
    return;
  RG_CHECK(log->calls && !log->not_newest && log->last.time_us == t->t,
           "t=%lld: callback after recording", t->t);
  RG_CHECK(e->time_us == t->t && !strcmp(e->connection_name, "a"),
           "t=%lld: event time/name", t->t);
  RG_CHECK(e->old_state == t->old_state && e->new_state == t->new_state,
           "t=%lld: %d -> %d", t->t, (int) e->old_state,
           (int) e->new_state);
  RG_CHECK(e->error_number == t->error_number, "t=%lld: errno %u", t->t,
           e->error_number);
  RG_CHECK(!strcmp(e->message, t->message), "t=%lld: message '%s'", t->t,
           e->message);
  if (t->st == RG_STATE_ABSENT)
    return;
  RG_CHECK(mon.n_conns == 1 && mon.conns[0].state == t->st,
           "t=%lld: state", t->t);
  RG_CHECK(mon.conns[0].failures == t->failures, "t=%lld: failures %llu",
           t->t, mon.conns[0].failures);
  RG_CHECK(mon.conns[0].state_since_us == t->since &&
           mon.conns[0].last_checked_us == t->t, "t=%lld: times", t->t);
}

static void test_transitions(void)
{
  cb_log log;
  unsigned long long events= 0;
  rg_monitor_init(&mon);
  for (size_t i= 0; i < ARRAY_LEN(steps); i++)
  {
    const step *t= &steps[i];
    rg_sample s= in_state("a", t->st);
    unsigned got;
    memset(&log, 0, sizeof(log));
    got= rg_monitor_apply(&mon, &s, t->st == RG_STATE_ABSENT ? 0 : 1, t->t,
                          &config30, on_transition, &log);
    events+= got;
    RG_CHECK(log.calls == got, "t=%lld: one callback per transition",
             t->t);
    check_step(t, got, &log);
  }
  RG_CHECK(mon.transitions == events && mon.events_count == events,
           "transition counter %llu", mon.transitions);
  RG_CHECK(mon.polls == ARRAY_LEN(steps) && mon.poll_errors == 0,
           "poll counters %llu %llu", mon.polls, mon.poll_errors);
}


/* Same state, new details: no transition, but the stored sample moves on. */
static void test_same_state_updates_sample(void)
{
  rg_sample s= in_state("a", RG_STATE_SQL_ERROR);
  rg_monitor_init(&mon);
  apply(&s, 1, 10);
  s.last_sql_errno= 1032;
  strcpy(s.last_sql_error, "Can't find record");
  strcpy(s.gtid_slave_pos, "0-1-42");
  RG_CHECK(apply(&s, 1, 20) == 0, "changed error, same state: no event");
  RG_CHECK(mon.conns[0].last.last_sql_errno == 1032 &&
           !strcmp(mon.conns[0].last.last_sql_error, "Can't find record") &&
           !strcmp(mon.conns[0].last.gtid_slave_pos, "0-1-42"),
           "last sample updated");
  RG_CHECK(mon.conns[0].state_since_us == 10 &&
           mon.conns[0].last_checked_us == 20, "since kept, checked moved");
  RG_CHECK(mon.conns[0].failures == 1 && mon.transitions == 1,
           "no new failure entry");
}


/* ---- poll failures ---- */

static void test_poll_failure(void)
{
  rg_sample s[2]= { in_state("a", RG_STATE_OK),
                    in_state("b", RG_STATE_IO_ERROR) };
  cb_log log;
  memset(&log, 0, sizeof(log));
  rg_monitor_init(&mon);

  RG_CHECK(rg_monitor_poll_failed(&mon, 5, 2013, "lost", NULL, NULL) == 0,
           "failed poll with no connections: no event");
  s[0].seconds_behind= 7;
  apply(s, 2, 10);
  RG_CHECK(rg_monitor_max_seconds_behind(&mon) == 7, "max lag known");

  RG_CHECK(rg_monitor_poll_failed(&mon, 20, 1205, "Lock wait timeout",
                                  on_transition, &log) == 2,
           "failed poll: every connection becomes UNKNOWN");
  RG_CHECK(log.calls == 2 && !log.not_newest, "callbacks");
  for (unsigned i= 0; i < 2; i++)
  {
    const rg_event *e= rg_monitor_event(&mon, 2 + i);
    RG_CHECK(mon.conns[i].state == RG_STATE_UNKNOWN &&
             mon.conns[i].state_since_us == 20 &&
             mon.conns[i].last_checked_us == 10, "conn %u unknown", i);
    RG_CHECK(e->new_state == RG_STATE_UNKNOWN && e->error_number == 1205 &&
             !strcmp(e->message, "Lock wait timeout"), "event %u", i);
  }
  RG_CHECK(rg_monitor_event(&mon, 2)->old_state == RG_STATE_OK &&
           rg_monitor_event(&mon, 3)->old_state == RG_STATE_IO_ERROR,
           "old states");
  RG_CHECK(mon.conns[0].failures == 1 && mon.conns[1].failures == 1,
           "OK -> UNKNOWN enters failure, IO_ERROR -> UNKNOWN does not");
  RG_CHECK(!strcmp(mon.conns[1].last.last_io_error,
                   "error connecting to master 'repl@p:3306'"),
           "last sample kept");
  RG_CHECK(rg_monitor_max_seconds_behind(&mon) == -1,
           "lag of UNKNOWN connections is not known");
  RG_CHECK(rg_monitor_server_state(&mon) == RG_SERVER_DEGRADED &&
           rg_monitor_failed_count(&mon) == 2, "unknown: degraded");

  RG_CHECK(rg_monitor_poll_failed(&mon, 30, 0, NULL, NULL, NULL) == 0,
           "already UNKNOWN: no new event");
  RG_CHECK(mon.polls == 4 && mon.poll_errors == 3, "poll counters");

  RG_CHECK(apply(s, 2, 40) == 2, "recovery: both move to real state");
  RG_CHECK(rg_monitor_event(&mon, 4)->old_state == RG_STATE_UNKNOWN &&
           !strcmp(rg_monitor_event(&mon, 4)->message, "recovered"),
           "UNKNOWN -> OK recovered");
  RG_CHECK(rg_monitor_event(&mon, 5)->new_state == RG_STATE_IO_ERROR &&
           rg_monitor_event(&mon, 5)->error_number == 2003,
           "UNKNOWN -> IO_ERROR carries the IO error");
  RG_CHECK(mon.conns[1].failures == 1, "still one failure episode");
  RG_CHECK(mon.polls == 5 && mon.poll_errors == 3, "counters after");

  rg_monitor_poll_failed(&mon, 50, 2006, "", NULL, NULL);
  RG_CHECK(!strcmp(newest()->message, "replica status poll failed") &&
           newest()->error_number == 2006, "empty message gets a default");
}


/* ---- add / remove / order ---- */

static int names_are(const char *const *want, unsigned n)
{
  if (mon.n_conns != n)
    return 0;
  for (unsigned i= 0; i < n; i++)
    if (strcmp(mon.conns[i].last.connection_name, want[i]))
      return 0;
  return 1;
}

static void test_add_remove(void)
{
  static const char *const abc[]= { "a", "b", "c" };
  static const char *const bd[]= { "b", "d" };
  static const char *const de[]= { "d", "e" };
  rg_sample s[3]= { in_state("c", RG_STATE_OK), in_state("a", RG_STATE_OK),
                    in_state("b", RG_STATE_OK) };
  rg_monitor_init(&mon);

  RG_CHECK(apply(s, 3, 1) == 3 && names_are(abc, 3), "added, sorted");
  RG_CHECK(!strcmp(rg_monitor_event(&mon, 0)->connection_name, "a") &&
           !strcmp(rg_monitor_event(&mon, 2)->connection_name, "c"),
           "add events in name order");

  s[0]= in_state("d", RG_STATE_SQL_STOPPED);
  s[1]= in_state("b", RG_STATE_OK);
  RG_CHECK(apply(s, 2, 2) == 3 && names_are(bd, 2), "a, c removed; d added");
  RG_CHECK(rg_monitor_event(&mon, 3)->new_state == RG_STATE_ABSENT &&
           !strcmp(rg_monitor_event(&mon, 3)->connection_name, "a") &&
           rg_monitor_event(&mon, 4)->new_state == RG_STATE_ABSENT &&
           !strcmp(rg_monitor_event(&mon, 4)->connection_name, "c"),
           "removal events");
  RG_CHECK(rg_monitor_event(&mon, 5)->old_state == RG_STATE_ABSENT &&
           rg_monitor_event(&mon, 5)->new_state == RG_STATE_SQL_STOPPED &&
           !strcmp(rg_monitor_event(&mon, 5)->message, "connection added"),
           "added in a non-error state: connection added, NEW_STATE tells");
  RG_CHECK(mon.conns[0].state_since_us == 1, "b untouched");

  rg_monitor_poll_failed(&mon, 3, 2013, "lost", NULL, NULL);
  s[0]= in_state("e", RG_STATE_CONNECTING);
  s[1]= in_state("d", RG_STATE_OK);
  RG_CHECK(apply(s, 2, 4) == 3 && names_are(de, 2),
           "after a failed poll: b removed, d recovered, e added");
  RG_CHECK(rg_monitor_event(&mon, 8)->old_state == RG_STATE_UNKNOWN &&
           rg_monitor_event(&mon, 8)->new_state == RG_STATE_ABSENT,
           "UNKNOWN -> ABSENT");
  RG_CHECK(mon.conns[1].failures == 1, "added CONNECTING counts a failure");
  RG_CHECK(apply(NULL, 0, 5) == 2 && mon.n_conns == 0,
           "empty poll removes all");
  RG_CHECK(rg_monitor_server_state(&mon) == RG_SERVER_NOT_A_REPLICA,
           "no connections");
}


static void test_sorting(void)
{
  static const char *const names[]= { "zeta", "", "m", "alpha", "m", "b" };
  static const char *const want[]= { "", "alpha", "b", "m", "zeta" };
  rg_sample s[ARRAY_LEN(names)];
  rg_sample many[RG_MAX_CONNECTIONS + 5];
  char name[16];

  for (size_t i= 0; i < ARRAY_LEN(names); i++)
    s[i]= in_state(names[i], RG_STATE_OK);
  s[4].sql_running= RG_RUN_NO;             /* duplicate "m": ignored */
  rg_monitor_init(&mon);
  RG_CHECK(apply(s, ARRAY_LEN(s), 1) == 5 && names_are(want, 5),
           "sorted, default connection first, duplicate dropped");
  RG_CHECK(mon.conns[3].state == RG_STATE_OK, "first duplicate wins");

  rg_monitor_init(&mon);
  for (unsigned i= 0; i < ARRAY_LEN(many); i++)
  {
    snprintf(name, sizeof(name), "c%03u",
             (unsigned) (ARRAY_LEN(many) - 1 - i));
    many[i]= in_state(name, RG_STATE_OK);
  }
  RG_CHECK(apply(many, ARRAY_LEN(many), 1) == RG_MAX_CONNECTIONS &&
           mon.n_conns == RG_MAX_CONNECTIONS, "at most 64 connections");
  RG_CHECK(!strcmp(mon.conns[0].last.connection_name, "c005") &&
           !strcmp(mon.conns[63].last.connection_name, "c068"),
           "the first 64 samples are used");
  for (unsigned i= 1; i < mon.n_conns; i++)
    if (strcmp(mon.conns[i - 1].last.connection_name,
               mon.conns[i].last.connection_name) >= 0)
      RG_CHECK(0, "conns %u and %u out of order", i - 1, i);
}


/* ---- event ring ---- */

static void test_ring(void)
{
  const unsigned total= 2 * RG_EVENT_CAPACITY + 345;
  rg_sample s= in_state("r", RG_STATE_OK);
  unsigned misordered= 0;
  rg_monitor_init(&mon);

  RG_CHECK(rg_monitor_event(&mon, 0) == NULL, "empty ring");
  for (unsigned i= 0; i < total; i++)
  {
    s.io_running= i % 2 ? RG_RUN_NO : RG_RUN_YES;
    apply(&s, 1, (long long) i);
    if (i == 10)
      RG_CHECK(mon.events_count == 11 && rg_monitor_event(&mon, 0)->time_us
               == 0, "before wrapping");
  }
  RG_CHECK(mon.events_count == RG_EVENT_CAPACITY, "count capped");
  RG_CHECK(mon.transitions == total, "all transitions counted");
  RG_CHECK(rg_monitor_event(&mon, 0)->time_us ==
           (long long) (total - RG_EVENT_CAPACITY), "oldest dropped");
  for (unsigned i= 0; i < RG_EVENT_CAPACITY; i++)
  {
    const rg_event *e= rg_monitor_event(&mon, i);
    long long t= (long long) (total - RG_EVENT_CAPACITY + i);
    rg_conn_state want= t % 2 ? RG_STATE_IO_STOPPED : RG_STATE_OK;
    if (e->time_us != t || e->new_state != want)
      misordered++;
  }
  RG_CHECK(misordered == 0, "%u events out of order", misordered);
  RG_CHECK(newest()->time_us == (long long) total - 1, "newest last");
  RG_CHECK(rg_monitor_event(&mon, RG_EVENT_CAPACITY) == NULL,
           "index past the end");
}


/* ---- truncation ---- */

static size_t bounded_len(const char *s, size_t cap)
{
  size_t n= 0;
  while (n < cap && s[n])
    n++;
  return n;
}

static void test_truncation(void)
{
  rg_sample s= in_state("", RG_STATE_IO_ERROR);
  char long_msg[1000];
  const rg_conn *c;

  memset(s.connection_name, 'n', sizeof(s.connection_name));
  memset(s.master_host, 'h', sizeof(s.master_host));
  memset(s.last_io_error, 'e', sizeof(s.last_io_error));
  memset(s.gtid_io_pos, '9', sizeof(s.gtid_io_pos));
  rg_monitor_init(&mon);
  apply(&s, 1, 1);
  c= &mon.conns[0];
  RG_CHECK(strlen(c->last.connection_name) == RG_NAME_LEN - 1 &&
           strlen(c->last.master_host) == RG_HOST_LEN - 1 &&
           strlen(c->last.last_io_error) == RG_ERROR_LEN - 1 &&
           strlen(c->last.gtid_io_pos) == RG_GTID_LEN - 1,
           "unterminated sample strings stored truncated");
  RG_CHECK(strlen(newest()->connection_name) == RG_NAME_LEN - 1 &&
           strlen(newest()->message) == RG_EVENT_MSG_LEN - 1,
           "event strings truncated");
  RG_CHECK(apply(&s, 1, 2) == 0 && mon.n_conns == 1,
           "the unterminated name matches its stored copy");

  memset(long_msg, 'x', sizeof(long_msg) - 1);
  long_msg[sizeof(long_msg) - 1]= '\0';
  rg_monitor_poll_failed(&mon, 3, 1, long_msg, NULL, NULL);
  RG_CHECK(bounded_len(newest()->message, RG_EVENT_MSG_LEN) ==
           RG_EVENT_MSG_LEN - 1, "poll error message truncated");
}


/* ---- server state aggregation ---- */

typedef struct server_case
{
  rg_conn_state states[4];
  unsigned n;
  rg_server_state want;
  unsigned failed;
} server_case;

static const server_case server_cases[]=
{
  { { 0 }, 0, RG_SERVER_NOT_A_REPLICA, 0 },
  { { RG_STATE_OK }, 1, RG_SERVER_OK, 0 },
  { { RG_STATE_DELAYED }, 1, RG_SERVER_OK, 0 },
  { { RG_STATE_OK, RG_STATE_DELAYED }, 2, RG_SERVER_OK, 0 },
  { { RG_STATE_OK, RG_STATE_LAGGING }, 2, RG_SERVER_DEGRADED, 0 },
  { { RG_STATE_IO_STOPPED }, 1, RG_SERVER_DEGRADED, 0 },
  { { RG_STATE_DELAYED, RG_STATE_SQL_STOPPED }, 2, RG_SERVER_DEGRADED, 0 },
  { { RG_STATE_OK, RG_STATE_CONNECTING }, 2, RG_SERVER_DEGRADED, 1 },
  { { RG_STATE_IO_ERROR }, 1, RG_SERVER_BROKEN, 1 },
  { { RG_STATE_OK, RG_STATE_LAGGING, RG_STATE_SQL_ERROR }, 3,
    RG_SERVER_BROKEN, 1 },
  { { RG_STATE_CONNECTING, RG_STATE_IO_ERROR, RG_STATE_SQL_ERROR,
      RG_STATE_DELAYED }, 4, RG_SERVER_BROKEN, 3 },
};

static void test_server_state(void)
{
  for (size_t i= 0; i < ARRAY_LEN(server_cases); i++)
  {
    const server_case *t= &server_cases[i];
    rg_sample s[4];
    for (unsigned j= 0; j < t->n; j++)
    {
      char name[2]= { (char) ('a' + j), 0 };
      s[j]= in_state(name, t->states[j]);
    }
    rg_monitor_init(&mon);
    apply(s, t->n, 1);
    RG_CHECK(rg_monitor_server_state(&mon) == t->want,
             "case %zu: got %s", i,
             rg_server_state_name(rg_monitor_server_state(&mon)));
    RG_CHECK(rg_monitor_failed_count(&mon) == t->failed,
             "case %zu: failed count %u", i, rg_monitor_failed_count(&mon));
  }
}


static void test_max_seconds_behind(void)
{
  rg_sample s[3]= { healthy("a"), healthy("b"), healthy("c") };
  rg_monitor_init(&mon);
  RG_CHECK(rg_monitor_max_seconds_behind(&mon) == -1, "no connection");
  s[0].seconds_behind= -1;
  s[1].seconds_behind= -1;
  apply(s, 2, 1);
  RG_CHECK(rg_monitor_max_seconds_behind(&mon) == -1, "all NULL");
  s[1].seconds_behind= 20;
  s[2].seconds_behind= 5;
  apply(s, 3, 2);
  RG_CHECK(rg_monitor_max_seconds_behind(&mon) == 20, "largest");
}


/* Fencing: SQL_ERROR fences at once; IO_ERROR/CONNECTING only after the
   grace period, measured from the start of the failure run (flapping
   between the two does not restart it); a failed poll never fences. */
static void test_fence_cause(void)
{
  rg_sample s[2];
  rg_monitor_init(&mon);
  s[0]= healthy("a");
  s[1]= healthy("b");
  apply(s, 2, 1000000);
  RG_CHECK(rg_monitor_fence_cause(&mon, 1000000, 0) == -1, "all OK");
  RG_CHECK(rg_monitor_clears_fence(&mon), "auto-clear accepts all OK");
  s[1]= in_state("b", RG_STATE_IO_ERROR);
  apply(s, 2, 2000000);
  RG_CHECK(rg_monitor_fence_cause(&mon, 2000000, 5000000) == -1,
           "IO_ERROR within the grace period");
  s[1]= in_state("b", RG_STATE_CONNECTING);
  apply(s, 2, 4000000);
  RG_CHECK(rg_monitor_fence_cause(&mon, 6500000, 5000000) == -1,
           "still within 5 s of the first failure");
  RG_CHECK(rg_monitor_fence_cause(&mon, 7000000, 5000000) == 1,
           "5 s after the failure began, across IO_ERROR -> CONNECTING");
  RG_CHECK(!rg_monitor_clears_fence(&mon), "auto-clear refuses");
  s[0]= in_state("a", RG_STATE_SQL_ERROR);
  apply(s, 2, 7100000);
  RG_CHECK(rg_monitor_fence_cause(&mon, 7100000, 5000000) == 0,
           "SQL_ERROR fences at once");
  s[0]= healthy("a");
  s[1]= healthy("b");
  apply(s, 2, 8000000);
  RG_CHECK(mon.conns[1].failing_since_us == 0, "recovery ends the run");
  rg_monitor_poll_failed(&mon, 20000000, 2013, "lost", NULL, NULL);
  RG_CHECK(rg_monitor_fence_cause(&mon, 90000000, 0) == -1,
           "UNKNOWN never fences");
}

int main(void)
{
  test_sample_state();
  test_names();
  test_state_table();
  test_transitions();
  test_same_state_updates_sample();
  test_poll_failure();
  test_add_remove();
  test_sorting();
  test_ring();
  test_truncation();
  test_server_state();
  test_max_seconds_behind();
  test_fence_cause();
  return rg_test_summary("test_monitor");
}
