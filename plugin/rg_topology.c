/* replica_guard topology glue: see rg_topology.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rg_glue.h"
#include "rg_topology.h"

unsigned long long rg_stat_check_errors, rg_stat_check_warnings;

/* ---- state -------------------------------------------------------------- */

/* This server's window and fingerprint (the setters); under the lock. */
static long long window_until_us;
static char schema_fp[RG_SCHEMA_FP_LEN];

/* The published findings and every other server's window; under the
   lock. */
static rg_check_row published[RG_MAX_FINDINGS];
static unsigned n_published;
static struct { unsigned long server_id; long long until_us; }
  windows[RG_MAX_ORIGINS];
static unsigned n_windows;

/* The heartbeat thread's own: this server's configuration and when it
   was read, each origin's newest config, the findings as last logged. */
static rg_config local;
static long long local_read_us;
static struct
{
  unsigned long server_id;
  unsigned claimants;
  long long claimed_until_us;       /* claimants >= 2 until then */
  rg_config c;
} seen[RG_MAX_ORIGINS];
static unsigned n_seen;
static rg_check_row current[RG_MAX_FINDINGS];
static unsigned n_current;

/* ---- any thread ------------------------------------------------------- */

void rg_topology_set_window(long long until_us)
{
  rg_shared_lock();
  window_until_us= until_us > 0 ? until_us : 0;
  rg_shared_unlock();
}

void rg_topology_set_fingerprint(const char *hex)
{
  size_t n= 0;
  rg_shared_lock();
  for (; hex && *hex && n < sizeof(schema_fp) - 1; hex++)
    if ((*hex >= '0' && *hex <= '9') || (*hex >= 'a' && *hex <= 'f'))
      schema_fp[n++]= *hex;
  schema_fp[n]= '\0';
  rg_shared_unlock();
}

long long rg_topology_window_elsewhere(long long now_us,
                                       unsigned long *server_id)
{
  long long until= 0;
  unsigned long id= 0;
  rg_shared_lock();
  for (unsigned i= 0; i < n_windows; i++)
    if (windows[i].until_us > now_us && windows[i].until_us > until)
    {
      until= windows[i].until_us;
      id= windows[i].server_id;
    }
  rg_shared_unlock();
  if (server_id)
    *server_id= id;
  return until;
}

int rg_topology_finding(unsigned i, rg_check_row *out)
{
  int found;
  rg_shared_lock();
  /* None while the REPLICA_GUARD daemon is not running (its shared state
     is gone): nothing checks them then, as nothing reads heartbeats. */
  if ((found= rg_shared_origins && i < n_published))
    *out= published[i];
  rg_shared_unlock();
  return found;
}

/* ---- the heartbeat thread --------------------------------------------- */

/* The columns, in the order rg_topology_hb_local() reads them. The
   instance is a digest of what tells two servers apart (MariaDB has no
   server UUID); GLOBAL values, whatever the session's. */
const char rg_topology_config_query[]=
  "SELECT @@server_id, @@version,"
  " MD5(CONCAT(@@hostname, ':', @@port, ':', @@datadir)),"
  " @@global.gtid_domain_id, @@global.auto_increment_increment,"
  " @@global.auto_increment_offset, @@log_bin, @@log_slave_updates,"
  " @@global.binlog_format, @@sync_binlog, @@read_only";

/* Not @@replicate_do_db and its kin: they are the filters of the session's
   default_master_connection, and reading them can fail with error 1617
   ("There is no master connection ''"), failing the heartbeat with it:
   seen in MariaDB's rpl sample while a replica's connections were being
   torn down. The filters come from the monitor's poll of SHOW ALL SLAVES
   STATUS instead (complete_local()), which also serves named
   connections. */
#define N_CONFIG_COLUMNS 11

static long long number(const char *v)
{
  return v ? strtoll(v, NULL, 10) : -1;
}

static void text(char *field, size_t size, const char *v)
{
  snprintf(field, size, "%s", v ? v : "");
}

void rg_topology_hb_local(char **row, unsigned n, long long now_us)
{
  rg_config *c= &local;
  if (n < N_CONFIG_COLUMNS)
    return;
  rg_config_init(c);
  c->server_id= number(row[0]);
  text(c->server_version, sizeof(c->server_version), row[1]);
  text(c->instance, sizeof(c->instance), row[2]);
  c->gtid_domain_id= number(row[3]);
  c->auto_increment_increment= number(row[4]);
  c->auto_increment_offset= number(row[5]);
  c->log_bin= number(row[6]);
  c->log_slave_updates= number(row[7]);
  text(c->binlog_format, sizeof(c->binlog_format), row[8]);
  c->sync_binlog= number(row[9]);
  c->read_only= number(row[10]);
  text(c->plugin_version, sizeof(c->plugin_version), RG_PLUGIN_VERSION_STR);
  local_read_us= now_us;
}

int rg_topology_hb_local_due(long long now_us, long long max_age_us)
{
  return !local_read_us || now_us - local_read_us >= max_age_us;
}

/*
  The parts of the local configuration other threads own, as of now:
  report_server, the window and fingerprint, the source of each replica
  connection (0 while not known) and the connections whose filters drop
  heartbeats. advice gets the first such connection's line (may be NULL).
*/
static void complete_local(char *advice, size_t size)
{
  rg_config *c= &local;
  size_t len= 0;
  c->report_server= rg_sys_report_server ? 1 : 0;
  c->replica_writes= (long long) rg_sys_replica_writes;
  c->errant_writes= (long long) __atomic_load_n(&rg_stat_replica_writes,
                                                __ATOMIC_RELAXED);
  c->sources[0]= c->hb_filtered[0]= '\0';
  c->do_db[0]= c->ignore_db[0]= c->do_table[0]= c->ignore_table[0]= '\0';
  c->wild_do_table[0]= c->wild_ignore_table[0]= '\0';
  if (advice)
    advice[0]= '\0';
  rg_shared_lock();
  c->window_until_us= window_until_us;
  snprintf(c->schema_fp, sizeof(c->schema_fp), "%s", schema_fp);
  if (rg_shared_monitor)
    for (unsigned i= 0; i < rg_shared_monitor->n_conns; i++)
    {
      const rg_sample *s= &rg_shared_monitor->conns[i].last;
      if (!i || !s->connection_name[0])
      {
        /* The filters of the default connection, else of the first. */
        text(c->do_db, sizeof(c->do_db), s->replicate_do_db);
        text(c->ignore_db, sizeof(c->ignore_db), s->replicate_ignore_db);
        text(c->do_table, sizeof(c->do_table), s->replicate_do_table);
        text(c->ignore_table, sizeof(c->ignore_table),
             s->replicate_ignore_table);
        text(c->wild_do_table, sizeof(c->wild_do_table),
             s->replicate_wild_do_table);
        text(c->wild_ignore_table, sizeof(c->wild_ignore_table),
             s->replicate_wild_ignore_table);
      }
      len+= (size_t) snprintf(c->sources + len, len < sizeof(c->sources)
                              ? sizeof(c->sources) - len : 0, "%s%lu",
                              i ? "," : "", s->master_server_id);
      if (len >= sizeof(c->sources))
        len= sizeof(c->sources) - 1;
      if (s->heartbeat_advice[0])
      {
        size_t h= strlen(c->hb_filtered);
        snprintf(c->hb_filtered + h, sizeof(c->hb_filtered) - h, "%s%s",
                 h ? "," : "", s->connection_name[0] ? s->connection_name
                                                     : "(default)");
        if (advice && !advice[0])
          snprintf(advice, size, "%s", s->heartbeat_advice);
      }
    }
  rg_shared_unlock();
}

/* The bytes a config literal may hold between quotes. */
#define QUOTE_SAFE "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
  "0123456789 =;.,_:%/+-()*#!?<>"

int rg_topology_hb_config_literal(char *out, size_t size)
{
  char config[RG_CONFIG_TEXT_LEN + 1];
  static const char hex[]= "0123456789abcdef";
  int len;
  size_t n;
  complete_local(NULL, 0);
  /* Too long (filter lists): the pairs that fit, instance first. */
  if ((len= rg_config_format(&local, config, sizeof(config))) < 0)
    len= (int) strlen(config);
  if (size < 2 * (size_t) len + 16)
    return 1;
  /* Bytes above ASCII (a filter list's database names, in the connection's
     character set) are sent as '?': bytes that are not utf8mb4 would fail
     the INSERT in a strict sql_mode, and stop heartbeats. The literal is
     quoted when every byte is one that every sql_mode and client
     character set reads alike (no quote, no backslash, none of the
     characters swe7 redefines), else hex: quoted, it is half the bytes of
     each heartbeat in the binary log. */
  for (int i= 0; i < len; i++)
    if ((unsigned char) config[i] >= 0x80)
      config[i]= '?';
  if (strspn(config, QUOTE_SAFE) == (size_t) len)
    n= (size_t) snprintf(out, size, "_utf8mb4 '%s'", config);
  else
  {
    n= (size_t) snprintf(out, size, "_utf8mb4 X'");
    for (int i= 0; i < len; i++)
    {
      out[n++]= hex[(unsigned char) config[i] >> 4];
      out[n++]= hex[config[i] & 15];
    }
    out[n++]= '\'';
    out[n]= '\0';
  }
  return 0;
}

void rg_topology_hb_row(unsigned long server_id, const char *config,
                        size_t length, unsigned claimants, long long hold_us,
                        long long now_us)
{
  unsigned i= 0;
  while (i < n_seen && seen[i].server_id != server_id)
    i++;
  if (i == n_seen)
  {
    if (n_seen == RG_MAX_ORIGINS)
      return;
    n_seen++;
    seen[i].claimed_until_us= 0;
  }
  seen[i].server_id= server_id;
  if (claimants > 1)
    seen[i].claimed_until_us= now_us + hold_us;
  else if (now_us < seen[i].claimed_until_us)
    claimants= 2;
  seen[i].claimants= claimants;
  rg_config_init(&seen[i].c);
  rg_config_parse(config ? config : "", config ? length : 0, &seen[i].c);
}

static const rg_config *seen_config(unsigned long server_id,
                                    unsigned *claimants)
{
  for (unsigned i= 0; i < n_seen; i++)
    if (seen[i].server_id == server_id)
    {
      *claimants= seen[i].claimants;
      return &seen[i].c;
    }
  *claimants= 0;
  return NULL;
}

static const rg_check_row *find(const rg_check_row *rows, unsigned n,
                                const rg_finding *f)
{
  for (unsigned i= 0; i < n; i++)
    if (!strcmp(rows[i].finding.check, f->check) &&
        !strcmp(rows[i].finding.servers, f->servers))
      return &rows[i];
  return NULL;
}

/* Whether a finding's appearance and clearing are logged here. A
   heartbeat_filtered finding is not: the monitor thread logs the same
   advice per replica connection at start-up and whenever the
   connection's filters change (rg_monitor_thread.c), one line each. */
static int logged_here(const rg_finding *f)
{
  return strcmp(f->check, "heartbeat_filtered") != 0;
}

void rg_topology_hb_recheck(long long now_us)
{
  static rg_check_server servers[RG_MAX_ORIGINS + 1];
  static rg_finding found[RG_MAX_FINDINGS];
  static rg_check_row next[RG_MAX_FINDINGS];
  char advice[RG_CHECK_ADVICE_LEN];
  /* In server_id order (origins are sorted), this server at local_at:
     the SERVERS lists come out sorted. */
  unsigned n= 0, n_found, errors= 0, warnings= 0, local_at= 0;
  int placed= 0;
  if (!local_read_us || local.server_id < 0)
    return;
  complete_local(advice, sizeof(advice));
  rg_shared_lock();
  for (unsigned i= 0; rg_shared_origins && i < rg_shared_origins->count; i++)
  {
    const rg_origin *o= &rg_shared_origins->origins[i];
    rg_check_server *s= &servers[n];
    const rg_config *c;
    if (!o->observed_us || (long long) o->last.server_id == local.server_id)
      continue;                         /* not heard yet; this server */
    if (!placed && (long long) o->last.server_id > local.server_id)
    {
      local_at= n++;                    /* this server's place, kept */
      placed= 1;
      s= &servers[n];
    }
    if ((c= seen_config(o->last.server_id, &s->claimants)))
      s->config= *c;
    else
      rg_config_init(&s->config);
    /* The columns are authoritative (a row without config still has
       them). */
    s->config.server_id= (long long) o->last.server_id;
    snprintf(s->config.plugin_version, sizeof(s->config.plugin_version),
             "%s", o->last.plugin_version);
    snprintf(s->config.server_version, sizeof(s->config.server_version),
             "%s", o->last.server_version);
    s->local= 0;
    s->origin_us= o->last.origin_us;
    s->observed_us= o->observed_us;
    n++;
  }
  rg_shared_unlock();
  if (!placed)
    local_at= n++;                      /* the last place */
  servers[local_at].config= local;
  seen_config((unsigned long) local.server_id, &servers[local_at].claimants);
  servers[local_at].local= 1;
  servers[local_at].origin_us= servers[local_at].observed_us= 0;
  n_found= rg_checks_run(servers, n, now_us, *advice ? advice : NULL, found,
                         RG_MAX_FINDINGS);

  /* Log what appeared and what cleared; keep when each was first found. */
  for (unsigned i= 0; i < n_found; i++)
  {
    const rg_check_row *old= find(current, n_current, &found[i]);
    next[i].finding= found[i];
    next[i].since_us= old ? old->since_us : now_us;
    if (found[i].severity == RG_CHECK_ERROR)
      errors++;
    else
      warnings++;
    if (!old && logged_here(&found[i]))
      rg_log_warning("check", "%s %s (servers %s): %s",
                     rg_check_severity_name(found[i].severity),
                     found[i].check, found[i].servers, found[i].advice);
  }
  for (unsigned i= 0; i < n_current; i++)
    if (!find(next, n_found, &current[i].finding) &&
        logged_here(&current[i].finding))
      rg_log_note("check", "cleared: %s (servers %s)",
                  current[i].finding.check, current[i].finding.servers);
  memcpy(current, next, n_found * sizeof(*next));
  n_current= n_found;

  rg_shared_lock();
  memcpy(published, next, n_found * sizeof(*next));
  n_published= n_found;
  n_windows= 0;
  for (unsigned i= 0; i + 1 < n && n_windows < RG_MAX_ORIGINS; i++)
    if (servers[i].config.window_until_us > 0)
    {
      windows[n_windows].server_id= (unsigned long) servers[i].config.server_id;
      windows[n_windows++].until_us= servers[i].config.window_until_us;
    }
  rg_shared_unlock();
  __atomic_store_n(&rg_stat_check_errors, errors, __ATOMIC_RELAXED);
  __atomic_store_n(&rg_stat_check_warnings, warnings, __ATOMIC_RELAXED);
}
