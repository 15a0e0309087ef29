/*
  replica_guard classifier: the events of a BINLOG 'base64' statement
  (rg_binlog_check(), rg_classify.h).

  The server decodes the whole base64 text, then applies its events in
  order, each after checking its type (sql_binlog.cc, check_event_type()):
  format description and row events, and Query events, which run statement
  text. No tool writes a Query event there (mariadb-binlog prints them as
  SQL), and the offsets of the text inside one depend on a format
  description event that an earlier statement may have set: a Query event
  is reported, and so is whatever this reader does not follow exactly (a
  byte that is not base64, data after padding). The walk ends at the first
  event the server would refuse (nothing after it runs). It reads the text
  in place, in pieces, with no copy: a BINLOG statement can carry megabytes
  of row events.
*/

#include "rg_classify.h"

#include <string.h>

#define RG_EVENT_TYPE_OFFSET 4
#define RG_EVENT_LEN_OFFSET 9
#define RG_EVENT_MIN_LEN 19              /* the v4 common header */
#define RG_QUERY_EVENT 2

/* The event types check_event_type() lets run besides Query events. */
static int rg_binlog_event_harmless(unsigned type)
{
  return type == 1 || type == 15 ||            /* START_V3, FORMAT_DESC. */
         (type >= 19 && type <= 25) ||         /* TABLE_MAP, rows v0, v1 */
         (type >= 30 && type <= 32);           /* rows v2 */
}

/* The value of a base64 character, 64 for '=', -1 for anything else. */
static int rg_base64_value(unsigned char c)
{
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  if (c == '=') return 64;
  return -1;
}

/* A walk over the events of a base64 text fed in pieces. */
typedef struct rg_binlog_walk
{
  unsigned long long pos;       /* decoded bytes so far */
  unsigned long long event;     /* where the current event starts */
  unsigned long long event_len; /* its length, once its header is read */
  unsigned char head[RG_EVENT_LEN_OFFSET + 4];
  unsigned group, k, pad;       /* the base64 group being read */
  int verdict;                  /* -1 walking; 0 nothing to report; 1 report */
} rg_binlog_walk;

static void rg_binlog_walk_init(rg_binlog_walk *w)
{
  memset(w, 0, sizeof(*w));
  w->verdict= -1;
}

/* One decoded byte. */
static void rg_binlog_byte(rg_binlog_walk *w, unsigned char byte)
{
  unsigned long long rel= w->pos++ - w->event;
  if (rel < sizeof(w->head))
  {
    w->head[rel]= byte;
    if (rel == sizeof(w->head) - 1)
    {
      const unsigned char *l= w->head + RG_EVENT_LEN_OFFSET;
      unsigned type= w->head[RG_EVENT_TYPE_OFFSET];
      w->event_len= (unsigned long long) l[0] | (unsigned long long) l[1] << 8 |
                    (unsigned long long) l[2] << 16 |
                    (unsigned long long) l[3] << 24;
      if (type == RG_QUERY_EVENT)
        w->verdict= 1;
      else if (!rg_binlog_event_harmless(type) ||
               w->event_len < RG_EVENT_MIN_LEN)
        w->verdict= 0;                   /* the server stops here */
    }
  }
  else if (rel + 1 == w->event_len)
    w->event= w->pos;
}

/* The base64 text p[0..n), continuing the walk. */
static void rg_binlog_feed(rg_binlog_walk *w, const unsigned char *p,
                           size_t n)
{
  size_t i;
  for (i= 0; i < n && w->verdict < 0; i++)
  {
    int v= rg_base64_value(p[i]);
    unsigned out, b;
    if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')
      continue;
    if (v < 0 || (v < 64 && w->pad))     /* not base64; data after '=' */
    {
      w->verdict= 1;
      return;
    }
    w->pad+= v == 64;
    w->group= (w->group << 6) | (unsigned) (v & 63);
    if (++w->k < 4)
      continue;
    out= 3 - (w->pad < 3 ? w->pad : 3);
    for (b= 0; b < out && w->verdict < 0; b++)
      rg_binlog_byte(w, (unsigned char) (w->group >> (16 - 8 * b)));
    w->group= w->k= w->pad= 0;
  }
}

int rg_binlog_check(const char *const *parts, const size_t *lengths,
                    unsigned n_parts)
{
  rg_binlog_walk w;
  unsigned i;
  rg_binlog_walk_init(&w);
  for (i= 0; i < n_parts; i++)
    rg_binlog_feed(&w, (const unsigned char *) (parts[i] ? parts[i] : ""),
                   parts[i] ? lengths[i] : 0);
  return w.verdict == 1;
}
