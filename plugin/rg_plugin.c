/*
  replica_guard: the plugin library's declaration. INSTALL SONAME
  'replica_guard' registers
  - REPLICA_GUARD         daemon: the monitor thread, every system and
                          status variable;
  - REPLICA_GUARD_FILTER  audit: the statement filter;
  - REPLICA_GUARD_STATUS  information_schema.REPLICA_GUARD_STATUS;
  - REPLICA_GUARD_EVENTS  information_schema.REPLICA_GUARD_EVENTS;
  - REPLICA_GUARD_ORIGINS information_schema.REPLICA_GUARD_ORIGINS;
  - REPLICA_GUARD_REFUSALS information_schema.REPLICA_GUARD_REFUSALS.
  Maturity is GAMMA, the lowest Debian's server loads by default.
*/
#include <string.h>
#include <pthread.h>
#include <mysql/plugin.h>
#include <mysql/plugin_audit.h>
#include <mysql_version.h>
#include "rg_glue.h"
#include "rg_refusals.h"

/* ---- the server version ------------------------------------------------- */
/*
  The library reaches into server structures (rg_thd.cc, rg_is_tables.cc)
  whose layout is that of the exact version it was compiled against. The
  server refuses the DAEMON and INFORMATION_SCHEMA plugins of another
  version by their interface version, but the AUDIT interface (0x0302) does
  not change between versions: without this check the filter would load
  into another server and use the wrong offsets.

  server_version is the server's version string ("10.11.18-MariaDB-0+
  deb12u1-log"; mysqld.h exports it to plugins). Versions are compared up
  to the first '-', which leaves out packaging and log suffixes.
*/
extern char server_version[];

static int version_number_length(const char *v)
{
  return (int) strcspn(v, "-");
}

/* 0 when this server is the one the library was built for; otherwise 1,
   after one error-log line (only the first refused plugin writes it). */
static int refuse_other_server_version(void)
{
  static int logged;
  int built= version_number_length(MYSQL_SERVER_VERSION);
  if (version_number_length(server_version) == built &&
      !strncmp(server_version, MYSQL_SERVER_VERSION, (size_t) built))
    return 0;
  if (!__atomic_exchange_n(&logged, 1, __ATOMIC_RELAXED))
    rg_log_error("start", "not loaded: this library was built for "
                 "MariaDB %.*s, but "
                 "this server is %s; install the replica_guard build for "
                 "this server version", built, MYSQL_SERVER_VERSION,
                 server_version);
  return 1;
}

/* ---- REPLICA_GUARD ------------------------------------------------------- */
static struct st_mysql_daemon rg_daemon_descriptor=
{ MYSQL_DAEMON_INTERFACE_VERSION };

/* The shared state (rg_shared.h) outlives both threads that fill it. The
   monitor wakes the heartbeat thread: the heartbeat starts first and
   stops last. */
static int rg_daemon_init(void *p)
{
  (void) p;
  if (refuse_other_server_version() || rg_exempt_users_init() ||
      rg_writes_init() ||
      rg_fence_load() || rg_shared_start())
    return 1;
  if (rg_heartbeat_start())
  {
    rg_shared_stop();
    return 1;
  }
  if (rg_monitor_start())
  {
    rg_heartbeat_stop();
    rg_shared_stop();
    return 1;
  }
  return 0;
}

static int rg_daemon_deinit(void *p)
{
  (void) p;
  rg_monitor_stop();
  rg_heartbeat_stop();
  rg_shared_stop();
  return 0;
}

/* ---- REPLICA_GUARD_FILTER ------------------------------------------------ */
/*
  The filter's server record from its init to its deinit, under
  filter_lock: the server frees it after the deinit. Replica_guard_filter_
  active reads its state through it, which turns DELETED at UNINSTALL
  PLUGIN, before the deinit (deferred while sessions hold the plugin).
  An audit plugin's init and deinit get NULL, not their record.
*/
static pthread_mutex_t filter_lock= PTHREAD_MUTEX_INITIALIZER;
static const void *filter_plugin;

static int rg_filter_init(void *p)
{
  const void *found;
  (void) p;
  if (refuse_other_server_version())
    return 1;
  /* Not under filter_lock: the lookup takes the server's LOCK_plugin, and
     a status variable's reader takes filter_lock under the server's
     LOCK_all_status_vars. */
  found= rg_plugin_find("REPLICA_GUARD_FILTER", MYSQL_AUDIT_PLUGIN);
  pthread_mutex_lock(&filter_lock);
  filter_plugin= found;
  pthread_mutex_unlock(&filter_lock);
  /* New values of init_connect and init_slave are checked from now on. */
  rg_thd_guard_settings(1);
  rg_filter_defer_table_events();
  return 0;
}

static int rg_filter_deinit(void *p)
{
  (void) p;
  rg_thd_guard_settings(0);
  pthread_mutex_lock(&filter_lock);
  filter_plugin= NULL;
  pthread_mutex_unlock(&filter_lock);
  return 0;
}

int rg_filter_is_active(void)
{
  int active;
  pthread_mutex_lock(&filter_lock);
  active= filter_plugin && rg_plugin_is_ready(filter_plugin);
  pthread_mutex_unlock(&filter_lock);
  return active;
}

/* ---- the declaration ------------------------------------------------------ */
static int rg_noop(void *p)
{
  (void) p;
  return 0;
}

#define RG_AUTHOR "replica_guard developers"
#define RG_VERSION 0x0100

/* The INFORMATION_SCHEMA tables differ only in name, text and fill. */
#define RG_IS_PLUGIN(name, text, init)                                   \
  { MYSQL_INFORMATION_SCHEMA_PLUGIN, &rg_is_descriptor, name, RG_AUTHOR,  \
    text, PLUGIN_LICENSE_GPL, init, rg_noop, RG_VERSION, NULL, NULL,      \
    RG_PLUGIN_VERSION_STR, MariaDB_PLUGIN_MATURITY_GAMMA }

/* What the server looks up in the library: the only exported symbols. */
#pragma GCC visibility push(default)
maria_declare_plugin(replica_guard)
{
  MYSQL_DAEMON_PLUGIN,
  &rg_daemon_descriptor,
  "REPLICA_GUARD",
  RG_AUTHOR,
  "Replication safety: replica monitor, settings and counters",
  PLUGIN_LICENSE_GPL,
  rg_daemon_init,
  rg_daemon_deinit,
  RG_VERSION,
  rg_status_variables,
  rg_system_variables,
  RG_PLUGIN_VERSION_STR,
  MariaDB_PLUGIN_MATURITY_GAMMA
},
{
  MYSQL_AUDIT_PLUGIN,
  &rg_filter_descriptor,
  "REPLICA_GUARD_FILTER",
  RG_AUTHOR,
  "Refuses CREATE and DROP statements on servers that are not report "
  "servers",
  PLUGIN_LICENSE_GPL,
  rg_filter_init,
  rg_filter_deinit,
  RG_VERSION,
  NULL,
  NULL,
  RG_PLUGIN_VERSION_STR,
  MariaDB_PLUGIN_MATURITY_GAMMA
},
RG_IS_PLUGIN("REPLICA_GUARD_STATUS",
  "One row per replica connection of this server, with its state",
  rg_is_status_init),
RG_IS_PLUGIN("REPLICA_GUARD_EVENTS",
  "The last 1000 state transitions of this server's replica connections",
  rg_is_events_init),
RG_IS_PLUGIN("REPLICA_GUARD_ORIGINS",
  "Freshness of every origin server's heartbeat as seen on this server",
  rg_is_origins_init),
RG_IS_PLUGIN("REPLICA_GUARD_CHECKS",
  "Findings of the checks of the topology's replication configuration",
  rg_is_checks_init),
RG_IS_PLUGIN("REPLICA_GUARD_REFUSALS",
  "The last 1000 statements the filter refused, with who sent them",
  rg_is_refusals_init)
maria_declare_plugin_end;
#pragma GCC visibility pop
