/* Unit tests of the replication filter emulation (include/rg_replfilter.h),
   table-driven: each case is a filter set, an event and the server's
   decision (sql/rpl_filter.cc and its callers in 10.11). */
#include <stdio.h>
#include <string.h>
#include "rg_replfilter.h"
#include "rg_test.h"

#define SBR 1
#define RBR 0

typedef struct verdict_case
{
  rg_repl_filters f;
  const char *db, *table;        /* db "" in SBR: unqualified table */
  int statement_based;
  const char *default_db;        /* NULL: no default database */
  rg_repl_verdict expected;
  const char *why;
} verdict_case;

static const verdict_case cases[]=
{
  /* No filters: everything passes. */
  { { 0 }, "a", "t", RBR, NULL, RG_REPL_PASS, "no filters" },
  { { "", "", "", "", "", "" }, "a", "t", SBR, "b", RG_REPL_PASS,
    "empty lists are no filters" },

  /* replicate-do-db */
  { { .do_db= "practice" },
    "practice", "t", RBR, NULL, RG_REPL_PASS, "do-db row" },
  { { .do_db= "practice" }, "other", "t", RBR, "practice", RG_REPL_DO_DB,
    "do-db row: the table's database counts, not the default" },
  { { .do_db= "practice" }, "other", "t", SBR, "practice", RG_REPL_PASS,
    "do-db statement: the default database counts" },
  { { .do_db= "practice" }, "practice", "t", SBR, "other", RG_REPL_DO_DB,
    "do-db statement: cross-database change is dropped" },
  { { .do_db= "practice" }, "practice", "t", SBR, NULL, RG_REPL_PASS,
    "do-db statement without a default database passes" },
  { { .do_db= "practice" }, "Practice", "t", RBR, NULL, RG_REPL_DO_DB,
    "do-db compares case" },
  { { .do_db= "a,practice" }, "practice", "t", RBR, NULL, RG_REPL_PASS,
    "second item of a list" },
  { { .do_db= "a, practice" }, "practice", "t", RBR, NULL, RG_REPL_PASS,
    "leading blanks of an item skipped" },
  { { .do_db= "a,,practice," }, "practice", "t", RBR, NULL, RG_REPL_PASS,
    "empty items skipped" },
  { { .do_db= "practice " }, "practice", "t", RBR, NULL, RG_REPL_DO_DB,
    "trailing blanks are part of the name" },
  { { .do_db= "practic" }, "practice", "t", RBR, NULL, RG_REPL_DO_DB,
    "a prefix is no match" },
  { { .do_db= "practice", .ignore_db= "practice" },
    "practice", "t", RBR, NULL, RG_REPL_PASS,
    "do-db wins over ignore-db" },
  { { .do_db= "practice", .ignore_db= "other" },
    "x", "t", RBR, NULL, RG_REPL_DO_DB,
    "with a do-db list, ignore-db is not consulted" },

  /* replicate-ignore-db */
  { { .ignore_db= "replica_guard" }, "replica_guard", "heartbeat", RBR, NULL,
    RG_REPL_IGNORE_DB, "ignore-db row" },
  { { .ignore_db= "replica_guard" }, "replica_guard", "heartbeat", SBR, "x",
    RG_REPL_PASS, "ignore-db statement: default database counts" },
  { { .ignore_db= "replica_guard" }, "", "heartbeat", SBR, "replica_guard",
    RG_REPL_IGNORE_DB, "ignore-db statement in the ignored database" },
  { { .ignore_db= "x,y" }, "z", "t", RBR, NULL, RG_REPL_PASS,
    "ignore-db: other databases pass" },

  /* replicate-do-table */
  { { .do_table= "a.t" }, "a", "t", RBR, NULL, RG_REPL_PASS, "do-table" },
  { { .do_table= "a.t" }, "A", "T", RBR, NULL, RG_REPL_PASS,
    "do-table ignores case" },
  { { .do_table= "a.t" }, "a", "u", RBR, NULL, RG_REPL_NO_DO_TABLE,
    "do-table: other tables dropped" },
  { { .do_table= "a.t" }, "", "t", SBR, "a", RG_REPL_PASS,
    "do-table: unqualified table in the default database" },
  { { .do_table= "a.t" }, "a", "t", SBR, "b", RG_REPL_PASS,
    "do-table: qualified table, other default database" },
  { { .do_table= "a.t" }, "a", "", SBR, "b", RG_REPL_PASS,
    "no table changed: only database rules" },
  { { .do_table= "at" }, "a", "t", RBR, NULL, RG_REPL_PASS,
    "an item without a dot is no rule" },

  /* replicate-ignore-table */
  { { .ignore_table= "a.t" }, "a", "t", RBR, NULL, RG_REPL_IGNORE_TABLE,
    "ignore-table" },
  { { .ignore_table= "a.t" }, "a", "u", RBR, NULL, RG_REPL_PASS,
    "ignore-table: others pass" },
  { { .do_table= "a.t", .ignore_table= "a.t" },
    "a", "t", RBR, NULL, RG_REPL_PASS,
    "do-table is checked before ignore-table" },
  { { .ignore_table= "a.t", .wild_do_table= "a.%" }, "a", "t", RBR, NULL,
    RG_REPL_IGNORE_TABLE, "ignore-table is checked before wild-do" },

  /* replicate-wild-do-table */
  { { .wild_do_table= "a.%" }, "a", "t", RBR, NULL, RG_REPL_PASS,
    "wild-do a.%" },
  { { .wild_do_table= "a.%" }, "ab", "t", RBR, NULL,
    RG_REPL_NO_DO_TABLE, "wild-do a.% does not match ab.t" },
  { { .wild_do_table= "a%.%" }, "ab", "t", RBR, NULL, RG_REPL_PASS,
    "wild-do a%.%" },
  { { .wild_do_table= "A.T%" }, "a", "tab", RBR, NULL, RG_REPL_PASS,
    "wild-do ignores case" },
  { { .wild_do_table= "a._" }, "a", "t", RBR, NULL, RG_REPL_PASS,
    "'_' is one character" },
  { { .wild_do_table= "a._" }, "a", "tt", RBR, NULL,
    RG_REPL_NO_DO_TABLE, "'_' is exactly one character" },
  { { .wild_do_table= "a._" }, "a", "\xc3\xa9", RBR, NULL,
    RG_REPL_PASS, "'_' is one UTF-8 character" },
  { { .wild_do_table= "replica_guard.%" }, "replicaxguard", "t",
    RBR, NULL, RG_REPL_PASS, "unescaped '_' matches any character" },
  { { .wild_do_table= "replica\\_guard.%" }, "replicaxguard", "t",
    RBR, NULL, RG_REPL_NO_DO_TABLE, "escaped '_' is literal" },
  { { .wild_do_table= "replica\\_guard.%" }, "replica_guard", "t",
    RBR, NULL, RG_REPL_PASS, "escaped '_' matches '_'" },
  { { .wild_do_table= "a.50\\%" }, "a", "50%", RBR, NULL,
    RG_REPL_PASS, "escaped '%' matches '%'" },
  { { .wild_do_table= "a.50\\%" }, "a", "500", RBR, NULL,
    RG_REPL_NO_DO_TABLE, "escaped '%' is literal" },
  { { .wild_do_table= "a.t\\" }, "a", "t\\", RBR, NULL,
    RG_REPL_PASS, "a trailing '\\' is literal" },
  { { .wild_do_table= "%.%_x" }, "a", "yx", RBR, NULL,
    RG_REPL_PASS, "'%' then '_' needs one character" },
  { { .wild_do_table= "%.%_x" }, "a", "x", RBR, NULL,
    RG_REPL_NO_DO_TABLE, "'%_x' needs two characters" },
  { { .wild_do_table= "%.%t%t%" }, "a", "xtyytz", RBR, NULL,
    RG_REPL_PASS, "backtracking over '%'" },
  { { .wild_do_table= "%" }, "a", "t", RBR, NULL, RG_REPL_PASS,
    "an item without a dot is no rule (but the do list exists)" },

  /* replicate-wild-ignore-table */
  { { .wild_ignore_table= "replica_guard.%" }, "replica_guard",
    "heartbeat", RBR, NULL, RG_REPL_WILD_IGNORE_TABLE, "wild-ignore" },
  { { .wild_ignore_table= "x.%" }, "replica_guard", "heartbeat",
    RBR, NULL, RG_REPL_PASS, "wild-ignore: others pass" },
  { { .wild_do_table= "%.heart%", .wild_ignore_table= "replica_guard.%" },
    "replica_guard", "heartbeat", RBR, NULL, RG_REPL_PASS,
    "wild-do is checked before wild-ignore" },
  { { .do_table= "p.t", .wild_ignore_table= "x.%" },
    "replica_guard", "heartbeat",
    RBR, NULL, RG_REPL_NO_DO_TABLE,
    "a do-table list drops what no rule names" },

  /* Combinations: database then table rules. */
  { { .do_db= "practice", .wild_do_table= "practice.%" }, "practice", "t", RBR,
    NULL, RG_REPL_PASS, "do-db and wild-do" },
  { { .do_db= "practice", .wild_do_table= "%.%" }, "other", "t", RBR, NULL,
    RG_REPL_DO_DB, "a matching wild-do does not undo do-db" },
  { { .do_db= "practice", .ignore_table= "practice.t" }, "practice", "t", SBR,
    "practice", RG_REPL_IGNORE_TABLE, "do-db passes, ignore-table drops" },
};

static void test_verdicts(void)
{
  for (size_t i= 0; i < sizeof(cases) / sizeof(cases[0]); i++)
  {
    const verdict_case *c= &cases[i];
    rg_repl_verdict v=
      rg_repl_filters_verdict(&c->f, c->db, strlen(c->db), c->table,
                              strlen(c->table), c->statement_based,
                              c->default_db,
                              c->default_db ? strlen(c->default_db) : 0);
    RG_CHECK(v == c->expected, "case %zu (%s): verdict %d, expected %d", i,
             c->why, (int) v, (int) c->expected);
    RG_CHECK(rg_repl_filters_pass(&c->f, c->db, strlen(c->db), c->table,
                                  strlen(c->table), c->statement_based,
                                  c->default_db,
                                  c->default_db ? strlen(c->default_db) : 0)
             == (c->expected == RG_REPL_PASS), "case %zu: pass()", i);
  }
}

static void test_lengths_not_nul_terminated(void)
{
  rg_repl_filters f= { .do_db= "prac" };
  RG_CHECK(rg_repl_filters_pass(&f, "practice", 4, "tx", 1, RBR, NULL, 0),
           "db is (pointer, length)");
  RG_CHECK(!rg_repl_filters_pass(&f, "practice", 8, "t", 1, RBR, NULL, 0),
           "the whole length counts");
  RG_CHECK(rg_repl_filters_pass(&f, "", 0, "t", 1, SBR, "practice", 4),
           "default_db is (pointer, length)");
}

typedef struct advice_case
{
  rg_repl_filters f;
  const char *connection;
  const char *expected;          /* NULL: heartbeats pass */
} advice_case;

static const advice_case advice_cases[]=
{
  { { 0 }, NULL, NULL },
  { { .do_db= "practice,replica_guard" }, NULL, NULL },
  { { .ignore_db= "other" }, NULL, NULL },
  { { .wild_do_table= "practice.%,replica_guard.%" }, NULL, NULL },
  { { .wild_do_table= "%.%", .wild_ignore_table= "replica_guard.%" },
    NULL, NULL },
  { { .do_table= "replica_guard.heartbeat",
      .ignore_table= "replica_guard.heartbeat" },
    NULL, NULL },
  { { .do_db= "practice" }, NULL,
    "replicate-do-db=practice drops replica_guard.heartbeat: add the my.cnf "
    "line replicate-do-db=replica_guard" },
  { { .do_db= "practice" }, "east",
    "replicate-do-db=practice drops replica_guard.heartbeat: add the my.cnf "
    "line east.replicate-do-db=replica_guard" },
  { { .do_db= "practice" }, "",
    "replicate-do-db=practice drops replica_guard.heartbeat: add the my.cnf "
    "line replicate-do-db=replica_guard" },
  { { .do_db= "Replica_Guard" }, NULL,
    "replicate-do-db=Replica_Guard drops replica_guard.heartbeat: add the "
    "my.cnf line replicate-do-db=replica_guard" },
  { { .ignore_db= "a,replica_guard" }, NULL,
    "replicate-ignore-db=a,replica_guard drops replica_guard.heartbeat: "
    "remove the my.cnf line replicate-ignore-db=replica_guard" },
  { { .ignore_table= "Replica_Guard.Heartbeat" }, NULL,
    "replicate-ignore-table=Replica_Guard.Heartbeat drops "
    "replica_guard.heartbeat: remove replica_guard.heartbeat from "
    "replicate-ignore-table" },
  { { .wild_do_table= "practice.%" }, NULL,
    "replicate-wild-do-table=practice.% drops replica_guard.heartbeat: add "
    "the my.cnf line replicate-wild-do-table=replica_guard.%" },
  { { .do_table= "practice.t" }, NULL,
    "replicate-do-table=practice.t drops replica_guard.heartbeat: add the "
    "my.cnf line replicate-do-table=replica_guard.heartbeat" },
  { { .wild_ignore_table= "x.%,%.heart%" }, NULL,
    "replicate-wild-ignore-table=%.heart% drops replica_guard.heartbeat: "
    "remove or narrow the my.cnf line replicate-wild-ignore-table" },
  { { .do_table= "practice.t", .wild_ignore_table= "replica%.%" }, NULL,
    "replicate-wild-ignore-table=replica%.% drops replica_guard.heartbeat: "
    "add the my.cnf line replicate-wild-do-table=replica_guard.%" },
  /* Both steps drop: both fixes are named. */
  { { .do_db= "practice", .wild_do_table= "practice.%" }, NULL,
    "replicate-do-db=practice drops replica_guard.heartbeat: add the my.cnf "
    "line replicate-do-db=replica_guard; replicate-wild-do-table=practice.% "
    "drops replica_guard.heartbeat: add the my.cnf line "
    "replicate-wild-do-table=replica_guard.%" },
};

static void test_advice(void)
{
  char out[512];
  for (size_t i= 0; i < sizeof(advice_cases) / sizeof(advice_cases[0]); i++)
  {
    const advice_case *c= &advice_cases[i];
    const char *a=
      rg_repl_filters_heartbeat_advice_for(&c->f, c->connection, out,
                                           sizeof(out));
    if (!c->expected)
      RG_CHECK(!a, "advice case %zu: expected none, got %s", i, a);
    else
      RG_CHECK(a && !strcmp(a, c->expected),
               "advice case %zu:\n  got      %s\n  expected %s", i,
               a ? a : "(none)", c->expected);
    if (!c->connection)
      RG_CHECK(rg_repl_filters_heartbeat_advice(&c->f, out, sizeof(out)) ==
               (c->expected ? out : NULL), "advice case %zu: plain", i);
  }
}

/* Whatever the advice says is added, heartbeats then pass. */
static void test_advice_fixes(void)
{
  rg_repl_filters f= { .do_db= "practice,replica_guard" };
  char out[512];
  RG_CHECK(rg_repl_filters_pass(&f, "replica_guard", 13, "heartbeat", 9, SBR,
                                "replica_guard", 13), "fixed, statements");
  RG_CHECK(rg_repl_filters_pass(&f, "replica_guard", 13, "heartbeat", 9, RBR,
                                NULL, 0), "fixed, rows");
  RG_CHECK(rg_repl_filters_pass(&f, "practice", 8, "t", 1, RBR, NULL, 0) &&
           !rg_repl_filters_pass(&f, "other", 5, "t", 1, RBR, NULL, 0),
           "the fix keeps the practice filter as it was");
  f.do_db= "practice";
  f.wild_do_table= "practice.%,replica_guard.%";
  RG_CHECK(rg_repl_filters_heartbeat_advice(&f, out, sizeof(out)) &&
           !strstr(out, "wild-do"), "only the database rule left: %s", out);
}

static void test_truncation(void)
{
  rg_repl_filters f= { .do_db= "practice" };
  char out[16];
  RG_CHECK(rg_repl_filters_heartbeat_advice(&f, out, sizeof(out)) == out &&
           strlen(out) == sizeof(out) - 1, "truncated: %s", out);
  RG_CHECK(rg_repl_filters_heartbeat_advice(&f, out, 0) == NULL, "size 0");
}

int main(void)
{
  test_verdicts();
  test_lengths_not_nul_terminated();
  test_advice();
  test_advice_fixes();
  test_truncation();
  return rg_test_summary("replfilter");
}
