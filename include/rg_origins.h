/*
  replica_guard origins: freshness of every origin server's heartbeat as
  seen on this server (the pure core behind REPLICA_GUARD_ORIGINS).

  Each server with replica_guard_heartbeat_interval_ms > 0 writes one row
  for its own server_id into replica_guard.heartbeat; the rows replicate
  through every hop of a chain or ring. The glue reads the table and feeds
  the rows here with the local time of the read.

  Contract: no allocation, no global state, no locks; an rg_origins is a
  plain value the caller owns and synchronises.

  Clocks: ORIGIN times are the origin's clock, "now" is this server's. An
  age is (local now - origin time), so it includes the clock offset between
  the two servers. min_age_us, the smallest age ever observed, bounds that
  offset: it is offset + the fastest replication seen, and a negative value
  proves the origin's clock is ahead of this one.
*/
#ifndef RG_ORIGINS_H
#define RG_ORIGINS_H

#ifdef __cplusplus
extern "C" {
#endif

#define RG_MAX_ORIGINS 64
#define RG_VERSION_LEN 64
#define RG_ORIGIN_REASON_LEN 640   /* a STALE or MISSING origin's reason */

/* One row of replica_guard.heartbeat, as read. */
typedef struct rg_heartbeat_row
{
  unsigned long server_id;
  long long origin_us;            /* origin's clock, microseconds */
  unsigned long long sequence;    /* +1 per heartbeat at the origin */
  char plugin_version[RG_VERSION_LEN];
  char server_version[RG_VERSION_LEN];
} rg_heartbeat_row;

typedef struct rg_origin
{
  rg_heartbeat_row last;          /* the newest heartbeat seen (all zero
                                     while heard is 0) */
  long long observed_us;          /* local time the newest was first seen */
  long long min_age_us;           /* smallest (observed - origin) seen */
  unsigned long long max_sequence_gap; /* heartbeats never seen in a row */
  int heard;                      /* a heartbeat from it was seen */
  int expected;                   /* in the last rg_origins_expect() set */
  long long expected_since_us;    /* local time it was first expected
                                     while not heard; 0 when never */
} rg_origin;

typedef struct rg_origins
{
  unsigned count;                 /* sorted by server_id */
  rg_origin origins[RG_MAX_ORIGINS];
} rg_origins;

/*
  FRESH and STALE: see rg_origin_state_at(). MISSING: expected (the source
  of a replica connection of this server) and no heartbeat from it seen
  for longer than stale_after_ms since it was first expected. AWAITED: the
  same, still within stale_after_ms; not shown and not counted, so a
  server just started, or a connection just made, shows no MISSING origin
  while the first heartbeat is on its way.
*/
typedef enum rg_origin_state
{
  RG_ORIGIN_FRESH= 0, RG_ORIGIN_STALE, RG_ORIGIN_MISSING, RG_ORIGIN_AWAITED
} rg_origin_state;

void rg_origins_init(rg_origins *o);

/*
  Records the rows read at local time now_us. An origin whose sequence went
  up gets a new observation; one whose row is unchanged keeps its old one
  (so its age keeps growing); a row with a lower sequence than known (the
  origin restarted its count) is taken as new, as is the first row of an
  origin expected but not heard yet. Origins no longer in the
  table are kept: a deleted heartbeat row must not hide a dead origin.
  At most RG_MAX_ORIGINS origins are tracked; extra rows are ignored.
*/
void rg_origins_observe(rg_origins *o, const rg_heartbeat_row *rows,
                        unsigned n_rows, long long now_us);

/*
  Sets the origins this server expects now: the source server_id of each
  of its replica connections (0 entries are skipped). One not known yet is
  added, not heard, expected since now_us. Known origins no longer in
  server_ids[] stay if heard (every origin ever seen stays), and are
  removed if never heard. Origins heard, or expected again after a pause,
  keep their history. At most RG_MAX_ORIGINS origins are tracked.
*/
void rg_origins_expect(rg_origins *o, const unsigned long *server_ids,
                       unsigned n, long long now_us);

/* Origins heard from (heard != 0). */
unsigned rg_origins_heard(const rg_origins *o);

/* Age of the newest heartbeat from that origin at local time now_us, in
   microseconds (negative when the origin's clock is ahead); meaningful
   only once heard. */
long long rg_origin_age_us(const rg_origin *origin, long long now_us);

/*
  For an origin heard from:
  FRESH while the newest heartbeat's origin time lies within stale_after_ms
  of local now_us on either side; STALE when it is older, and STALE too
  when it lies further ahead than that: no clock kept in sync runs that far
  ahead, so such a row was forged or written by a broken clock, and taking
  it as fresh would hide a broken link for as long as it stays ahead.
*/
rg_origin_state rg_origin_state_at(const rg_origin *origin, long long now_us,
                                   long long stale_after_ms);
const char *rg_origin_state_name(rg_origin_state s);

/* Why rg_origin_state_at() says STALE or MISSING, for logs and tables
   ("older than replica_guard_stale_after_ms", "ahead of this server's
   clock by more than replica_guard_stale_after_ms", "no heartbeat
   received yet"); NULL when FRESH or AWAITED. */
const char *rg_origin_stale_reason(const rg_origin *origin, long long now_us,
                                   long long stale_after_ms);

/* True when the origin runs another plugin or server version than
   (plugin_version, server_version); false while not heard (its versions
   are unknown). Server versions are compared up to
   the first '-' (10.11.18-MariaDB-0+deb12u1 and 10.11.18-MariaDB-log
   are the same server version). */
int rg_origin_version_differs(const rg_origin *origin,
                              const char *plugin_version,
                              const char *server_version);

#ifdef __cplusplus
}
#endif
#endif
