/*
  replica_guard: the ring of the last RG_REFUSALS_MAX refusals (see
  rg_refusals.h for what is recorded and the locking).

  Entry id lives in slot (id - 1) % RG_REFUSALS_MAX; the ring holds ids
  last_id - RG_REFUSALS_MAX + 1 .. last_id. It belongs to the library, not
  to a plugin: it outlives an UNINSTALL and INSTALL of the daemon or the
  table, and starts empty when the library is loaded.
*/
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include "rg_glue.h"
#include "rg_refusals.h"

static pthread_mutex_t refusals_lock= PTHREAD_MUTEX_INITIALIZER;
static rg_refusal ring[RG_REFUSALS_MAX];
static unsigned long long last_id;           /* under refusals_lock */

void rg_refusals_add(MYSQL_THD thd, const char *kind, rg_reason reason,
                     const char *excerpt)
{
  rg_refusal r;
  const char *user, *host, *ip;
  /* Everything is gathered before the lock: it is held for one copy. */
  memset(&r, 0, sizeof(r));
  r.time_us= rg_now_us();
  r.connection_id= thd_get_thread_id(thd);
  rg_thd_account(thd, &user, &host, &ip);
  snprintf(r.user, sizeof(r.user), "%s", user);
  snprintf(r.host, sizeof(r.host), "%s", host ? host : ip ? ip : "");
  rg_refusal_account(thd, r.priv_user, r.priv_host);
  snprintf(r.kind, sizeof(r.kind), "%s", kind);
  r.reason= reason;
  snprintf(r.excerpt, sizeof(r.excerpt), "%s", excerpt);
  pthread_mutex_lock(&refusals_lock);
  r.id= ++last_id;
  ring[(r.id - 1) % RG_REFUSALS_MAX]= r;
  pthread_mutex_unlock(&refusals_lock);
}

unsigned long long rg_refusals_last_id(void)
{
  unsigned long long id;
  pthread_mutex_lock(&refusals_lock);
  id= last_id;
  pthread_mutex_unlock(&refusals_lock);
  return id;
}

int rg_refusals_copy(unsigned long long id, rg_refusal *out)
{
  int held;
  pthread_mutex_lock(&refusals_lock);
  held= id && id <= last_id && last_id - id < RG_REFUSALS_MAX;
  if (held)
    *out= ring[(id - 1) % RG_REFUSALS_MAX];
  pthread_mutex_unlock(&refusals_lock);
  return held;
}
