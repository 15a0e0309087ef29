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
  - Every heartbeat is a new row (server_id, sequence, origin_us): row-based
    replication then only ever carries inserts of new keys, which apply on
    any copy of the table. An UPDATE or REPLACE of one row per origin would
    stop a replica's applier ("Can't find record") wherever that row had
    not arrived yet: a safety tool must never break replication. Each
    server prunes old rows of every origin itself, out of the binary log.
  - The writer is its own thread: a write blocked by a lock never delays the
    monitor's polls. It opens a local connection per heartbeat and closes it
    right after: the server cleans up the binary log before it deinitialises
    plugins, and closing a connection that wrote to the binary log after
    that would touch freed memory. Writes stop once shutdown has begun.
*/
#define _GNU_SOURCE 1               /* pthread_setname_np() */
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
#include "rg_shared.h"
#include "rg_topology.h"

char rg_server_version[RG_VERSION_LEN];
unsigned long long rg_stat_heartbeats_written, rg_stat_heartbeat_errors;

static rg_thread writer;

static const char *create_statements[]=
{
  "SET SESSION sql_log_bin= 0, SESSION lock_wait_timeout= 2",
  "CREATE DATABASE IF NOT EXISTS replica_guard",
  "CREATE TABLE IF NOT EXISTS replica_guard.heartbeat ("
  " server_id INT UNSIGNED NOT NULL COMMENT 'the origin server',"
  " origin_us BIGINT NOT NULL"
  "   COMMENT 'origin clock when written, microseconds since the epoch',"
  " sequence BIGINT UNSIGNED NOT NULL COMMENT '+1 per heartbeat',"
  " interval_ms INT UNSIGNED NOT NULL,"
  " plugin_version VARCHAR(64) NOT NULL,"
  " server_version VARCHAR(64) NOT NULL,"
  " PRIMARY KEY (server_id, sequence, origin_us))"
  " COMMENT 'replica_guard heartbeats, newest per origin = highest sequence'",
  /* The configuration each server publishes (rg_checks.h): added to
     tables made before it existed; later keys need no DDL. INVISIBLE:
     an INSERT without a column list, as versions before it write, still
     applies (statement-based replication from a server not upgraded). */
  "ALTER TABLE replica_guard.heartbeat ADD COLUMN IF NOT EXISTS"
  " config VARCHAR(2000) CHARACTER SET utf8mb4 NOT NULL DEFAULT ''"
  "   INVISIBLE COMMENT 'the origin''s configuration, key=value; pairs'",
  "SET SESSION sql_log_bin= 1",
  NULL
};

static int query(MYSQL *mysql, const char *q)
{
  return mysql_real_query(mysql, q, strlen(q));
}

/*
  The heartbeat thread's connection for one tick: its read, prune and write
  share it, and it is closed at the end of the tick, the write last, for
  two reasons the server imposes. A connection that has read an InnoDB
  table holds an InnoDB transaction object until it is closed, and InnoDB
  refuses to shut down (an assertion) while one exists; it shuts down
  before this plugin is deinitialised. And the server cleans up the binary
  log before it deinitialises plugins, so a connection that wrote to it
  must be closed right after the write. One connection per tick, not one
  per statement kind, halves the THDs made and freed, whose churn
  fragments the thread's malloc arena (bench/soak).
*/
static MYSQL *connect_local(void)
{
  MYSQL *mysql= mysql_init(NULL);
  if (mysql && !mysql_real_connect_local(mysql))
  {
    mysql_close(mysql);
    return NULL;
  }
  return mysql;
}

/*
  Every statement the heartbeat thread runs has its result checked. The
  kinds of work below fail independently (a locked table stops reads, not
  writes); each failure is counted in Replica_guard_heartbeat_errors, and
  the error log gets one line when a kind starts failing and one when it
  works again, however many attempts fail in between.
*/
enum hb_work { HB_SETUP= 0, HB_WRITE, HB_READ, HB_PRUNE };
static const char *const hb_work_names[]=
{ "set-up", "write", "read", "prune" };
static unsigned failing_work;             /* bit per hb_work; this thread */

/* Records the outcome of one kind of work; mysql may be NULL (the local
   connection could not be opened). Returns failed. */
static int outcome(enum hb_work work, MYSQL *mysql, int failed)
{
  unsigned bit= 1U << work;
  if (failed)
  {
    __atomic_fetch_add(&rg_stat_heartbeat_errors, 1, __ATOMIC_RELAXED);
    if (!(failing_work & bit))
      rg_log_warning("heartbeat", "%s failed: error %u: %s; counted in "
                     "Replica_guard_heartbeat_errors until it works again",
                     hb_work_names[work], mysql ? mysql_errno(mysql) : 0,
                     mysql ? mysql_error(mysql) : "no local connection");
    failing_work|= bit;
  }
  else if (failing_work & bit)
  {
    failing_work&= ~bit;
    rg_log_note("heartbeat", "%s works again", hb_work_names[work]);
  }
  return failed;
}

/* Creates the table if needed (binary log off) and reads where this
   server's sequence stands. Returns 0 on success. */
static int prepare(unsigned long long *sequence)
{
  MYSQL *mysql= connect_local();
  MYSQL_RES *res= NULL;
  MYSQL_ROW row= NULL;
  int failed= !mysql;
  for (const char **q= create_statements; !failed && *q; q++)
    failed= query(mysql, *q);
  if (!failed &&
      !query(mysql, "SELECT MAX(sequence), @@version FROM "
             "replica_guard.heartbeat WHERE server_id= @@server_id") &&
      (res= mysql_store_result(mysql)) && (row= mysql_fetch_row(res)))
  {
    *sequence= row[0] ? strtoull(row[0], NULL, 10) : 0;
    snprintf(rg_server_version, sizeof(rg_server_version), "%s", row[1]);
  }
  outcome(HB_SETUP, mysql, failed= failed || !row);
  if (res)
    mysql_free_result(res);
  if (mysql)
    mysql_close(mysql);
  return failed;
}

/* How old this server's own configuration may be when the checks run
   after a read (a write reads it afresh). */
#define CONFIG_REFRESH_US (1000 * 1000LL)

/* Reads this server's configuration (rg_topology.h); 0 on success. */
static int read_config(MYSQL *mysql)
{
  MYSQL_RES *res= NULL;
  MYSQL_ROW row= NULL;
  int failed= query(mysql, rg_topology_config_query) ||
    !(res= mysql_store_result(mysql)) || !(row= mysql_fetch_row(res));
  if (!failed)
    rg_topology_hb_local(row, mysql_num_fields(res), rg_now_us());
  if (res)
    mysql_free_result(res);
  return failed;
}

/* Writes heartbeat number sequence; returns 0 on success. */
static int write_heartbeat(MYSQL *mysql, unsigned long long sequence,
                           unsigned interval)
{
  /* Heartbeat thread only: the config literal is up to 4 kB. */
  static char config[2 * RG_CONFIG_TEXT_LEN + 16], q[sizeof(config) + 512];
  MYSQL_RES *res= NULL;
  MYSQL_ROW row= NULL;
  int failed= !mysql ||
    query(mysql, rg_topology_config_query) ||
    !(res= mysql_store_result(mysql)) || !(row= mysql_fetch_row(res));
  if (!failed)
  {
    /* Every heartbeat carries the configuration of its time. */
    rg_topology_hb_local(row, mysql_num_fields(res), rg_now_us());
    if (rg_topology_hb_config_literal(config, sizeof(config)))
      snprintf(config, sizeof(config), "''");
    snprintf(rg_server_version, sizeof(rg_server_version), "%s", row[1]);
    /* Literal values only: replicas apply exactly what was written here.
       Default database replica_guard and the table unqualified: a
       replica's replicate-do-db (and -ignore-db) tests a statement by its
       default database and a row event by its table's, so the one line
       replicate-do-db=replica_guard lets heartbeats through in both
       formats (rg_replfilter.h). */
    snprintf(q, sizeof(q),
             "INSERT INTO heartbeat (server_id, origin_us, sequence, "
             "interval_ms, plugin_version, server_version, config) VALUES "
             "(%s, %lld, %llu, %u, '%s', '%s', %s)", row[0], rg_now_us(),
             sequence, interval, RG_PLUGIN_VERSION_STR, rg_server_version,
             config);
    failed= query(mysql, "SET SESSION sql_log_bin= 1") ||
            query(mysql, "USE replica_guard") || query(mysql, q);
  }
  outcome(HB_WRITE, mysql, failed);
  if (res)
    mysql_free_result(res);
  return failed;
}

/*
  Pruning keeps replica_guard.heartbeat bounded: at most KEEP_PER_ORIGIN +
  PRUNE_SLACK rows per origin, plus what arrives within one read. An
  origin is pruned when its newest sequence has moved PRUNE_SLACK past the
  point of its last prune (or at its first read since start-up), so the
  cost is one range DELETE on the primary key per PRUNE_SLACK heartbeats,
  whatever the rates of writer and reader.
*/
#define KEEP_PER_ORIGIN 16
#define PRUNE_SLACK 64

/* The newest sequence of each origin when it was last pruned. */
static struct { unsigned long server_id; unsigned long long top; }
  pruned[RG_MAX_ORIGINS];                 /* heartbeat thread only */
static unsigned n_pruned;

/* Returns the prune record of server_id, a new one (top 0) when unknown,
   or NULL when the table is full (that origin is then not pruned). */
static unsigned long long *pruned_top(unsigned long server_id)
{
  for (unsigned i= 0; i < n_pruned; i++)
    if (pruned[i].server_id == server_id)
      return &pruned[i].top;
  if (n_pruned == RG_MAX_ORIGINS)
    return NULL;
  pruned[n_pruned].server_id= server_id;
  pruned[n_pruned].top= 0;
  return &pruned[n_pruned++].top;
}

/*
  Deletes all but the newest KEEP_PER_ORIGIN rows of every origin of rows[]
  that is due. The statements name the table with its schema (the local
  connection has no default database) and run with the binary log off:
  every server prunes its own copy, and a replicated DELETE would stop a
  replica's applier wherever the rows were already pruned.
*/
static void prune(MYSQL *mysql, const rg_heartbeat_row *rows, unsigned n)
{
  int binlog_off= 0;
  for (unsigned i= 0; i < n; i++)
  {
    unsigned long long *top= pruned_top(rows[i].server_id);
    char q[160];
    if (!top || rows[i].sequence <= KEEP_PER_ORIGIN ||
        (*top && rows[i].sequence < *top + PRUNE_SLACK))
      continue;
    if (!binlog_off &&
        outcome(HB_PRUNE, mysql, query(mysql, "SET SESSION sql_log_bin= 0")))
      return;
    binlog_off= 1;
    snprintf(q, sizeof(q), "DELETE FROM replica_guard.heartbeat WHERE "
             "server_id = %lu AND sequence <= %llu", rows[i].server_id,
             rows[i].sequence - KEEP_PER_ORIGIN);
    if (outcome(HB_PRUNE, mysql, query(mysql, q)))
      return;
    *top= rows[i].sequence;
  }
}

/* Reads the newest heartbeat of every origin into rg_shared_origins.
   Returns the number of origins read (0 also when there is no table). */
static unsigned read_heartbeats(MYSQL *mysql)
{
  static rg_heartbeat_row rows[RG_MAX_ORIGINS];   /* heartbeat thread only */
  MYSQL_RES *res;
  MYSQL_ROW row;
  unsigned n= 0;
  long long now;
  if (!mysql)
  {
    outcome(HB_READ, NULL, 1);
    return 0;
  }
  /* claimants: 1, or 2 when rows of one server_id kept here come from two
     instances or more (the config's first pair, rg_checks.h; 41
     characters). MIN and MAX of a short prefix, not COUNT(DISTINCT) of
     the text: the derived table then stays a temporary table in memory.
     One on disk is named after the thread id, 0 for every local
     connection, so two of the plugin's threads could share the file
     (seen: "Table file is corrupted", then a crash). */
  if (query(mysql, "SELECT h.server_id, h.origin_us, h.sequence, "
            "h.plugin_version, h.server_version, h.config, n.claimants, "
            "h.interval_ms "
            "FROM replica_guard.heartbeat h JOIN (SELECT server_id, "
            "MAX(sequence) AS top, 1 + (MIN(NULLIF(LEFT(config, 41), '')) "
            "<> MAX(NULLIF(LEFT(config, 41), ''))) AS claimants "
            "FROM replica_guard.heartbeat GROUP BY "
            "server_id) n ON h.server_id = n.server_id "
            "AND h.sequence = n.top") ||
      !(res= mysql_store_result(mysql)))
  {
    /* The table exists since prepare(): a failure here is real (a lock
       held longer than lock_wait_timeout, a dropped table). */
    outcome(HB_READ, mysql, 1);
    return 0;
  }
  outcome(HB_READ, mysql, 0);
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
    /* A second instance's rows can be pruned by the first one's newer
       sequence numbers, and come back with its next heartbeat: seen
       once, it counts until a whole prune cycle of the origin passed. */
    rg_topology_hb_row(r->server_id, row[5], row[5] ? strlen(row[5]) : 0,
                       (unsigned) strtoul(row[6] ? row[6] : "0", NULL, 10),
                       (KEEP_PER_ORIGIN + PRUNE_SLACK + 1) * 1000LL *
                       (long long) strtoul(row[7] ? row[7] : "0", NULL, 10),
                       rg_now_us());
  }
  mysql_free_result(res);
  now= rg_now_us();
  prune(mysql, rows, n);
  rg_shared_lock();               /* rg_shared_origins outlives this
                                     thread (rg_shared.h) */
  rg_origins_observe(rg_shared_origins, rows, n, now);
  rg_shared_unlock();
  /* The configuration checks (rg_topology.h), with this server's own
     configuration at most CONFIG_REFRESH_US old. */
  if (rg_topology_hb_local_due(now, CONFIG_REFRESH_US))
    read_config(mysql);
  rg_topology_hb_recheck(now);
  return n;
}

/*
  The heartbeat thread: writes this server's heartbeats and reads everyone's.
  It is not the monitor thread, so a heartbeat table held by a lock (a
  DBA's LOCK TABLES, a long transaction) delays heartbeats, never the
  replica monitor. Its connections give up on a lock after
  lock_wait_timeout= 2 s (set in create_statements and on every tick's
  connection).

  Cadence: a tick is the heartbeat interval, or the poll interval when that
  is shorter or heartbeats are off. Every tick reads; a heartbeat is written
  once per heartbeat interval (not per tick: with polls at 100 ms and
  heartbeats at 200 ms, five a second, not ten), the interval counted from
  the previous write, and at once when the interval is changed.
  A server that neither writes nor has ever received a heartbeat is idle: a
  read (its own connection, an InnoDB join) costs several status polls
  (~400 us against ~120 us), and a first heartbeat can only arrive through
  replication, which moves a replica connection's Gtid_Slave_Pos. So an
  idle thread sleeps until the monitor reports such a move
  (rg_heartbeat_replication_applied()), then reads at most every
  IDLE_READ_US; and reads every IDLE_SAFETY_US whatever. It does not wake
  every tick: at 100 ms those empty wake-ups alone would cost about half
  of what the monitor's polls cost.
*/
#define IDLE_READ_US (2 * 1000000LL)
#define IDLE_SAFETY_US (60 * 1000000LL)

/*
  Set by the monitor thread when replication applied something, taken by
  the heartbeat thread; idle_waiting says that the heartbeat thread sleeps
  idle and must be woken for it. Each side stores its flag, then reads the
  other's (sequentially consistent), so a move is never missed by both.
*/
static int replication_news, idle_waiting;

void rg_heartbeat_replication_applied(void)
{
  /* Only the first move since the last read needs a wake. */
  if (!__atomic_exchange_n(&replication_news, 1, __ATOMIC_SEQ_CST) &&
      __atomic_load_n(&idle_waiting, __ATOMIC_SEQ_CST))
    rg_thread_wake(&writer);
}

/* Milliseconds from now until the time us (rg_now_us()), at least min. */
static unsigned ms_until(long long us, unsigned min)
{
  long long ms= (us - rg_now_us()) / 1000 + 1;
  return ms > (long long) min ? (unsigned) ms : min;
}

static void *heartbeat_main(void *arg)
{
  unsigned long long sequence= 0;
  int prepared= 0;
  int seen_any= 0;
  long long next_read= 0, next_safety_read= 0, next_write= 0;
  unsigned written_interval= 0;       /* the interval next_write is for */
  (void) arg;
  /* Named for top -H, perf and bench/monitor-cpu (at most 15 characters). */
  pthread_setname_np(pthread_self(), "rg_heartbeat");
  if (!rg_thread_enter(&writer))
    for (;;)
    {
      unsigned interval= rg_sys_heartbeat_interval_ms;
      unsigned tick= interval && interval < rg_sys_poll_interval_ms
                     ? interval : rg_sys_poll_interval_ms;
      unsigned wait_ms;
      long long now;
      if (rg_server_shutting_down())
        break;
      now= rg_now_us();
      if (interval != written_interval)
        next_write= 0;                  /* a new interval starts now */
      if (interval || seen_any)
        next_read= 0;                   /* not idle (any more): every tick */
      /* The table is created as soon as the server runs, heartbeats or not:
         a replica must have it before the first heartbeat arrives from
         upstream, or its applier would stop on the missing table. */
      if (!prepared)
        prepared= !prepare(&sequence);
      else
      {
        int write_due= interval && now >= next_write;
        int read_due= now >= next_read &&
          (__atomic_exchange_n(&replication_news, 0, __ATOMIC_SEQ_CST) ||
           interval || seen_any || now >= next_safety_read);
        MYSQL *mysql= write_due || read_due ? connect_local() : NULL;
        if (mysql && query(mysql, "SET SESSION lock_wait_timeout= 2"))
        {
          mysql_close(mysql);
          mysql= NULL;
        }
        if (read_due)
        {
          seen_any|= read_heartbeats(mysql) > 0;
          next_safety_read= now + IDLE_SAFETY_US;
        }
        if (now >= next_read)
          next_read= interval || seen_any ? 0 : now + IDLE_READ_US;
        if (write_due)
        {
          next_write= now + (long long) interval * 1000;
          written_interval= interval;
          if (!write_heartbeat(mysql, sequence + 1, interval))
          {
            sequence++;
            __atomic_fetch_add(&rg_stat_heartbeats_written, 1,
                               __ATOMIC_RELAXED);
          }
        }
        if (mysql)
          mysql_close(mysql);
        rg_window_heartbeat_tick();
      }
      wait_ms= prepared ? tick : 1000;
      if (prepared && interval)
      {
        unsigned until_write= ms_until(next_write, 1);
        if (until_write < wait_ms)
          wait_ms= until_write;
      }
      if (prepared && next_read)
      {
        /* Idle: the next read is at next_read if replication moved by
           then, else at next_safety_read. */
        __atomic_store_n(&idle_waiting, 1, __ATOMIC_SEQ_CST);
        wait_ms= ms_until(__atomic_load_n(&replication_news, __ATOMIC_SEQ_CST)
                          ? next_read : next_safety_read, wait_ms);
      }
      /* Woken early when a setting changes (rg_heartbeat_wake). */
      if (rg_thread_wait(&writer, wait_ms))
        break;
      __atomic_store_n(&idle_waiting, 0, __ATOMIC_SEQ_CST);
    }
  rg_thread_leave();
  return NULL;
}

void rg_heartbeat_wake(void)
{
  rg_thread_wake(&writer);
}

/* Starts the thread that fills rg_shared_origins (rg_shared_start() has
   run); 0 on success. */
int rg_heartbeat_start(void)
{
  if (!rg_thread_start(&writer, heartbeat_main, NULL))
    return 0;
  rg_log_error("start", "could not start the heartbeat thread");
  return 1;
}

void rg_heartbeat_stop(void)
{
  rg_thread_stop(&writer);
}
