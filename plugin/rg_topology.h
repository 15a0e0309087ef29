/*
  replica_guard topology glue: what this server publishes about its own
  configuration in every heartbeat (the `config` column of
  replica_guard.heartbeat, format in include/rg_checks.h), and the checks
  every server runs on what the others publish
  (information_schema.REPLICA_GUARD_CHECKS, the pure core in rg_checks.h).

  The update window (issue 11 "A safe update window") publishes its state
  through the two setters below; the heartbeat writer puts the values into
  the next heartbeat as the keys window_until_us and schema_fp. Their
  names are stable.

  Threads: the rg_topology_hb_* functions are the heartbeat thread's
  (rg_heartbeat.c) and only it calls them; it alone writes the local
  configuration, the configurations read and the findings. The setters,
  the window query and the findings copy may run in any thread.
  Locking: every function here takes rg_shared_lock() itself (order 2 in
  rg_shared.h) when it needs it, so each may be called under
  LOCK_global_system_variables (order 1; a system variable's update),
  never with the shared lock or a lock below it held.
*/
#ifndef RG_TOPOLOGY_H
#define RG_TOPOLOGY_H

#include <stddef.h>
#include "rg_checks.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The end of this server's update window, rg_now_us() time; 0: no window
   is open. Published from the next heartbeat on. */
void rg_topology_set_window(long long until_us);

/* Fingerprint of the structure of this server's replicated schemas, in
   hex (at most RG_SCHEMA_FP_LEN - 1 characters are kept; other characters
   than [0-9a-f] are dropped); NULL or "": none computed. Published from
   the next heartbeat on. Servers whose fingerprints differ while no
   window is open anywhere are reported in REPLICA_GUARD_CHECKS
   (schema_mismatch). */
void rg_topology_set_fingerprint(const char *hex);

/* The latest window end another server published in its newest
   heartbeat (its clock), 0 when none is open at now_us; *server_id (may
   be NULL) gets that server. */
long long rg_topology_window_elsewhere(long long now_us,
                                       unsigned long *server_id);

/* One row of REPLICA_GUARD_CHECKS. */
typedef struct rg_check_row
{
  rg_finding finding;
  long long since_us;               /* when this server first found it */
} rg_check_row;

/* Copies the current finding number i into *out; 0 when there is none
   (also while the REPLICA_GUARD daemon is not running). */
int rg_topology_finding(unsigned i, rg_check_row *out);

/* Replica_guard_check_errors / _warnings: findings right now. */
extern unsigned long long rg_stat_check_errors, rg_stat_check_warnings;

/* ---- the heartbeat thread's side (rg_heartbeat.c) ---------------------- */
struct st_mysql;

/* The SELECT that reads this server's configuration; its row goes to
   rg_topology_hb_local(). Column 0 is @@server_id, column 1 @@version. */
extern const char rg_topology_config_query[];

/* Takes that row (n columns, values may be NULL) at local time now_us as
   this server's configuration. */
void rg_topology_hb_local(char **row, unsigned n, long long now_us);

/* 1 when the local configuration is older than max_age_us (or was never
   read): the reader then refreshes it before rg_topology_hb_recheck(). */
int rg_topology_hb_local_due(long long now_us, long long max_age_us);

/* Writes into out[0..size) the SQL literal of this server's config text
   (with the window, fingerprint, replica connections' sources and
   heartbeat filter verdicts of now). Returns 0, or 1 when it did not fit. */
int rg_topology_hb_config_literal(char *out, size_t size);

/* Takes one heartbeat row read at local time now_us: its origin's config
   text and the number of instances claiming its server_id, which counts
   as at least 2 for hold_us after it was last seen above 1. */
void rg_topology_hb_row(unsigned long server_id, const char *config,
                        size_t length, unsigned claimants, long long hold_us,
                        long long now_us);

/* After a read: runs the checks on this server's configuration and every
   origin's at local time now_us, logs a finding once when it appears and
   when it clears, and publishes them. */
void rg_topology_hb_recheck(long long now_us);

#ifdef __cplusplus
}
#endif
#endif
