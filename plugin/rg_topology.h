/*
  replica_guard topology glue: what this server publishes about its own
  configuration in every heartbeat (the `config` column of
  replica_guard.heartbeat), and the checks every server runs on what the
  others publish (information_schema.REPLICA_GUARD_CHECKS; the pure core
  is include/rg_checks.h).

  The update window (rg_sysvars.c, issue 11 "A safe update window")
  publishes its state through the two setters below; the heartbeat writer
  puts the values into the next heartbeat as the keys window_until_us and
  schema_fp. The names are stable.

  Locking: every function here takes rg_shared_lock() itself (order 2 in
  rg_shared.h), so it may be called from a system variable's update
  (under LOCK_global_system_variables, order 1), never with the shared
  lock or a lock below it held.
*/
#ifndef RG_TOPOLOGY_H
#define RG_TOPOLOGY_H

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
   window is open anywhere are reported in REPLICA_GUARD_CHECKS. */
void rg_topology_set_fingerprint(const char *hex);

/* The latest window end any OTHER server published (its newest heartbeat),
   0 when none is open now (now_us); *server_id gets that server (may be
   NULL). */
long long rg_topology_window_elsewhere(long long now_us,
                                       unsigned long *server_id);

#ifdef __cplusplus
}
#endif
#endif
