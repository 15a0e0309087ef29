/*
  replica_guard topology checks: every server publishes its replication
  configuration in its heartbeats (the `config` column of
  replica_guard.heartbeat) and checks what the others publish against its
  own. The findings are the rows of information_schema.REPLICA_GUARD_CHECKS.

  Contract: no allocation, no global state, no locks, no server header.
  The caller gathers the configurations and owns every buffer.

  The config text: `key=value` pairs, each ended by ';', in any order
  except that the first pair is always `instance=<32 hex digits>`, the MD5
  of "@@hostname:@@port:@@datadir" (MariaDB has no server UUID): SQL groups
  rows by that pair to find two servers claiming one server_id. In a
  value, '\' and ';' are written as "\\" and "\;"; a key is [a-z0-9_]+.
  Unknown keys are skipped when read (newer servers may add keys; no DDL
  is needed for them) and a missing key reads as "unknown", which no check
  counts against a server. Keys:
    instance, server_id, gtid_domain_id, auto_increment_increment,
    auto_increment_offset, log_bin, log_slave_updates, binlog_format,
    sync_binlog, read_only, report_server (0/1 or numbers as the server
    shows them), sources (the Master_Server_Id of each replica connection,
    comma-separated, 0 when not known yet), do_db, ignore_db, do_table,
    ignore_table, wild_do_table, wild_ignore_table (the replicate-*
    filters of the default connection, as the server shows them),
    hb_filtered (names of the replica connections whose filters drop
    heartbeats, "(default)" for the unnamed one), plugin_version,
    server_version, window_until_us (end of an open update window on this
    server's clock, 0: none), schema_fp (hex fingerprint of the
    replicated schemas' structure, "": not computed), replica_writes
    (replica_guard_replica_writes: 0 ALLOW, 1 WARN, 2 REFUSE),
    errant_writes (Replica_guard_replica_writes: changes that did not
    come from replication and ran on it since it started).
  The time of the configuration is the row's origin_us column.
*/
#ifndef RG_CHECKS_H
#define RG_CHECKS_H

#include <stddef.h>
#include "rg_origins.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RG_CONFIG_TEXT_LEN 2000   /* the column is VARCHAR(2000) */
#define RG_SCHEMA_FP_LEN 65       /* 64 hex digits + NUL */
#define RG_INSTANCE_LEN 40
#define RG_CONFIG_LIST_LEN 256    /* sources, filter lists */
#define RG_MAX_FINDINGS 32
#define RG_CHECK_SERVERS_LEN 128
#define RG_CHECK_ADVICE_LEN 400

/* Clock offset bound: a server whose clock is proven ahead of this one by
   more than this is reported (see rg_checks_run). */
#define RG_CLOCK_BOUND_US (1000 * 1000LL)

/* One server's published configuration. Numbers are -1 when unknown. */
typedef struct rg_config
{
  char instance[RG_INSTANCE_LEN];
  long long server_id;
  long long gtid_domain_id;
  long long auto_increment_increment, auto_increment_offset;
  long long log_bin, log_slave_updates, sync_binlog, read_only,
    report_server;
  char binlog_format[16];
  char sources[RG_CONFIG_LIST_LEN];
  char do_db[RG_CONFIG_LIST_LEN], ignore_db[RG_CONFIG_LIST_LEN],
    do_table[RG_CONFIG_LIST_LEN], ignore_table[RG_CONFIG_LIST_LEN],
    wild_do_table[RG_CONFIG_LIST_LEN], wild_ignore_table[RG_CONFIG_LIST_LEN];
  char hb_filtered[RG_CONFIG_LIST_LEN];
  char plugin_version[RG_VERSION_LEN];
  char server_version[RG_VERSION_LEN];
  long long window_until_us;
  char schema_fp[RG_SCHEMA_FP_LEN];
  long long replica_writes, errant_writes;
} rg_config;

/* All numbers unknown, all texts empty. */
void rg_config_init(rg_config *c);

/* Writes c as config text into out[0..size) (NUL-terminated); unknown
   numbers and empty texts are left out (they parse back the same).
   Returns the length, or -1 when it did not fit (out then holds whole
   pairs only). */
int rg_config_format(const rg_config *c, char *out, size_t size);

/* Reads config text text[0..length) into c (rg_config_init first): keys
   it knows are set, others skipped; a value too long for its field is
   cut. Returns the number of keys read. */
int rg_config_parse(const char *text, size_t length, rg_config *c);

/* One server as this server sees it. */
typedef struct rg_check_server
{
  rg_config config;
  int local;                /* this server (exactly one should be) */
  long long origin_us;      /* its newest heartbeat, its own clock */
  long long observed_us;    /* local time that heartbeat was first seen */
  unsigned claimants;       /* different instances seen with its server_id in
                               the heartbeat table (0 or 1: no conflict) */
} rg_check_server;

typedef enum rg_check_severity
{
  RG_CHECK_WARNING= 1,
  RG_CHECK_ERROR= 2
} rg_check_severity;

typedef struct rg_finding
{
  rg_check_severity severity;
  const char *check;                  /* static, stable name */
  char servers[RG_CHECK_SERVERS_LEN]; /* server_ids, "1,3" */
  char advice[RG_CHECK_ADVICE_LEN];   /* one line naming the fix */
} rg_finding;

/* "ERROR" or "WARNING". */
const char *rg_check_severity_name(rg_check_severity s);

/*
  Runs every check on servers[0..n) at local time now_us and writes at
  most max findings into out; returns their number. Findings come in a
  fixed order (by check, then servers), so two runs on the same input
  give the same rows, and (check, servers) identifies a finding.

  Definitions (README, "Configuration checks"):
  - Ring or chain edges: server A is a source of B when A's server_id is
    in B's sources.
  - A ring member is a server on a cycle of those edges. A writing server
    has read_only OFF and either no source or is a ring member: a one-way
    replica is not counted as writing even when read_only is OFF.
  - A relay has a source A and a replica B other than A: what it applies
    must reach B, so it needs log_slave_updates.
  Checks (severity, name):
    ERROR   auto_increment_collision  two writing servers' sequences
            meet (offsets equal modulo the gcd of the increments; an
            offset above the increment counts as 1, as the server does),
            or an increment smaller than the number of writing servers
    ERROR   duplicate_server_id   claimants > 1
    ERROR   duplicate_gtid_domain_id  two writing ring members share one
    ERROR   log_slave_updates_off a relay without log_slave_updates
    ERROR   heartbeat_filtered    the local server's hb_filtered is set
    WARNING version_mismatch      plugin or server version (compared up
            to the first '-') differs from the local server's
    WARNING clock_offset          a server's newest heartbeat was seen
            before its own time by more than RG_CLOCK_BOUND_US: its clock
            is ahead of this server's at least by that much
    WARNING binlog_format         log_bin ON and binlog_format STATEMENT
    WARNING sync_binlog           log_bin ON and sync_binlog != 1
    WARNING update_window         another server's update window is open
            (window_until_us, its clock, later than now_us)
    WARNING schema_mismatch       no window open anywhere and two servers
            publish different non-empty schema_fp
  heartbeat_advice: the line saying which filter drops heartbeats and the
  my.cnf line that fixes it (from rg_replfilter.h), or NULL.
*/
unsigned rg_checks_run(const rg_check_server *servers, unsigned n,
                       long long now_us, const char *heartbeat_advice,
                       rg_finding *out, unsigned max);

#ifdef __cplusplus
}
#endif
#endif
