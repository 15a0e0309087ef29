/*
  replica_guard monitor: the pure-C state machine behind the replica monitor.

  Contract
  - The caller feeds one poll's worth of parsed SHOW ALL SLAVES STATUS rows
    (rg_sample) with the time of the poll; the monitor derives each
    connection's state, counts failures, records transitions in a ring of the
    last RG_EVENT_CAPACITY events and reports each transition through a
    callback (the server glue writes the error log from it).
  - No allocation, no global state, no locks: an rg_monitor is a plain value
    owned and synchronised by the caller. All strings are NUL-terminated and
    truncated to their buffers.
*/
#ifndef RG_MONITOR_H
#define RG_MONITOR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RG_MAX_CONNECTIONS  64   /* MariaDB allows 64 named connections */
#define RG_EVENT_CAPACITY   1000
#define RG_NAME_LEN         65   /* connection names: 64 chars + NUL */
#define RG_HOST_LEN         256
#define RG_ERROR_LEN        512
#define RG_GTID_LEN         512
#define RG_EVENT_MSG_LEN    256
#define RG_FILTER_LEN       512  /* one Replicate_* filter list */
#define RG_ADVICE_LEN       512
#define RG_LOG_FILE_LEN     256

typedef enum rg_conn_state
{
  RG_STATE_ABSENT= -1,   /* no such connection (events: added / removed) */
  RG_STATE_OK= 0,
  RG_STATE_LAGGING,      /* Seconds_Behind_Master above max_lag_seconds */
  RG_STATE_CONNECTING,   /* IO thread connecting, no error yet */
  RG_STATE_IO_ERROR,
  RG_STATE_SQL_ERROR,
  RG_STATE_IO_STOPPED,   /* stopped on purpose (no error) */
  RG_STATE_SQL_STOPPED,
  RG_STATE_DELAYED,      /* held back by MASTER_DELAY */
  RG_STATE_UNKNOWN,      /* the last poll failed */
  RG_STATE__COUNT
} rg_conn_state;

typedef enum rg_server_state
{
  RG_SERVER_NOT_A_REPLICA= 0,
  RG_SERVER_OK,
  RG_SERVER_DEGRADED,
  RG_SERVER_BROKEN
} rg_server_state;

/* How a connection state may fence the server (replica_guard_fence_on_
   failure): never, as soon as it is seen, or once the connection has been
   failing for replica_guard_fence_after_seconds. */
typedef enum rg_fence_rule
{
  RG_FENCE_NEVER= 0,
  RG_FENCE_AT_ONCE,
  RG_FENCE_AFTER_DELAY
} rg_fence_rule;

/* Everything a connection state means, one row per state (the table and
   the reasons for each choice are in rg_monitor.c). */
typedef struct rg_state_info
{
  const char *name;             /* as shown in STATE columns and logs */
  unsigned char failure;        /* counted in Replica_guard_connections_
                                   failed and the connection's failures */
  rg_server_state server;       /* the server state it implies at worst */
  rg_fence_rule fence;          /* whether and when it fences */
  unsigned char clears_fence;   /* auto-clear accepts it */
  unsigned char warning;        /* a transition into it is logged as a
                                   warning (else a note) */
} rg_state_info;

typedef enum rg_thread_run
{
  RG_RUN_NO= 0,
  RG_RUN_YES,
  RG_RUN_CONNECTING,      /* "Connecting" / "Preparing" */
} rg_thread_run;

/* One row of SHOW ALL SLAVES STATUS, as the glue parsed it. */
typedef struct rg_sample
{
  char connection_name[RG_NAME_LEN];
  char master_host[RG_HOST_LEN];
  unsigned master_port;
  unsigned long master_server_id;
  rg_thread_run io_running;
  rg_thread_run sql_running;
  long long seconds_behind;     /* -1: NULL */
  long long sql_delay;          /* MASTER_DELAY, 0 when none */
  long long sql_remaining_delay;/* -1: NULL (not waiting on MASTER_DELAY) */
  unsigned last_io_errno;
  char last_io_error[RG_ERROR_LEN];
  unsigned last_sql_errno;
  char last_sql_error[RG_ERROR_LEN];
  char gtid_io_pos[RG_GTID_LEN];
  char gtid_slave_pos[RG_GTID_LEN];
  char using_gtid[16];          /* No, Current_Pos or Slave_Pos */
  char relay_master_log_file[RG_LOG_FILE_LEN];
  unsigned long long exec_master_log_pos;
  /* The connection's replication filters, the lists exactly as the
     Replicate_Do_DB, _Ignore_DB, _Do_Table, _Ignore_Table, _Wild_Do_Table
     and _Wild_Ignore_Table columns show them (rg_replfilter.h); a list
     longer than its buffer sets filters_cut and is not evaluated. */
  char replicate_do_db[RG_FILTER_LEN];
  char replicate_ignore_db[RG_FILTER_LEN];
  char replicate_do_table[RG_FILTER_LEN];
  char replicate_ignore_table[RG_FILTER_LEN];
  char replicate_wild_do_table[RG_FILTER_LEN];
  char replicate_wild_ignore_table[RG_FILTER_LEN];
  unsigned char filters_cut;
  /* Filled by the glue from the filters above: why replica_guard's
     heartbeats cannot pass them and the my.cnf line that fixes it
     (rg_repl_filters_heartbeat_advice_for()); "" when they pass. */
  char heartbeat_advice[RG_ADVICE_LEN];
} rg_sample;

/* What the monitor keeps per connection: the last sample and its state. */
typedef struct rg_conn
{
  rg_sample last;
  rg_conn_state state;
  long long state_since_us;     /* microseconds since the epoch */
  long long last_checked_us;    /* last successful poll (a failed poll
                                   leaves it) */
  unsigned long long failures;  /* entries into a failure state from a
                                   non-failure one or on being added:
                                   CONNECTING -> IO_ERROR -> UNKNOWN
                                   counts once */
  long long failing_since_us;   /* entry into the current run of failure
                                   states; 0 when not failing */
} rg_conn;

typedef struct rg_event
{
  long long time_us;
  char connection_name[RG_NAME_LEN];
  rg_conn_state old_state;      /* RG_STATE_ABSENT: connection added */
  rg_conn_state new_state;      /* RG_STATE_ABSENT: connection removed */
  unsigned error_number;
  char message[RG_EVENT_MSG_LEN];
} rg_event;

typedef struct rg_monitor_config
{
  long long max_lag_seconds;
} rg_monitor_config;

typedef struct rg_monitor
{
  rg_conn conns[RG_MAX_CONNECTIONS];
  unsigned n_conns;              /* sorted by connection_name */
  rg_event events[RG_EVENT_CAPACITY];
  unsigned events_head;          /* index of the oldest event */
  unsigned events_count;
  unsigned long long transitions;
  unsigned long long polls;
  unsigned long long poll_errors;
} rg_monitor;

/* Called once per transition, after it is recorded. */
typedef void (*rg_transition_cb)(void *arg, const rg_event *event);

void rg_monitor_init(rg_monitor *m);

/* The state one sample shows, given the configuration (pure function).
   A NULL configuration disables the LAGGING rule. */
rg_conn_state rg_sample_state(const rg_sample *s, const rg_monitor_config *c);

/*
  Applies a successful poll taken at now_us: connections missing from
  samples[] are removed, new ones added, states re-derived. Returns the
  number of transitions recorded. At most RG_MAX_CONNECTIONS samples are
  used; the rest are ignored, as are later samples repeating a name.
  Events are recorded removals first, then additions and changes, each in
  connection name order.
*/
unsigned rg_monitor_apply(rg_monitor *m, const rg_sample *samples,
                          unsigned n_samples, long long now_us,
                          const rg_monitor_config *config,
                          rg_transition_cb cb, void *cb_arg);

/*
  Records a failed poll: every known connection becomes RG_STATE_UNKNOWN
  (its last sample is kept). Returns the number of transitions recorded.
*/
unsigned rg_monitor_poll_failed(rg_monitor *m, long long now_us,
                                unsigned error_number, const char *message,
                                rg_transition_cb cb, void *cb_arg);

rg_server_state rg_monitor_server_state(const rg_monitor *m);
/* Connections whose state is a failure (IO_ERROR, SQL_ERROR, CONNECTING,
   UNKNOWN). */
unsigned rg_monitor_failed_count(const rg_monitor *m);
/* Largest Seconds_Behind_Master among connections (-1 when none known);
   UNKNOWN connections are skipped, their last value being stale. */
long long rg_monitor_max_seconds_behind(const rg_monitor *m);
/* The i-th recorded event, oldest first; NULL unless i < events_count. */
const rg_event *rg_monitor_event(const rg_monitor *m, unsigned i);

/*
  Fencing (replica_guard_fence_on_failure): the index of the first
  connection whose state fences this server at now_us by its fence rule
  (rg_state_info: SQL_ERROR at once; IO_ERROR or CONNECTING once failing
  for fence_after_us; UNKNOWN never), or -1.
*/
int rg_monitor_fence_cause(const rg_monitor *m, long long now_us,
                           long long fence_after_us);
/* True when every connection's state lets the fence's auto-clear go ahead
   (none at all does too). */
int rg_monitor_clears_fence(const rg_monitor *m);

/* The row of state s; NULL for RG_STATE_ABSENT or out of range. */
const rg_state_info *rg_state_info_of(rg_conn_state s);
int rg_state_is_failure(rg_conn_state s);
const char *rg_state_name(rg_conn_state s);          /* NULL for ABSENT */
const char *rg_server_state_name(rg_server_state s);

#ifdef __cplusplus
}
#endif
#endif
