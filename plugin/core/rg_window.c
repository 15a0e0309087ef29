/*
  replica_guard update window: readiness and the schema fingerprint (see
  rg_window.h).
*/
#include <stdio.h>
#include <string.h>
#include "rg_window.h"
#include "rg_policy.h"             /* RG_OWN_SCHEMA */

long long rg_window_end_us(long long now_us, unsigned minutes)
{
  return minutes ? now_us + (long long) minutes * 60 * 1000000 : 0;
}

long long rg_window_remaining_s(long long until_us, long long now_us)
{
  if (!until_us || until_us <= now_us)
    return 0;
  return (until_us - now_us + 999999) / 1000000;
}

/* Appends item to out[0..size) after "; " unless it is the first. */
static void append(char *out, size_t size, unsigned first, const char *item)
{
  size_t n= strlen(out);
  if (n < size)
    snprintf(out + n, size - n, "%s%s", first ? "" : "; ", item);
}

unsigned rg_window_problems(const rg_monitor *m, const rg_origins *o,
                            unsigned long own_server_id, long long now_us,
                            long long stale_after_ms, char *out,
                            size_t size)
{
  char item[RG_NAME_LEN + 128];
  unsigned problems= 0;
  if (size)
    out[0]= '\0';
  for (unsigned c= 0; m && c < m->n_conns; c++)
    if (m->conns[c].state != RG_STATE_OK)
    {
      snprintf(item, sizeof(item), "replica connection '%s' is %s",
               m->conns[c].last.connection_name,
               rg_state_name(m->conns[c].state));
      append(out, size, !problems++, item);
    }
  for (unsigned i= 0; o && i < o->count; i++)
  {
    const rg_origin *origin= &o->origins[i];
    const char *why;
    rg_origin_state s;
    if (origin->last.server_id == own_server_id)
      continue;
    s= rg_origin_state_at(origin, now_us, stale_after_ms);
    if (s == RG_ORIGIN_FRESH)
      continue;
    why= rg_origin_stale_reason(origin, now_us, stale_after_ms);
    snprintf(item, sizeof(item), "origin %lu is %s%s%s%s",
             origin->last.server_id, rg_origin_state_name(s),
             why ? " (" : "", why ? why : "", why ? ")" : "");
    append(out, size, !problems++, item);
  }
  return problems;
}

/* ---- schema fingerprint -------------------------------------------------- */

#define FNV_PRIME 1099511628211ULL

void rg_fingerprint_init(rg_fingerprint *fp)
{
  memset(fp, 0, sizeof(*fp));
}

static unsigned long long fnv(unsigned long long h, const void *p, size_t n)
{
  const unsigned char *b= p;
  for (size_t i= 0; i < n; i++)
    h= (h ^ b[i]) * FNV_PRIME;
  return h;
}

/* splitmix64's finaliser: spreads every input bit over the whole word, so
   sums of rows do not cancel the way sums of raw FNV values could. */
static unsigned long long mix(unsigned long long x)
{
  x^= x >> 30;
  x*= 0xbf58476d1ce4e5b9ULL;
  x^= x >> 27;
  x*= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

void rg_fingerprint_add(rg_fingerprint *fp, char kind,
                        const char *const *fields, const size_t *lengths,
                        unsigned n)
{
  /* two FNV-1a hashes from different bases over one unambiguous
     encoding: the kind, then per field a NULL marker and the length
     before the bytes */
  unsigned long long h[2]= { 14695981039346656037ULL, 0x9e3779b97f4a7c15ULL };
  for (int k= 0; k < 2; k++)
  {
    h[k]= fnv(h[k], &kind, 1);
    for (unsigned f= 0; f < n; f++)
    {
      unsigned char head[9];
      unsigned long long len= fields[f] ? (unsigned long long) lengths[f] : 0;
      head[0]= fields[f] ? 1 : 0;
      for (int b= 0; b < 8; b++)
        head[1 + b]= (unsigned char) (len >> (8 * b));
      h[k]= fnv(h[k], head, sizeof(head));
      if (fields[f])
        h[k]= fnv(h[k], fields[f], lengths[f]);
    }
    fp->sum[k]+= mix(h[k] + (unsigned long long) k);
  }
  fp->rows++;
}

void rg_fingerprint_hex(const rg_fingerprint *fp, char *out)
{
  /* the row count goes in too: no rows at all is its own value */
  snprintf(out, RG_FINGERPRINT_HEX_LEN + 1, "%016llx%016llx",
           fp->sum[0] ^ mix(fp->rows), fp->sum[1]);
}

int rg_fingerprint_covers(const rg_repl_filters *filters, const char *db,
                          size_t db_len, const char *table, size_t table_len)
{
  static const char *const own[]=
  { "mysql", "information_schema", "performance_schema", "sys",
    RG_OWN_SCHEMA };
  for (size_t i= 0; i < sizeof(own) / sizeof(own[0]); i++)
    if (strlen(own[i]) == db_len && !memcmp(own[i], db, db_len))
      return 0;
  /* as a row event of the table (the update's DDL reaches a replica as
     a statement, but what it builds is what rows then need) */
  return !filters || rg_repl_filters_pass(filters, db, db_len, table,
                                          table_len, 0, NULL, 0);
}
