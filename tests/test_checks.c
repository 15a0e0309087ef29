/* Unit tests of the topology checks (include/rg_checks.h): for every
   check, a configuration that raises it and the fixed one that does not. */
#include <stdio.h>
#include <string.h>
#include "rg_checks.h"
#include "rg_test.h"

#define NOW 1000000000000LL

static rg_check_server servers[8];
static rg_finding found[RG_MAX_FINDINGS];
static unsigned n_found;

/* A well-configured writing server id of a ring of n servers 1..n, each
   replicating from the one before; server 1 is the local one. */
static void ring(unsigned n)
{
  memset(servers, 0, sizeof(servers));
  for (unsigned i= 0; i < n; i++)
  {
    rg_config *c= &servers[i].config;
    rg_config_init(c);
    snprintf(c->instance, sizeof(c->instance), "inst-%u", i + 1);
    c->server_id= i + 1;
    c->gtid_domain_id= i + 1;
    c->auto_increment_increment= n;
    c->auto_increment_offset= i + 1;
    c->log_bin= c->log_slave_updates= c->sync_binlog= 1;
    c->read_only= c->report_server= 0;
    snprintf(c->binlog_format, sizeof(c->binlog_format), "MIXED");
    snprintf(c->sources, sizeof(c->sources), "%u", i ? i : n);
    snprintf(c->plugin_version, sizeof(c->plugin_version), "1.0");
    snprintf(c->server_version, sizeof(c->server_version),
             "10.11.18-MariaDB-log");
    c->window_until_us= 0;
    servers[i].local= i == 0;
    servers[i].origin_us= NOW - 1000;
    servers[i].observed_us= NOW - 500;
    servers[i].claimants= 1;
  }
}

static unsigned run(unsigned n)
{
  return n_found= rg_checks_run(servers, n, NOW, NULL, found,
                                RG_MAX_FINDINGS);
}

/* The finding of that check, NULL when none. */
static const rg_finding *finding(const char *check)
{
  for (unsigned i= 0; i < n_found; i++)
    if (!strcmp(found[i].check, check))
      return &found[i];
  return NULL;
}

static unsigned count(const char *check)
{
  unsigned k= 0;
  for (unsigned i= 0; i < n_found; i++)
    k+= !strcmp(found[i].check, check);
  return k;
}

static void test_clean_ring(void)
{
  ring(3);
  RG_CHECK(run(3) == 0, "a well-configured ring has %u findings (%s)",
           n_found, n_found ? found[0].check : "");
}

static void test_format_parse(void)
{
  rg_config a, b;
  char text[RG_CONFIG_TEXT_LEN];
  int len;
  ring(1);
  a= servers[0].config;
  snprintf(a.do_db, sizeof(a.do_db), "practice;x\\y");
  snprintf(a.wild_do_table, sizeof(a.wild_do_table), "db.t\\_%%,a.b");
  len= rg_config_format(&a, text, sizeof(text));
  RG_CHECK(len > 0, "formatted");
  RG_CHECK(!strncmp(text, "instance=inst-1;", 16), "instance first: %s", text);
  RG_CHECK(strstr(text, "do_db=practice\\;x\\\\y;") != NULL, "escaped: %s",
           text);
  rg_config_init(&b);
  RG_CHECK(rg_config_parse(text, (size_t) len, &b) > 10, "parsed");
  RG_CHECK(!strcmp(b.do_db, a.do_db), "do_db round trip: %s", b.do_db);
  RG_CHECK(!strcmp(b.wild_do_table, a.wild_do_table), "wild round trip");
  RG_CHECK(b.auto_increment_offset == 1 && b.sync_binlog == 1 &&
           b.window_until_us == 0, "numbers round trip");
  RG_CHECK(!memcmp(&a, &b, sizeof(a)), "whole config round trip");
  /* Unknown keys skipped, missing keys unknown. */
  rg_config_init(&b);
  RG_CHECK(rg_config_parse("instance=u;future_key=a\\;b;server_id=7;", 40,
                           &b) == 2, "two known keys");
  RG_CHECK(b.server_id == 7 && !strcmp(b.instance, "u") && b.read_only == -1,
           "unknown key skipped");
  /* Too small: whole pairs only, -1. */
  RG_CHECK(rg_config_format(&a, text, 20) == -1, "does not fit");
  RG_CHECK(!strcmp(text, "instance=inst-1;") || strlen(text) < 20,
           "whole pairs: %s", text);
}

static void test_auto_increment(void)
{
  const rg_finding *f;
  ring(3);
  servers[2].config.auto_increment_offset= 1;     /* 3 collides with 1 */
  run(3);
  RG_CHECK((f= finding("auto_increment_collision")) &&
           f->severity == RG_CHECK_ERROR && !strcmp(f->servers, "1,3"),
           "offsets equal: %s", f ? f->servers : "none");
  servers[2].config.auto_increment_offset= 4;     /* above: counts as 1 */
  run(3);
  RG_CHECK(finding("auto_increment_collision") != NULL,
           "offset above the increment counts as 1");
  servers[2].config.auto_increment_offset= 3;
  run(3);
  RG_CHECK(!finding("auto_increment_collision"), "fixed");
  /* Defaults 1/1 on three writers: one finding naming all three. */
  for (unsigned i= 0; i < 3; i++)
    servers[i].config.auto_increment_increment=
      servers[i].config.auto_increment_offset= 1;
  run(3);
  RG_CHECK(count("auto_increment_collision") == 1 &&
           !strcmp(finding("auto_increment_collision")->servers, "1,2,3") &&
           strstr(finding("auto_increment_collision")->advice,
                  "auto_increment_increment=3"),
           "increment below the number of writers");
  /* Increments 2 and 4: offsets 1 and 3 meet (gcd 2). */
  ring(2);
  servers[0].config.auto_increment_increment= 4;
  servers[0].config.auto_increment_offset= 3;
  servers[1].config.auto_increment_offset= 1;
  run(2);
  RG_CHECK(finding("auto_increment_collision") != NULL, "gcd rule");
  servers[1].config.auto_increment_offset= 2;
  run(2);
  RG_CHECK(!finding("auto_increment_collision"), "gcd rule, fixed");
}

static void test_writing(void)
{
  /* A one-way pair 1 -> 2 with default auto-increment: 2 is a replica
     and does not count as writing, read_only or not. */
  ring(2);
  servers[0].config.sources[0]= '\0';
  for (unsigned i= 0; i < 2; i++)
    servers[i].config.auto_increment_increment=
      servers[i].config.auto_increment_offset= 1;
  run(2);
  RG_CHECK(!finding("auto_increment_collision"), "one-way replica");
  /* Two primaries (no sources), both writable: they collide. */
  servers[1].config.sources[0]= '\0';
  run(2);
  RG_CHECK(finding("auto_increment_collision") != NULL, "two primaries");
  servers[1].config.read_only= 1;
  run(2);
  RG_CHECK(!finding("auto_increment_collision"), "read_only is not writing");
}

static void test_duplicate_server_id(void)
{
  const rg_finding *f;
  ring(3);
  servers[1].claimants= 2;
  run(3);
  RG_CHECK((f= finding("duplicate_server_id")) &&
           f->severity == RG_CHECK_ERROR && !strcmp(f->servers, "2") &&
           strstr(f->advice, "server-id"), "claimants");
  servers[1].claimants= 1;
  run(3);
  RG_CHECK(!finding("duplicate_server_id"), "fixed");
}

static void test_gtid_domain(void)
{
  const rg_finding *f;
  ring(3);
  servers[2].config.gtid_domain_id= 1;
  run(3);
  RG_CHECK((f= finding("duplicate_gtid_domain_id")) &&
           !strcmp(f->servers, "1,3"), "domain 1 twice: %s",
           f ? f->servers : "none");
  servers[2].config.read_only= 1;
  run(3);
  RG_CHECK(!finding("duplicate_gtid_domain_id"), "3 does not write");
  servers[2].config.read_only= 0;
  servers[2].config.gtid_domain_id= 3;
  run(3);
  RG_CHECK(!finding("duplicate_gtid_domain_id"), "fixed");
  /* A one-way pair sharing domain 0 is fine: not a ring. */
  ring(2);
  servers[0].config.sources[0]= '\0';
  servers[0].config.gtid_domain_id= servers[1].config.gtid_domain_id= 0;
  run(2);
  RG_CHECK(!finding("duplicate_gtid_domain_id"), "pair");
}

static void test_log_slave_updates(void)
{
  const rg_finding *f;
  ring(3);
  servers[1].config.log_slave_updates= 0;
  run(3);
  RG_CHECK((f= finding("log_slave_updates_off")) &&
           !strcmp(f->servers, "2") && strstr(f->advice, "log-slave-updates"),
           "ring member");
  servers[1].config.log_slave_updates= 1;
  run(3);
  RG_CHECK(!finding("log_slave_updates_off"), "fixed");
  /* A ring of two relays nothing. */
  ring(2);
  servers[1].config.log_slave_updates= 0;
  run(2);
  RG_CHECK(!finding("log_slave_updates_off"), "ring of two");
}

static void test_versions(void)
{
  const rg_finding *f;
  ring(3);
  snprintf(servers[2].config.plugin_version,
           sizeof(servers[2].config.plugin_version), "0.9");
  run(3);
  RG_CHECK((f= finding("version_mismatch")) &&
           f->severity == RG_CHECK_WARNING && !strcmp(f->servers, "1,3"),
           "plugin version");
  /* Seen from server 3: the ids still in order. */
  servers[0].local= 0;
  servers[2].local= 1;
  run(3);
  RG_CHECK((f= finding("version_mismatch")) && !strcmp(f->servers, "1,3"),
           "from 3: %s", f ? f->servers : "none");
  ring(3);
  snprintf(servers[1].config.server_version,
           sizeof(servers[1].config.server_version), "10.11.19-MariaDB");
  run(3);
  RG_CHECK(finding("version_mismatch") != NULL, "server version");
  snprintf(servers[1].config.server_version,
           sizeof(servers[1].config.server_version),
           "10.11.18-MariaDB-0+deb12u1");
  run(3);
  RG_CHECK(!finding("version_mismatch"), "same up to '-'");
}

static void test_clock(void)
{
  const rg_finding *f;
  ring(2);
  servers[1].origin_us= NOW + 5000000;
  servers[1].observed_us= NOW;
  run(2);
  RG_CHECK((f= finding("clock_offset")) && !strcmp(f->servers, "2") &&
           strstr(f->advice, "5000 ms"), "5 s ahead: %s",
           f ? f->advice : "none");
  servers[1].origin_us= NOW + RG_CLOCK_BOUND_US / 2;
  run(2);
  RG_CHECK(!finding("clock_offset"), "within the bound");
}

static void test_filters(void)
{
  const rg_finding *f;
  ring(2);
  snprintf(servers[0].config.hb_filtered,
           sizeof(servers[0].config.hb_filtered), "(default)");
  n_found= rg_checks_run(servers, 2, NOW, "replicate-do-db=practice drops "
                         "replica_guard.heartbeat; add the my.cnf line "
                         "replicate-do-db=replica_guard", found,
                         RG_MAX_FINDINGS);
  RG_CHECK((f= finding("heartbeat_filtered")) &&
           f->severity == RG_CHECK_ERROR && !strcmp(f->servers, "1") &&
           strstr(f->advice, "replicate-do-db=replica_guard"), "filtered");
  /* Another server's verdict is its own to report. */
  servers[0].config.hb_filtered[0]= '\0';
  snprintf(servers[1].config.hb_filtered,
           sizeof(servers[1].config.hb_filtered), "(default)");
  run(2);
  RG_CHECK(!finding("heartbeat_filtered"), "only the local one");
}

static void test_binlog(void)
{
  const rg_finding *f;
  ring(3);
  snprintf(servers[1].config.binlog_format,
           sizeof(servers[1].config.binlog_format), "STATEMENT");
  servers[2].config.sync_binlog= 0;
  servers[0].config.sync_binlog= 0;
  run(3);
  RG_CHECK((f= finding("binlog_format")) && f->severity == RG_CHECK_WARNING &&
           !strcmp(f->servers, "2"), "statement");
  RG_CHECK((f= finding("sync_binlog")) && !strcmp(f->servers, "1,3") &&
           strstr(f->advice, "sync-binlog=1"), "sync_binlog");
  servers[1].config.log_bin= 0;                 /* no binary log: moot */
  run(3);
  RG_CHECK(!finding("binlog_format"), "no binary log");
  ring(3);
  run(3);
  RG_CHECK(!finding("binlog_format") && !finding("sync_binlog"), "fixed");
}

static void test_window(void)
{
  const rg_finding *f;
  ring(3);
  servers[2].config.window_until_us= NOW + 60000000;
  servers[1].config.window_until_us= NOW - 1;     /* closed */
  snprintf(servers[0].config.schema_fp, RG_SCHEMA_FP_LEN, "aa");
  snprintf(servers[1].config.schema_fp, RG_SCHEMA_FP_LEN, "bb");
  run(3);
  RG_CHECK((f= finding("update_window")) && !strcmp(f->servers, "3") &&
           strstr(f->advice, "60 more"), "open on 3: %s",
           f ? f->advice : "none");
  RG_CHECK(!finding("schema_mismatch"), "not while a window is open");
  servers[0].config.window_until_us= NOW + 60000000;
  servers[2].config.window_until_us= 0;
  run(3);
  RG_CHECK(!finding("update_window"), "this server's own window");
  servers[0].config.window_until_us= 0;
  run(3);
  RG_CHECK(count("schema_mismatch") == 2, "two groups: %u",
           count("schema_mismatch"));
  snprintf(servers[1].config.schema_fp, RG_SCHEMA_FP_LEN, "aa");
  run(3);
  RG_CHECK(!finding("schema_mismatch"), "same fingerprints");
}

static void test_bounded(void)
{
  rg_finding few[2];
  ring(3);
  for (unsigned i= 0; i < 3; i++)
  {
    servers[i].config.sync_binlog= 0;
    servers[i].config.auto_increment_offset= 1;
    servers[i].claimants= 2;
  }
  RG_CHECK(rg_checks_run(servers, 3, NOW, NULL, few, 2) == 2, "bounded");
}

static void test_errant(void)
{
  const rg_finding *f;
  ring(3);
  servers[1].config.replica_writes= 2;          /* REFUSE */
  servers[1].config.errant_writes= 4;
  servers[2].config.replica_writes= 0;          /* ALLOW: not declared */
  servers[2].config.errant_writes= 9;
  run(3);
  RG_CHECK((f= finding("errant_writes")) && f->severity == RG_CHECK_WARNING &&
           !strcmp(f->servers, "2") && strstr(f->advice, "one-way") &&
           count("errant_writes") == 1, "errant writes on a one-way replica");
  servers[1].config.errant_writes= 0;
  run(3);
  RG_CHECK(!finding("errant_writes"), "none");
}

int main(void)
{
  test_clean_ring();
  test_format_parse();
  test_auto_increment();
  test_writing();
  test_duplicate_server_id();
  test_gtid_domain();
  test_log_slave_updates();
  test_versions();
  test_clock();
  test_filters();
  test_binlog();
  test_window();
  test_errant();
  test_bounded();
  return rg_test_summary("checks");
}
