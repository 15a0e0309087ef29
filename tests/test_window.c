/*
  Unit tests of the update window's pure parts (rg_window.h): its end and
  remaining time, what stops it from opening, and the schema fingerprint's
  canonical form (order of rows, field boundaries, NULLs, the schemas it
  covers).
*/
#include "rg_window.h"
#include "rg_test.h"

#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SEC 1000000LL

static void test_times(void)
{
  long long now= 1700000000LL * SEC;
  RG_CHECK(rg_window_end_us(now, 0) == 0, "0 minutes: closed");
  RG_CHECK(rg_window_end_us(now, 30) == now + 1800 * SEC, "30 minutes");
  RG_CHECK(rg_window_end_us(now, RG_WINDOW_MAX_MINUTES) ==
           now + 86400 * SEC, "a day");
  RG_CHECK(rg_window_remaining_s(0, now) == 0, "closed");
  RG_CHECK(rg_window_remaining_s(now + 1800 * SEC, now) == 1800, "full");
  RG_CHECK(rg_window_remaining_s(now + 1, now) == 1, "rounded up");
  RG_CHECK(rg_window_remaining_s(now, now) == 0, "ends at until");
  RG_CHECK(rg_window_remaining_s(now - SEC, now) == 0, "ended");
}

static void add_conn(rg_monitor *m, const char *name, rg_conn_state state)
{
  rg_conn *c= &m->conns[m->n_conns++];
  memset(c, 0, sizeof(*c));
  strcpy(c->last.connection_name, name);
  c->state= state;
}

static void test_problems(void)
{
  static rg_monitor m;
  static rg_origins o;
  rg_heartbeat_row rows[3];
  long long now= 100 * SEC;
  char out[512];
  unsigned n;

  rg_monitor_init(&m);
  rg_origins_init(&o);
  n= rg_window_problems(NULL, NULL, 1, now, 5000, out, sizeof(out));
  RG_CHECK(n == 0 && !out[0], "nothing known: may open (%u '%s')", n, out);
  add_conn(&m, "", RG_STATE_OK);
  add_conn(&m, "b", RG_STATE_OK);
  memset(rows, 0, sizeof(rows));
  rows[0].server_id= 1; rows[0].origin_us= now - 10 * SEC;  /* own */
  rows[1].server_id= 2; rows[1].origin_us= now - SEC;
  rows[2].server_id= 3; rows[2].origin_us= now - 2 * SEC;
  for (int i= 0; i < 3; i++)
    rows[i].sequence= 1;
  rg_origins_observe(&o, rows, 3, now);
  n= rg_window_problems(&m, &o, 1, now, 5000, out, sizeof(out));
  RG_CHECK(n == 0 && !out[0], "all OK and FRESH, own origin skipped: "
           "%u '%s'", n, out);

  m.conns[1].state= RG_STATE_IO_ERROR;
  n= rg_window_problems(&m, &o, 1, now + 4 * SEC, 5000, out, sizeof(out));
  RG_CHECK(n == 2 && !strcmp(out, "replica connection 'b' is IO_ERROR; "
                             "origin 3 is STALE (older than "
                             "replica_guard_stale_after_ms)"),
           "%u '%s'", n, out);
  m.conns[0].state= RG_STATE_LAGGING;
  m.conns[1].state= RG_STATE_DELAYED;
  n= rg_window_problems(&m, NULL, 1, now, 5000, out, sizeof(out));
  RG_CHECK(n == 2 && strstr(out, "'' is LAGGING") &&
           strstr(out, "'b' is DELAYED"), "%u '%s'", n, out);
  /* cut to the buffer, still counted */
  n= rg_window_problems(&m, NULL, 1, now, 5000, out, 10);
  RG_CHECK(n == 2 && strlen(out) == 9, "%u '%s'", n, out);
}

/* A table's structure as rows: kind, then fields. */
typedef struct row
{
  char kind;
  const char *f[4];
} row;

static void hex_of(const row *rows, size_t n, const int *order, char *hex)
{
  rg_fingerprint fp;
  rg_fingerprint_init(&fp);
  for (size_t i= 0; i < n; i++)
  {
    const row *r= &rows[order ? order[i] : (int) i];
    size_t len[4];
    for (int k= 0; k < 4; k++)
      len[k]= r->f[k] ? strlen(r->f[k]) : 0;
    rg_fingerprint_add(&fp, r->kind, r->f, len, 4);
  }
  rg_fingerprint_hex(&fp, hex);
}

static void test_fingerprint(void)
{
  static const row base[]=
  {
    { 'C', { "practice", "patient", "id", "int(11)" } },
    { 'C', { "practice", "patient", "name", "varchar(80)" } },
    { 'I', { "practice", "patient", "PRIMARY", "id" } },
    { 'C', { "practice", "visit", "id", "int(11)" } },
  };
  static const int reversed[]= { 3, 2, 1, 0 };
  row changed[ARRAY_LEN(base)];
  char a[RG_FINGERPRINT_HEX_LEN + 1], b[RG_FINGERPRINT_HEX_LEN + 1];
  rg_fingerprint empty;

  hex_of(base, ARRAY_LEN(base), NULL, a);
  RG_CHECK(strlen(a) == RG_FINGERPRINT_HEX_LEN &&
           strspn(a, "0123456789abcdef") == RG_FINGERPRINT_HEX_LEN,
           "hex: %s", a);
  hex_of(base, ARRAY_LEN(base), reversed, b);
  RG_CHECK(!strcmp(a, b), "row order plays no part: %s %s", a, b);

  /* each change of one field changes it */
  for (size_t r= 0; r < ARRAY_LEN(base); r++)
    for (int k= 0; k < 4; k++)
    {
      memcpy(changed, base, sizeof(base));
      changed[r].f[k]= "bigint(20)";
      hex_of(changed, ARRAY_LEN(base), NULL, b);
      RG_CHECK(strcmp(a, b), "row %zu field %d changed: same %s", r, k, b);
    }
  /* the kind, NULL against empty, field boundaries, a row twice */
  memcpy(changed, base, sizeof(base));
  changed[0].kind= 'I';
  hex_of(changed, ARRAY_LEN(base), NULL, b);
  RG_CHECK(strcmp(a, b), "kind counts");
  {
    static const row null_field[]= { { 'C', { "d", "t", NULL, "x" } } };
    static const row empty_field[]= { { 'C', { "d", "t", "", "x" } } };
    static const row split1[]= { { 'C', { "d", "t", "ab", "c" } } };
    static const row split2[]= { { 'C', { "d", "t", "a", "bc" } } };
    char c[RG_FINGERPRINT_HEX_LEN + 1], d[RG_FINGERPRINT_HEX_LEN + 1];
    hex_of(null_field, 1, NULL, c);
    hex_of(empty_field, 1, NULL, d);
    RG_CHECK(strcmp(c, d), "NULL differs from ''");
    hex_of(split1, 1, NULL, c);
    hex_of(split2, 1, NULL, d);
    RG_CHECK(strcmp(c, d), "field boundaries count");
  }
  hex_of(base, ARRAY_LEN(base) - 1, NULL, b);
  RG_CHECK(strcmp(a, b), "a row fewer");
  {
    row twice[ARRAY_LEN(base) + 1];
    memcpy(twice, base, sizeof(base));
    twice[ARRAY_LEN(base)]= base[0];
    hex_of(twice, ARRAY_LEN(twice), NULL, b);
    RG_CHECK(strcmp(a, b), "a row twice");
  }
  /* no rows is a value of its own, not zeros */
  rg_fingerprint_init(&empty);
  rg_fingerprint_hex(&empty, b);
  RG_CHECK(strlen(b) == RG_FINGERPRINT_HEX_LEN && strcmp(a, b), "empty %s",
           b);
}

static void test_covers(void)
{
  rg_repl_filters none, do_db, ignore, wild;
  memset(&none, 0, sizeof(none));
  do_db= none;
  do_db.do_db= "practice";
  ignore= none;
  ignore.ignore_db= "scratch, backup";
  wild= none;
  wild.wild_ignore_table= "practice.tmp%";
#define COVERS(f, db, t) rg_fingerprint_covers(f, db, strlen(db), t, strlen(t))
  RG_CHECK(COVERS(NULL, "practice", "patient"), "no filters");
  RG_CHECK(COVERS(&none, "backup", "patient"), "no filters: every schema");
  RG_CHECK(!COVERS(&none, "mysql", "user"), "mysql");
  RG_CHECK(!COVERS(NULL, "sys", "x"), "sys");
  RG_CHECK(!COVERS(&none, "information_schema", "TABLES"), "I_S");
  RG_CHECK(!COVERS(&none, "performance_schema", "threads"), "P_S");
  RG_CHECK(!COVERS(&none, "replica_guard", "heartbeat"), "own schema");
  RG_CHECK(COVERS(&none, "mysqlx", "t"), "a prefix of mysql is not mysql");
  RG_CHECK(COVERS(&do_db, "practice", "patient"), "do-db lists it");
  RG_CHECK(!COVERS(&do_db, "backup", "patient"), "backup left out");
  RG_CHECK(!COVERS(&do_db, "Practice", "patient"), "case counts");
  RG_CHECK(!COVERS(&ignore, "backup", "patient"), "ignored");
  RG_CHECK(COVERS(&ignore, "practice", "patient"), "not ignored");
  RG_CHECK(!COVERS(&wild, "practice", "tmp_1"), "wild-ignored table");
  RG_CHECK(COVERS(&wild, "practice", "patient"), "other table");
#undef COVERS
}

int main(void)
{
  test_times();
  test_problems();
  test_fingerprint();
  test_covers();
  return rg_test_summary("window");
}
