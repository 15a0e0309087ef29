/*
  Unit tests of rg_classify_packet_rest() (plugin/core/rg_packet.c): the
  statements of a packet after one that may change character_set_client
  or sql_mode are read under every modelled setting; and of the swe7 class
  (RG_CS_SWE7), whose letters include bytes other sets give a meaning.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rg_access.h"
#include "rg_policy.h"
#include "rg_test.h"

#define ALL (RG_VERB_ALL_STATIC | RG_VERB_BIT(RG_VERB_DYNAMIC))

static rg_classify_options options(rg_charset cs, unsigned mode)
{
  rg_classify_options o;
  memset(&o, 0, sizeof(o));
  o.charset= cs;
  o.sql_mode= mode;
  o.server_version= 101118;
  o.verbs= ALL;
  return o;
}

/* The verdict of the whole packet as the filter forms it: the first
   reading, then the rest's when that finds nothing static. */
static rg_verb packet(const char *q, rg_charset cs, unsigned mode,
                      rg_verdict *v, rg_access *access)
{
  rg_classify_options o= options(cs, mode);
  rg_verdict rest;
  rg_access ra;
  rg_classify(q, strlen(q), &o, v);
  *access= rg_classify_access(q, strlen(q), &o);
  if (rg_classify_packet_rest(q, strlen(q), &o, &rest, &ra))
  {
    if (rest.verb != RG_VERB_NONE &&
        (v->verb == RG_VERB_NONE ||
         (v->verb == RG_VERB_DYNAMIC && rest.verb != RG_VERB_DYNAMIC)))
      *v= rest;
    if (ra > *access)
      *access= ra;
  }
  return v->verb;
}

/* Disguised DROPs: each is a DROP to the server, hidden from a reading
   under the settings the packet arrives with. */
static void test_disguised(void)
{
  static const char *const drops[]=
  {
    "SET sql_mode='NO_BACKSLASH_ESCAPES'; SELECT 'a\\'; DROP TABLE t; -- '",
    "set SESSION sql_mode= 'no_backslash_escapes';select 'a\\';drop table t;#'",
    "SET @@sql_mode='TRADITIONAL,NO_BACKSLASH_ESCAPES'; SELECT 1, 'x\\'; "
      "DROP TABLE t; -- '",
    "SET sql_mode='ANSI_QUOTES'; SELECT \"a\\\"; DROP TABLE t; -- \"",
    "SET sql_mode=ANSI; SELECT \"a\\\"; DROP TABLE t; -- \"",
    "SET sql_mode='ORACLE'; SELECT \"a\\\"; DROP TABLE t; -- \"",
    "SET sql_mode=concat('ANSI', '_QUOTES'); SELECT \"\\\"; DROP TABLE t; #\"",
    "SET NAMES swe7; SELECT @x\\; DROP TABLE t",
    "SET CHARACTER SET swe7; SELECT a[; DROP TABLE t; -- ]",
    "SET character_set_client=10; SELECT @x\\; DROP TABLE t",
    "SET NAMES sjis; SELECT '\x95\\'; DROP TABLE t; -- '",
    "SET STATEMENT sql_mode='' FOR SELECT 1; SET sql_mode='ANSI_QUOTES';"
      " SELECT \"\\\"; DROP TABLE t; #\"",
    "SET NAMES latin1; SET sql_mode='NO_BACKSLASH_ESCAPES'; "
      "SELECT 'a\\'; DROP TABLE t; -- '",
    "/*!SET sql_mode='NO_BACKSLASH_ESCAPES'*/; SELECT 'a\\'; DROP TABLE t;#'",
    "CALL p(); SELECT 'a\\'; DROP TABLE t; -- '",
    "EXECUTE s; SELECT 'a\\'; DROP TABLE t; -- '",
    "BEGIN NOT ATOMIC SET sql_mode='NO_BACKSLASH_ESCAPES'; SELECT 1; END; "
      "SELECT 'a\\'; DROP TABLE t; -- '"
  };
  unsigned i;
  for (i= 0; i < sizeof(drops) / sizeof(drops[0]); i++)
  {
    rg_verdict v, first;
    rg_access a;
    rg_classify_options o= options(RG_CS_ASCII_SAFE, 0);
    rg_classify(drops[i], strlen(drops[i]), &o, &first);
    RG_CHECK(packet(drops[i], RG_CS_ASCII_SAFE, 0, &v, &a) == RG_VERB_DROP,
             "%s: %d", drops[i], v.verb);
    RG_CHECK(first.verb != RG_VERB_NONE || v.after_settings,
             "%s: flagged", drops[i]);
    RG_CHECK(a == RG_ACCESS_WRITE, "%s: access %d", drops[i], a);
  }
}

/* Packets that change settings and then run harmless statements pass. */
static void test_benign(void)
{
  static const char *const ok[]=
  {
    "SET NAMES utf8mb4; SELECT 1",
    "SET NAMES utf8mb4; SELECT 'it''s', \"q\", `c` FROM t WHERE a = 'x\\'y'",
    "SET sql_mode='ANSI_QUOTES'; SELECT \"a\" FROM t",
    "SET @a= 1; INSERT INTO t VALUES (@a); SELECT * FROM t",
    "SET autocommit=0; UPDATE t SET a= 1; COMMIT",
    "SELECT 1; SELECT 2; SET NAMES latin1",
    "SET NAMES swe7; SELECT 1"
  };
  unsigned i;
  for (i= 0; i < sizeof(ok) / sizeof(ok[0]); i++)
  {
    rg_verdict v;
    rg_access a;
    RG_CHECK(packet(ok[i], RG_CS_ASCII_SAFE, 0, &v, &a) == RG_VERB_NONE,
             "%s: %d", ok[i], v.verb);
  }
  {
    rg_verdict v;
    rg_access a;
    packet("SET NAMES utf8mb4; SELECT 1", RG_CS_ASCII_SAFE, 0, &v, &a);
    RG_CHECK(a == RG_ACCESS_INSPECT || a == RG_ACCESS_READ, "access %d", a);
  }
}

/* Without a changer, nothing is read again; with too many possible
   statement ends after a compound statement, the packet is refused. */
static void test_bounds(void)
{
  rg_classify_options o= options(RG_CS_ASCII_SAFE, 0);
  rg_verdict v;
  rg_access a;
  char q[1024];
  unsigned i;
  const char *plain= "SELECT 'a\\'; DROP TABLE t; -- '";
  RG_CHECK(!rg_classify_packet_rest(plain, strlen(plain), &o, &v, &a),
           "no changer");
  RG_CHECK(v.verb == RG_VERB_NONE && a == RG_ACCESS_INSPECT, "empty");
  strcpy(q, "BEGIN NOT ATOMIC SELECT 1; END");
  for (i= 0; i < 20; i++)
    strcat(q, "; SELECT 1");
  RG_CHECK(rg_classify_packet_rest(q, strlen(q), &o, &v, &a) &&
           v.verb == RG_VERB_DYNAMIC && v.after_settings &&
           a == RG_ACCESS_WRITE, "overflow: %d", v.verb);
  /* user variables change no setting */
  q[0]= '\0';
  for (i= 0; i < 30; i++)
    strcat(q, "SET @a= f(1, 2); ");
  strcat(q, "SELECT 1");
  RG_CHECK(!rg_classify_packet_rest(q, strlen(q), &o, &v, &a) &&
           v.verb == RG_VERB_NONE, "30 SET @a: %d", v.verb);
  /* ... but a second assignment may be a setting */
  strcpy(q, "SET @a= 1, sql_mode= 'ANSI_QUOTES'; SELECT \"\\\"; DROP TABLE t");
  RG_CHECK(rg_classify_packet_rest(q, strlen(q), &o, &v, &a) &&
           v.verb == RG_VERB_DROP, "SET @a, sql_mode: %d", v.verb);
  /* a transaction's BEGIN is no compound statement */
  strcpy(q, "BEGIN;");
  for (i= 0; i < 20; i++)
    strcat(q, " INSERT INTO t VALUES ('a');");
  strcat(q, " COMMIT");
  RG_CHECK(!rg_classify_packet_rest(q, strlen(q), &o, &v, &a) &&
           v.verb == RG_VERB_NONE, "BEGIN; 20 INSERTs: %d", v.verb);
  /* past RG_PACKET_MAX_STARTS settings, refused */
  q[0]= '\0';
  for (i= 0; i < 20; i++)
    strcat(q, "SET sql_mode= ''; ");
  strcat(q, "SELECT 1");
  RG_CHECK(rg_classify_packet_rest(q, strlen(q), &o, &v, &a) &&
           v.verb == RG_VERB_DYNAMIC, "20 SETs: %d", v.verb);
}

/* A packet of about n bytes: count changers, then a SELECT of a string
   of 'e' with an acute accent in utf8 (two bytes >= 0x80 each). */
static char *long_packet(unsigned changers, size_t n, size_t *len)
{
  static const char set[]= "SET NAMES latin1; ";
  char *q= malloc(n + 64 + changers * sizeof(set));
  size_t at= 0;
  unsigned i;
  if (!q)
    return NULL;
  for (i= 0; i < changers; i++, at+= sizeof(set) - 1)
    memcpy(q + at, set, sizeof(set) - 1);
  memcpy(q + at, "SELECT '", 8);
  for (at+= 8; at + 2 < n; at+= 2)
    memcpy(q + at, "\xc3\xa9", 2);
  memcpy(q + at, "'; SELECT 1", 11);
  *len= at + 11;
  return q;
}

static double seconds_of(const char *q, size_t len, const rg_classify_options *o,
                         rg_verdict *v, rg_access *a)
{
  clock_t t0= clock();
  rg_classify_packet_rest(q, len, o, v, a);
  return (double) (clock() - t0) / CLOCKS_PER_SEC;
}

/* The bytes read again are bounded by a multiple of the packet's length:
   past it, the packet is refused (dynamic SQL after a settings change),
   never let through. */
static void test_budget(void)
{
  rg_classify_options o= options(RG_CS_ASCII_SAFE, 0);
  rg_verdict v;
  rg_access a;
  size_t len;
  char *q;
  double t;
  /* one changer before 10 KB in utf8: read in full, and passes */
  q= long_packet(1, 10000, &len);
  RG_CHECK(q != NULL, "memory");
  if (!q)
    return;
  t= seconds_of(q, len, &o, &v, &a);
  RG_CHECK(v.verb == RG_VERB_NONE && a != RG_ACCESS_WRITE,
           "10 KB after one SET NAMES: %d %d", v.verb, a);
  printf("test_packet: 10 KB after one SET NAMES: %.2f ms\n", t * 1e3);
  free(q);
  /* hostile: 1 MB with 16 changers, each a position to read from */
  q= long_packet(16, 1 << 20, &len);
  RG_CHECK(q != NULL, "memory");
  if (!q)
    return;
  t= seconds_of(q, len, &o, &v, &a);
  RG_CHECK(v.verb == RG_VERB_DYNAMIC && v.after_settings &&
           a == RG_ACCESS_WRITE, "1 MB, 16 changers: %d %d", v.verb, a);
  printf("test_packet: 1 MB with 16 settings changes: %.2f ms "
         "(refused: over the budget)\n", t * 1e3);
  free(q);
  /* three changers before 100 KB in utf8: over the budget, refused */
  q= long_packet(3, 100000, &len);
  RG_CHECK(q != NULL, "memory");
  if (!q)
    return;
  RG_CHECK(rg_classify_packet_rest(q, len, &o, &v, &a) &&
           v.verb == RG_VERB_DYNAMIC && v.after_settings &&
           a == RG_ACCESS_WRITE, "100 KB, 3 changers: %d %d", v.verb, a);
  free(q);
  /* ... and within it, a DROP behind them is found */
  {
    static const char drop[]= "SET NAMES latin1; SELECT '\xc3\xa9'; "
      "SET sql_mode='NO_BACKSLASH_ESCAPES'; SELECT '\\'; DROP TABLE t; #'";
    RG_CHECK(rg_classify_packet_rest(drop, strlen(drop), &o, &v, &a) &&
             v.verb == RG_VERB_DROP, "DROP within the budget: %d", v.verb);
  }
}

/* swe7: [ ] ^ { } ~ are letters; @ \ ` | continue a host name. */
static void test_swe7(void)
{
  static const struct { const char *q; rg_verb verb; } cases[]=
  {
    { "SELECT @x\\; DROP TABLE t", RG_VERB_DROP },
    { "SELECT a[; DROP TABLE t; -- ]", RG_VERB_DROP },
    { "SELECT @x`; DROP TABLE t; -- `", RG_VERB_DROP },
    { "SELECT @x|; DROP TABLE t", RG_VERB_DROP },
    { "SELECT 'a\\'; DROP TABLE t; -- '", RG_VERB_NONE },
    { "SELECT `a`; DROP TABLE t", RG_VERB_DROP },
    { "SELECT ~1; SELECT \"; DROP TABLE t; \"", RG_VERB_NONE }
  };
  unsigned i;
  RG_CHECK(rg_charset_from_name("SWE7", 4) == RG_CS_SWE7, "name");
  for (i= 0; i < sizeof(cases) / sizeof(cases[0]); i++)
  {
    rg_classify_options o= options(RG_CS_SWE7, 0);
    rg_verdict v;
    rg_classify(cases[i].q, strlen(cases[i].q), &o, &v);
    RG_CHECK(v.verb == cases[i].verb, "%s: %d", cases[i].q, v.verb);
  }
  /* read as the other sets do, the first two hide their DROP */
  for (i= 0; i < 2; i++)
  {
    rg_classify_options o= options(RG_CS_ASCII_SAFE, 0);
    rg_verdict v;
    rg_classify(cases[i].q, strlen(cases[i].q), &o, &v);
    RG_CHECK(v.verb == RG_VERB_NONE, "not swe7: %s: %d", cases[i].q, v.verb);
  }
}

/* DDL on the plugin's own schema hidden after a settings change. */
static void test_own_schema(void)
{
  static const char hidden[]= "SET sql_mode='NO_BACKSLASH_ESCAPES'; "
    "SELECT 'a\\'; DROP TABLE replica_guard.heartbeat; -- '";
  static const char plain[]= "SET NAMES utf8mb4; "
    "SELECT * FROM replica_guard.heartbeat";
  rg_classify_options o= options(RG_CS_ASCII_SAFE, 0);
  RG_CHECK(rg_policy_text_own_schema(hidden, strlen(hidden), 0, &o),
           "hidden DROP of the own schema");
  RG_CHECK(!rg_policy_text_own_schema(plain, strlen(plain), 0, &o),
           "a read of the own schema");
}

/* A fenced packet refused for what it may do after a settings change in
   it: the fence's message says to send the statements separately. */
static void test_fence_message(void)
{
  static const char fence[]= "replica_guard: this database is temporarily "
    "unavailable";
  rg_policy_context ctx;
  rg_policy_decision d;
  char msg[512], kind[128];
  memset(&ctx, 0, sizeof(ctx));
  ctx.filter_mode= RG_FILTER_ENFORCE;
  ctx.verbs= ALL;
  ctx.fence_up= 1;
  ctx.known= RG_FACT_THREAD | RG_FACT_EXEMPT | RG_FACT_ACCESS |
             RG_FACT_VERDICT | RG_FACT_LEXER;
  ctx.thread= RG_THREAD_CLIENT;
  ctx.access= RG_ACCESS_WRITE;
  ctx.access_after_settings= 1;
  rg_policy_decide(&ctx, &d);
  RG_CHECK(d.action == RG_DECISION_FENCE && d.after_settings,
           "fenced after settings: %d %d", d.action, d.after_settings);
  rg_policy_kind(&ctx, &d, kind, sizeof(kind));
  RG_CHECK(strstr(kind, "after a settings change") != NULL, "kind: %s", kind);
  strcpy(msg, fence);
  rg_policy_fence_message(&d, msg, sizeof(msg));
  RG_CHECK(!strncmp(msg, fence, sizeof(fence) - 1) &&
           strstr(msg, "Send the statements separately") != NULL,
           "message: %s", msg);
  /* no room: the fence's message stays whole */
  strcpy(msg, fence);
  rg_policy_fence_message(&d, msg, sizeof(fence) + 10);
  RG_CHECK(!strcmp(msg, fence), "no room: %s", msg);
  /* a write in the packet's first reading: the message alone */
  ctx.access_after_settings= 0;
  rg_policy_decide(&ctx, &d);
  strcpy(msg, fence);
  rg_policy_fence_message(&d, msg, sizeof(msg));
  RG_CHECK(d.action == RG_DECISION_FENCE && !d.after_settings &&
           !strcmp(msg, fence), "plain write: %s", msg);
}

int main(void)
{
  test_own_schema();
  test_disguised();
  test_benign();
  test_bounds();
  test_budget();
  test_fence_message();
  test_swe7();
  return rg_test_summary("test_packet");
}
