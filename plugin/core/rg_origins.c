/* replica_guard origins: see include/rg_origins.h for the contract. */
#include <string.h>
#include "rg_origins.h"

void rg_origins_init(rg_origins *o)
{
  memset(o, 0, sizeof(*o));
}

/* Index of server_id in the sorted array, or where it would be inserted. */
static unsigned find_slot(const rg_origins *o, unsigned long server_id)
{
  unsigned lo= 0, hi= o->count;
  while (lo < hi)
  {
    unsigned mid= (lo + hi) / 2;
    if (o->origins[mid].last.server_id < server_id)
      lo= mid + 1;
    else
      hi= mid;
  }
  return lo;
}

static void copy_row(rg_heartbeat_row *dst, const rg_heartbeat_row *src)
{
  *dst= *src;
  dst->plugin_version[RG_VERSION_LEN - 1]= '\0';
  dst->server_version[RG_VERSION_LEN - 1]= '\0';
}

/* The origin server_id, inserted (all zero but its id) if unknown; NULL
   when it is unknown and the array is full. */
static rg_origin *find_or_add(rg_origins *o, unsigned long server_id)
{
  unsigned i= find_slot(o, server_id);
  rg_origin *origin;
  if (i < o->count && o->origins[i].last.server_id == server_id)
    return &o->origins[i];
  if (o->count == RG_MAX_ORIGINS)
    return NULL;
  memmove(&o->origins[i + 1], &o->origins[i],
          (o->count - i) * sizeof(o->origins[0]));
  o->count++;
  origin= &o->origins[i];
  memset(origin, 0, sizeof(*origin));
  origin->last.server_id= server_id;
  return origin;
}

static void observe_one(rg_origins *o, const rg_heartbeat_row *row,
                        long long now_us)
{
  rg_origin *origin= find_or_add(o, row->server_id);
  long long age;
  if (!origin)
    return;
  if (!origin->heard)
  {
    /* The first heartbeat seen from it (it may have been expected). */
    copy_row(&origin->last, row);
    origin->heard= 1;
    origin->observed_us= now_us;
    origin->min_age_us= now_us - row->origin_us;
    origin->expected_since_us= 0;
    return;
  }
  if (row->sequence == origin->last.sequence)
    return;                               /* nothing new from that origin */
  if (row->sequence > origin->last.sequence + 1 &&
      row->sequence - origin->last.sequence - 1 > origin->max_sequence_gap)
    origin->max_sequence_gap= row->sequence - origin->last.sequence - 1;
  copy_row(&origin->last, row);
  origin->observed_us= now_us;
  age= now_us - row->origin_us;
  if (age < origin->min_age_us)
    origin->min_age_us= age;
}

void rg_origins_observe(rg_origins *o, const rg_heartbeat_row *rows,
                        unsigned n_rows, long long now_us)
{
  for (unsigned i= 0; i < n_rows; i++)
    observe_one(o, &rows[i], now_us);
}

void rg_origins_expect(rg_origins *o, const unsigned long *server_ids,
                       unsigned n, long long now_us)
{
  unsigned kept= 0;
  for (unsigned i= 0; i < o->count; i++)
    o->origins[i].expected= 0;
  for (unsigned k= 0; k < n; k++)
  {
    rg_origin *origin= server_ids[k] ? find_or_add(o, server_ids[k]) : NULL;
    if (!origin)
      continue;
    if (!origin->heard && !origin->expected_since_us)
      origin->expected_since_us= now_us;
    origin->expected= 1;
  }
  /* Never heard and no longer expected: forgotten (order kept). */
  for (unsigned i= 0; i < o->count; i++)
    if (o->origins[i].heard || o->origins[i].expected)
      o->origins[kept++]= o->origins[i];
  o->count= kept;
}

unsigned rg_origins_heard(const rg_origins *o)
{
  unsigned n= 0;
  for (unsigned i= 0; i < o->count; i++)
    n+= o->origins[i].heard != 0;
  return n;
}

long long rg_origin_age_us(const rg_origin *origin, long long now_us)
{
  return now_us - origin->last.origin_us;
}

const char *rg_origin_stale_reason(const rg_origin *origin, long long now_us,
                                   long long stale_after_ms)
{
  long long age= rg_origin_age_us(origin, now_us);
  long long bound= stale_after_ms * 1000;
  if (!origin->heard)
    return now_us - origin->expected_since_us > bound
           ? "no heartbeat received yet" : NULL;
  if (age > bound)
    return "older than replica_guard_stale_after_ms";
  if (age < -bound)
    return "ahead of this server's clock by more than "
           "replica_guard_stale_after_ms";
  return NULL;
}

rg_origin_state rg_origin_state_at(const rg_origin *origin, long long now_us,
                                   long long stale_after_ms)
{
  int reason= rg_origin_stale_reason(origin, now_us, stale_after_ms) != NULL;
  if (!origin->heard)
    return reason ? RG_ORIGIN_MISSING : RG_ORIGIN_AWAITED;
  return reason ? RG_ORIGIN_STALE : RG_ORIGIN_FRESH;
}

const char *rg_origin_state_name(rg_origin_state s)
{
  switch (s)
  {
  case RG_ORIGIN_FRESH: return "FRESH";
  case RG_ORIGIN_STALE: return "STALE";
  case RG_ORIGIN_MISSING: return "MISSING";
  case RG_ORIGIN_AWAITED: return "AWAITED";
  }
  return "FRESH";
}

/* Length of a server version up to its first '-'. */
static size_t version_core_length(const char *v)
{
  const char *dash= strchr(v, '-');
  return dash ? (size_t) (dash - v) : strlen(v);
}

int rg_origin_version_differs(const rg_origin *origin,
                              const char *plugin_version,
                              const char *server_version)
{
  size_t a= version_core_length(origin->last.server_version);
  size_t b= version_core_length(server_version);
  if (!origin->heard)
    return 0;
  return strcmp(origin->last.plugin_version, plugin_version) != 0 || a != b ||
         memcmp(origin->last.server_version, server_version, a) != 0;
}
