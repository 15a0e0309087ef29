/*
  replica_guard heartbeat: with replica_guard_heartbeat_interval_ms > 0,
  every server writes one row for its own server_id into
  replica_guard.heartbeat; the row replicates through every hop, and every
  server reads the table to show each origin's freshness
  (information_schema.REPLICA_GUARD_ORIGINS).

  - The table is created by the plugin on this server only, with the binary
    log off for the DDL, so no CREATE travels through replication. It is the
    one table replica_guard writes, and only this server's own row.
  - Rows are written with literal values (no @@server_id, no NOW()), so
    statement-based replication applies exactly what the origin wrote.
  - The writer is its own thread with its own local connection: a write
    blocked by a lock never delays the monitor's polls. It sleeps on a timed
    condition, checks stop_requested on every wake-up, and is joined by the
    daemon's deinit.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <my_global.h>
#include <mysql/plugin.h>
#include <mysql/service_sql.h>
#include "rg_glue.h"
#include "rg_thread.h"

#define ER_NO_SUCH_TABLE_CODE 1146
#define ER_BAD_DB_ERROR_CODE 1049

rg_origins *rg_shared_origins;
char rg_server_version[RG_VERSION_LEN];
unsigned long long rg_stat_heartbeats_written, rg_stat_heartbeat_errors;

static rg_thread writer;

static const char *create_statements[]=
{
  "SET SESSION sql_log_bin= 0",
  "CREATE DATABASE IF NOT EXISTS replica_guard",
  "CREATE TABLE IF NOT EXISTS replica_guard.heartbeat ("
  " server_id INT UNSIGNED NOT NULL PRIMARY KEY"
  "   COMMENT 'the origin server',"
  " origin_us BIGINT NOT NULL"
  "   COMMENT 'origin clock when written, microseconds since the epoch',"
  " sequence BIGINT UNSIGNED NOT NULL COMMENT '+1 per heartbeat',"
  " interval_ms INT UNSIGNED NOT NULL,"
  " plugin_version VARCHAR(64) NOT NULL,"
  " server_version VARCHAR(64) NOT NULL)"
  " COMMENT 'replica_guard heartbeats: one row per origin server'",
  "SET SESSION sql_log_bin= 1",
  NULL
};

static int query(MYSQL *mysql, const char *q)
{
  return mysql_real_query(mysql, q, strlen(q));
}

/* Connects, creates the table if needed and reads where this server's
   sequence stands. Returns 0 on success. */
static int prepare(MYSQL **mysql, unsigned long *server_id,
                   unsigned long long *sequence)
{
  MYSQL_RES *res;
  MYSQL_ROW row;
  *mysql= mysql_init(NULL);
  if (!*mysql || !mysql_real_connect_local(*mysql))
    return 1;
  for (const char **q= create_statements; *q; q++)
    if (query(*mysql, *q))
      return 1;
  if (query(*mysql, "SELECT @@server_id, @@version, (SELECT MAX(sequence) "
            "FROM replica_guard.heartbeat WHERE server_id= @@server_id)") ||
      !(res= mysql_store_result(*mysql)))
    return 1;
  if ((row= mysql_fetch_row(res)))
  {
    *server_id= strtoul(row[0], NULL, 10);
    snprintf(rg_server_version, sizeof(rg_server_version), "%s", row[1]);
    *sequence= row[2] ? strtoull(row[2], NULL, 10) : 0;
  }
  mysql_free_result(res);
  return row ? 0 : 1;
}

static void log_failure(MYSQL *mysql, const char *what)
{
  __atomic_fetch_add(&rg_stat_heartbeat_errors, 1, __ATOMIC_RELAXED);
  rg_log_warning("heartbeat %s failed: %s", what,
                 mysql ? mysql_error(mysql) : "out of memory");
}

static void *writer_main(void *arg)
{
  MYSQL *mysql= NULL;
  unsigned long server_id= 0;
  unsigned long long sequence= 0;
  int failing= 0;
  char q[512];
  (void) arg;
  if (rg_thread_enter(&writer))
    goto end;
  for (;;)
  {
    unsigned interval= rg_sys_heartbeat_interval_ms;
    if (rg_server_shutting_down())
      break;
    if (!interval)
    {
      if (rg_thread_wait(&writer, 1000))
        break;
      continue;
    }
    if (!mysql && prepare(&mysql, &server_id, &sequence))
    {
      if (!failing++)
        log_failure(mysql, "set-up");
      if (mysql)
        mysql_close(mysql);
      mysql= NULL;
    }
    else if (mysql)
    {
      snprintf(q, sizeof(q),
               "REPLACE INTO replica_guard.heartbeat VALUES "
               "(%lu, %lld, %llu, %u, '%s', '%s')", server_id, rg_now_us(),
               sequence + 1, interval, RG_PLUGIN_VERSION_STR,
               rg_server_version);
      if (query(mysql, q))
      {
        if (!failing++)
          log_failure(mysql, "write");
        mysql_close(mysql);
        mysql= NULL;                  /* set up again next time */
      }
      else
      {
        if (failing)
          rg_log_note("heartbeat writes resumed");
        failing= 0;
        sequence++;
        __atomic_fetch_add(&rg_stat_heartbeats_written, 1, __ATOMIC_RELAXED);
      }
    }
    if (rg_thread_wait(&writer, interval))
      break;
  }
end:
  /* At server shutdown the binary log is already gone when the plugin is
     deinitialised: closing a connection that wrote to it would touch freed
     memory, so the process exit reclaims it instead. */
  if (mysql && !rg_server_shutting_down())
    mysql_close(mysql);
  rg_thread_leave();
  return NULL;
}

void rg_heartbeat_read(MYSQL *mysql)
{
  static rg_heartbeat_row rows[RG_MAX_ORIGINS];   /* monitor thread only */
  MYSQL_RES *res;
  MYSQL_ROW row;
  unsigned n= 0;
  long long now;
  if (query(mysql, "SELECT server_id, origin_us, sequence, plugin_version, "
            "server_version FROM replica_guard.heartbeat ORDER BY server_id"))
    return;                       /* no table yet: no origins to show */
  if (!(res= mysql_store_result(mysql)))
    return;
  while (n < RG_MAX_ORIGINS && (row= mysql_fetch_row(res)))
  {
    rg_heartbeat_row *r= &rows[n++];
    r->server_id= strtoul(row[0] ? row[0] : "0", NULL, 10);
    r->origin_us= strtoll(row[1] ? row[1] : "0", NULL, 10);
    r->sequence= strtoull(row[2] ? row[2] : "0", NULL, 10);
    snprintf(r->plugin_version, sizeof(r->plugin_version), "%s",
             row[3] ? row[3] : "");
    snprintf(r->server_version, sizeof(r->server_version), "%s",
             row[4] ? row[4] : "");
  }
  mysql_free_result(res);
  now= rg_now_us();
  rg_shared_lock();
  if (!rg_shared_origins)
  {
    rg_shared_unlock();
    return;
  }
  rg_origins_observe(rg_shared_origins, rows, n, now);
  for (unsigned i= 0; i < rg_shared_origins->count; i++)
  {
    rg_origin *o= &rg_shared_origins->origins[i];
    if (*rg_server_version && !o->version_reported &&
        rg_origin_version_differs(o, RG_PLUGIN_VERSION_STR,
                                  rg_server_version))
    {
      o->version_reported= 1;
      rg_log_warning("origin server %lu runs replica_guard %s on %s, this "
                     "server runs %s on %s: every server of a topology "
                     "should run the same versions", o->last.server_id,
                     o->last.plugin_version, o->last.server_version,
                     RG_PLUGIN_VERSION_STR, rg_server_version);
    }
  }
  rg_shared_unlock();
}

void rg_heartbeat_wake(void)
{
  rg_thread_wake(&writer);
}

int rg_heartbeat_start(void)
{
  rg_shared_origins= malloc(sizeof(rg_origins));
  if (!rg_shared_origins)
    return 1;
  rg_origins_init(rg_shared_origins);
  if (rg_thread_start(&writer, writer_main, NULL))
  {
    rg_log_error("could not start the heartbeat thread");
    free(rg_shared_origins);
    rg_shared_origins= NULL;
    return 1;
  }
  return 0;
}

void rg_heartbeat_stop(void)
{
  rg_thread_stop(&writer);
  rg_shared_lock();
  free(rg_shared_origins);
  rg_shared_origins= NULL;
  rg_shared_unlock();
}
