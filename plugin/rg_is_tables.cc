/*
  replica_guard INFORMATION_SCHEMA tables, the library's only C++ besides
  rg_thd.cc (the server's table API is C++):
  - REPLICA_GUARD_STATUS: one row per replica connection, with its state
    and the replication errors' full texts;
  - REPLICA_GUARD_EVENTS: the last state transitions, with their texts;
  - REPLICA_GUARD_ORIGINS: every origin's heartbeat freshness;
  - REPLICA_GUARD_CHECKS: the configuration checks' findings
    (rg_topology.h);
  - REPLICA_GUARD_REFUSALS: the last refusals of the statement filter
    (rg_refusals.h).

  Rows come from the shared state (rg_shared.h), read under
  rg_shared_lock(), which the threads hold only to apply a finished poll or
  read: a reader never waits for a poll and never sees a half-applied one.
  STATUS and EVENTS carry error texts that can quote replicated rows, so
  accounts without the privilege SHOW REPLICA STATUS needs see them empty;
  ORIGINS carries no such data and is open to every account. REFUSALS
  shows what other sessions sent (redacted excerpts) and who they are: it
  is empty for accounts without PROCESS, the privilege that shows other
  sessions' statements in the process list. Its rows are copied from the
  refusal ring one at a time, under the ring's own lock.
*/
#define MYSQL_SERVER 1
#include <my_global.h>
#include <sql_class.h>
#include <sql_i_s.h>
#include <sql_acl.h>
#include <tztime.h>
#include "rg_glue.h"
#include "rg_refusals.h"
#include "rg_topology.h"

bool schema_table_store_record(THD *thd, TABLE *table);

struct st_mysql_information_schema rg_is_descriptor=
{ MYSQL_INFORMATION_SCHEMA_INTERFACE_VERSION };

namespace Show {

static ST_FIELD_INFO status_fields[]=
{
  Column("CONNECTION_NAME",       Varchar(RG_NAME_LEN - 1), NOT_NULL),
  Column("MASTER_HOST",           Varchar(RG_HOST_LEN - 1), NOT_NULL),
  Column("MASTER_PORT",           ULong(),                  NOT_NULL),
  Column("MASTER_SERVER_ID",      ULonglong(),              NOT_NULL),
  Column("IO_RUNNING",            Varchar(10),              NOT_NULL),
  Column("SQL_RUNNING",           Varchar(10),              NOT_NULL),
  Column("STATE",                 Varchar(16),              NOT_NULL),
  Column("STATE_SINCE",           Datetime(6),              NOT_NULL),
  Column("SECONDS_BEHIND_MASTER", SLonglong(),              NULLABLE),
  Column("LAST_IO_ERRNO",         ULong(),                  NOT_NULL),
  Column("LAST_IO_ERROR",         Varchar(RG_ERROR_LEN - 1), NOT_NULL),
  Column("LAST_SQL_ERRNO",        ULong(),                  NOT_NULL),
  Column("LAST_SQL_ERROR",        Varchar(RG_ERROR_LEN - 1), NOT_NULL),
  Column("GTID_IO_POS",           Varchar(RG_GTID_LEN - 1), NOT_NULL),
  Column("GTID_SLAVE_POS",        Varchar(RG_GTID_LEN - 1), NOT_NULL),
  Column("FAILURES",              ULonglong(),              NOT_NULL),
  Column("LAST_CHECKED",          Datetime(6),              NOT_NULL),
  CEnd()
};

static ST_FIELD_INFO events_fields[]=
{
  Column("TIME",            Datetime(6),              NOT_NULL),
  Column("CONNECTION_NAME", Varchar(RG_NAME_LEN - 1), NOT_NULL),
  Column("OLD_STATE",       Varchar(16),              NULLABLE),
  Column("NEW_STATE",       Varchar(16),              NULLABLE),
  Column("ERROR_NUMBER",    ULong(),                  NOT_NULL),
  Column("MESSAGE",         Varchar(RG_EVENT_MSG_LEN - 1), NOT_NULL),
  CEnd()
};

static ST_FIELD_INFO origins_fields[]=
{
  Column("ORIGIN_SERVER_ID",  ULonglong(),              NOT_NULL),
  Column("LAST_HEARTBEAT",    Datetime(6),              NULLABLE),
  Column("SEQUENCE",          ULonglong(),              NOT_NULL),
  Column("AGE_MS",            SLonglong(),              NULLABLE),
  Column("MIN_AGE_MS",        SLonglong(),              NULLABLE),
  Column("MAX_SEQUENCE_GAP",  ULonglong(),              NOT_NULL),
  Column("PLUGIN_VERSION",    Varchar(RG_VERSION_LEN - 1), NOT_NULL),
  Column("SERVER_VERSION",    Varchar(RG_VERSION_LEN - 1), NOT_NULL),
  Column("VERSION_MISMATCH",  Varchar(3),               NOT_NULL),
  Column("STATE",             Varchar(8),               NOT_NULL),
  Column("EXPECTED",          Varchar(3),               NOT_NULL),
  Column("REASON",            Varchar(RG_ORIGIN_REASON_LEN - 1), NULLABLE),
  CEnd()
};

static ST_FIELD_INFO checks_fields[]=
{
  Column("SEVERITY",   Varchar(7),                          NOT_NULL),
  Column("CHECK_NAME", Varchar(32),                         NOT_NULL),
  Column("SERVERS",    Varchar(RG_CHECK_SERVERS_LEN - 1),   NOT_NULL),
  Column("ADVICE",     Varchar(RG_CHECK_ADVICE_LEN - 1),    NOT_NULL),
  Column("SINCE",      Datetime(6),                         NOT_NULL),
  CEnd()
};

static ST_FIELD_INFO refusals_fields[]=
{
  Column("ID",            ULonglong(),                          NOT_NULL),
  Column("TIME",          Datetime(6),                          NOT_NULL),
  Column("CONNECTION_ID", ULonglong(),                          NOT_NULL),
  Column("USER",          Varchar(USERNAME_CHAR_LENGTH),        NOT_NULL),
  Column("HOST",          Varchar(HOSTNAME_LENGTH),             NOT_NULL),
  Column("ACCOUNT",       Varchar(USERNAME_CHAR_LENGTH + 1 + HOSTNAME_LENGTH),
                                                                NOT_NULL),
  Column("KIND",          Varchar(RG_REFUSAL_KIND_LEN - 1),     NOT_NULL),
  Column("REASON",        Varchar(16),                          NOT_NULL),
  Column("EXCERPT",       Varchar(RG_EXCERPT_SIZE - 1),         NOT_NULL),
  CEnd()
};

} // namespace Show

static void store_string(Field *f, const char *s)
{
  f->store(s, strlen(s), system_charset_info);
}

/* Stores microseconds since the epoch as a DATETIME(6) in the session's
   time zone. */
static void store_time_us(THD *thd, Field *f, long long us)
{
  MYSQL_TIME t;
  thd->variables.time_zone->gmt_sec_to_TIME(&t, (my_time_t) (us / 1000000));
  t.second_part= (ulong) (us % 1000000);
  f->store_time_dec(&t, 6);
}

static void store_state(Field *f, rg_conn_state s)
{
  if (s == RG_STATE_ABSENT)
  {
    f->set_null();
    return;
  }
  f->set_notnull();
  store_string(f, rg_state_name(s));
}

static const char *run_name(rg_thread_run r)
{
  return r == RG_RUN_YES ? "Yes" : r == RG_RUN_NO ? "No" : "Connecting";
}

static bool may_see_replication(THD *thd)
{
  return !check_global_access(thd, PRIV_STMT_SHOW_SLAVE_STATUS, true);
}

static int store_conn(THD *thd, TABLE *table, const rg_conn *c)
{
  Field **f= table->field;
  const rg_sample *s= &c->last;
  store_string(f[0], s->connection_name);
  store_string(f[1], s->master_host);
  f[2]->store((longlong) s->master_port, true);
  f[3]->store((longlong) s->master_server_id, true);
  store_string(f[4], run_name(s->io_running));
  store_string(f[5], run_name(s->sql_running));
  store_string(f[6], rg_state_name(c->state));
  store_time_us(thd, f[7], c->state_since_us);
  if (s->seconds_behind >= 0 && c->state != RG_STATE_UNKNOWN)
  {
    f[8]->set_notnull();
    f[8]->store((longlong) s->seconds_behind, false);
  }
  else
    f[8]->set_null();
  f[9]->store((longlong) s->last_io_errno, true);
  store_string(f[10], s->last_io_error);
  f[11]->store((longlong) s->last_sql_errno, true);
  store_string(f[12], s->last_sql_error);
  store_string(f[13], s->gtid_io_pos);
  store_string(f[14], s->gtid_slave_pos);
  f[15]->store((longlong) c->failures, true);
  store_time_us(thd, f[16], c->last_checked_us);
  return schema_table_store_record(thd, table) ? 1 : 0;
}

static int store_event(THD *thd, TABLE *table, const rg_event *e)
{
  Field **f= table->field;
  store_time_us(thd, f[0], e->time_us);
  store_string(f[1], e->connection_name);
  store_state(f[2], e->old_state);
  store_state(f[3], e->new_state);
  f[4]->store((longlong) e->error_number, true);
  store_string(f[5], e->message);
  return schema_table_store_record(thd, table) ? 1 : 0;
}

static int fill_status(THD *thd, TABLE_LIST *tables, Item *)
{
  int err= 0;
  if (!may_see_replication(thd))
    return 0;
  rg_shared_lock();
  if (rg_shared_monitor)
    for (unsigned i= 0; !err && i < rg_shared_monitor->n_conns; i++)
      err= store_conn(thd, tables->table, &rg_shared_monitor->conns[i]);
  rg_shared_unlock();
  return err;
}

static int fill_events(THD *thd, TABLE_LIST *tables, Item *)
{
  int err= 0;
  if (!may_see_replication(thd))
    return 0;
  rg_shared_lock();
  if (rg_shared_monitor)
    for (unsigned i= 0; !err && i < rg_shared_monitor->events_count; i++)
      err= store_event(thd, tables->table,
                       rg_monitor_event(rg_shared_monitor, i));
  rg_shared_unlock();
  return err;
}

/*
  Why an origin is STALE or MISSING: the replica connection whose filters
  drop its heartbeats, with the my.cnf line that fixes it, when there is
  one (rg_monitor_source_advice()); else the core's reason. NULL when
  FRESH. Shared lock held.
*/
static const char *origin_reason(const rg_origin *o, long long now,
                                 char *out, size_t size)
{
  long long stale_after= (long long) rg_sys_stale_after_ms;
  const char *why= rg_origin_stale_reason(o, now, stale_after);
  if (!why)
    return NULL;
  if (rg_monitor_source_advice(o->last.server_id, out, size))
    return out;
  if (!o->heard)
    snprintf(out, size, "%s from server %lu, the source of a replica "
             "connection here: does it write heartbeats "
             "(replica_guard_heartbeat_interval_ms > 0), and does every "
             "hop from it replicate replica_guard?", why, o->last.server_id);
  else
    snprintf(out, size, "%s", why);
  return out;
}

/* One origin's row; an AWAITED one (expected, still within
   replica_guard_stale_after_ms) is not shown. */
static int store_origin(THD *thd, TABLE *table, const rg_origin *o,
                        long long now)
{
  Field **f= table->field;
  rg_origin_state state=
    rg_origin_state_at(o, now, (long long) rg_sys_stale_after_ms);
  char reason[RG_ORIGIN_REASON_LEN];
  const char *why;
  if (state == RG_ORIGIN_AWAITED)
    return 0;
  f[0]->store((longlong) o->last.server_id, true);
  if (o->heard)
  {
    f[1]->set_notnull();
    store_time_us(thd, f[1], o->last.origin_us);
    f[3]->set_notnull();
    f[3]->store((longlong) (rg_origin_age_us(o, now) / 1000), false);
    f[4]->set_notnull();
    f[4]->store((longlong) (o->min_age_us / 1000), false);
  }
  else
  {
    f[1]->set_null();
    f[3]->set_null();
    f[4]->set_null();
  }
  f[2]->store((longlong) o->last.sequence, true);
  f[5]->store((longlong) o->max_sequence_gap, true);
  store_string(f[6], o->last.plugin_version);
  store_string(f[7], o->last.server_version);
  store_string(f[8], *rg_server_version &&
               rg_origin_version_differs(o, RG_PLUGIN_VERSION_STR,
                                         rg_server_version) ? "YES" : "NO");
  store_string(f[9], rg_origin_state_name(state));
  store_string(f[10], o->expected ? "YES" : "NO");
  if ((why= origin_reason(o, now, reason, sizeof(reason))))
  {
    f[11]->set_notnull();
    store_string(f[11], why);
  }
  else
    f[11]->set_null();
  return schema_table_store_record(thd, table) ? 1 : 0;
}

/* Origins carry no replication credentials: every account may read them. */
static int fill_origins(THD *thd, TABLE_LIST *tables, Item *)
{
  int err= 0;
  long long now= rg_now_us();
  rg_shared_lock();
  if (rg_shared_origins)
    for (unsigned i= 0; !err && i < rg_shared_origins->count; i++)
      err= store_origin(thd, tables->table, &rg_shared_origins->origins[i],
                        now);
  rg_shared_unlock();
  return err;
}

/* Configuration findings carry server ids and settings, no replicated
   data: every account may read them, as ORIGINS. Each row is copied out
   under the shared lock and stored without it; a finding the heartbeat
   thread replaces meanwhile shows its newer state. */
static int fill_checks(THD *thd, TABLE_LIST *tables, Item *)
{
  rg_check_row r;
  int err= 0;
  for (unsigned i= 0; !err && rg_topology_finding(i, &r); i++)
  {
    Field **f= tables->table->field;
    store_string(f[0], rg_check_severity_name(r.finding.severity));
    store_string(f[1], r.finding.check);
    store_string(f[2], r.finding.servers);
    store_string(f[3], r.finding.advice);
    store_time_us(thd, f[4], r.since_us);
    err= schema_table_store_record(thd, tables->table) ? 1 : 0;
  }
  return err;
}

static int store_refusal(THD *thd, TABLE *table, const rg_refusal *r)
{
  Field **f= table->field;
  char account[RG_REFUSAL_USER_LEN + 1 + RG_REFUSAL_HOST_LEN];
  f[0]->store((longlong) r->id, true);
  store_time_us(thd, f[1], r->time_us);
  f[2]->store((longlong) r->connection_id, true);
  store_string(f[3], r->user);
  store_string(f[4], r->host);
  snprintf(account, sizeof(account), "%s@%s", r->priv_user, r->priv_host);
  store_string(f[5], account);
  store_string(f[6], r->kind);
  store_string(f[7], rg_reason_name(r->reason));
  store_string(f[8], r->excerpt);
  return schema_table_store_record(thd, table) ? 1 : 0;
}

/* Oldest first. An entry the ring drops while this runs is left out. */
static int fill_refusals(THD *thd, TABLE_LIST *tables, Item *)
{
  int err= 0;
  unsigned long long last, id;
  rg_refusal r;
  if (check_global_access(thd, PROCESS_ACL, true))
    return 0;
  last= rg_refusals_last_id();
  id= last > RG_REFUSALS_MAX ? last - RG_REFUSALS_MAX + 1 : 1;
  for (; !err && id <= last; id++)
    if (rg_refusals_copy(id, &r))
      err= store_refusal(thd, tables->table, &r);
  return err;
}

/* The authenticated account: CURRENT_USER of the session's own login,
   not of a stored program's definer. */
extern "C" void rg_refusal_account(MYSQL_THD thd, char *user, char *host)
{
  const Security_context *sctx= &thd->main_security_ctx;
  strmake(user, sctx->priv_user, RG_REFUSAL_USER_LEN - 1);
  strmake(host, sctx->priv_host, RG_REFUSAL_HOST_LEN - 1);
}

extern "C" int rg_is_refusals_init(void *p)
{
  ST_SCHEMA_TABLE *schema= (ST_SCHEMA_TABLE *) p;
  schema->fields_info= Show::refusals_fields;
  schema->fill_table= fill_refusals;
  return 0;
}

extern "C" int rg_is_origins_init(void *p)
{
  ST_SCHEMA_TABLE *schema= (ST_SCHEMA_TABLE *) p;
  schema->fields_info= Show::origins_fields;
  schema->fill_table= fill_origins;
  return 0;
}

extern "C" int rg_is_status_init(void *p)
{
  ST_SCHEMA_TABLE *schema= (ST_SCHEMA_TABLE *) p;
  schema->fields_info= Show::status_fields;
  schema->fill_table= fill_status;
  return 0;
}

extern "C" int rg_is_events_init(void *p)
{
  ST_SCHEMA_TABLE *schema= (ST_SCHEMA_TABLE *) p;
  schema->fields_info= Show::events_fields;
  schema->fill_table= fill_events;
  return 0;
}

extern "C" int rg_is_checks_init(void *p)
{
  ST_SCHEMA_TABLE *schema= (ST_SCHEMA_TABLE *) p;
  schema->fields_info= Show::checks_fields;
  schema->fill_table= fill_checks;
  return 0;
}
