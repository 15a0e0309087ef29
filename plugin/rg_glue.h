/*
  replica_guard server glue: declarations shared by the plugin's C files and
  its two C++ files. Nothing here is part of the pure core (include/).

  Threading: the rg_sys_* values are written only by the server's system
  variable code (under LOCK_global_system_variables) and read without a lock
  by the statement filter; each is a single aligned word, so a reader sees
  either the old or the new value, never a mix.
*/
#ifndef RG_GLUE_H
#define RG_GLUE_H

#include <stddef.h>
#include <mysql/plugin.h>
#include "rg_classify.h"
#include "rg_access.h"
#include "rg_monitor.h"
#include "rg_settings.h"
#include "rg_origins.h"
#include "rg_shared.h"
#include "rg_policy.h"
#include "rg_writes.h"
#include "rg_hot.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
  Everything declared here is defined in this library (the build gives
  every definition hidden visibility; rg_plugin.c exports the plugin's
  declarations): the compiler then reads these variables and calls these
  functions directly, not through the GOT and the PLT.
*/
#pragma GCC visibility push(hidden)

#define RG_PLUGIN_VERSION_STR "1.0"

/* ---- system variables (rg_sysvars.c) ---------------------------------- */
extern char rg_sys_report_server;
extern unsigned long rg_sys_filter_mode;      /* enum rg_filter_mode */
extern unsigned long long rg_sys_filtered_commands; /* bit i: verb i + 1 */
extern unsigned int rg_sys_poll_interval_ms;
extern unsigned long long rg_sys_max_lag_seconds;
extern char rg_sys_fenced;
extern char rg_sys_fence_on_failure;
extern unsigned long rg_sys_fence_after_seconds;
extern unsigned long rg_sys_fence_mode;        /* enum rg_fence_mode */
extern char rg_sys_fence_auto_clear;
extern unsigned int rg_sys_heartbeat_interval_ms;
extern unsigned long long rg_sys_stale_after_ms;
extern struct st_mysql_sys_var *rg_system_variables[];
extern struct st_mysql_show_var rg_status_variables[];

/* The RG_VERB_BIT mask of verbs the filter refuses right now. */
unsigned rg_filtered_verbs(void);
/* True when thd's account is in replica_guard_exempt_users (cached per
   session; recomputed after the list changes). */
int rg_session_is_exempt(MYSQL_THD thd);
/* True when the session override replica_guard_allow_ddl is ON. */
int rg_session_allows_ddl(MYSQL_THD thd);

/* ---- plugin declaration (rg_plugin.c) ---------------------------------- */
/* True while the REPLICA_GUARD_FILTER plugin is initialised and READY. */
int rg_filter_is_active(void);

/* ---- statement filter (rg_filter.c) ------------------------------------ */
/*
  Checks value[0..length), a new value for the setting name ("init_connect",
  "init_slave"), as the filter would check it when the server runs it, in
  any session: counts and logs like a statement. Returns 0 to let it be
  set, or 1 with the client's message in message[0..size).
*/
int rg_filter_check_setting(MYSQL_THD thd, const char *name,
                            const char *value, size_t length, char *message,
                            size_t size);
/* From the filter's init: while the server starts, table events wait for
   the first statement event after it started (rg_filter.c). */
void rg_filter_defer_table_events(void);
/*
  What the filter reads at every event, in one cache line:
  - table_events_deferred: the table events are left out until the server
    has started (rg_filter_defer_table_events());
  - refusals_raised: threads whose refusal of a parsed statement
    (rg_thd_refuse_parsed()) is raised and not yet restored. The end of a
    statement calls rg_thd_end_statement() only when there is one (a
    thread always sees its own increment).
*/
struct rg_event_flags
{
  int table_events_deferred;
  int refusals_raised;
} __attribute__((aligned(8)));
extern struct rg_event_flags rg_event_flags;
extern struct st_mysql_audit rg_filter_descriptor;
extern unsigned long long rg_stat_checked, rg_stat_refused, rg_stat_warned,
  rg_stat_fenced;

/* Thread-local marker for the plugin's own internal connections, which the
   filter never checks. */
extern __thread int rg_internal_thread;

/* ---- monitor (rg_monitor_thread.c) ------------------------------------- */
int rg_monitor_start(void);
void rg_monitor_stop(void);
/* Wakes the monitor thread so a changed interval takes effect at once. */
void rg_monitor_wake(void);
/* Why replica connection c's replication filters drop replica_guard's
   heartbeats, and the my.cnf line that fixes it; NULL when they let them
   through. Evaluated at every poll (rg_replfilter.h). Call with
   rg_shared_lock() held, c in rg_shared_monitor. */
const char *rg_conn_heartbeat_advice(const rg_conn *c);
/* "replica connection 'x': <advice>" into out for the first connection
   whose source is server_id and whose filters drop heartbeats; NULL when
   none. Call with rg_shared_lock() held. */
const char *rg_monitor_source_advice(unsigned long server_id, char *out,
                                     size_t size);

/* Status snapshot, refreshed after every poll (read by SHOW STATUS). */
extern const char *rg_stat_state;      /* a static string; swapped whole */
extern unsigned long long rg_stat_connections, rg_stat_connections_failed,
  rg_stat_polls, rg_stat_poll_errors, rg_stat_transitions;
extern long long rg_stat_max_seconds_behind;

/* ---- fencing (rg_fence.c) ---------------------------------------------- */
#define RG_FENCE_MSG_LEN 480
int rg_fence_is_up(void);
void rg_fence_copy_message(char *out, size_t size);
/* Called by the monitor after each poll, shared lock held: raises the fence
   when replica_guard_fence_on_failure says so, auto-clears it. */
void rg_fence_after_poll(const rg_monitor *m, long long now_us);
void rg_fence_raise_for(const rg_conn *c, long long now_us);
void rg_fence_raise_by_user(const char *user, const char *host);
/* Clears the fence; returns non-zero when the clear could not be saved
   (the fence file could not be removed: a restart would fence again). */
int rg_fence_clear(const char *why);
/* True when something other than a regular file sits at the fence file's
   path: a clear could not remove it. */
int rg_fence_file_blocks_clear(void);
extern unsigned long long rg_stat_fence_file_errors;
/* When the fence in force was raised (seconds since the epoch; the fence
   file's time for one kept across a restart), 0 while not fenced. */
extern long long rg_stat_fenced_since;
/* Restores a fence saved before a restart. */
int rg_fence_load(void);

/* ---- heartbeat (rg_heartbeat.c) ----------------------------------------- */
int rg_heartbeat_start(void);
void rg_heartbeat_stop(void);
void rg_heartbeat_wake(void);
/* Called by the monitor thread after a poll in which some replica
   connection's Gtid_Slave_Pos (or the number of connections) changed. */
void rg_heartbeat_replication_applied(void);
extern char rg_server_version[RG_VERSION_LEN];
extern unsigned long long rg_stat_heartbeats_written,
  rg_stat_heartbeat_errors;

/* ---- rule 3, one-way replicas (rg_replica_writes.c) ------------------- */
extern unsigned long rg_sys_replica_writes;   /* enum rg_writes_mode */
extern char *rg_sys_local_schemas;
/* Replica_guard_replica_writes (errant changes that ran),
   Replica_guard_replica_writes_refused, Replica_guard_local_tables. */
extern unsigned long long rg_stat_replica_writes,
  rg_stat_replica_writes_refused, rg_stat_local_tables;
/* From the daemon's init: parses replica_guard_local_schemas (an invalid
   value: none is local) and reads back the tables created here. */
int rg_writes_init(void);
/* replica_guard_local_schemas' check and update functions. */
int rg_writes_check_local_schemas(MYSQL_THD thd,
                                  struct st_mysql_sys_var *var, void *save,
                                  struct st_mysql_value *value);
void rg_writes_update_local_schemas(MYSQL_THD thd,
                                    struct st_mysql_sys_var *var,
                                    void *var_ptr, const void *save);
/* True when the session override replica_guard_allow_replica_writes is
   ON (rg_sysvars.c). */
int rg_session_allows_replica_writes(MYSQL_THD thd);
struct mysql_event_table;
/* A table locked for writing (ev: a MYSQL_AUDIT_TABLE_LOCK event): judges
   it by rule 3 and acts; returns 1 when the statement was refused. */
int rg_writes_table_locked(MYSQL_THD thd, const struct mysql_event_table *ev);
/* A table created, dropped or renamed (after the fact): keeps the set of
   tables client sessions created here. */
void rg_writes_table_changed(MYSQL_THD thd,
                             const struct mysql_event_table *ev);
/* A statement about to run (parsed: a prepared statement; else text, of
   the packet or of a stored program): judges the DDL of tables in it by
   rule 3 and acts; returns 1 when it was refused. */
int rg_writes_statement(MYSQL_THD thd, int parsed, const char *q,
                        size_t len);
/* Where rule 3 refuses (rg_filter_table_verdict()). */
enum rg_verdict_at
{
  RG_AT_LOCK= 0,            /* a table lock: the statement is killed */
  RG_AT_TEXT,               /* statement text: replaced by a SIGNAL */
  RG_AT_PARSED              /* a parsed statement or one of a program */
};
/* Logs a decision about the statement thd runs (q[0..len); NULL: the
   session's current one), as the filter logs statements (redacted
   excerpt, rate limit); with message, it also counts it refused, records
   it in REPLICA_GUARD_REFUSALS (reason REPLICA_WRITE) and refuses it
   where at says (rg_filter.c). */
void rg_filter_table_verdict(MYSQL_THD thd, enum rg_verdict_at at,
                             const char *q, size_t len, const char *event,
                             const char *lead, const char *kind,
                             const char *message);
/* Rule 3, DDL (rg_thd.cc): the tables a parsed statement changes; the
   default database and lower_case_table_names applied to a name (1: no
   default database); what a name is now: 0 absent, 1 a table (or, with
   no table name, a schema), 2 a temporary table of the session; a
   trigger's table (rg_thd_trigger_table() in rg_thd.cc). */
rg_ddl_result rg_thd_parsed_ddl(MYSQL_THD thd, rg_ddl *out);
int rg_thd_ddl_resolve(MYSQL_THD thd, rg_ddl_name *name);
int rg_thd_ddl_target(MYSQL_THD thd, const rg_ddl_name *name);
int rg_thd_trigger_table(MYSQL_THD thd, rg_ddl_name *name);

/* ---- update window (rg_window.c) --------------------------------------- */
/* replica_guard_update_window_force of the session: ON lets its next
   opening of an update window go ahead despite what is wrong; the
   opening it forced switches it OFF again. */
int rg_session_forces_window(MYSQL_THD thd);
void rg_session_clear_window_force(MYSQL_THD thd);
extern unsigned int rg_sys_update_window;      /* minutes, as set */
extern unsigned long long rg_stat_window_statements;
/* True while an update window is open (one atomic read and the clock). */
int rg_window_is_open(void);
/* The server_id of another server whose update window is open, as the
   heartbeats last read showed it; 0 when none (two atomic reads). */
unsigned long rg_window_elsewhere(void);
extern char rg_sys_refuse_writes_during_update;
/* replica_guard_update_window's check (minutes in range already) and
   update; see rg_window.c. */
int rg_window_check_open(MYSQL_THD thd, unsigned minutes);
void rg_window_update(MYSQL_THD thd, unsigned minutes);
/* From the monitor thread after each poll, holding no lock: closes a
   window whose time is up. */
void rg_window_after_poll(void);
/* From the heartbeat thread once per tick, between its own statements:
   notes another server's open window for the filter, computes and
   publishes the schema fingerprint when due. */
void rg_window_heartbeat_tick(void);
/* Replica_guard_update_window_remaining (SHOW_FUNC). */
int rg_window_show_remaining(MYSQL_THD thd, struct st_mysql_show_var *var,
                             void *buf, struct system_status_var *status,
                             enum enum_var_type scope);
/* Replica_guard_update_window_elsewhere (SHOW_FUNC). */
int rg_window_show_elsewhere(MYSQL_THD thd, struct st_mysql_show_var *var,
                             void *buf, struct system_status_var *status,
                             enum enum_var_type scope);
/* Replica_guard_schema_fingerprint (SHOW_FUNC, text). */
int rg_window_show_fingerprint(MYSQL_THD thd, struct st_mysql_show_var *var,
                               void *buf, struct system_status_var *status,
                               enum enum_var_type scope);

/* ---- THD access (rg_thd.cc): the few calls into server internals ------- */
/* What a parsed statement does, for the fence (see rg_classify_access). */
rg_access rg_thd_parsed_access(MYSQL_THD thd);
/* Who runs the statement (rg_thread_kind): the applier applying events,
   a statement the server runs from init_connect or init_slave, the
   server's bootstrap or (statement_event: the statement's own event, not
   a table lock) a statement told only after it ran (another plugin's SQL
   service) or the plugin's own threads (rg_internal_thread), else a
   client. */
rg_thread_kind rg_thd_thread_kind(MYSQL_THD thd, int statement_event);
/* The id of the statement the session runs now (as table events show). */
unsigned long long rg_thd_query_id(MYSQL_THD thd);
/* The statement the session runs now (for a table lock's log line). */
void rg_thd_query(MYSQL_THD thd, const char **q, size_t *length);
/* Fails the statement whose table lock is being notified, before any row
   is read or written, with ER_OPTION_PREVENTS_STATEMENT and message. */
void rg_thd_refuse_locked(MYSQL_THD thd, const char *message);
/* Inside a stored program (procedure, trigger, event, function). */
int rg_thd_in_stored_program(MYSQL_THD thd);
/* character_set_client and sql_mode of the session, as the lexer uses them. */
void rg_thd_lexer_options(MYSQL_THD thd, rg_classify_options *opt);
/* The verb and object of the statement already parsed for execution
   (prepared statements), RG_VERB_NONE when not guarded. */
rg_verb rg_thd_parsed_verb(MYSQL_THD thd, rg_object *object);
/* db.name is a system table that defines objects (mysql.proc,
   mysql.global_priv, ...): 1 and the kind of object in *object. */
int rg_thd_object_table(const char *db, size_t db_length, const char *name,
                        size_t length, rg_object *object);
/* The verb of a named prepared statement (EXECUTE name inside a stored
   program), RG_VERB_NONE when there is none or it is not guarded,
   RG_VERB_DYNAMIC when it could not be looked up (out of memory). */
rg_verb rg_thd_prepared_verb(MYSQL_THD thd, const char *name, size_t length,
                             rg_object *object);
/* The value of user variable @name when it is a string: returns 1 and sets
   *value, *length; 0 when undefined, NULL or not a string; -1 when it
   could not be read (out of memory): the value is unknown. */
int rg_thd_user_variable(MYSQL_THD thd, const char *name, size_t length,
                         const char **value, size_t *value_length);
/* Replaces the statement text the parser is about to read (COM_QUERY only,
   called from the general-log audit event). Returns 0 on success. */
int rg_thd_replace_query(MYSQL_THD thd, const char *text, size_t length);
/*
  Makes the statement already parsed for execution fail, before it executes
  and before any implicit commit, with ER_OPTION_PREVENTS_STATEMENT and
  message. Restored by rg_thd_end_statement() or when the error is raised.
*/
void rg_thd_refuse_parsed(MYSQL_THD thd, const char *message);
void rg_thd_end_statement(MYSQL_THD thd);
/* The server's record (st_plugin_int) of the plugin name of this library
   (type: MYSQL_*_PLUGIN), NULL when there is none. It lives until the
   plugin's deinit function returns. */
const void *rg_plugin_find(const char *name, int type);
/* True when that plugin is READY: installed and not being uninstalled. */
int rg_plugin_is_ready(const void *plugin);
/* 1 when the session's default database is the plugin's own schema. */
int rg_thd_db_is_own_schema(MYSQL_THD thd);
/* 1 when the statement parsed for execution names a table of the plugin's
   own schema, or is CREATE/ALTER/DROP DATABASE of it. */
int rg_thd_parsed_own_schema(MYSQL_THD thd);
/*
  on: puts the filter's check of a new value (rg_filter_check_setting())
  in front of the server's check of init_connect and init_slave; off: puts
  the server's back, after any check in progress has returned.
*/
void rg_thd_guard_settings(int on);
/* Account of the session: login user, host name (may be NULL), IP. */
void rg_thd_account(MYSQL_THD thd, const char **user, const char **host,
                    const char **ip);
/* The account the server authenticated the session as (CURRENT_USER() at
   the session's top level): the user and host of its mysql.user row, the
   host possibly a pattern ('%'). Never NULL ("" when there is none). */
void rg_thd_authenticated_account(MYSQL_THD thd, const char **user,
                                  const char **host);
int rg_thd_has_super(MYSQL_THD thd);
/* True when the SET whose check function got save assigns a GLOBAL value. */
int rg_thd_set_is_global(MYSQL_THD thd, const void *save);

/*
  Error-log lines (sql_print_*): "replica_guard: <event>: <text>", always
  one line. event is one of the stable words log-based alerting matches
  (README, "Error log"): refused, warned, allowed, fenced, unfenced,
  fence-file, state, heartbeat, check, override, setting, start, filter,
  window, replica-write, local-tables.
*/
void rg_log_note(const char *event, const char *format, ...)
  __attribute__((format(printf, 2, 3)));
void rg_log_warning(const char *event, const char *format, ...)
  __attribute__((format(printf, 2, 3)));
void rg_log_error(const char *event, const char *format, ...)
  __attribute__((format(printf, 2, 3)));

/* ---- INFORMATION_SCHEMA tables (rg_is_tables.cc) ----------------------- */
extern struct st_mysql_information_schema rg_is_descriptor;
int rg_is_status_init(void *p);
int rg_is_events_init(void *p);
int rg_is_origins_init(void *p);
int rg_is_checks_init(void *p);

/* Parses the replica_guard_exempt_users value given at start-up. */
int rg_exempt_users_init(void);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
