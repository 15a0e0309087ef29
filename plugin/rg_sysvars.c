/*
  replica_guard system and status variables. All belong to the REPLICA_GUARD
  daemon plugin, so every name carries the replica_guard_ prefix.
  Convention (as MariaDB's plugins): a check function validates and has no
  effect; the update function applies.
*/
#include <my_global.h>
#include <my_sys.h>
#include <mysqld_error.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <mysql/plugin.h>
#include "rg_glue.h"
#include "rg_topology.h"
#include "rg_writes.h"
#include "rg_window.h"

RG_HOT_DATA char rg_sys_report_server;
RG_HOT_DATA unsigned long rg_sys_filter_mode;
RG_HOT_DATA unsigned long long rg_sys_filtered_commands;
unsigned int rg_sys_poll_interval_ms;
unsigned long long rg_sys_max_lag_seconds;
static char *rg_sys_exempt_users;

/* ---- replica_guard_report_server -------------------------------------- */
static MYSQL_SYSVAR_BOOL(report_server, rg_sys_report_server,
  PLUGIN_VAR_OPCMDARG,
  "ON on a report server: CREATE and DROP statements are allowed here. "
  "OFF (default) on every other server: they are refused",
  NULL, NULL, 0);

/* ---- replica_guard_filter_mode ---------------------------------------- */
static const char *filter_mode_names[]= { "ENFORCE", "WARN", "OFF", NullS };
/* TYPELIBs name their fields: MariaDB 11.8's has one more (hidden_values). */
static TYPELIB filter_mode_typelib=
{ .count= array_elements(filter_mode_names) - 1, .name= "",
  .type_names= filter_mode_names, .type_lengths= NULL };
static MYSQL_SYSVAR_ENUM(filter_mode, rg_sys_filter_mode, PLUGIN_VAR_RQCMDARG,
  "ENFORCE: refuse guarded statements; WARN: log and count them but let "
  "them run; OFF: do not check statements",
  NULL, NULL, RG_FILTER_ENFORCE, &filter_mode_typelib);

/* ---- replica_guard_filtered_commands ---------------------------------- */
/* Set bit i names verb i + 1 (rg_verb: CREATE is 1). */
static const char *command_names[]=
{ "CREATE", "DROP", "ALTER", "RENAME", "TRUNCATE", NullS };
static TYPELIB command_typelib=
{ .count= array_elements(command_names) - 1, .name= "",
  .type_names= command_names, .type_lengths= NULL };
static MYSQL_SYSVAR_SET(filtered_commands, rg_sys_filtered_commands,
  PLUGIN_VAR_RQCMDARG,
  "Statement kinds refused on a server that is not a report server: any "
  "of CREATE, DROP, ALTER, RENAME, TRUNCATE",
  NULL, NULL, 3 /* CREATE,DROP */, &command_typelib);

RG_HOT
unsigned rg_filtered_verbs(void)
{
  /* Dynamic SQL is refused whenever something is filtered: its text could
     be any of the filtered statements. */
  unsigned verbs= (unsigned) (rg_sys_filtered_commands << 1);
  return verbs ? verbs | RG_VERB_BIT(RG_VERB_DYNAMIC) : 0;
}

/* ---- replica_guard_exempt_users --------------------------------------- */
/*
  exempt_lock protects exempt_list and the writes of exempt_generation and
  exempt_any. The filter never takes it per statement: each session caches
  its answer with the generation it was computed for (hidden session
  variable exempt_cache) and recomputes only after the list changed; while
  the list is empty (exempt_any 0, the default), nobody is exempt and no
  session's cache is read.
*/
static pthread_mutex_t exempt_lock= PTHREAD_MUTEX_INITIALIZER;
static rg_user_list exempt_list;
static rg_user_list exempt_scratch;   /* parsing space, under exempt_lock */
static RG_HOT_DATA unsigned long long exempt_generation= 1;
static RG_HOT_DATA int exempt_any;

static MYSQL_THDVAR_ULONGLONG(exempt_cache,
  PLUGIN_VAR_NOSYSVAR | PLUGIN_VAR_NOCMDOPT,
  "Internal: (generation << 1) | exempt", NULL, NULL, 0, 0, ~0ULL, 0);

/*
  Parses text; when install is set and the text is valid, makes it the list
  in force. Returns 0 when valid, else 1 with the reason in err.
*/
static int parse_exempt_list(const char *text, size_t len, int install,
                             char *err, size_t err_len)
{
  int rc;
  pthread_mutex_lock(&exempt_lock);
  rc= rg_user_list_parse(text, len, &exempt_scratch, err, err_len);
  if (!rc && install)
  {
    exempt_list= exempt_scratch;
    __atomic_add_fetch(&exempt_generation, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&exempt_any, exempt_list.count != 0, __ATOMIC_RELEASE);
  }
  pthread_mutex_unlock(&exempt_lock);
  return rc ? 1 : 0;
}

int rg_exempt_users_init(void)
{
  char err[256];
  const char *text= rg_sys_exempt_users ? rg_sys_exempt_users : "";
  if (parse_exempt_list(text, strlen(text), 1, err, sizeof(err)))
  {
    rg_log_error("setting", "invalid replica_guard_exempt_users '%s': %s",
                 text, err);
    return 1;
  }
  return 0;
}

static int check_exempt_users(MYSQL_THD thd, struct st_mysql_sys_var *var,
                              void *save, struct st_mysql_value *value)
{
  char buf[4096], err[256];
  int len= sizeof(buf);
  const char *text= value->val_str(value, buf, &len);
  (void) var;
  if (!text)
    text= "", len= 0;
  if (parse_exempt_list(text, (size_t) len, 0, err, sizeof(err)))
  {
    my_printf_error(ER_WRONG_VALUE_FOR_VAR,
                    "Variable 'replica_guard_exempt_users' can't be set to this value: %s", MYF(0), err);
    return 1;
  }
  *(const char **) save= text == buf ? thd_strmake(thd, buf, len) : text;
  return 0;
}

static void update_exempt_users(MYSQL_THD thd, struct st_mysql_sys_var *var,
                                void *var_ptr, const void *save)
{
  const char *text= *(const char *const *) save;
  char *old= *(char **) var_ptr;
  char err[256];
  (void) thd; (void) var;
  /*
    PLUGIN_VAR_MEMALLOC with an update function of our own: the value must
    be a my_malloc()ed copy (the server my_free()s it when the plugin goes),
    and save points to statement memory that is gone after the SET. It was
    validated by check_exempt_users(), so parsing cannot fail here.
  */
  *(char **) var_ptr= text ? my_strdup(PSI_NOT_INSTRUMENTED, text, MYF(0))
                           : NULL;
  my_free(old);
  parse_exempt_list(text ? text : "", text ? strlen(text) : 0, 1, err,
                    sizeof(err));
}

static MYSQL_SYSVAR_STR(exempt_users, rg_sys_exempt_users,
  PLUGIN_VAR_RQCMDARG | PLUGIN_VAR_MEMALLOC,
  "Comma-separated accounts (user@host, '%' and '_' wildcards in the host) "
  "whose statements are never filtered",
  check_exempt_users, update_exempt_users, "");

/*
  Exemption goes by the account the server authenticated the session as
  (CURRENT_USER() at the session's top level: its mysql.user row), never
  by the name typed at login. The cache is a session variable, so
  COM_CHANGE_USER, which resets session variables before authenticating,
  starts it afresh.
*/
RG_HOT
int rg_session_is_exempt(MYSQL_THD thd)
{
  unsigned long long gen, cached;
  const char *user, *host;
  int exempt;
  if (!__atomic_load_n(&exempt_any, __ATOMIC_ACQUIRE))
    return 0;
  gen= __atomic_load_n(&exempt_generation, __ATOMIC_ACQUIRE);
  cached= THDVAR(thd, exempt_cache);
  if (cached >> 1 == gen)
    return (int) (cached & 1);
  rg_thd_authenticated_account(thd, &user, &host);
  pthread_mutex_lock(&exempt_lock);
  gen= exempt_generation;
  exempt= exempt_list.count &&
          rg_user_list_match_account(&exempt_list, user, host);
  pthread_mutex_unlock(&exempt_lock);
  THDVAR(thd, exempt_cache)= (gen << 1) | (unsigned) exempt;
  return exempt;
}

/* ---- replica_guard_allow_ddl (session) -------------------------------- */
/* The check of a session switch that only SUPER may turn ON (name: the
   variable's full name, for the errors). */
static int check_session_switch(MYSQL_THD thd, void *save,
                                struct st_mysql_value *value,
                                const char *name)
{
  long long on;
  char buf[16];
  int len= sizeof(buf);
  const char *str;
  if (value->value_type(value) == MYSQL_VALUE_TYPE_STRING)
  {
    str= value->val_str(value, buf, &len);
    if (!str)
      return 1;
    if (!strcasecmp(str, "ON") || !strcasecmp(str, "TRUE"))
      on= 1;
    else if (!strcasecmp(str, "OFF") || !strcasecmp(str, "FALSE"))
      on= 0;
    else
      return 1;
  }
  else if (value->val_int(value, &on) || (on != 0 && on != 1))
    return 1;
  /* A global ON would be every new session's value, whoever its user. */
  if (on && rg_thd_set_is_global(thd, save))
  {
    my_error(ER_LOCAL_VARIABLE, MYF(0), name);
    return 1;
  }
  if (on && !rg_thd_has_super(thd))
  {
    my_printf_error(ER_SPECIFIC_ACCESS_DENIED_ERROR,
                    "Access denied; you need (at least one of) the SUPER "
                    "privilege(s) to set %s", MYF(0), name);
    return 1;
  }
  *(char *) save= (char) on;
  return 0;
}

static int check_allow_ddl(MYSQL_THD thd, struct st_mysql_sys_var *var,
                           void *save, struct st_mysql_value *value)
{
  (void) var;
  return check_session_switch(thd, save, value, "replica_guard_allow_ddl");
}

/* Applies a session switch (name: the variable's full name) and logs the
   change with who made it. Only a change is news: SET STATEMENT restores
   the value it found even when its own SET was refused. */
static void update_session_switch(MYSQL_THD thd, void *var_ptr,
                                  const void *save, const char *name)
{
  const char *user, *host, *ip;
  char on= *(const char *) save;
  if (*(char *) var_ptr == on)
    return;
  *(char *) var_ptr= on;
  rg_thd_account(thd, &user, &host, &ip);
  rg_log_warning("override", "%s set to %s by '%s'@'%s'", name,
                 on ? "ON" : "OFF", user, host ? host : (ip ? ip : ""));
}

static void update_allow_ddl(MYSQL_THD thd, struct st_mysql_sys_var *var,
                             void *var_ptr, const void *save)
{
  (void) var;
  update_session_switch(thd, var_ptr, save, "replica_guard_allow_ddl");
}

static MYSQL_THDVAR_BOOL(allow_ddl, PLUGIN_VAR_OPCMDARG,
  "Session override for maintenance: ON lets this session run statements "
  "the filter would refuse. Only an account with SUPER can switch it on; "
  "every use is written to the error log",
  check_allow_ddl, update_allow_ddl, 0);

int rg_session_allows_ddl(MYSQL_THD thd)
{
  return THDVAR(thd, allow_ddl);
}

/* ---- rule 3: one-way replicas take no direct changes ------------------ */
static const char *replica_writes_names[]= { "ALLOW", "WARN", "REFUSE",
                                             NullS };
static TYPELIB replica_writes_typelib=
{ .count= array_elements(replica_writes_names) - 1, .name= "",
  .type_names= replica_writes_names, .type_lengths= NULL };
static MYSQL_SYSVAR_ENUM(replica_writes, rg_sys_replica_writes,
  PLUGIN_VAR_RQCMDARG,
  "On a one-way replica, what happens to a client's change of a table "
  "replication manages: ALLOW (default: not a one-way replica), WARN (count "
  "and log it), REFUSE (refuse it: recommended on every one-way replica)",
  NULL, NULL, RG_WRITES_ALLOW, &replica_writes_typelib);

static MYSQL_SYSVAR_STR(local_schemas, rg_sys_local_schemas,
  PLUGIN_VAR_RQCMDARG | PLUGIN_VAR_MEMALLOC,
  "Comma-separated schemas that replication does not manage on this "
  "server: clients may change their tables whatever "
  "replica_guard_replica_writes says",
  rg_writes_check_local_schemas, rg_writes_update_local_schemas, "");

static int check_allow_replica_writes(MYSQL_THD thd,
                                      struct st_mysql_sys_var *var,
                                      void *save,
                                      struct st_mysql_value *value)
{
  (void) var;
  return check_session_switch(thd, save, value,
                              "replica_guard_allow_replica_writes");
}

static void update_allow_replica_writes(MYSQL_THD thd,
                                        struct st_mysql_sys_var *var,
                                        void *var_ptr, const void *save)
{
  (void) var;
  update_session_switch(thd, var_ptr, save,
                        "replica_guard_allow_replica_writes");
}

static MYSQL_THDVAR_BOOL(allow_replica_writes, PLUGIN_VAR_OPCMDARG,
  "Session override for maintenance on a one-way replica: ON lets this "
  "session change tables replication manages. Only an account with SUPER "
  "can switch it on; the switch and every change are written to the error "
  "log and counted",
  check_allow_replica_writes, update_allow_replica_writes, 0);

int rg_session_allows_replica_writes(MYSQL_THD thd)
{
  return THDVAR(thd, allow_replica_writes);
}

/* ---- the update window (rg_window.c) ------------------------------------ */
/*
  The force is a session variable, not a global one: it is one DBA's
  decision about the state of replication right now, so it never reaches
  another session's opening, and the opening it forced switches it OFF
  (a later opening is checked again).
*/
static int check_update_window_force(MYSQL_THD thd,
                                     struct st_mysql_sys_var *var,
                                     void *save, struct st_mysql_value *value)
{
  (void) var;
  return check_session_switch(thd, save, value,
                              "replica_guard_update_window_force");
}

static MYSQL_THDVAR_BOOL(update_window_force, PLUGIN_VAR_OPCMDARG |
  PLUGIN_VAR_NOCMDOPT,
  "ON: this session's next SET GLOBAL replica_guard_update_window opens "
  "the window although a replica connection is not OK or an origin is "
  "not FRESH (never while fenced); logged, and OFF again after that "
  "opening. Only an account with SUPER can switch it on",
  check_update_window_force, NULL, 0);

int rg_session_forces_window(MYSQL_THD thd)
{
  return THDVAR(thd, update_window_force);
}

void rg_session_clear_window_force(MYSQL_THD thd)
{
  THDVAR(thd, update_window_force)= 0;
}

/* ---- numeric ranges ------------------------------------------------------ */
/*
  A numeric variable refuses a value outside its range with an error and
  keeps its value (the README's promise), where the server's own check
  would clamp it to the nearest limit with a warning (an error only under
  sql_mode STRICT_ALL_TABLES). Returning non-zero without an error of our
  own makes the server say "Variable '...' can't be set to the value of
  '...'" (ER_WRONG_VALUE_FOR_VAR) with the value given. The server only
  hands integers to the check (another type is its ER_WRONG_TYPE_FOR_VAR),
  and DEFAULT never reaches it. At start-up the option parser clamps, with
  a warning line, as for every server option.
*/
static int value_in_range(struct st_mysql_value *value,
                          unsigned long long min, unsigned long long max,
                          unsigned long long *out)
{
  long long v;
  if (value->val_int(value, &v))
    return 0;                            /* NULL */
  if (!value->is_unsigned(value) && v < 0)
    return 0;
  *out= (unsigned long long) v;
  return *out >= min && *out <= max;
}

/* The check function fn of a numeric variable of C type ctype whose
   declaration uses the limits min and max. */
#define RG_RANGE_CHECK(fn, ctype, min, max)                                \
  static int fn(MYSQL_THD thd, struct st_mysql_sys_var *var, void *save,   \
                struct st_mysql_value *value)                              \
  {                                                                        \
    unsigned long long v;                                                  \
    (void) thd; (void) var;                                                \
    if (!value_in_range(value, (min), (max), &v))                          \
      return 1;                                                            \
    *(ctype *) save= (ctype) v;                                            \
    return 0;                                                              \
  }

#define RG_POLL_MS_MIN 100
#define RG_POLL_MS_MAX 3600000
#define RG_INTERVAL_MS_MAX 3600000
#define RG_SECONDS_MAX (365ULL * 24 * 3600)
RG_RANGE_CHECK(check_poll_interval, unsigned int, RG_POLL_MS_MIN,
               RG_POLL_MS_MAX)
RG_RANGE_CHECK(check_max_lag, unsigned long long, 0, RG_SECONDS_MAX)
RG_RANGE_CHECK(check_fence_after, unsigned long, 0, RG_SECONDS_MAX)
RG_RANGE_CHECK(check_heartbeat_interval, unsigned int, 0,
               RG_INTERVAL_MS_MAX)
RG_RANGE_CHECK(check_stale_after, unsigned long long, 1,
               RG_SECONDS_MAX * 1000)

/* Minutes in range, then what opening a window needs (rg_window.c). */
static int check_update_window(MYSQL_THD thd, struct st_mysql_sys_var *var,
                               void *save, struct st_mysql_value *value)
{
  unsigned long long v;
  (void) var;
  if (!value_in_range(value, 0, RG_WINDOW_MAX_MINUTES, &v) ||
      rg_window_check_open(thd, (unsigned) v))
    return 1;
  *(unsigned *) save= (unsigned) v;
  return 0;
}

static void update_update_window(MYSQL_THD thd, struct st_mysql_sys_var *var,
                                 void *var_ptr, const void *save)
{
  (void) var; (void) var_ptr;
  rg_window_update(thd, *(const unsigned *) save);
}

RG_HOT_DATA char rg_sys_refuse_writes_during_update;
static MYSQL_SYSVAR_BOOL(refuse_writes_during_update,
  rg_sys_refuse_writes_during_update, PLUGIN_VAR_OPCMDARG,
  "ON: while another server's update window is open (as its heartbeats "
  "show), client writes here are refused as on a fenced server, so "
  "workstations stay out during the update",
  NULL, NULL, 0);

static MYSQL_SYSVAR_UINT(update_window, rg_sys_update_window,
  PLUGIN_VAR_RQCMDARG | PLUGIN_VAR_NOCMDOPT,
  "Opens an update window of this many minutes on this server (SUPER "
  "only), in which guarded statements from client sessions run, each "
  "logged; 0 closes it. Refused unless every replica connection is OK and "
  "every origin FRESH (see replica_guard_update_window_force) and while "
  "fenced. Back to 0 when the window closes",
  check_update_window, update_update_window, 0, 0, RG_WINDOW_MAX_MINUTES,
  0);

/* ---- monitor ----------------------------------------------------------- */
static void update_poll_interval(MYSQL_THD thd, struct st_mysql_sys_var *var,
                                 void *var_ptr, const void *save)
{
  (void) thd; (void) var;
  *(unsigned *) var_ptr= *(const unsigned *) save;
  rg_monitor_wake();
}

static MYSQL_SYSVAR_UINT(poll_interval_ms, rg_sys_poll_interval_ms,
  PLUGIN_VAR_RQCMDARG,
  "How often, in milliseconds, the monitor reads this server's replica "
  "connections (SHOW ALL SLAVES STATUS)",
  check_poll_interval, update_poll_interval, 1000, RG_POLL_MS_MIN,
  RG_POLL_MS_MAX, 0);

static MYSQL_SYSVAR_ULONGLONG(max_lag_seconds, rg_sys_max_lag_seconds,
  PLUGIN_VAR_RQCMDARG,
  "A connection whose Seconds_Behind_Master exceeds this (plus its "
  "MASTER_DELAY) is LAGGING",
  check_max_lag, NULL, 300, 0, RG_SECONDS_MAX, 0);

/* ---- fencing ------------------------------------------------------------ */
char rg_sys_fenced;
char rg_sys_fence_on_failure;
unsigned long rg_sys_fence_after_seconds;
RG_HOT_DATA unsigned long rg_sys_fence_mode;
char rg_sys_fence_auto_clear;

static MYSQL_SYSVAR_BOOL(fence_on_failure, rg_sys_fence_on_failure,
  PLUGIN_VAR_OPCMDARG,
  "ON: fence this server when a replica connection enters SQL_ERROR, or "
  "stays in IO_ERROR/CONNECTING longer than "
  "replica_guard_fence_after_seconds",
  NULL, NULL, 0);

static MYSQL_SYSVAR_ULONG(fence_after_seconds, rg_sys_fence_after_seconds,
  PLUGIN_VAR_RQCMDARG,
  "How long a connection may stay in IO_ERROR or CONNECTING before the "
  "server fences itself",
  check_fence_after, NULL, 300, 0, RG_SECONDS_MAX, 0);

static const char *fence_mode_names[]= { "WRITES", "ALL", NullS };
static TYPELIB fence_mode_typelib=
{ .count= array_elements(fence_mode_names) - 1, .name= "",
  .type_names= fence_mode_names, .type_lengths= NULL };
static MYSQL_SYSVAR_ENUM(fence_mode, rg_sys_fence_mode, PLUGIN_VAR_RQCMDARG,
  "While fenced, WRITES refuses every client statement that could change "
  "data; ALL refuses every statement except what a DBA needs to inspect "
  "and clear the fence",
  NULL, NULL, RG_FENCE_WRITES, &fence_mode_typelib);

static MYSQL_SYSVAR_BOOL(fence_auto_clear, rg_sys_fence_auto_clear,
  PLUGIN_VAR_OPCMDARG,
  "ON: a fence raised by the monitor clears itself once every replica "
  "connection is OK again",
  NULL, NULL, 0);

/*
  The fence itself. The check refuses a clear that could not be saved
  (something other than our file sits at the fence file's path, so the
  server would restart fenced); the update applies the value and warns the
  client when saving the clear failed all the same.
*/
extern TYPELIB bool_typelib;      /* the server's OFF/ON (set_var.h) */

/* Reads a boolean as the server's own BOOL variables do; 0 on success. */
static int value_as_bool(struct st_mysql_value *value, long long *on)
{
  char buffer[16], name[16];
  int length= sizeof(buffer);
  const char *str;
  if (value->value_type(value) != MYSQL_VALUE_TYPE_STRING)
    return value->val_int(value, on) < 0 || (*on != 0 && *on != 1);
  if (!(str= value->val_str(value, buffer, &length)) ||
      length >= (int) sizeof(name))
    return 1;
  memcpy(name, str, (size_t) length);
  name[length]= '\0';
  return (*on= find_type(name, &bool_typelib, FIND_TYPE_BASIC) - 1) < 0;
}

static int check_fenced(MYSQL_THD thd, struct st_mysql_sys_var *var,
                        void *save, struct st_mysql_value *value)
{
  long long on;
  (void) thd; (void) var;
  if (value_as_bool(value, &on))
    return 1;
  if (!on && rg_fence_file_blocks_clear())
  {
    my_printf_error(ER_WRONG_VALUE_FOR_VAR, "replica_guard: the fence "
                    "cannot be cleared for good: replica_guard.fence in the "
                    "data directory is not a regular file. Remove it, then "
                    "set replica_guard_fenced=OFF again", MYF(0));
    return 1;
  }
  *(char *) save= on != 0;
  return 0;
}

static void update_fenced(MYSQL_THD thd, struct st_mysql_sys_var *var,
                          void *var_ptr, const void *save)
{
  const char *user, *host, *ip;
  char why[256];
  char on= *(const char *) save;
  (void) var; (void) var_ptr;
  rg_thd_account(thd, &user, &host, &ip);
  if (!host)
    host= ip ? ip : "";
  if (on && !rg_fence_is_up())
    rg_fence_raise_by_user(user, host);
  else if (!on && rg_fence_is_up())
  {
    snprintf(why, sizeof(why), "SET GLOBAL replica_guard_fenced=OFF by "
             "'%s'@'%s'", user, host);
    if (rg_fence_clear(why))
      my_printf_error(ER_CANT_DELETE_FILE, "replica_guard: the fence "
                      "is cleared until the next restart only: the fence "
                      "file could not be removed (see the error log)",
                      MYF(ME_WARNING));
  }
}

static MYSQL_SYSVAR_BOOL(fenced, rg_sys_fenced, PLUGIN_VAR_OPCMDARG |
  PLUGIN_VAR_NOCMDOPT,
  "ON while this server is fenced (kept across restarts). SET GLOBAL "
  "replica_guard_fenced=OFF clears the fence; ON fences by hand",
  check_fenced, update_fenced, 0);

/* ---- heartbeat ------------------------------------------------------------ */
unsigned int rg_sys_heartbeat_interval_ms;
unsigned long long rg_sys_stale_after_ms;

static void update_heartbeat_interval(MYSQL_THD thd,
                                      struct st_mysql_sys_var *var,
                                      void *var_ptr, const void *save)
{
  (void) thd; (void) var;
  *(unsigned *) var_ptr= *(const unsigned *) save;
  rg_heartbeat_wake();
}

static MYSQL_SYSVAR_UINT(heartbeat_interval_ms, rg_sys_heartbeat_interval_ms,
  PLUGIN_VAR_RQCMDARG,
  "How often, in milliseconds, this server writes its heartbeat row into "
  "replica_guard.heartbeat (0: never)",
  check_heartbeat_interval, update_heartbeat_interval, 0, 0,
  RG_INTERVAL_MS_MAX, 0);

static MYSQL_SYSVAR_ULONGLONG(stale_after_ms, rg_sys_stale_after_ms,
  PLUGIN_VAR_RQCMDARG,
  "An origin whose newest heartbeat seen here is older than this, or "
  "further ahead of this server's clock than this, is STALE",
  check_stale_after, NULL, 5000, 1, RG_SECONDS_MAX * 1000, 0);

struct st_mysql_sys_var *rg_system_variables[]=
{
  MYSQL_SYSVAR(report_server),
  MYSQL_SYSVAR(filter_mode),
  MYSQL_SYSVAR(filtered_commands),
  MYSQL_SYSVAR(exempt_users),
  MYSQL_SYSVAR(allow_ddl),
  MYSQL_SYSVAR(exempt_cache),
  MYSQL_SYSVAR(poll_interval_ms),
  MYSQL_SYSVAR(max_lag_seconds),
  MYSQL_SYSVAR(fence_on_failure),
  MYSQL_SYSVAR(fence_after_seconds),
  MYSQL_SYSVAR(fence_mode),
  MYSQL_SYSVAR(fence_auto_clear),
  MYSQL_SYSVAR(fenced),
  MYSQL_SYSVAR(heartbeat_interval_ms),
  MYSQL_SYSVAR(stale_after_ms),
  MYSQL_SYSVAR(replica_writes),
  MYSQL_SYSVAR(local_schemas),
  MYSQL_SYSVAR(allow_replica_writes),
  MYSQL_SYSVAR(update_window),
  MYSQL_SYSVAR(update_window_force),
  MYSQL_SYSVAR(refuse_writes_during_update),
  NULL
};

/* ---- status variables -------------------------------------------------- */
/*
  Prometheus' mysqld_exporter publishes numeric status values only (ON/OFF
  become 1/0, any other text is dropped), so every state an alert needs is
  also a number here: Replica_guard_state's value as Replica_guard_broken
  and Replica_guard_degraded, the connections in each state, the filter's
  mode, the fence's age, the oldest origin.

  A SHOW_FUNC that answers SHOW_ARRAY publishes its entries as
  "<its name>_<entry name>" (as InnoDB's status variables do); the values
  live in the buffer the server passes, so concurrent readers never share
  them.
*/

/*
  Makes var an array of the n numbers values[], named names[]. vars has
  room for n + 1 entries; the last one is the terminator.
*/
static void show_numbers(struct st_mysql_show_var *var,
                         struct st_mysql_show_var *vars,
                         const char *const *names, long long *values, int n)
{
  for (int i= 0; i < n; i++)
  {
    vars[i].name= names[i];
    vars[i].value= (char *) &values[i];
    vars[i].type= SHOW_SLONGLONG;
  }
  vars[n].name= NULL;
  vars[n].value= NULL;
  vars[n].type= SHOW_UNDEF;
  var->type= SHOW_ARRAY;
  var->value= (char *) vars;
}

/* The first RG_STATE__COUNT entries are indexed by rg_conn_state. */
enum monitor_var
{
  MV_BROKEN= RG_STATE__COUNT, MV_DEGRADED, MV_ORIGINS_STALE,
  MV_ORIGINS_MAX_AGE_MS, MV_ORIGINS_MISSING, MV__COUNT
};
static const char *const monitor_var_names[MV__COUNT]=
{
  "connections_ok", "connections_lagging", "connections_connecting",
  "connections_io_error", "connections_sql_error", "connections_io_stopped",
  "connections_sql_stopped", "connections_delayed", "connections_unknown",
  "broken", "degraded", "origins_stale", "origins_max_age_ms",
  "origins_missing"
};

/*
  Everything derived from the monitor's and the heartbeat's shared state,
  read under one rg_shared_lock() so the numbers agree with each other:
  - Replica_guard_broken, Replica_guard_degraded: 1 while
    Replica_guard_state says so (at most one of them is 1);
  - Replica_guard_connections_<state>: connections in each state (they add
    up to Replica_guard_connections);
  - Replica_guard_origins_stale: origins not FRESH now: STALE (older
    than replica_guard_stale_after_ms) or MISSING (expected, never heard);
  - Replica_guard_origins_missing: of which MISSING;
  - Replica_guard_origins_max_age_ms: the oldest origin's AGE_MS, -1 while
    no heartbeat has been seen (MISSING origins have no age).
*/
static int show_monitor_vars(MYSQL_THD thd, struct st_mysql_show_var *var,
                             void *buf, struct system_status_var *status,
                             enum enum_var_type scope)
{
  struct
  {
    struct st_mysql_show_var vars[MV__COUNT + 1];
    long long values[MV__COUNT];
  } *mv= buf;
  long long now= rg_now_us(), age;
  unsigned heard= 0;
  rg_server_state state= RG_SERVER_NOT_A_REPLICA;
  (void) thd; (void) status; (void) scope;
  compile_time_assert(sizeof(*mv) <= SHOW_VAR_FUNC_BUFF_SIZE);
  memset(mv->values, 0, sizeof(mv->values));
  mv->values[MV_ORIGINS_MAX_AGE_MS]= -1;
  rg_shared_lock();
  if (rg_shared_monitor)
  {
    state= rg_monitor_server_state(rg_shared_monitor);
    for (unsigned c= 0; c < rg_shared_monitor->n_conns; c++)
      mv->values[rg_shared_monitor->conns[c].state]++;
  }
  if (rg_shared_origins)
    for (unsigned o= 0; o < rg_shared_origins->count; o++)
    {
      const rg_origin *origin= &rg_shared_origins->origins[o];
      rg_origin_state s=
        rg_origin_state_at(origin, now, (long long) rg_sys_stale_after_ms);
      mv->values[MV_ORIGINS_STALE]+=
        s == RG_ORIGIN_STALE || s == RG_ORIGIN_MISSING;
      mv->values[MV_ORIGINS_MISSING]+= s == RG_ORIGIN_MISSING;
      if (!origin->heard)
        continue;
      age= rg_origin_age_us(origin, now) / 1000;
      if (!heard++ || age > mv->values[MV_ORIGINS_MAX_AGE_MS])
        mv->values[MV_ORIGINS_MAX_AGE_MS]= age;
    }
  rg_shared_unlock();
  mv->values[MV_BROKEN]= state == RG_SERVER_BROKEN;
  mv->values[MV_DEGRADED]= state == RG_SERVER_DEGRADED;
  show_numbers(var, mv->vars, monitor_var_names, mv->values, MV__COUNT);
  return 0;
}

/*
  Replica_guard_filter_active: 1 while the REPLICA_GUARD_FILTER plugin is
  installed and in service (0 from UNINSTALL PLUGIN on, even while the
  server still reports it busy). Replica_guard_filter_enforcing: 1 while it
  is active and replica_guard_filter_mode is ENFORCE (0 in WARN and OFF).
*/
static int show_filter_vars(MYSQL_THD thd, struct st_mysql_show_var *var,
                            void *buf, struct system_status_var *status,
                            enum enum_var_type scope)
{
  static const char *const names[2]= { "active", "enforcing" };
  struct
  {
    struct st_mysql_show_var vars[3];
    long long values[2];
  } *fv= buf;
  (void) thd; (void) status; (void) scope;
  fv->values[0]= rg_filter_is_active();
  fv->values[1]= fv->values[0] && rg_sys_filter_mode == RG_FILTER_ENFORCE;
  show_numbers(var, fv->vars, names, fv->values, 2);
  return 0;
}

struct st_mysql_show_var rg_status_variables[]=
{
  { "Replica_guard_statements_checked", (char *) &rg_stat_checked,
    SHOW_ULONGLONG },
  { "Replica_guard_statements_refused", (char *) &rg_stat_refused,
    SHOW_ULONGLONG },
  { "Replica_guard_statements_warned", (char *) &rg_stat_warned,
    SHOW_ULONGLONG },
  { "Replica_guard_state", (char *) &rg_stat_state, SHOW_CHAR_PTR },
  { "Replica_guard_connections", (char *) &rg_stat_connections,
    SHOW_ULONGLONG },
  { "Replica_guard_connections_failed", (char *) &rg_stat_connections_failed,
    SHOW_ULONGLONG },
  { "Replica_guard_max_seconds_behind", (char *) &rg_stat_max_seconds_behind,
    SHOW_SLONGLONG },
  { "Replica_guard_polls", (char *) &rg_stat_polls, SHOW_ULONGLONG },
  { "Replica_guard_poll_errors", (char *) &rg_stat_poll_errors,
    SHOW_ULONGLONG },
  { "Replica_guard_transitions", (char *) &rg_stat_transitions,
    SHOW_ULONGLONG },
  { "Replica_guard_fenced", (char *) &rg_sys_fenced, SHOW_BOOL },
  { "Replica_guard_statements_fenced", (char *) &rg_stat_fenced,
    SHOW_ULONGLONG },
  { "Replica_guard_heartbeats_written", (char *) &rg_stat_heartbeats_written,
    SHOW_ULONGLONG },
  { "Replica_guard_heartbeat_errors", (char *) &rg_stat_heartbeat_errors,
    SHOW_ULONGLONG },
  /* Findings of the configuration checks right now (rg_topology.h). */
  { "Replica_guard_check_errors", (char *) &rg_stat_check_errors,
    SHOW_ULONGLONG },
  { "Replica_guard_check_warnings", (char *) &rg_stat_check_warnings,
    SHOW_ULONGLONG },
  { "Replica_guard", (char *) &show_monitor_vars, SHOW_FUNC },
  { "Replica_guard_filter", (char *) &show_filter_vars, SHOW_FUNC },
  { "Replica_guard_fenced_since", (char *) &rg_stat_fenced_since,
    SHOW_SLONGLONG },
  { "Replica_guard_fence_file_errors", (char *) &rg_stat_fence_file_errors,
    SHOW_ULONGLONG },
  { "Replica_guard_replica_writes", (char *) &rg_stat_replica_writes,
    SHOW_ULONGLONG },
  { "Replica_guard_replica_writes_refused",
    (char *) &rg_stat_replica_writes_refused, SHOW_ULONGLONG },
  { "Replica_guard_local_tables", (char *) &rg_stat_local_tables,
    SHOW_ULONGLONG },
  { "Replica_guard_update_window_remaining",
    (char *) &rg_window_show_remaining, SHOW_FUNC },
  { "Replica_guard_update_window_statements",
    (char *) &rg_stat_window_statements, SHOW_ULONGLONG },
  { "Replica_guard_update_window_elsewhere",
    (char *) &rg_window_show_elsewhere, SHOW_FUNC },
  { "Replica_guard_schema_fingerprint",
    (char *) &rg_window_show_fingerprint, SHOW_FUNC },
  { NULL, NULL, SHOW_UNDEF }
};
