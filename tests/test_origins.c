/* Unit tests of the origins core (include/rg_origins.h). */
#include <stdio.h>
#include <string.h>
#include "rg_origins.h"
#include "rg_test.h"

static rg_origins origins;

static rg_heartbeat_row row(unsigned long id, long long origin_us,
                            unsigned long long seq, const char *pv,
                            const char *sv)
{
  rg_heartbeat_row r;
  memset(&r, 0, sizeof(r));
  r.server_id= id;
  r.origin_us= origin_us;
  r.sequence= seq;
  snprintf(r.plugin_version, sizeof(r.plugin_version), "%s", pv);
  snprintf(r.server_version, sizeof(r.server_version), "%s", sv);
  return r;
}

static void test_ages_and_states(void)
{
  rg_heartbeat_row rows[2]=
  {
    row(12, 1000000, 5, "1.0", "10.11.18-MariaDB"),
    row(11, 2000000, 7, "1.0", "10.11.18-MariaDB-log")
  };
  rg_origins_init(&origins);
  rg_origins_observe(&origins, rows, 2, 2100000);
  RG_CHECK(origins.count == 2, "count %u", origins.count);
  RG_CHECK(origins.origins[0].last.server_id == 11, "sorted by server_id");
  RG_CHECK(rg_origin_age_us(&origins.origins[0], 2100000) == 100000,
           "age of 11");
  RG_CHECK(rg_origin_age_us(&origins.origins[1], 2100000) == 1100000,
           "age of 12");
  RG_CHECK(rg_origin_state_at(&origins.origins[1], 2100000, 1000) ==
           RG_ORIGIN_STALE, "12 is older than 1000 ms");
  RG_CHECK(rg_origin_state_at(&origins.origins[0], 2100000, 1000) ==
           RG_ORIGIN_FRESH, "11 is fresh");
  RG_CHECK(rg_origin_state_at(&origins.origins[0], 2100000, 100) ==
           RG_ORIGIN_FRESH, "exactly at the limit is still fresh");
  RG_CHECK(!strcmp(rg_origin_state_name(RG_ORIGIN_STALE), "STALE"), "name");
  /* The age keeps growing while nothing new arrives. */
  rg_origins_observe(&origins, rows, 2, 9000000);
  RG_CHECK(rg_origin_age_us(&origins.origins[0], 9000000) == 7000000,
           "unchanged row: age grows");
  RG_CHECK(origins.origins[0].observed_us == 2100000,
           "unchanged row keeps its observation time");
}

static void test_sequence_gaps_and_min_age(void)
{
  rg_heartbeat_row r= row(1, 1000000, 1, "1.0", "10.11.18");
  rg_origins_init(&origins);
  rg_origins_observe(&origins, &r, 1, 1300000);
  r= row(1, 2000000, 2, "1.0", "10.11.18");
  rg_origins_observe(&origins, &r, 1, 2100000);
  RG_CHECK(origins.origins[0].max_sequence_gap == 0, "consecutive: no gap");
  RG_CHECK(origins.origins[0].min_age_us == 100000, "min age %lld",
           origins.origins[0].min_age_us);
  r= row(1, 6000000, 6, "1.0", "10.11.18");
  rg_origins_observe(&origins, &r, 1, 6200000);
  RG_CHECK(origins.origins[0].max_sequence_gap == 3, "gap %llu",
           origins.origins[0].max_sequence_gap);
  r= row(1, 7000000, 8, "1.0", "10.11.18");
  rg_origins_observe(&origins, &r, 1, 7050000);
  RG_CHECK(origins.origins[0].max_sequence_gap == 3, "the max is kept");
  RG_CHECK(origins.origins[0].min_age_us == 50000, "new min age");
  /* A clock ahead of ours shows as a negative age. */
  r= row(1, 9000000, 9, "1.0", "10.11.18");
  rg_origins_observe(&origins, &r, 1, 8990000);
  RG_CHECK(origins.origins[0].min_age_us == -10000, "negative min age");
  /* An origin restarting its count is taken as new, not as a gap. */
  r= row(1, 10000000, 1, "1.0", "10.11.18");
  rg_origins_observe(&origins, &r, 1, 10010000);
  RG_CHECK(origins.origins[0].last.sequence == 1, "restart accepted");
  RG_CHECK(origins.origins[0].max_sequence_gap == 3, "restart is no gap");
}

static void test_versions_and_limits(void)
{
  rg_heartbeat_row r= row(3, 1, 1, "1.0", "10.11.18-MariaDB-0+deb12u1");
  rg_origins_init(&origins);
  rg_origins_observe(&origins, &r, 1, 2);
  RG_CHECK(!rg_origin_version_differs(&origins.origins[0], "1.0",
                                      "10.11.18-MariaDB-log"),
           "same server version, other suffix");
  RG_CHECK(rg_origin_version_differs(&origins.origins[0], "1.1",
                                     "10.11.18-MariaDB"), "plugin differs");
  RG_CHECK(rg_origin_version_differs(&origins.origins[0], "1.0",
                                     "10.11.19-MariaDB"), "server differs");
  RG_CHECK(rg_origin_version_differs(&origins.origins[0], "1.0", "10.11.1"),
           "prefix is not equality");
  r= row(3, 5, 2, "0.9", "10.11.18-MariaDB");
  rg_origins_observe(&origins, &r, 1, 6);
  RG_CHECK(!strcmp(origins.origins[0].last.plugin_version, "0.9"),
           "a new version is taken");
  /* Unterminated version strings are cut, and the table is bounded. */
  rg_origins_init(&origins);
  memset(r.plugin_version, 'x', sizeof(r.plugin_version));
  for (unsigned i= 0; i < RG_MAX_ORIGINS + 5; i++)
  {
    r.server_id= 1000 - i;
    rg_origins_observe(&origins, &r, 1, 10);
  }
  RG_CHECK(origins.count == RG_MAX_ORIGINS, "bounded at %u", origins.count);
  RG_CHECK(strlen(origins.origins[0].last.plugin_version) ==
           RG_VERSION_LEN - 1, "version NUL-terminated");
  for (unsigned i= 1; i < origins.count; i++)
    RG_CHECK(origins.origins[i - 1].last.server_id <
             origins.origins[i].last.server_id, "sorted at %u", i);
}

/* A heartbeat from the future (forged, or a broken clock) is not fresh. */
static void test_future(void)
{
  rg_heartbeat_row r= row(7, 10000000, 1, "1.0", "10.11.18");
  const char *why;
  rg_origins_init(&origins);
  rg_origins_observe(&origins, &r, 1, 9000000);
  RG_CHECK(rg_origin_state_at(&origins.origins[0], 9000000, 5000) ==
           RG_ORIGIN_FRESH, "1 s ahead, within 5 s: fresh");
  RG_CHECK(!rg_origin_stale_reason(&origins.origins[0], 9000000, 5000),
           "fresh has no reason");
  RG_CHECK(rg_origin_state_at(&origins.origins[0], 9000000, 1000) ==
           RG_ORIGIN_FRESH, "exactly the bound ahead is still fresh");
  RG_CHECK(rg_origin_state_at(&origins.origins[0], 9000000, 999) ==
           RG_ORIGIN_STALE, "ahead by more than the bound: stale");
  why= rg_origin_stale_reason(&origins.origins[0], 9000000, 999);
  RG_CHECK(why && strstr(why, "ahead"), "reason '%s'", why ? why : "");
  /* A forged row a day ahead: stale at once, and all day long. */
  r= row(7, 9000000 + 86400LL * 1000000, 2, "1.0", "10.11.18");
  rg_origins_observe(&origins, &r, 1, 9000000);
  for (long long t= 9000000; t < 9000000 + 86400LL * 1000000;
       t+= 3600LL * 1000000)
    RG_CHECK(rg_origin_state_at(&origins.origins[0], t, 5000) ==
             RG_ORIGIN_STALE, "forged future row at +%lld s: stale",
             (t - 9000000) / 1000000);
  why= rg_origin_stale_reason(&origins.origins[0], 9000000, 5000);
  RG_CHECK(why && strstr(why, "ahead"), "reason '%s'", why ? why : "");
  /* Older than the bound says so. */
  why= rg_origin_stale_reason(&origins.origins[0],
                              9000000 + 86400LL * 1000000 + 6000000, 5000);
  RG_CHECK(why && strstr(why, "older"), "reason '%s'", why ? why : "");
}

/* Expected origins: the sources of this server's replica connections. */
static void test_expected(void)
{
  unsigned long sources[3]= { 5, 0, 9 };
  rg_heartbeat_row r= row(9, 1000000, 1, "1.0", "10.11.18");
  const rg_origin *o;
  const char *why;
  rg_origins_init(&origins);
  rg_origins_expect(&origins, sources, 3, 1000000);
  RG_CHECK(origins.count == 2, "two expected (0 skipped): %u",
           origins.count);
  RG_CHECK(rg_origins_heard(&origins) == 0, "none heard");
  o= &origins.origins[0];
  RG_CHECK(o->last.server_id == 5 && !o->heard && o->expected &&
           o->expected_since_us == 1000000, "5 expected since 1 s");
  RG_CHECK(rg_origin_state_at(o, 3000000, 5000) == RG_ORIGIN_AWAITED,
           "within stale_after_ms: awaited");
  RG_CHECK(!rg_origin_stale_reason(o, 3000000, 5000), "awaited: no reason");
  RG_CHECK(rg_origin_state_at(o, 6000001, 5000) == RG_ORIGIN_MISSING,
           "past stale_after_ms: missing");
  why= rg_origin_stale_reason(o, 6000001, 5000);
  RG_CHECK(why && strstr(why, "no heartbeat"), "reason '%s'", why ? why : "");
  RG_CHECK(!strcmp(rg_origin_state_name(RG_ORIGIN_MISSING), "MISSING"),
           "name");
  RG_CHECK(!rg_origin_version_differs(o, "1.0", "10.11.18"),
           "versions of an origin never heard are unknown, not different");
  /* Expecting again keeps the time it was first expected. */
  rg_origins_expect(&origins, sources, 3, 5000000);
  RG_CHECK(origins.origins[0].expected_since_us == 1000000,
           "first expected time kept");
  /* A heartbeat arrives from 9: heard, FRESH. */
  rg_origins_observe(&origins, &r, 1, 7000000);
  o= &origins.origins[1];
  RG_CHECK(o->heard && o->last.sequence == 1 && o->observed_us == 7000000 &&
           o->min_age_us == 6000000, "9 heard");
  RG_CHECK(rg_origin_state_at(o, 7000000, 7000) == RG_ORIGIN_FRESH,
           "9 fresh");
  RG_CHECK(rg_origins_heard(&origins) == 1, "one heard");
  /* 5 and 9 are no sources any more: 5 (never heard) is forgotten, 9
     (heard) stays. */
  rg_origins_expect(&origins, NULL, 0, 8000000);
  RG_CHECK(origins.count == 1 && origins.origins[0].last.server_id == 9 &&
           !origins.origins[0].expected, "heard origin kept");
  /* Expected again after a pause: a new wait starts. */
  rg_origins_expect(&origins, sources, 1, 9000000);
  RG_CHECK(origins.count == 2 &&
           origins.origins[0].expected_since_us == 9000000,
           "re-expected from now");
  /* A heard origin that becomes a source keeps its history. */
  sources[0]= 9;
  rg_origins_expect(&origins, sources, 1, 9500000);
  RG_CHECK(origins.count == 1 && origins.origins[0].heard &&
           origins.origins[0].last.sequence == 1 &&
           origins.origins[0].expected_since_us == 0, "history kept");
  /* The table stays bounded when full of heard origins. */
  rg_origins_init(&origins);
  for (unsigned i= 0; i < RG_MAX_ORIGINS; i++)
  {
    r.server_id= 100 + i;
    rg_origins_observe(&origins, &r, 1, 10);
  }
  sources[0]= 1;
  rg_origins_expect(&origins, sources, 1, 20);
  RG_CHECK(origins.count == RG_MAX_ORIGINS &&
           origins.origins[0].last.server_id == 100, "bounded when full");
}

int main(void)
{
  test_expected();
  test_future();
  test_ages_and_states();
  test_sequence_gaps_and_min_age();
  test_versions_and_limits();
  return rg_test_summary("test_origins");
}
