/*
  noop_audit: an audit plugin that does nothing, for bench/filter-overhead.
  It subscribes to the same event classes as REPLICA_GUARD_FILTER (general
  and table: the server builds a table event for every table a statement
  locks, and calls the plugin for it) and returns at once, so a server
  with it loaded pays exactly what the server itself spends on any such
  audit plugin (acquiring it per statement,
  building each event, calling it): the floor under the filter's cost.
  Built by bench/noop_audit/build, never by the project's own build.
*/
#include <mysql/plugin.h>
#include <mysql/plugin_audit.h>

static void noop_notify(MYSQL_THD thd, unsigned int event_class,
                        const void *event)
{
  (void) thd; (void) event_class; (void) event;
}

static struct st_mysql_audit noop_descriptor=
{
  MYSQL_AUDIT_INTERFACE_VERSION,
  NULL,
  noop_notify,
  { MYSQL_AUDIT_GENERAL_CLASSMASK | MYSQL_AUDIT_TABLE_CLASSMASK }
};

maria_declare_plugin(noop_audit)
{
  MYSQL_AUDIT_PLUGIN,
  &noop_descriptor,
  "NOOP_AUDIT",
  "replica_guard benchmarks",
  "An audit plugin that does nothing (benchmark floor)",
  PLUGIN_LICENSE_GPL,
  NULL,
  NULL,
  0x0100,
  NULL,
  NULL,
  "1.0",
  MariaDB_PLUGIN_MATURITY_STABLE
}
maria_declare_plugin_end;
