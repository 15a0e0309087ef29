/* replica_guard shared state, its lock and the clock: see rg_shared.h. */
#include <stdlib.h>
#include <time.h>
#include <my_global.h>
#include <my_pthread.h>
#include <mysql/psi/mysql_thread.h>
#include "rg_shared.h"
#include "rg_thread.h"

rg_monitor *rg_shared_monitor;
rg_origins *rg_shared_origins;

static mysql_mutex_t shared_lock, fence_lock;

#ifdef HAVE_PSI_INTERFACE
static PSI_mutex_key key_shared_lock, key_fence_lock;
PSI_mutex_key rg_key_thread_lock;
PSI_cond_key rg_key_thread_wake;

static PSI_mutex_info mutexes[]=
{
  { &key_shared_lock, "shared_lock", PSI_FLAG_GLOBAL },
  { &key_fence_lock, "fence_lock", PSI_FLAG_GLOBAL },
  { &rg_key_thread_lock, "thread_lock", 0 }
};
static PSI_cond_info conds[]=
{
  { &rg_key_thread_wake, "thread_wake", 0 }
};
#endif

/*
  Runs when the server loads the library (dlopen), before any plugin of it
  is initialised, and after the server set up the Performance Schema.
*/
__attribute__((constructor)) static void shared_create(void)
{
#ifdef HAVE_PSI_INTERFACE
  mysql_mutex_register("replica_guard", mutexes, array_elements(mutexes));
  mysql_cond_register("replica_guard", conds, array_elements(conds));
#endif
  mysql_mutex_init(key_shared_lock, &shared_lock, MY_MUTEX_INIT_FAST);
  mysql_mutex_init(key_fence_lock, &fence_lock, MY_MUTEX_INIT_FAST);
}

/*
  Runs when the library is unloaded: by UNINSTALL SONAME on a running
  server, after every plugin's deinit; or at the process's exit (after a
  shutdown, or a start-up that failed), when the Performance Schema may
  already be gone and destroying an instrumented lock would crash. So the
  locks are destroyed only while the server runs; at exit the process's
  end frees them.
*/
extern int mysqld_server_started;

__attribute__((destructor)) static void shared_destroy(void)
{
  if (!mysqld_server_started || rg_server_shutting_down())
    return;
  mysql_mutex_destroy(&fence_lock);
  mysql_mutex_destroy(&shared_lock);
}

void rg_shared_lock(void) { mysql_mutex_lock(&shared_lock); }
void rg_shared_unlock(void) { mysql_mutex_unlock(&shared_lock); }
void rg_fence_lock(void) { mysql_mutex_lock(&fence_lock); }
void rg_fence_unlock(void) { mysql_mutex_unlock(&fence_lock); }

int rg_shared_start(void)
{
  rg_monitor *monitor= malloc(sizeof(rg_monitor));
  rg_origins *origins= malloc(sizeof(rg_origins));
  if (!monitor || !origins)
  {
    free(monitor);
    free(origins);
    return 1;
  }
  rg_monitor_init(monitor);
  rg_origins_init(origins);
  rg_shared_lock();
  rg_shared_monitor= monitor;
  rg_shared_origins= origins;
  rg_shared_unlock();
  return 0;
}

void rg_shared_stop(void)
{
  rg_shared_lock();
  free(rg_shared_monitor);
  free(rg_shared_origins);
  rg_shared_monitor= NULL;
  rg_shared_origins= NULL;
  rg_shared_unlock();
}

long long rg_now_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
