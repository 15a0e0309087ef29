/*
  replica_guard: the plugin library's declaration. INSTALL SONAME
  'replica_guard' registers
  - REPLICA_GUARD         daemon: the monitor thread, every system and
                          status variable;
  - REPLICA_GUARD_FILTER  audit: the statement filter;
  - REPLICA_GUARD_STATUS  information_schema.REPLICA_GUARD_STATUS;
  - REPLICA_GUARD_EVENTS  information_schema.REPLICA_GUARD_EVENTS;
  - REPLICA_GUARD_ORIGINS information_schema.REPLICA_GUARD_ORIGINS.
  Maturity is GAMMA, the lowest Debian's server loads by default.
*/
#include <mysql/plugin.h>
#include <mysql/plugin_audit.h>
#include "rg_glue.h"

static struct st_mysql_daemon rg_daemon_descriptor=
{ MYSQL_DAEMON_INTERFACE_VERSION };

/* The heartbeat owns the origins the monitor fills: it starts first and
   stops last. */
static int rg_daemon_init(void *p)
{
  (void) p;
  if (rg_exempt_users_init() || rg_fence_load() || rg_heartbeat_start())
    return 1;
  if (rg_monitor_start())
  {
    rg_heartbeat_stop();
    return 1;
  }
  return 0;
}

static int rg_daemon_deinit(void *p)
{
  (void) p;
  rg_monitor_stop();
  rg_heartbeat_stop();
  return 0;
}

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
  rg_noop,
  rg_noop,
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
  rg_is_origins_init)
maria_declare_plugin_end;
