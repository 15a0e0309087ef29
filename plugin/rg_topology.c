/* replica_guard topology glue: see rg_topology.h. */
#include <string.h>
#include "rg_glue.h"
#include "rg_topology.h"
#include "rg_checks.h"

/* This server's window and fingerprint; under rg_shared_lock(). */
static long long window_until_us;
static char schema_fp[RG_SCHEMA_FP_LEN];

void rg_topology_set_window(long long until_us)
{
  rg_shared_lock();
  window_until_us= until_us > 0 ? until_us : 0;
  rg_shared_unlock();
}

void rg_topology_set_fingerprint(const char *hex)
{
  size_t n= 0;
  rg_shared_lock();
  for (; hex && *hex && n < sizeof(schema_fp) - 1; hex++)
    if ((*hex >= '0' && *hex <= '9') || (*hex >= 'a' && *hex <= 'f'))
      schema_fp[n++]= *hex;
  schema_fp[n]= '\0';
  rg_shared_unlock();
}

long long rg_topology_window_elsewhere(long long now_us,
                                       unsigned long *server_id)
{
  (void) now_us;
  if (server_id)
    *server_id= 0;
  return 0;
}
