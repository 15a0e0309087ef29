/*
  replica_guard update window: replica_guard_update_window's check and
  update, the fact the filter asks for per statement, the window's status
  variables, and the schema fingerprint every server publishes in its
  heartbeats (the pure parts are in rg_window.h).

  State and threads
  - window_until_us, the end of the open window (rg_now_us() time; 0:
    none), is the only state the filter reads: one atomic load per
    guarded statement, no lock, no allocation. A window past its end is
    closed for the filter at once, whoever notices first.
  - It changes under LOCK_global_system_variables (order 1 in
    rg_shared.h) only: SET GLOBAL replica_guard_update_window holds it,
    and the monitor thread takes it, holding nothing else, to close a
    window whose time is up (rg_window_after_poll(), once per poll), so
    the variable and the window end always change together and the
    closing is logged once.
  - The fingerprint is computed by the heartbeat thread, between its own
    statements, on a local connection of its own (opened and closed each
    time) while heartbeats are written: once a minute, and every 2 s for
    30 s after a window closed here or elsewhere
    (rg_window_heartbeat_tick()).
*/
#include <my_global.h>
#include <my_sys.h>
#include <mysqld_error.h>
#include <stdio.h>
#include <string.h>
#include <mysql/plugin.h>
#include <mysql/service_sql.h>
#include <mysql/psi/mysql_thread.h>
#include "rg_glue.h"
#include "rg_window.h"
#include "rg_topology.h"
#include "rg_thread.h"

/* The server's (mysqld.h, sql/sys_vars.cc); C linkage for variables. */
extern mysql_mutex_t LOCK_global_system_variables;
extern ulong server_id;

unsigned int rg_sys_update_window;              /* minutes, as set */
unsigned long long rg_stat_window_statements;
static long long window_until_us;
/* A window closed here: the heartbeat thread computes fingerprints often
   for a while, from its next tick. */
static int fingerprint_due;
/* Another server's open window, as the heartbeats last showed it (its
   end, its server_id; 0 0: none), for the filter: read without a lock. */
static long long elsewhere_until_us;
static unsigned long elsewhere_server;
/* The last fingerprint computed (Replica_guard_schema_fingerprint), ""
   before the first; under rg_shared_lock(). */
static char fingerprint_shown[RG_FINGERPRINT_HEX_LEN + 1];

/*
  How often the fingerprint is computed: once a minute, and every 2 s for
  the 30 s after a window closed here or anywhere else in the topology,
  so the update's last statements, still replicating when the window
  closed, are in a fingerprint soon after.
*/
#define FINGERPRINT_EVERY_US (60 * 1000000LL)
#define FINGERPRINT_SOON_US (2 * 1000000LL)
#define FINGERPRINT_SOON_FOR_US (30 * 1000000LL)

int rg_window_is_open(void)
{
  long long until= __atomic_load_n(&window_until_us, __ATOMIC_ACQUIRE);
  return until && rg_now_us() < until;
}

unsigned long rg_window_elsewhere(void)
{
  long long until= __atomic_load_n(&elsewhere_until_us, __ATOMIC_ACQUIRE);
  return until && rg_now_us() < until
         ? __atomic_load_n(&elsewhere_server, __ATOMIC_RELAXED) : 0;
}

/* What stops a window from opening now, into out; 0 when nothing. */
static unsigned problems_now(char *out, size_t size)
{
  unsigned n;
  rg_shared_lock();
  n= rg_window_problems(rg_shared_monitor, rg_shared_origins, server_id,
                        rg_now_us(), (long long) rg_sys_stale_after_ms,
                        out, size);
  rg_shared_unlock();
  return n;
}

int rg_window_check_open(MYSQL_THD thd, unsigned minutes)
{
  char why[400];
  int forced;
  if (!minutes)
    return 0;                          /* closing needs nothing */
  /* Read here, whatever follows: a session's first read of any of the
     plugin's session variables copies them all in under
     LOCK_global_system_variables, which the update (rg_window_update(),
     reading and clearing the force) already holds; there, a first read
     would wait for itself. */
  forced= rg_session_forces_window(thd);
  if (!rg_thd_has_super(thd))
  {
    my_printf_error(ER_SPECIFIC_ACCESS_DENIED_ERROR,
                    "Access denied; you need (at least one of) the SUPER "
                    "privilege(s) to set replica_guard_update_window",
                    MYF(0));
    return 1;
  }
  if (rg_fence_is_up())
  {
    my_printf_error(ER_WRONG_VALUE_FOR_VAR, "replica_guard: the update "
                    "window cannot open: this server is fenced (its "
                    "replication is broken), and a window never lifts the "
                    "fence. Repair replication and clear the fence first",
                    MYF(0));
    return 1;
  }
  if (problems_now(why, sizeof(why)) && !forced)
  {
    my_printf_error(ER_WRONG_VALUE_FOR_VAR, "replica_guard: the update "
                    "window cannot open: %s. Repair replication first, or "
                    "SET SESSION replica_guard_update_window_force= ON to "
                    "open it anyway (logged)", MYF(0), why);
    return 1;
  }
  return 0;
}

void rg_window_update(MYSQL_THD thd, unsigned minutes)
{
  const char *user, *host, *ip;
  char why[400];
  int forced;
  long long now= rg_now_us(), until= rg_window_end_us(now, minutes);
  long long was= __atomic_exchange_n(&window_until_us, until,
                                     __ATOMIC_ACQ_REL);
  unsigned long long ran= __atomic_load_n(&rg_stat_window_statements,
                                          __ATOMIC_RELAXED);
  rg_sys_update_window= minutes;
  rg_topology_set_window(until);
  rg_thd_account(thd, &user, &host, &ip);
  if (!host)
    host= ip ? ip : "";
  if (!minutes)
  {
    if (!was)
      return;
    if (was > now)
      rg_log_warning("window", "update window closed by '%s'@'%s' "
                     "(Replica_guard_update_window_statements: %llu)", user,
                     host, ran);
    else
      rg_log_warning("window", "update window closed: its time is up "
                     "(Replica_guard_update_window_statements: %llu)", ran);
    __atomic_store_n(&fingerprint_due, 1, __ATOMIC_RELEASE);
    rg_heartbeat_wake();
    return;
  }
  /* The session's force is spent by its next opening, forced or not. */
  forced= rg_session_forces_window(thd);
  rg_session_clear_window_force(thd);
  if (forced && problems_now(why, sizeof(why)))
    rg_log_warning("window", "update window opened by FORCE for %u "
                   "minutes by '%s'@'%s', although %s", minutes, user, host,
                   why);
  else
    rg_log_warning("window", "update window opened for %u minutes by "
                   "'%s'@'%s': CREATE, ALTER and DROP from client sessions "
                   "run here, each logged", minutes, user, host);
}

/* ---- from the monitor thread ------------------------------------------- */

/* Closes a window whose time is up, logged once; 1 when it did. */
static int close_if_over(long long now)
{
  long long until;
  if (!__atomic_load_n(&window_until_us, __ATOMIC_ACQUIRE))
    return 0;
  mysql_mutex_lock(&LOCK_global_system_variables);
  until= window_until_us;
  if (until && until <= now)
  {
    __atomic_store_n(&window_until_us, 0, __ATOMIC_RELEASE);
    rg_sys_update_window= 0;
  }
  else
    until= 0;
  mysql_mutex_unlock(&LOCK_global_system_variables);
  if (!until)
    return 0;
  rg_topology_set_window(0);
  rg_log_warning("window", "update window closed: its time is up "
                 "(Replica_guard_update_window_statements: %llu)",
                 __atomic_load_n(&rg_stat_window_statements,
                                 __ATOMIC_RELAXED));
  return 1;
}

/* The structure the fingerprint covers, one query per source. Every
   column is hashed as the server shows it; the schemas of the server and
   the plugin are left out here already (rg_fingerprint_covers() decides). */
#define NOT_OWN " WHERE TABLE_SCHEMA NOT IN ('mysql', 'information_schema', " \
                "'performance_schema', 'sys', '" RG_OWN_SCHEMA "')"
static const struct { char kind; const char *query; } sources[]=
{
  { 'T', "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE "
         "FROM information_schema.TABLES" NOT_OWN },
  { 'C', "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, "
         "COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLLATION_NAME, EXTRA "
         "FROM information_schema.COLUMNS" NOT_OWN },
  { 'I', "SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, "
         "COLUMN_NAME, NON_UNIQUE, SUB_PART, INDEX_TYPE "
         "FROM information_schema.STATISTICS" NOT_OWN },
};
#define MAX_FIELDS 9

/* Adds the rows of one source that the filters cover; 0 on success. */
static int add_source(MYSQL *mysql, char kind, const char *query,
                      const rg_repl_filters *filters, rg_fingerprint *fp)
{
  MYSQL_RES *res;
  MYSQL_ROW row;
  if (mysql_real_query(mysql, query, strlen(query)) ||
      !(res= mysql_store_result(mysql)))
    return 1;
  if (mysql_num_fields(res) > MAX_FIELDS)
  {
    mysql_free_result(res);
    return 1;
  }
  while ((row= mysql_fetch_row(res)))
  {
    unsigned long *lengths= mysql_fetch_lengths(res);
    size_t len[MAX_FIELDS];
    unsigned n= mysql_num_fields(res);
    for (unsigned f= 0; f < n; f++)
      len[f]= lengths[f];
    if (rg_fingerprint_covers(filters, row[0], len[0], row[1], len[1]))
      rg_fingerprint_add(fp, kind, (const char *const *) row, len, n);
  }
  mysql_free_result(res);
  return 0;
}

/* Computes this server's fingerprint and publishes it; 0 on success. */
static int compute_fingerprint(void)
{
  static const char setup[]= "SET character_set_results= NULL";
  static const char filters_query[]=
    "SELECT @@GLOBAL.replicate_do_db, @@GLOBAL.replicate_ignore_db, "
    "@@GLOBAL.replicate_do_table, @@GLOBAL.replicate_ignore_table, "
    "@@GLOBAL.replicate_wild_do_table, @@GLOBAL.replicate_wild_ignore_table";
  MYSQL *mysql= mysql_init(NULL);
  MYSQL_RES *res= NULL;
  MYSQL_ROW row= NULL;
  rg_repl_filters filters;
  rg_fingerprint fp;
  char hex[RG_FINGERPRINT_HEX_LEN + 1];
  int failed= !mysql || !mysql_real_connect_local(mysql) ||
    mysql_real_query(mysql, setup, sizeof(setup) - 1) ||
    mysql_real_query(mysql, filters_query, sizeof(filters_query) - 1) ||
    !(res= mysql_store_result(mysql)) || !(row= mysql_fetch_row(res));
  rg_fingerprint_init(&fp);
  if (!failed)
  {
    filters.do_db= row[0];
    filters.ignore_db= row[1];
    filters.do_table= row[2];
    filters.ignore_table= row[3];
    filters.wild_do_table= row[4];
    filters.wild_ignore_table= row[5];
    for (size_t s= 0; !failed && s < array_elements(sources); s++)
      failed= add_source(mysql, sources[s].kind, sources[s].query, &filters,
                         &fp);
  }
  if (res)
    mysql_free_result(res);
  if (mysql)
    mysql_close(mysql);
  if (failed)
    return 1;
  rg_fingerprint_hex(&fp, hex);
  rg_topology_set_fingerprint(hex);
  rg_shared_lock();
  memcpy(fingerprint_shown, hex, sizeof(hex));
  rg_shared_unlock();
  return 0;
}

void rg_window_after_poll(void)
{
  if (close_if_over(rg_now_us()))
    __atomic_store_n(&fingerprint_due, 1, __ATOMIC_RELEASE);
}

/* ---- from the heartbeat thread ------------------------------------------ */

/*
  Keeps the filter's copy of another server's open window (what the
  heartbeats read last showed), and computes the fingerprint when due.
  On the heartbeat thread, between its own statements: every connection
  of the SQL service has thread id 0, and the internal temporary tables
  that information_schema reads and the heartbeat's own read build are
  named after the thread id and a per-connection counter, so two plugin
  threads reading at once would share a table file (seen: "Table file is
  corrupted", then a crash).
*/
void rg_window_heartbeat_tick(void)
{
  static long long next_us, soon_until_us;
  static int failing, open_elsewhere;
  long long now= rg_now_us();
  unsigned long server;
  long long until= rg_topology_window_elsewhere(now, &server);
  int elsewhere= until != 0;
  __atomic_store_n(&elsewhere_server, server, __ATOMIC_RELAXED);
  __atomic_store_n(&elsewhere_until_us, until, __ATOMIC_RELEASE);
  if (__atomic_exchange_n(&fingerprint_due, 0, __ATOMIC_ACQ_REL) ||
      (open_elsewhere && !elsewhere))
  {
    soon_until_us= now + FINGERPRINT_SOON_FOR_US;
    next_us= now;
  }
  open_elsewhere= elsewhere;
  /* Only heartbeats carry it: no one else would read it. */
  if (!rg_sys_heartbeat_interval_ms || rg_server_shutting_down() ||
      now < next_us)
    return;
  next_us= now + (now < soon_until_us ? FINGERPRINT_SOON_US
                                      : FINGERPRINT_EVERY_US);
  if (compute_fingerprint() != failing)
  {
    failing= !failing;
    if (failing)
      rg_log_warning("window", "the schema fingerprint could not be "
                     "computed (information_schema read failed); tried "
                     "again when the next one is due");
    else
      rg_log_note("window", "the schema fingerprint is computed again");
  }
}

/* ---- status variables -------------------------------------------------- */

/* A SHOW_FUNC's answer: the number value, in the server's buffer. */
static int show_number(struct st_mysql_show_var *var, void *buf,
                       long long value)
{
  *(long long *) buf= value;
  var->type= SHOW_LONGLONG;
  var->value= buf;
  return 0;
}

int rg_window_show_remaining(MYSQL_THD thd, struct st_mysql_show_var *var,
                             void *buf, struct system_status_var *status,
                             enum enum_var_type scope)
{
  (void) thd; (void) status; (void) scope;
  return show_number(var, buf, rg_window_remaining_s(
    __atomic_load_n(&window_until_us, __ATOMIC_ACQUIRE), rg_now_us()));
}

/* Replica_guard_schema_fingerprint: the fingerprint this server publishes,
   "" until one is computed (heartbeats off). Text, for people comparing
   servers by hand; the checks compare them in REPLICA_GUARD_CHECKS. */
int rg_window_show_fingerprint(MYSQL_THD thd, struct st_mysql_show_var *var,
                               void *buf, struct system_status_var *status,
                               enum enum_var_type scope)
{
  (void) thd; (void) status; (void) scope;
  rg_shared_lock();
  memcpy(buf, fingerprint_shown, sizeof(fingerprint_shown));
  rg_shared_unlock();
  var->type= SHOW_CHAR;
  var->value= buf;
  return 0;
}

/* Replica_guard_update_window_elsewhere: the server_id of another server
   whose update window is open (as the heartbeats last read showed), 0
   when none. */
int rg_window_show_elsewhere(MYSQL_THD thd, struct st_mysql_show_var *var,
                             void *buf, struct system_status_var *status,
                             enum enum_var_type scope)
{
  (void) thd; (void) status; (void) scope;
  return show_number(var, buf, (long long) rg_window_elsewhere());
}
