/*
  replica_guard update window: the pure parts behind
  replica_guard_update_window (the glue is plugin/rg_window.c).

  - Whether a window may open: every replica connection of this server is
    OK and every origin whose heartbeats it receives is FRESH; what is
    wrong otherwise, named, for the SET's error and the log.
  - The schema fingerprint: a hash of the structure of the replicated
    schemas (tables, columns with their types, indexes), the same on every
    server whose schemas are the same, whatever order the rows are read
    in. Every server publishes its own in its heartbeats, so a server whose
    schemas differ from the update server's after a window shows.

  Contract: no allocation, no global state, no locks, no server header;
  every function depends on its arguments only.
*/
#ifndef RG_WINDOW_H
#define RG_WINDOW_H

#include <stddef.h>
#include "rg_monitor.h"
#include "rg_origins.h"
#include "rg_replfilter.h"

#ifdef __cplusplus
extern "C" {
#endif

/* replica_guard_update_window's range, in minutes (0 closes). */
#define RG_WINDOW_MAX_MINUTES 1440

/* The end of a window of minutes opened at now_us (0 when minutes is 0). */
long long rg_window_end_us(long long now_us, unsigned minutes);

/* Seconds left at now_us of a window ending at until_us, rounded up
   (0 once it has ended or when until_us is 0). */
long long rg_window_remaining_s(long long until_us, long long now_us);

/*
  What stops a window from opening at now_us: each replica connection of
  m whose state is not OK (LAGGING, DELAYED and every failure alike: the
  update's statements would meet changes not yet applied here), and each
  origin of o other than own_server_id (this server's own heartbeats) that
  is not FRESH under stale_after_ms. Writes them, named, into out ("replica
  connection 'a' is IO_ERROR; origin 3 is STALE (older than
  replica_guard_stale_after_ms)"), cut to size; returns how many there
  are (0: the window may open; out is then ""). m or o may be NULL (no
  monitor or no origins known).
*/
unsigned rg_window_problems(const rg_monitor *m, const rg_origins *o,
                            unsigned long own_server_id, long long now_us,
                            long long stale_after_ms, char *out,
                            size_t size);

/* ---- schema fingerprint -------------------------------------------------- */

/* Characters of rg_fingerprint_hex()'s text, NUL not counted. */
#define RG_FINGERPRINT_HEX_LEN 32

/*
  A multiset hash of rows: two independent 64-bit sums of each row's
  mixed hash, so the order rows are added in plays no part, a row added
  twice counts twice, and one row changed changes the result (but for a
  chance of 2^-128 per pair of schemas).
*/
typedef struct rg_fingerprint
{
  unsigned long long sum[2];
  unsigned long long rows;
} rg_fingerprint;

void rg_fingerprint_init(rg_fingerprint *fp);

/*
  Adds one row of structure: its kind (a letter the caller chooses per
  source, e.g. 'C' for a column, 'I' for an index part) and its fields
  fields[0..n) of lengths lengths[0..n). A NULL field differs from an
  empty one, and field boundaries count ("ab","c" differs from "a","bc").
*/
void rg_fingerprint_add(rg_fingerprint *fp, char kind,
                        const char *const *fields, const size_t *lengths,
                        unsigned n);

/* The fingerprint as RG_FINGERPRINT_HEX_LEN lower-case hex digits and a
   NUL into out (room for RG_FINGERPRINT_HEX_LEN + 1). */
void rg_fingerprint_hex(const rg_fingerprint *fp, char *out);

/*
  Whether table db.table is part of the fingerprint: never one of the
  server's own schemas (mysql, information_schema, performance_schema,
  sys) nor the plugin's (replica_guard, whose heartbeat rows differ from
  server to server); otherwise when this server's replication filters
  (rg_replfilter.h; NULL: none) would let the table's rows through. The
  practice's instructions set the same replicate-do-db on every server,
  so a schema kept on one server only (the update's backup database) is
  left out everywhere.
*/
int rg_fingerprint_covers(const rg_repl_filters *filters, const char *db,
                          size_t db_len, const char *table,
                          size_t table_len);

#ifdef __cplusplus
}
#endif
#endif
