/*
  replica_guard rule 3, the glue: one-way replicas take no direct changes.

  The decision is rg_writes_decide() (plugin/core/rg_writes.c). Here:
  - rg_writes_table_locked(): the server's table-lock audit event comes for
    every non-temporary table a statement locks, before any row is read or
    written, whatever path led there (its text, a view, a trigger, a stored
    function or procedure, a prepared statement, LOAD DATA, the multi-table
    forms, INSERT ... SELECT, LOCK TABLES ... WRITE). A write lock is
    judged there; a refusal kills the statement with our error, which
    mysql_lock_tables() returns as it unlocks (rg_thd_refuse_locked()), so
    nothing is written and nothing reaches the binary log. Temporary tables
    take no lock the plugin hears of (handler.cc notifies only for
    NO_TMP_TABLE): they are always allowed.
  - rg_writes_statement(): DDL takes no table lock before it acts, so a
    statement's text (a packet's, or a stored program's statement) or a
    prepared statement's parsed form is read, before it runs, for DROP,
    ALTER, RENAME, CREATE OR REPLACE TABLE and DROP DATABASE
    (rg_writes_ddl(), rg_thd_parsed_ddl()); each table it names that
    exists, and is not a temporary one, is judged as a write of it. Text
    is read only when it holds one of the words DROP, ALTER, RENAME or
    REPLACE. The ALTER audit event is no lever: it comes before the
    change, but a kill there is not looked at before an ALTER completes.
  - rg_writes_table_changed(): the table create, drop and rename events
    (after the change) keep the set of tables client sessions created here,
    and its file, replica_guard.local_tables in the data directory, which
    the daemon's init reads back after a restart. Only while the server is
    declared a one-way replica (replica_writes WARN or REFUSE) does a
    client's CREATE TABLE add to it: a former primary made a replica keeps
    no memory of the tables it created as a primary. A table the applier
    creates is replicated, whatever the set said; a DROP, by anyone,
    forgets it.

  Hot path contract: a write lock with replica_writes=ALLOW costs one load;
  otherwise the schema list and the set are read without a lock (sequence
  counters), exemption is the session's cached answer, nothing is
  allocated. Changing the set (CREATE, DROP, RENAME) takes set_lock and
  rewrites the file (tmp, fsync, rename): DDL is rare.
*/
#include <my_global.h>
#include <my_sys.h>
#include <mysqld_error.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <pthread.h>
#include <mysql/plugin.h>
#include <mysql/plugin_audit.h>
#include "rg_glue.h"
#include "rg_writes.h"
#include "rg_refusals.h"

#define LOCAL_TABLES_FILE "replica_guard.local_tables"
#define LOCAL_TABLES_FILE_TMP "replica_guard.local_tables.tmp"

RG_HOT_DATA unsigned long rg_sys_replica_writes; /* enum rg_writes_mode */
char *rg_sys_local_schemas;
unsigned long long rg_stat_replica_writes, rg_stat_replica_writes_refused;
unsigned long long rg_stat_local_tables;

/* ---- replica_guard_local_schemas ----------------------------------------- */

/* The list in force, read under schemas_sequence (odd while it changes);
   written under LOCK_global_system_variables (the update function). */
static rg_schema_list schemas;
static unsigned schemas_sequence;

static void install_schemas(const rg_schema_list *list)
{
  __atomic_add_fetch(&schemas_sequence, 1, __ATOMIC_RELAXED);
  __atomic_thread_fence(__ATOMIC_RELEASE);
  memcpy(&schemas, list, sizeof(schemas));
  __atomic_add_fetch(&schemas_sequence, 1, __ATOMIC_RELEASE);
}

static int local_schema(const char *db, size_t length)
{
  for (;;)
  {
    unsigned before= __atomic_load_n(&schemas_sequence, __ATOMIC_ACQUIRE);
    int has= !(before & 1) && rg_schema_list_has(&schemas, db, length);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (!(before & 1) &&
        __atomic_load_n(&schemas_sequence, __ATOMIC_RELAXED) == before)
      return has;
  }
}

/* Parsing space for the check function (the list is too big for the
   stack of every SET); check functions run one at a time per variable. */
static pthread_mutex_t parse_lock= PTHREAD_MUTEX_INITIALIZER;
static rg_schema_list parsed;

int rg_writes_check_local_schemas(MYSQL_THD thd,
                                  struct st_mysql_sys_var *var, void *save,
                                  struct st_mysql_value *value)
{
  char buf[4096], err[160];
  int len= sizeof(buf), rc;
  const char *text= value->val_str(value, buf, &len);
  (void) var;
  if (!text)
    text= "", len= 0;
  pthread_mutex_lock(&parse_lock);
  rc= rg_schema_list_parse(text, (size_t) len, &parsed, err, sizeof(err));
  pthread_mutex_unlock(&parse_lock);
  if (rc)
  {
    my_printf_error(ER_WRONG_VALUE_FOR_VAR, "Variable "
                    "'replica_guard_local_schemas' can't be set to this "
                    "value: %s", MYF(0), err);
    return 1;
  }
  *(const char **) save= text == buf ? thd_strmake(thd, buf, len) : text;
  return 0;
}

/*
  PLUGIN_VAR_MEMALLOC with an update function of our own: the value must be
  a my_malloc()ed copy (the server my_free()s it when the plugin goes), and
  save points to statement memory. Validated by the check function, so
  parsing cannot fail here.
*/
void rg_writes_update_local_schemas(MYSQL_THD thd,
                                    struct st_mysql_sys_var *var,
                                    void *var_ptr, const void *save)
{
  const char *text= *(const char *const *) save;
  char *old= *(char **) var_ptr;
  char err[160];
  (void) thd; (void) var;
  *(char **) var_ptr= text ? my_strdup(PSI_NOT_INSTRUMENTED, text, MYF(0))
                           : NULL;
  my_free(old);
  pthread_mutex_lock(&parse_lock);
  rg_schema_list_parse(text ? text : "", text ? strlen(text) : 0, &parsed,
                       err, sizeof(err));
  install_schemas(&parsed);
  pthread_mutex_unlock(&parse_lock);
}

/* ---- the tables client sessions created here ---------------------------- */

static rg_table_set tables;               /* readers: no lock */
static pthread_mutex_t set_lock= PTHREAD_MUTEX_INITIALIZER;

/* Rewrites the file from the set; set_lock held. A failure is logged: the
   set in memory holds until the server stops either way. */
static void persist(void)
{
  size_t need= rg_table_set_format(&tables, NULL, 0);
  char *text= malloc(need ? need : 1);
  FILE *f;
  if (text)
  {
    rg_table_set_format(&tables, text, need);
    f= fopen(LOCAL_TABLES_FILE_TMP, "w");
    if (f && fwrite(text, 1, need, f) == need && !fflush(f) &&
        !fsync(fileno(f)) && !fclose(f) &&
        !rename(LOCAL_TABLES_FILE_TMP, LOCAL_TABLES_FILE))
    {
      free(text);
      return;
    }
    free(text);
  }
  rg_log_error("local-tables", "%s could not be written (%s): after a "
               "restart, writes to the tables created here since may be "
               "refused", LOCAL_TABLES_FILE, strerror(errno));
}

int rg_writes_init(void)
{
  char err[160];
  const char *text= rg_sys_local_schemas ? rg_sys_local_schemas : "";
  FILE *f;
  if (rg_schema_list_parse(text, strlen(text), &parsed, err, sizeof(err)))
  {
    /* fail closed: no schema is local */
    rg_log_error("setting", "invalid replica_guard_local_schemas '%s': %s; "
                 "no schema is taken for local", text, err);
    parsed.count= 0;
  }
  install_schemas(&parsed);
  pthread_mutex_lock(&set_lock);
  rg_table_set_clear(&tables);         /* INSTALL after UNINSTALL */
  if ((f= fopen(LOCAL_TABLES_FILE, "r")))
  {
    /* the most the set can hold, and a little to tell it was longer */
    size_t size= (size_t) RG_TABLE_SET_MAX * (2 * RG_NAME_BYTES + 12) + 2;
    char *buf= malloc(size);
    size_t n= buf ? fread(buf, 1, size, f) : 0;
    unsigned bad= buf ? rg_table_set_load(&tables, buf, n) : 1;
    if (bad || n == size)
      rg_log_error("local-tables", "%s: %u entries could not be read "
                   "(damaged, or more than %d tables): writes to them are "
                   "refused", LOCAL_TABLES_FILE, bad, RG_TABLE_SET_MAX);
    free(buf);
    fclose(f);
  }
  else if (errno == ENOENT)
    /* Made now, empty: an account with the FILE privilege could otherwise
       plant the file with SELECT ... INTO OUTFILE (which never replaces a
       file) and have its tables taken for this server's own at the next
       start. */
    persist();
  __atomic_store_n(&rg_stat_local_tables, tables.count, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&set_lock);
  return 0;
}

static void table_created(MYSQL_THD thd, const struct mysql_event_table *ev,
                          rg_thread_kind thread)
{
  char db[80], table[80];
  int changed, full= 0;
  if (rg_writes_schema_is_system(ev->database.str, ev->database.length))
    return;
  pthread_mutex_lock(&set_lock);
  if (thread == RG_THREAD_APPLIER || thread == RG_THREAD_INTERNAL ||
      rg_sys_replica_writes == RG_WRITES_ALLOW)
    changed= rg_table_set_remove(&tables, ev->database.str,
                                 ev->database.length, ev->table.str,
                                 ev->table.length);
  else
  {
    changed= !rg_table_set_contains(&tables, ev->database.str,
                                    ev->database.length, ev->table.str,
                                    ev->table.length);
    full= changed && rg_table_set_add(&tables, ev->database.str,
                                      ev->database.length, ev->table.str,
                                      ev->table.length);
    changed&= !full;
  }
  if (changed)
    persist();
  __atomic_store_n(&rg_stat_local_tables, tables.count, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&set_lock);
  (void) thd;
  if (full)
  {
    rg_writes_show_name(ev->database.str, ev->database.length, db,
                        sizeof(db));
    rg_writes_show_name(ev->table.str, ev->table.length, table,
                        sizeof(table));
    rg_log_error("local-tables", "%s.%s was created here but is not "
                 "remembered (more than %d tables): writes to it are "
                 "refused; list its schema in replica_guard_local_schemas",
                 db, table, RG_TABLE_SET_MAX);
  }
}

static void table_dropped_or_renamed(const struct mysql_event_table *ev)
{
  int was;
  pthread_mutex_lock(&set_lock);
  was= rg_table_set_remove(&tables, ev->database.str, ev->database.length,
                           ev->table.str, ev->table.length);
  if (was && ev->event_subclass == MYSQL_AUDIT_TABLE_RENAME &&
      !rg_writes_schema_is_system(ev->new_database.str,
                                  ev->new_database.length))
    rg_table_set_add(&tables, ev->new_database.str, ev->new_database.length,
                     ev->new_table.str, ev->new_table.length);
  else if (ev->event_subclass == MYSQL_AUDIT_TABLE_RENAME)
    /* a replicated table renamed onto a forgotten name stays replicated */
    was|= rg_table_set_remove(&tables, ev->new_database.str,
                              ev->new_database.length, ev->new_table.str,
                              ev->new_table.length);
  if (was)
    persist();
  __atomic_store_n(&rg_stat_local_tables, tables.count, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&set_lock);
}

/* The ALTER event is not judged (see the file's comment: seen, every
   ALGORITHM ran and answered OK after a kill there). */
void rg_writes_table_changed(MYSQL_THD thd,
                             const struct mysql_event_table *ev)
{
  switch (ev->event_subclass) {
  case MYSQL_AUDIT_TABLE_CREATE:
    table_created(thd, ev, rg_thd_thread_kind(thd, 0));
    break;
  case MYSQL_AUDIT_TABLE_DROP:
  case MYSQL_AUDIT_TABLE_RENAME:
    table_dropped_or_renamed(ev);
    break;
  default:
    break;
  }
}

/* ---- the table lock ------------------------------------------------------ */

/* The statement (query id) already refused by this rule: its further
   table locks are not logged again. Query ids are unique server-wide. */
static __thread unsigned long long refused_query;
/* The first errant change since start was reported (its own line). */
static int own_binlog_noted;

/* Where db.table stands (a NULL table: the whole schema db). */
static rg_table_kind table_kind(const char *db, size_t db_length,
                                const char *table, size_t table_length)
{
  if (rg_writes_schema_is_system(db, db_length))
    return RG_TABLE_SYSTEM;
  if (local_schema(db, db_length))
    return RG_TABLE_LOCAL_SCHEMA;
  if (table &&
      rg_table_set_contains(&tables, db, db_length, table, table_length))
    return RG_TABLE_SCRATCH;
  return RG_TABLE_REPLICATED;
}

/* A write (what: "a write", "DDL") of db.table (table NULL: the schema)
   by the statement thd runs, query_id, q[0..len) (NULL: the session's),
   to be refused at: decides by rule 3, counts, logs, refuses. Returns 1
   when refused. */
static int judge(MYSQL_THD thd, rg_writes_mode mode, int statement_event,
                 unsigned long long query_id, enum rg_verdict_at at,
                 const char *q, size_t len, const char *what, const char *db,
                 size_t db_length, const char *table, size_t table_length)
{
  rg_writes_context ctx;
  rg_writes_decision d;
  unsigned fact;
  char kind[RG_REFUSAL_KIND_LEN], db_shown[80], table_shown[80],
    message[512];
  ctx.mode= mode;
  ctx.known= 0;
  while ((fact= rg_writes_needs(&ctx)))
  {
    switch (fact) {
    case RG_WFACT_THREAD:
      ctx.thread= rg_thd_thread_kind(thd, statement_event);
      break;
    case RG_WFACT_TABLE:
      ctx.table= table_kind(db, db_length, table, table_length);
      break;
    case RG_WFACT_EXEMPT:
      ctx.exempt= (unsigned char) rg_session_is_exempt(thd);
      break;
    case RG_WFACT_OVERRIDE:
      ctx.allow_writes= (unsigned char) rg_session_allows_replica_writes(thd);
      break;
    }
    ctx.known|= fact;
  }
  rg_writes_decide(&ctx, &d);
  if (d.errant)
  {
    __atomic_fetch_add(&rg_stat_replica_writes, 1, __ATOMIC_RELAXED);
    if (!__atomic_exchange_n(&own_binlog_noted, 1, __ATOMIC_RELAXED))
      rg_log_error("replica-write", "a change that did not come from "
                   "replication runs on this server, declared a one-way "
                   "replica (replica_guard_replica_writes=%s): with the "
                   "binary log on, its transaction carries this server's "
                   "own server_id, which its replicas apply and a GTID "
                   "failover carries on; reconcile it with the primary "
                   "(logged once per start; each change is counted in "
                   "Replica_guard_replica_writes and logged)",
                   rg_writes_mode_name(ctx.mode));
  }
  if (!rg_writes_log_lead(&d))
    return 0;
  if (d.action == RG_DECISION_REFUSE)
  {
    if (refused_query == query_id)
      return 1;
    refused_query= query_id;
    __atomic_fetch_add(&rg_stat_replica_writes_refused, 1, __ATOMIC_RELAXED);
  }
  rg_writes_show_name(db, db_length, db_shown, sizeof(db_shown));
  rg_writes_show_name(table ? table : "*", table ? table_length : 1,
                      table_shown, sizeof(table_shown));
  if (db_length)
    snprintf(kind, sizeof(kind), "%s of %s.%s", what, db_shown, table_shown);
  else
    snprintf(kind, sizeof(kind), "%s of tables not told", what);
  if (d.action == RG_DECISION_REFUSE)
    rg_writes_message(db, db_length, table ? table : "*",
                      table ? table_length : 1, message, sizeof(message));
  rg_filter_table_verdict(thd, at, q, len,
                          d.action == RG_DECISION_REFUSE ? "refused"
                                                         : "replica-write",
                          rg_writes_log_lead(&d), kind,
                          d.action == RG_DECISION_REFUSE ? message : NULL);
  return d.action == RG_DECISION_REFUSE;
}

RG_HOT
int rg_writes_table_locked(MYSQL_THD thd, const struct mysql_event_table *ev)
{
  rg_writes_mode mode= (rg_writes_mode)
    __atomic_load_n(&rg_sys_replica_writes, __ATOMIC_RELAXED);
  if (mode == RG_WRITES_ALLOW)
    return 0;
  return judge(thd, mode, 0, ev->query_id, RG_AT_LOCK, NULL, 0, "a write",
               ev->database.str, ev->database.length, ev->table.str,
               ev->table.length);
}

/* ---- DDL of tables ------------------------------------------------------- */

/* The verbs whose statements may change an existing table's definition or
   drop it (CREATE: CREATE OR REPLACE TABLE, CREATE INDEX, CREATE
   TRIGGER). */
#define DDL_VERBS (RG_VERB_BIT(RG_VERB_CREATE) | RG_VERB_BIT(RG_VERB_DROP) | \
                   RG_VERB_BIT(RG_VERB_ALTER) | RG_VERB_BIT(RG_VERB_RENAME))

/*
  The tables statement text q[0..len) changes by DDL: every statement the
  classifier finds with a DDL verb on a table, a schema or an unknown
  object is read by rg_writes_ddl(); a packet whose later statements may
  be read under other settings (SET NAMES, sql_mode, ...) and hold CREATE,
  DROP, ALTER or RENAME there cannot be told (RG_DDL_UNKNOWN).
*/
static rg_ddl_result text_ddl(MYSQL_THD thd, const char *q, size_t len,
                              rg_ddl *ddl)
{
  rg_classify_options opt;
  rg_verdict v, rest;
  rg_access unused;
  rg_ddl_result result= RG_DDL_NONE;
  size_t pos= 0;
  rg_thd_lexer_options(thd, &opt);
  opt.verbs= DDL_VERBS;
  opt.execute_names= 0;
  for (unsigned n= 0; pos < len; n++)
  {
    rg_ddl_result r;
    if (n == 64)
      return RG_DDL_UNKNOWN;     /* more statements than are read */
    if (rg_classify(q + pos, len - pos, &opt, &v) == RG_VERB_NONE)
      break;
    if (v.object == RG_OBJ_TABLE || v.object == RG_OBJ_UNKNOWN ||
        v.object == RG_OBJ_DATABASE || v.object == RG_OBJ_SEQUENCE ||
        v.object == RG_OBJ_INDEX || v.object == RG_OBJ_TRIGGER)
    {
      r= rg_writes_ddl(q + pos, v.stmt_offset + v.stmt_length,
                       v.stmt_offset, &opt, ddl);
      if (r == RG_DDL_UNKNOWN)
        return r;
      if (r == RG_DDL_TABLES)
        result= r;
    }
    if (!v.stmt_length)
      return RG_DDL_UNKNOWN;     /* no progress: cannot tell */
    pos+= v.stmt_offset + v.stmt_length;
  }
  if (memchr(q, ';', len))
  {
    /* CREATE too: a CREATE OR REPLACE TABLE, CREATE INDEX or CREATE
       TRIGGER may hide in a string under the settings in force and run
       under those an earlier statement sets. */
    opt.verbs= DDL_VERBS;
    if (!rg_thd_in_stored_program(thd) &&
        rg_classify_packet_rest(q, len, &opt, &rest, &unused) &&
        rest.verb != RG_VERB_NONE && rest.after_settings)
      return RG_DDL_UNKNOWN;
  }
  return result;
}

/*
  rg_writes_statement() past its first tests: the statement may be DDL and
  mode is not ALLOW. Kept out of line, as its frame holds the table names
  (rg_ddl: some kilobytes of stack the common path never touches).
*/
static __attribute__((noinline))
int judge_statement(MYSQL_THD thd, rg_writes_mode mode, int parsed,
                    const char *q, size_t len)
{
  rg_ddl ddl;
  rg_ddl_result result;
  enum rg_verdict_at at;
  unsigned long long query_id;
  ddl.count= 0;
  result= parsed ? rg_thd_parsed_ddl(thd, &ddl) : text_ddl(thd, q, len, &ddl);
  if (result == RG_DDL_NONE)
    return 0;
  at= parsed || rg_thd_in_stored_program(thd) ? RG_AT_PARSED : RG_AT_TEXT;
  query_id= rg_thd_query_id(thd);
  if (result == RG_DDL_UNKNOWN)
    /* which tables cannot be told: judged as DDL of a replicated one */
    return judge(thd, mode, 1, query_id, at, q, len, "DDL", "", 0, "", 0);
  for (unsigned i= 0; i < ddl.count; i++)
  {
    rg_ddl_name *name= &ddl.name[i];
    int trigger= 0;
    if (rg_thd_ddl_resolve(thd, name) ||
        (name->trigger && (trigger= rg_thd_trigger_table(thd, name)) > 0))
      continue;                  /* no such trigger: DROP TRIGGER fails */
    if (trigger < 0)
      return judge(thd, mode, 1, query_id, at, q, len, "DDL", "", 0, "", 0);
    if (rg_thd_ddl_target(thd, name) != 1)
      continue;                  /* no such table (or a temporary one) */
    if (judge(thd, mode, 1, query_id, at, q, len, "DDL", name->db,
              name->db_length, name->table_length ? name->table : NULL,
              name->table_length))
      return 1;
  }
  return 0;
}

RG_HOT
int rg_writes_statement(MYSQL_THD thd, int parsed, const char *q,
                        size_t len)
{
  rg_writes_mode mode= (rg_writes_mode)
    __atomic_load_n(&rg_sys_replica_writes, __ATOMIC_RELAXED);
  if (mode == RG_WRITES_ALLOW || (!parsed && !rg_writes_may_be_ddl(q, len)) ||
      rg_internal_thread)
    return 0;
  return judge_statement(thd, mode, parsed, q, len);
}
