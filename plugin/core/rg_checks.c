/* replica_guard topology checks: see rg_checks.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rg_checks.h"

/* ---- the config text ----------------------------------------------------- */

void rg_config_init(rg_config *c)
{
  memset(c, 0, sizeof(*c));
  c->server_id= c->gtid_domain_id= -1;
  c->auto_increment_increment= c->auto_increment_offset= -1;
  c->log_bin= c->log_slave_updates= c->sync_binlog= c->read_only= -1;
  c->report_server= -1;
  c->window_until_us= -1;
  c->replica_writes= c->errant_writes= -1;
}

/* The keys, in the order written (instance first: rg_checks.h). */
enum key_kind { K_TEXT, K_NUM };
typedef struct config_key
{
  const char *name;
  enum key_kind kind;
  size_t offset;                  /* into rg_config */
  size_t size;                    /* of a text field */
} config_key;

#define TEXT_KEY(f) { #f, K_TEXT, offsetof(rg_config, f), \
                      sizeof(((rg_config *) 0)->f) }
#define NUM_KEY(f) { #f, K_NUM, offsetof(rg_config, f), 0 }

static const config_key keys[]=
{
  TEXT_KEY(instance),
  NUM_KEY(server_id),
  NUM_KEY(gtid_domain_id),
  NUM_KEY(auto_increment_increment),
  NUM_KEY(auto_increment_offset),
  NUM_KEY(log_bin),
  NUM_KEY(log_slave_updates),
  TEXT_KEY(binlog_format),
  NUM_KEY(sync_binlog),
  NUM_KEY(read_only),
  NUM_KEY(report_server),
  TEXT_KEY(sources),
  TEXT_KEY(do_db),
  TEXT_KEY(ignore_db),
  TEXT_KEY(do_table),
  TEXT_KEY(ignore_table),
  TEXT_KEY(wild_do_table),
  TEXT_KEY(wild_ignore_table),
  TEXT_KEY(hb_filtered),
  TEXT_KEY(plugin_version),
  TEXT_KEY(server_version),
  NUM_KEY(window_until_us),
  TEXT_KEY(schema_fp),
  NUM_KEY(replica_writes),
  NUM_KEY(errant_writes)
};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

int rg_config_format(const rg_config *c, char *out, size_t size)
{
  size_t len= 0;
  int fits= 1;
  if (!size)
    return -1;
  out[0]= '\0';
  for (unsigned k= 0; k < N_KEYS; k++)
  {
    char pair[2 * RG_CONFIG_LIST_LEN + 64];
    size_t n= (size_t) snprintf(pair, sizeof(pair), "%s=", keys[k].name);
    const char *field= (const char *) c + keys[k].offset;
    if (keys[k].kind == K_NUM)
    {
      long long v= *(const long long *) field;
      if (v < 0)
        continue;                       /* unknown: not written */
      n+= (size_t) snprintf(pair + n, sizeof(pair) - n, "%lld", v);
    }
    else if (!*field)
      continue;                         /* empty: parsed as empty anyway */
    else
      for (const char *s= field; *s && n + 3 < sizeof(pair); s++)
      {
        if (*s == '\\' || *s == ';')
          pair[n++]= '\\';
        pair[n++]= *s;
      }
    pair[n++]= ';';
    if (len + n >= size)
    {
      fits= 0;                          /* whole pairs only */
      continue;
    }
    memcpy(out + len, pair, n);
    len+= n;
    out[len]= '\0';
  }
  return fits ? (int) len : -1;
}

int rg_config_parse(const char *text, size_t length, rg_config *c)
{
  const char *p= text, *end= text + length;
  int n_read= 0;
  while (p < end)
  {
    const char *key= p;
    size_t key_len;
    char value[RG_CONFIG_TEXT_LEN];
    size_t v= 0;
    while (p < end && *p != '=' && *p != ';')
      p++;
    key_len= (size_t) (p - key);
    if (p < end && *p == '=')
      p++;
    for (; p < end && *p != ';'; p++)
    {
      if (*p == '\\' && p + 1 < end)
        p++;
      if (v < sizeof(value) - 1)
        value[v++]= *p;
    }
    value[v]= '\0';
    if (p < end)
      p++;                              /* the ';' */
    for (unsigned k= 0; k < N_KEYS; k++)
    {
      char *field= (char *) c + keys[k].offset;
      if (strlen(keys[k].name) != key_len ||
          memcmp(keys[k].name, key, key_len))
        continue;
      if (keys[k].kind == K_NUM)
        *(long long *) field= v ? strtoll(value, NULL, 10) : -1;
      else
        snprintf(field, keys[k].size, "%s", value);
      n_read++;
      break;
    }
  }
  return n_read;
}

/* ---- the topology -------------------------------------------------------- */

const char *rg_check_severity_name(rg_check_severity s)
{
  return s == RG_CHECK_ERROR ? "ERROR" : "WARNING";
}

#define MAX_SERVERS (RG_MAX_ORIGINS + 1)

/* 1 when id is in the comma-separated list. */
static int list_has(const char *list, long long id)
{
  const char *p= list;
  while (*p)
  {
    char *next;
    long long v= strtoll(p, &next, 10);
    if (next == p)
      next++;                           /* not a number: skip a byte */
    else if (v == id && id > 0)
      return 1;
    p= next;
    while (*p == ',' || *p == ' ')
      p++;
  }
  return 0;
}

/* 1 when servers[a] is a source of servers[b]. */
static int is_source(const rg_check_server *s, unsigned a, unsigned b)
{
  return a != b && s[a].config.server_id > 0 &&
         list_has(s[b].config.sources, s[a].config.server_id);
}

/* Marks in ring[] every server on a cycle of source edges: i is on one
   when i reaches itself. Reachability by repeated relaxation, bounded
   by n passes (n <= MAX_SERVERS, on the stack). */
static void find_ring(const rg_check_server *s, unsigned n, int *ring)
{
  for (unsigned i= 0; i < n; i++)
  {
    unsigned char reach[MAX_SERVERS];
    int changed= 1;
    memset(reach, 0, sizeof(reach));
    for (unsigned j= 0; j < n; j++)
      reach[j]= (unsigned char) is_source(s, i, j);
    for (unsigned pass= 0; changed && pass < n; pass++)
    {
      changed= 0;
      for (unsigned a= 0; a < n; a++)
        if (reach[a])
          for (unsigned b= 0; b < n; b++)
            if (!reach[b] && is_source(s, a, b))
              reach[b]= changed= 1;
    }
    ring[i]= reach[i];
  }
}

/* Appends server_id to a "1,3" list (cut when full). */
static void add_server(char *list, size_t size, long long id)
{
  size_t len= strlen(list);
  snprintf(list + len, size - len, "%s%lld", len ? "," : "", id);
}

typedef struct findings
{
  rg_finding *out;
  unsigned n, max;
} findings;

static rg_finding *add(findings *f, rg_check_severity severity,
                       const char *check)
{
  rg_finding *r;
  if (f->n == f->max)
    return NULL;
  r= &f->out[f->n++];
  r->severity= severity;
  r->check= check;
  r->servers[0]= r->advice[0]= '\0';
  return r;
}

/* A finding about the one server id. */
static rg_finding *add_one(findings *f, rg_check_severity severity,
                           const char *check, long long id)
{
  rg_finding *r= add(f, severity, check);
  if (r)
    add_server(r->servers, sizeof(r->servers), id);
  return r;
}

static long long gcd(long long a, long long b)
{
  while (b)
  {
    long long t= a % b;
    a= b;
    b= t;
  }
  return a;
}

/* The offset the server uses: one above the increment counts as 1. */
static long long effective_offset(const rg_config *c)
{
  return c->auto_increment_offset > c->auto_increment_increment
         ? 1 : c->auto_increment_offset;
}

/* Version up to the first '-' (rg_origins.h). */
static int same_server_version(const char *a, const char *b)
{
  size_t la= strcspn(a, "-"), lb= strcspn(b, "-");
  return la == lb && !memcmp(a, b, la);
}

static void check_auto_increment(findings *f, const rg_check_server *s,
                                 unsigned n, const int *writing)
{
  unsigned n_writing= 0;
  char low[RG_CHECK_SERVERS_LEN]= "";
  for (unsigned i= 0; i < n; i++)
    if (writing[i])
    {
      n_writing++;
      if (s[i].config.auto_increment_increment < 1)
        return;                         /* not known for every writer */
    }
  if (n_writing < 2)
    return;
  for (unsigned i= 0; i < n; i++)
    if (writing[i] &&
        s[i].config.auto_increment_increment < (long long) n_writing)
      add_server(low, sizeof(low), s[i].config.server_id);
  if (*low)
  {
    rg_finding *r= add(f, RG_CHECK_ERROR, "auto_increment_collision");
    if (r)
    {
      snprintf(r->servers, sizeof(r->servers), "%s", low);
      snprintf(r->advice, sizeof(r->advice),
               "%u servers write, but auto_increment_increment is lower on "
               "servers %s: set auto_increment_increment=%u and a unique "
               "auto_increment_offset from 1 to %u on every writing server",
               n_writing, low, n_writing, n_writing);
    }
    return;
  }
  for (unsigned i= 0; i < n; i++)
    for (unsigned j= i + 1; j < n; j++)
    {
      const rg_config *a= &s[i].config, *b= &s[j].config;
      long long g;
      rg_finding *r;
      if (!writing[i] || !writing[j])
        continue;
      g= gcd(a->auto_increment_increment, b->auto_increment_increment);
      if ((effective_offset(a) - effective_offset(b)) % g)
        continue;
      if (!(r= add(f, RG_CHECK_ERROR, "auto_increment_collision")))
        return;
      snprintf(r->servers, sizeof(r->servers), "%lld,%lld", a->server_id,
               b->server_id);
      snprintf(r->advice, sizeof(r->advice),
               "servers %lld and %lld both write and can generate the same "
               "AUTO_INCREMENT values (offset %lld and %lld, increment %lld "
               "and %lld): give each writing server its own "
               "auto_increment_offset from 1 to auto_increment_increment",
               a->server_id, b->server_id, a->auto_increment_offset,
               b->auto_increment_offset, a->auto_increment_increment,
               b->auto_increment_increment);
    }
}

static void check_duplicate_ids(findings *f, const rg_check_server *s,
                                unsigned n, const int *writing,
                                const int *ring)
{
  for (unsigned i= 0; i < n; i++)
  {
    rg_finding *r;
    int dup= s[i].claimants > 1;
    for (unsigned j= 0; j < n && !dup; j++)
      dup= j != i && s[j].config.server_id == s[i].config.server_id &&
           strcmp(s[i].config.instance, s[j].config.instance) && j < i;
    if (!dup || s[i].config.server_id < 0 ||
        !(r= add_one(f, RG_CHECK_ERROR, "duplicate_server_id",
                     s[i].config.server_id)))
      continue;
    snprintf(r->advice, sizeof(r->advice),
             "%u different servers (host, port, datadir) write heartbeats as "
             "server_id %lld: give each server a unique server-id in its "
             "my.cnf",
             s[i].claimants > 1 ? s[i].claimants : 2,
             s[i].config.server_id);
  }
  for (unsigned i= 0; i < n; i++)
  {
    char ids[RG_CHECK_SERVERS_LEN]= "";
    rg_finding *r;
    int first= 1;
    if (!writing[i] || !ring[i] || s[i].config.gtid_domain_id < 0)
      continue;
    for (unsigned j= 0; j < n; j++)
      if (writing[j] && ring[j] &&
          s[j].config.gtid_domain_id == s[i].config.gtid_domain_id)
      {
        if (j < i)
          first= 0;                     /* reported with the first one */
        add_server(ids, sizeof(ids), s[j].config.server_id);
      }
    if (!first || !strchr(ids, ',') ||
        !(r= add(f, RG_CHECK_ERROR, "duplicate_gtid_domain_id")))
      continue;
    snprintf(r->servers, sizeof(r->servers), "%s", ids);
    snprintf(r->advice, sizeof(r->advice),
             "ring servers %s all write with gtid_domain_id %lld: give each "
             "writing ring server its own gtid-domain-id in its my.cnf",
             ids, s[i].config.gtid_domain_id);
  }
}

static void check_relays(findings *f, const rg_check_server *s, unsigned n)
{
  for (unsigned x= 0; x < n; x++)
  {
    int relay= 0;
    rg_finding *r;
    if (s[x].config.log_slave_updates != 0 || s[x].config.log_bin == 0)
      continue;
    for (unsigned a= 0; a < n && !relay; a++)
      for (unsigned b= 0; b < n && !relay; b++)
        relay= a != b && is_source(s, a, x) && is_source(s, x, b);
    if (!relay || !(r= add_one(f, RG_CHECK_ERROR, "log_slave_updates_off",
                               s[x].config.server_id)))
      continue;
    snprintf(r->advice, sizeof(r->advice),
             "server %lld passes replication on but does not binlog what it "
             "applies: writes from upstream stop there; add "
             "log-slave-updates to its my.cnf and restart it",
             s[x].config.server_id);
  }
}

static void check_local(findings *f, const rg_check_server *s, unsigned n,
                        const char *heartbeat_advice)
{
  for (unsigned i= 0; i < n; i++)
  {
    rg_finding *r;
    if (!s[i].local || !s[i].config.hb_filtered[0])
      continue;
    if (!(r= add_one(f, RG_CHECK_ERROR, "heartbeat_filtered",
                     s[i].config.server_id)))
      return;
    if (heartbeat_advice && *heartbeat_advice)
      snprintf(r->advice, sizeof(r->advice), "%s", heartbeat_advice);
    else
      snprintf(r->advice, sizeof(r->advice),
               "the replication filters of connection %s drop "
               "replica_guard.heartbeat: add replicate-do-db=replica_guard "
               "(or remove the rule that drops it)",
               s[i].config.hb_filtered);
  }
}

static void check_versions(findings *f, const rg_check_server *s, unsigned n,
                           const rg_config *local)
{
  for (unsigned i= 0; i < n; i++)
  {
    const rg_config *c= &s[i].config;
    rg_finding *r;
    if (s[i].local || !*c->plugin_version || !*local->plugin_version ||
        (!strcmp(c->plugin_version, local->plugin_version) &&
         (!*c->server_version || !*local->server_version ||
          same_server_version(c->server_version, local->server_version))))
      continue;
    /* The two ids in order. */
    if (!(r= add_one(f, RG_CHECK_WARNING, "version_mismatch",
                     local->server_id < c->server_id ? local->server_id
                                                     : c->server_id)))
      return;
    add_server(r->servers, sizeof(r->servers),
               local->server_id < c->server_id ? c->server_id
                                               : local->server_id);
    snprintf(r->advice, sizeof(r->advice),
             "server %lld runs replica_guard %s on %s, this server runs %s "
             "on %s: upgrade so that every server runs the same versions",
             c->server_id, c->plugin_version, c->server_version,
             local->plugin_version, local->server_version);
  }
}

static void check_clocks(findings *f, const rg_check_server *s, unsigned n)
{
  for (unsigned i= 0; i < n; i++)
  {
    long long ahead= s[i].origin_us - s[i].observed_us;
    rg_finding *r;
    if (s[i].local || !s[i].observed_us || ahead <= RG_CLOCK_BOUND_US)
      continue;
    if (!(r= add_one(f, RG_CHECK_WARNING, "clock_offset",
                     s[i].config.server_id)))
      return;
    snprintf(r->advice, sizeof(r->advice),
             "the clock of server %lld is at least %lld ms ahead of this "
             "server's (its heartbeat arrived before it was written): "
             "synchronise the clocks of both servers (NTP)",
             s[i].config.server_id, ahead / 1000);
  }
}

static void check_binlog(findings *f, const rg_check_server *s, unsigned n)
{
  char statement[RG_CHECK_SERVERS_LEN]= "", unsynced[RG_CHECK_SERVERS_LEN]= "";
  rg_finding *r;
  for (unsigned i= 0; i < n; i++)
  {
    const rg_config *c= &s[i].config;
    if (c->log_bin != 1)
      continue;
    if (!strcmp(c->binlog_format, "STATEMENT"))
      add_server(statement, sizeof(statement), c->server_id);
    if (c->sync_binlog >= 0 && c->sync_binlog != 1)
      add_server(unsynced, sizeof(unsynced), c->server_id);
  }
  if (*statement && (r= add(f, RG_CHECK_WARNING, "binlog_format")))
  {
    snprintf(r->servers, sizeof(r->servers), "%s", statement);
    snprintf(r->advice, sizeof(r->advice),
             "servers %s log statements (binlog_format=STATEMENT), which "
             "replicate unsafe statements differently: set "
             "binlog_format=MIXED (or ROW) in their my.cnf", statement);
  }
  if (*unsynced && (r= add(f, RG_CHECK_WARNING, "sync_binlog")))
  {
    snprintf(r->servers, sizeof(r->servers), "%s", unsynced);
    snprintf(r->advice, sizeof(r->advice),
             "servers %s do not sync the binary log at every commit: a "
             "crash can lose transactions replicas already have; set "
             "sync-binlog=1 in their my.cnf as the setup instructions say",
             unsynced);
  }
}

static void check_window(findings *f, const rg_check_server *s, unsigned n,
                         long long now_us)
{
  int open_anywhere= 0;
  for (unsigned i= 0; i < n; i++)
  {
    const rg_config *c= &s[i].config;
    rg_finding *r;
    if (c->window_until_us <= 0 || c->window_until_us <= now_us)
      continue;
    open_anywhere= 1;
    if (s[i].local ||
        !(r= add_one(f, RG_CHECK_WARNING, "update_window", c->server_id)))
      continue;
    snprintf(r->advice, sizeof(r->advice),
             "server %lld has an update window open for about %lld more "
             "s: keep clients from writing here until it closes, then "
             "check schema_mismatch", c->server_id,
             (c->window_until_us - now_us + 999999) / 1000000);
  }
  for (unsigned i= 0; i < n && !open_anywhere; i++)
  {
    char ids[RG_CHECK_SERVERS_LEN]= "";
    rg_finding *r;
    const char *fp= s[i].config.schema_fp;
    int first= 1, differs= 0;
    if (!*fp)
      continue;
    for (unsigned j= 0; j < n; j++)
    {
      if (!*s[j].config.schema_fp)
        continue;
      if (strcmp(s[j].config.schema_fp, fp))
      {
        differs= 1;
        continue;
      }
      if (j < i)
        first= 0;                 /* this fingerprint's group is reported */
      add_server(ids, sizeof(ids), s[j].config.server_id);
    }
    /* One finding per group of servers sharing a fingerprint, when
       another group exists: each row names who agrees with whom. */
    if (!first || !differs ||
        !(r= add(f, RG_CHECK_WARNING, "schema_mismatch")))
      continue;
    snprintf(r->servers, sizeof(r->servers), "%s", ids);
    snprintf(r->advice, sizeof(r->advice),
             "servers %s have schema fingerprint %.12s, other servers "
             "another one: the last update did not reach every server; "
             "compare the replicated schemas and replay what is missing",
             ids, fp);
  }
}

/* Rule 3: a server declared a one-way replica whose binary log holds
   transactions of its own (its own server_id) that did not come from
   replication: the changes Replica_guard_replica_writes counts. */
static void check_errant(findings *f, const rg_check_server *s, unsigned n)
{
  for (unsigned i= 0; i < n; i++)
  {
    const rg_config *c= &s[i].config;
    rg_finding *r;
    if (c->replica_writes <= 0 || c->errant_writes <= 0 ||
        !(r= add_one(f, RG_CHECK_WARNING, "errant_writes", c->server_id)))
      continue;
    snprintf(r->advice, sizeof(r->advice),
             "server %lld is a one-way replica, yet %lld changes that did "
             "not come from replication ran there since it started (WARN "
             "mode, an exempt account or the override): its binary log "
             "holds them under its own server_id; reconcile them with the "
             "primary (error log: replica-write)", c->server_id,
             c->errant_writes);
  }
}

unsigned rg_checks_run(const rg_check_server *s, unsigned n,
                       long long now_us, const char *heartbeat_advice,
                       rg_finding *out, unsigned max)
{
  int ring[MAX_SERVERS], writing[MAX_SERVERS];
  findings f= { out, 0, max };
  const rg_config *local= NULL;
  if (n > MAX_SERVERS)
    n= MAX_SERVERS;
  for (unsigned i= 0; i < n; i++)
    if (s[i].local)
      local= &s[i].config;
  find_ring(s, n, ring);
  for (unsigned i= 0; i < n; i++)
    writing[i]= s[i].config.read_only == 0 &&
      (ring[i] || !s[i].config.sources[0]);
  check_auto_increment(&f, s, n, writing);
  check_duplicate_ids(&f, s, n, writing, ring);
  check_relays(&f, s, n);
  check_local(&f, s, n, heartbeat_advice);
  if (local)
    check_versions(&f, s, n, local);
  check_clocks(&f, s, n);
  check_binlog(&f, s, n);
  check_window(&f, s, n, now_us);
  check_errant(&f, s, n);
  return f.n;
}
