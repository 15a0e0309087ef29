/*
  Unit tests of rule 3, one-way replicas take no direct changes
  (rg_writes.h): the decision from a table of cases, each decided with
  every fact given, as the glue gathers them (exactly the facts listed,
  none twice), and with every subset of facts withheld, which must never
  give a more permissive decision (fail closed); the local-schema list's
  parser; the set of tables created here (collisions, removal that keeps
  probing runs whole, the file form and its reading).
*/
#include "rg_writes.h"
#include "rg_test.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define ALL_FACTS (RG_WFACT_THREAD | RG_WFACT_TABLE | RG_WFACT_EXEMPT | \
                   RG_WFACT_OVERRIDE)

#define ALLOW RG_WRITES_ALLOW
#define WARNM RG_WRITES_WARN
#define REFUSEM RG_WRITES_REFUSE
#define CLIENT RG_THREAD_CLIENT
#define INTERNAL RG_THREAD_INTERNAL
#define APPLIER RG_THREAD_APPLIER
#define BEHALF RG_THREAD_ON_BEHALF
#define REPL RG_TABLE_REPLICATED
#define SYS RG_TABLE_SYSTEM
#define LOCAL RG_TABLE_LOCAL_SCHEMA
#define SCRATCH RG_TABLE_SCRATCH
#define PASS RG_DECISION_PASS
#define WARN RG_DECISION_WARN
#define REFUSE RG_DECISION_REFUSE
#define F_THREAD RG_WFACT_THREAD
#define F_TABLE RG_WFACT_TABLE
#define F_EXEMPT RG_WFACT_EXEMPT
#define F_OVERRIDE RG_WFACT_OVERRIDE
#define F_CLIENT (F_THREAD | F_TABLE | F_EXEMPT | F_OVERRIDE)

typedef struct writes_case
{
  int line;
  rg_writes_mode mode;
  rg_thread_kind thread;
  rg_table_kind table;
  unsigned char exempt, allow_writes;
  rg_decision action;
  rg_writes_reason reason;
  unsigned char errant;
  unsigned facts;           /* exactly what the decision asks for */
} writes_case;

#define C(...) { __LINE__, __VA_ARGS__ }
static const writes_case cases[]=
{
  /* ALLOW: no rule, nothing gathered */
  C(ALLOW, CLIENT, REPL, 0, 0, PASS, RG_WREASON_NO_RULE, 0, 0),
  C(ALLOW, BEHALF, REPL, 0, 0, PASS, RG_WREASON_NO_RULE, 0, 0),
  /* the applier and the plugin's threads apply everything */
  C(REFUSEM, APPLIER, REPL, 0, 0, PASS, RG_WREASON_APPLIER, 0, F_THREAD),
  C(REFUSEM, INTERNAL, REPL, 0, 0, PASS, RG_WREASON_INTERNAL, 0, F_THREAD),
  C(WARNM, APPLIER, REPL, 0, 0, PASS, RG_WREASON_APPLIER, 0, F_THREAD),
  /* tables replication does not manage */
  C(REFUSEM, CLIENT, SYS, 0, 0, PASS, RG_WREASON_LOCAL, 0,
    F_THREAD | F_TABLE),
  C(REFUSEM, CLIENT, LOCAL, 0, 0, PASS, RG_WREASON_LOCAL, 0,
    F_THREAD | F_TABLE),
  C(REFUSEM, CLIENT, SCRATCH, 0, 0, PASS, RG_WREASON_LOCAL, 0,
    F_THREAD | F_TABLE),
  C(WARNM, BEHALF, SCRATCH, 0, 0, PASS, RG_WREASON_LOCAL, 0,
    F_THREAD | F_TABLE),
  /* a replicated table */
  C(REFUSEM, CLIENT, REPL, 0, 0, REFUSE, RG_WREASON_REPLICATED, 0, F_CLIENT),
  C(REFUSEM, CLIENT, REPL, 1, 0, PASS, RG_WREASON_EXEMPT, 1,
    F_THREAD | F_TABLE | F_EXEMPT),
  C(REFUSEM, CLIENT, REPL, 1, 1, PASS, RG_WREASON_EXEMPT, 1,
    F_THREAD | F_TABLE | F_EXEMPT),
  C(REFUSEM, CLIENT, REPL, 0, 1, PASS, RG_WREASON_OVERRIDE, 1, F_CLIENT),
  C(WARNM, CLIENT, REPL, 0, 0, WARN, RG_WREASON_WARN_MODE, 1, F_CLIENT),
  C(WARNM, CLIENT, REPL, 1, 0, PASS, RG_WREASON_EXEMPT, 1,
    F_THREAD | F_TABLE | F_EXEMPT),
  /* init_connect, init_slave: never exempt nor overridden */
  C(REFUSEM, BEHALF, REPL, 1, 1, REFUSE, RG_WREASON_REPLICATED, 0,
    F_THREAD | F_TABLE),
  C(WARNM, BEHALF, REPL, 1, 1, WARN, RG_WREASON_WARN_MODE, 1,
    F_THREAD | F_TABLE),
};

/* How permissive a decision is: higher lets more through. */
static int looseness(rg_decision action)
{
  return action == PASS ? 2 : action == WARN ? 1 : 0;
}

static void with_facts(rg_writes_context *ctx, const writes_case *c,
                       unsigned known)
{
  memset(ctx, 0, sizeof(*ctx));
  ctx->mode= c->mode;
  ctx->known= known;
  /* Facts not known hold their most permissive values: a decision that
     read them anyway would show here. */
  ctx->thread= known & F_THREAD ? c->thread : APPLIER;
  ctx->table= known & F_TABLE ? c->table : SCRATCH;
  ctx->exempt= known & F_EXEMPT ? c->exempt : 1;
  ctx->allow_writes= known & F_OVERRIDE ? c->allow_writes : 1;
}

static void test_decisions(void)
{
  for (size_t i= 0; i < ARRAY_LEN(cases); i++)
  {
    const writes_case *c= &cases[i];
    rg_writes_context ctx;
    rg_writes_decision d;
    unsigned asked= 0, fact, withheld;
    with_facts(&ctx, c, ALL_FACTS);
    rg_writes_decide(&ctx, &d);
    RG_CHECK(d.action == c->action && d.reason == c->reason &&
             d.errant == c->errant, "line %d: got %s", c->line,
             rg_writes_reason_name(d.reason));
    RG_CHECK((rg_writes_log_lead(&d) != NULL) ==
             (d.errant || d.action == REFUSE), "line %d: logged", c->line);
    /* as the glue gathers */
    with_facts(&ctx, c, 0);
    while ((fact= rg_writes_needs(&ctx)))
    {
      RG_CHECK(!(asked & fact), "line %d: fact %#x asked twice", c->line,
               fact);
      if (asked & fact)
        break;
      asked|= fact;
      with_facts(&ctx, c, asked);
    }
    RG_CHECK(asked == c->facts, "line %d: asked %#x, expected %#x",
             c->line, asked, c->facts);
    rg_writes_decide(&ctx, &d);
    RG_CHECK(d.action == c->action && d.reason == c->reason,
             "line %d: gathered: %s", c->line,
             rg_writes_reason_name(d.reason));
    /* withheld facts never loosen the decision */
    for (withheld= 1; withheld <= ALL_FACTS; withheld++)
    {
      rg_writes_decision w;
      with_facts(&ctx, c, ALL_FACTS & ~withheld);
      rg_writes_decide(&ctx, &w);
      RG_CHECK(looseness(w.action) <= looseness(c->action),
               "line %d: facts %#x withheld: %s", c->line, withheld,
               rg_writes_reason_name(w.reason));
    }
  }
}

static void test_schema_list(void)
{
  static const struct
  {
    const char *text;
    int fails;
    unsigned count;
    const char *has, *has_not;
  } lists[]=
  {
    { "", 0, 0, NULL, "reports" },
    { "   ", 0, 0, NULL, "" },
    { "reports", 0, 1, "reports", "Reports" },
    { " reports , scratch ", 0, 2, "scratch", "reports " },
    { "`my,db`, b", 0, 2, "my,db", "my" },
    { "`a``b`", 0, 1, "a`b", "a``b" },
    { "a,a", 0, 1, "a", NULL },
    { "a,,b", 1, 0, NULL, NULL },
    { "a,", 1, 0, NULL, NULL },
    { "`a", 1, 0, NULL, NULL },
    { "`a` b", 1, 0, NULL, NULL },
    { "mysql", 1, 0, NULL, NULL },
    { "Replica_Guard", 1, 0, NULL, NULL },
    { "x, performance_schema", 1, 0, NULL, NULL },
  };
  char err[128], many[4096], longname[300];
  rg_schema_list list;
  size_t n= 0;
  for (size_t i= 0; i < ARRAY_LEN(lists); i++)
  {
    int rc= rg_schema_list_parse(lists[i].text, strlen(lists[i].text), &list,
                                 err, sizeof(err));
    RG_CHECK(rc == lists[i].fails, "'%s': rc %d (%s)", lists[i].text, rc,
             err);
    if (rc)
    {
      RG_CHECK(err[0] != '\0', "'%s': a reason", lists[i].text);
      continue;
    }
    RG_CHECK(list.count == lists[i].count, "'%s': %u names", lists[i].text,
             list.count);
    if (lists[i].has)
      RG_CHECK(rg_schema_list_has(&list, lists[i].has,
                                  strlen(lists[i].has)),
               "'%s' has '%s'", lists[i].text, lists[i].has);
    if (lists[i].has_not)
      RG_CHECK(!rg_schema_list_has(&list, lists[i].has_not,
                                   strlen(lists[i].has_not)),
               "'%s' has not '%s'", lists[i].text, lists[i].has_not);
  }
  for (int i= 0; i <= RG_LOCAL_SCHEMAS_MAX; i++)
    n+= (size_t) snprintf(many + n, sizeof(many) - n, "%ss%d", i ? "," : "",
                          i);
  RG_CHECK(rg_schema_list_parse(many, n, &list, err, sizeof(err)) == 1,
           "more than the maximum refused");
  memset(longname, 'x', sizeof(longname));
  RG_CHECK(rg_schema_list_parse(longname, RG_NAME_BYTES, &list, err,
                                sizeof(err)) == 0, "longest name");
  RG_CHECK(rg_schema_list_parse(longname, RG_NAME_BYTES + 1, &list, err,
                                sizeof(err)) == 1, "too long");
  RG_CHECK(rg_writes_schema_is_system("MySQL", 5) &&
           rg_writes_schema_is_system("replica_guard", 13) &&
           !rg_writes_schema_is_system("mysql2", 6) &&
           !rg_writes_schema_is_system("mysq", 4), "system schemas");
}

static rg_table_set set, copy;

static void test_table_set(void)
{
  char db[16], table[16], *text;
  size_t need;
  int i, ok= 1;
  /* fill to the maximum: every probing run stays whole through removals */
  for (i= 0; i < RG_TABLE_SET_MAX; i++)
  {
    snprintf(table, sizeof(table), "t%d", i);
    ok&= rg_table_set_add(&set, "db", 2, table, strlen(table)) == 0;
  }
  RG_CHECK(ok && set.count == RG_TABLE_SET_MAX, "filled: %u", set.count);
  RG_CHECK(rg_table_set_add(&set, "db", 2, "one_more", 8) == 1, "full");
  RG_CHECK(rg_table_set_add(&set, "db", 2, "t7", 2) == 0, "again: no-op");
  for (i= 0; i < RG_TABLE_SET_MAX; i+= 3)
  {
    snprintf(table, sizeof(table), "t%d", i);
    ok&= rg_table_set_remove(&set, "db", 2, table, strlen(table)) == 1;
  }
  RG_CHECK(ok, "removed");
  for (i= 0; i < RG_TABLE_SET_MAX; i++)
  {
    snprintf(table, sizeof(table), "t%d", i);
    ok&= rg_table_set_contains(&set, "db", 2, table, strlen(table)) ==
         (i % 3 != 0);
  }
  RG_CHECK(ok, "every remaining entry found, no removed one");
  RG_CHECK(!rg_table_set_contains(&set, "d", 1, "bt1", 3) &&
           !rg_table_set_contains(&set, "dbt", 3, "1", 1),
           "the schema and table part are told apart");
  RG_CHECK(rg_table_set_remove(&set, "db", 2, "t0", 2) == 0, "not there");
  /* the file form, names with any bytes */
  RG_CHECK(rg_table_set_add(&set, "a\nb", 3, "c:1\n", 4) == 0, "odd name");
  need= rg_table_set_format(&set, NULL, 0);
  text= malloc(need);
  RG_CHECK(rg_table_set_format(&set, text, need) == need, "format");
  RG_CHECK(rg_table_set_load(&copy, text, need) == 0 &&
           copy.count == set.count, "round trip: %u", copy.count);
  RG_CHECK(rg_table_set_contains(&copy, "a\nb", 3, "c:1\n", 4) &&
           rg_table_set_contains(&copy, "db", 2, "t1", 2) &&
           !rg_table_set_contains(&copy, "db", 2, "t3", 2), "loaded");
  free(text);
  memset(&copy, 0, sizeof(copy));
  {
    /* "3:db\n9999:x" is one bad entry: a name may hold a newline */
    static const char bad[]= "2:db2:t1\nx\n3:db\n9999:x\n2:db2:t2\n";
    RG_CHECK(rg_table_set_load(&copy, bad, sizeof(bad) - 1) == 2 &&
             copy.count == 2, "bad lines skipped: %u", copy.count);
  }
  rg_table_set_clear(&copy);
  RG_CHECK(copy.count == 0 && !rg_table_set_contains(&copy, "db", 2, "t1", 2),
           "cleared");
  snprintf(db, sizeof(db), "x");
  RG_CHECK(rg_table_set_add(&copy, db, RG_NAME_BYTES + 1, "t", 1) == 1,
           "too long a name");
}

/*
  Readers without a lock while a writer adds and removes: the tables that
  stay in the set all along are found by every lookup, and a table never
  added is never found (the sequence counter hides moves and torn names).
  A smoke test: whether a race shows in a run is a matter of chance (a
  reader that ignores the counter passed it too, on 2 busy cores).
*/
static rg_table_set shared;
static volatile int writer_done, readers_started;
static unsigned long reader_misses, reader_false;

static void *reader(void *arg)
{
  char table[16];
  unsigned long misses= 0, wrong= 0;
  (void) arg;
  __atomic_fetch_add(&readers_started, 1, __ATOMIC_RELEASE);
  while (!__atomic_load_n(&writer_done, __ATOMIC_ACQUIRE))
    for (int i= 0; i < 64; i++)
    {
      snprintf(table, sizeof(table), "keep%d", i);
      misses+= !rg_table_set_contains(&shared, "db", 2, table,
                                      strlen(table));
      wrong+= rg_table_set_contains(&shared, "db", 2, "never", 5);
    }
  __atomic_fetch_add(&reader_misses, misses, __ATOMIC_RELAXED);
  __atomic_fetch_add(&reader_false, wrong, __ATOMIC_RELAXED);
  return NULL;
}

static void test_concurrent(void)
{
  pthread_t threads[2];
  char table[16];
  for (int i= 0; i < 64; i++)
  {
    snprintf(table, sizeof(table), "keep%d", i);
    rg_table_set_add(&shared, "db", 2, table, strlen(table));
  }
  for (int t= 0; t < 2; t++)
    pthread_create(&threads[t], NULL, reader, NULL);
  while (__atomic_load_n(&readers_started, __ATOMIC_ACQUIRE) < 2)
    ;
  /* near full, so removals move entries back along long runs */
  for (int round= 0; round < 300; round++)
    for (int i= 0; i < RG_TABLE_SET_MAX - 64; i++)
    {
      snprintf(table, sizeof(table), "tmp%d", i);
      if (round % 2)
        rg_table_set_remove(&shared, "db", 2, table, strlen(table));
      else
        rg_table_set_add(&shared, "db", 2, table, strlen(table));
    }
  __atomic_store_n(&writer_done, 1, __ATOMIC_RELEASE);
  for (int t= 0; t < 2; t++)
    pthread_join(threads[t], NULL);
  RG_CHECK(reader_misses == 0 && reader_false == 0,
           "concurrent lookups: %lu misses, %lu false", reader_misses,
           reader_false);
}

static void test_ddl(void)
{
  static const struct
  {
    const char *text;
    unsigned sql_mode;
    rg_ddl_result result;
    const char *names;      /* "db.table db.table" ("" db: default) */
    size_t from;            /* where the statement starts */
  } ddl_cases[]=
  {
    { "DROP TABLE t", 0, RG_DDL_TABLES, ".t", 0 },
    { "drop tables if exists a, practice.b, `c``d`.`e f`", 0,
      RG_DDL_TABLES, ".a practice.b c`d.e f", 0 },
    { "DROP TABLE /* c */ t1 , t2 RESTRICT;", 0, RG_DDL_TABLES, ".t1 .t2", 0 },
    { "/*!DROP*/ TABLE x", 0, RG_DDL_TABLES, ".x", 0 },
    { "DROP TEMPORARY TABLE t", 0, RG_DDL_NONE, "", 0 },
    { "DROP VIEW v", 0, RG_DDL_NONE, "", 0 },
    { "DROP INDEX i ON t", 0, RG_DDL_TABLES, ".t", 0 },
    { "drop index if exists `i` on p.t", 0, RG_DDL_TABLES, "p.t", 0 },
    { "DROP INDEX i", 0, RG_DDL_UNKNOWN, "", 0 },
    { "CREATE INDEX i ON p.t (a)", 0, RG_DDL_TABLES, "p.t", 0 },
    { "CREATE UNIQUE INDEX IF NOT EXISTS i USING BTREE ON t (a)", 0,
      RG_DDL_TABLES, ".t", 0 },
    { "CREATE OR REPLACE FULLTEXT INDEX i ON t (a)", 0, RG_DDL_TABLES, ".t",
      0 },
    { "CREATE UNIQUE INDEX ON t", 0, RG_DDL_UNKNOWN, "", 0 },
    { "CREATE TRIGGER tr BEFORE INSERT ON p.t FOR EACH ROW SET NEW.a= 1", 0,
      RG_DDL_TABLES, "p.t", 0 },
    { "CREATE DEFINER=`u`@`h` TRIGGER IF NOT EXISTS d.tr AFTER UPDATE ON t "
      "FOR EACH ROW SET @a= 1", 0, RG_DDL_TABLES, ".t", 0 },
    { "CREATE OR REPLACE DEFINER=CURRENT_USER TRIGGER tr AFTER DELETE ON t "
      "FOR EACH ROW SET @a= 1", 0, RG_DDL_TABLES, ".t", 0 },
    { "CREATE DEFINER='u'@'h' TRIGGER tr INSTEAD OF INSERT ON t", 0,
      RG_DDL_UNKNOWN, "", 0 },
    { "DROP TRIGGER IF EXISTS d.tr", 0, RG_DDL_TABLES, "d.tr", 0 },
    { "CREATE DEFINER=u SQL SECURITY INVOKER VIEW v AS SELECT 1", 0,
      RG_DDL_NONE, "", 0 },
    { "CREATE PROCEDURE p() SELECT 1", 0, RG_DDL_NONE, "", 0 },
    { "DROP DATABASE IF EXISTS practice", 0, RG_DDL_TABLES, "practice.", 0 },
    { "DROP SCHEMA `p`", 0, RG_DDL_TABLES, "p.", 0 },
    { "ALTER TABLE p.t ADD COLUMN c INT", 0, RG_DDL_TABLES, "p.t", 0 },
    { "ALTER ONLINE IGNORE TABLE t FORCE", 0, RG_DDL_TABLES, ".t", 0 },
    { "ALTER TABLE IF EXISTS t RENAME TO u", 0, RG_DDL_TABLES, ".t", 0 },
    { "ALTER DATABASE d CHARACTER SET utf8mb4", 0, RG_DDL_NONE, "", 0 },
    { "ALTER USER u", 0, RG_DDL_NONE, "", 0 },
    { "RENAME TABLE a TO b, d.c TO d.e", 0, RG_DDL_TABLES, ".a d.c", 0 },
    { "RENAME TABLE a b", 0, RG_DDL_UNKNOWN, "", 0 },
    { "RENAME USER a TO b", 0, RG_DDL_NONE, "", 0 },
    { "CREATE OR REPLACE TABLE r.t AS SELECT 1", 0, RG_DDL_TABLES, "r.t", 0 },
    { "CREATE OR REPLACE TEMPORARY TABLE t (a INT)", 0, RG_DDL_NONE, "", 0 },
    { "CREATE OR REPLACE VIEW v AS SELECT 1", 0, RG_DDL_NONE, "", 0 },
    { "CREATE TABLE t (a INT)", 0, RG_DDL_NONE, "", 0 },
    { "SELECT 'DROP TABLE t'", 0, RG_DDL_NONE, "", 0 },
    { "DROP TABLE \"t\"", RG_MODE_ANSI_QUOTES, RG_DDL_TABLES, ".t", 0 },
    { "DROP TABLE \"t\"", 0, RG_DDL_UNKNOWN, "", 0 },
    { "DROP TABLE t\xc3\xa9", 0, RG_DDL_UNKNOWN, "", 0 },
    { "DROP TABLE 'x'", 0, RG_DDL_UNKNOWN, "", 0 },
    { "DROP TABLE", 0, RG_DDL_UNKNOWN, "", 0 },
    { "DROP TABLE t1,t2,t3,t4,t5,t6,t7,t8,t9,t10,t11,t12,t13,t14,t15,t16,t17",
      0, RG_DDL_UNKNOWN, "", 0 },
    { "DROP TABLE /*!99997 a, */ b", 0, RG_DDL_UNKNOWN, "", 0 },
    /* a statement that starts inside an executable comment */
    { "SELECT 1; /*!DROP*/ TABLE `t`", 0, RG_DDL_TABLES, ".t", 13 },
    { "SELECT 1; /*!CREATE OR REPLACE*/ TABLE t", 0, RG_DDL_TABLES, ".t", 13 },
    { "SELECT 1; DROP TABLE t", 0, RG_DDL_UNKNOWN, "", 12 },
    { "CREATE OR REPLACE SEQUENCE s", 0, RG_DDL_TABLES, ".s", 0 },
    { "DROP SEQUENCE IF EXISTS d.s", 0, RG_DDL_TABLES, "d.s", 0 },
    { "ALTER SEQUENCE s RESTART", 0, RG_DDL_TABLES, ".s", 0 },
    { "CREATE OR REPLACE DEFINER=u VIEW v AS SELECT 1", 0, RG_DDL_NONE, "", 0 },
  };
  for (size_t i= 0; i < ARRAY_LEN(ddl_cases); i++)
  {
    rg_classify_options opt;
    rg_ddl ddl;
    rg_ddl_result got;
    char names[512];
    size_t n= 0;
    memset(&opt, 0, sizeof(opt));
    opt.charset= RG_CS_ASCII_SAFE;
    opt.sql_mode= ddl_cases[i].sql_mode;
    opt.server_version= 101118;
    ddl.count= 0;
    got= rg_writes_ddl(ddl_cases[i].text, strlen(ddl_cases[i].text),
                       ddl_cases[i].from, &opt, &ddl);
    names[0]= '\0';
    for (unsigned k= 0; got == RG_DDL_TABLES && k < ddl.count; k++)
      n+= (size_t) snprintf(names + n, sizeof(names) - n, "%s%.*s.%.*s",
                            k ? " " : "", ddl.name[k].db_length,
                            ddl.name[k].db, ddl.name[k].table_length,
                            ddl.name[k].table);
    RG_CHECK(got == ddl_cases[i].result &&
             (got != RG_DDL_TABLES || !strcmp(names, ddl_cases[i].names)),
             "'%s': %d '%s'", ddl_cases[i].text, (int) got, names);
    RG_CHECK(rg_writes_may_be_ddl(ddl_cases[i].text,
                                  strlen(ddl_cases[i].text)) ||
             got == RG_DDL_NONE, "'%s': prefilter", ddl_cases[i].text);
  }
  RG_CHECK(!rg_writes_may_be_ddl("SELECT * FROM t WHERE a = 'dro'", 31) &&
           rg_writes_may_be_ddl("x dRoP", 6) &&
           rg_writes_may_be_ddl("rename", 6) && !rg_writes_may_be_ddl("dro", 3),
           "prefilter words");
}

static void test_message(void)
{
  char m[512];
  rg_writes_message("practice", 8, "pat'ients\\", 10, m, sizeof(m));
  RG_CHECK(strstr(m, "one-way replica") && strstr(m, "primary") &&
           strstr(m, "practice.pat?ients?") && !strchr(m, '\\') &&
           !strchr(m, '\''), "message: %s", m);
  rg_writes_message("", 0, "", 0, m, sizeof(m));
  RG_CHECK(strstr(m, "cannot be told") && strstr(m, "one-way replica"),
           "message, tables not told: %s", m);
}

int main(void)
{
  test_decisions();
  test_schema_list();
  test_table_set();
  test_message();
  test_ddl();
  test_concurrent();
  return rg_test_summary("test_writes");
}
