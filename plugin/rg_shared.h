/*
  replica_guard shared state: what the plugin's threads, its status
  variables and its INFORMATION_SCHEMA tables share, the lock guarding it,
  and the clock. Both background threads (rg_monitor_thread.c,
  rg_heartbeat.c) depend on this file and never on each other's state; the
  monitor thread only tells the heartbeat thread that replication moved.

  Lock order, the one place it is written. A thread holding a lock may take
  only locks further down this list, never one above it:
    1. LOCK_global_system_variables (the server's; held while a system
       variable's check and update functions run)
    2. rg_shared_lock(): rg_shared_monitor, rg_shared_origins and the
       monitor's status snapshot. Held only to apply a finished poll or
       read, or to copy rows out; never across a query.
    3. the fence lock (rg_fence.c): the fence's message, origin and file.
       Taken under 2 when a poll raises or clears the fence.
    4. an rg_thread's own lock (rg_thread.c): its stop and wake flags.
       Taken alone or under 1 (a setting wakes a thread).
  The statement filter takes none of them on its hot path: it reads the
  fence and the settings as single aligned words.

  Lifetime: the locks exist as long as the library is loaded (initialised
  when the server loads it, before any of its plugins starts; destroyed
  when it unloads), so a table or status read finds them whichever of the
  library's plugins are installed. The state itself exists between
  rg_shared_start() and rg_shared_stop() (the REPLICA_GUARD daemon's init
  and deinit); readers find NULL pointers outside that span.
*/
#ifndef RG_SHARED_H
#define RG_SHARED_H

#include "rg_monitor.h"
#include "rg_origins.h"

#ifdef __cplusplus
extern "C" {
#endif

extern rg_monitor *rg_shared_monitor;   /* under rg_shared_lock() */
extern rg_origins *rg_shared_origins;   /* under rg_shared_lock() */

void rg_shared_lock(void);
void rg_shared_unlock(void);

/* Allocates and initialises the shared state; 0 on success. */
int rg_shared_start(void);
/* Frees it (under the lock); the threads that fill it have stopped. */
void rg_shared_stop(void);

/* Wall-clock time in microseconds since the epoch: heartbeat times are
   compared across servers, so this is CLOCK_REALTIME by design. */
long long rg_now_us(void);

/* The fence lock (order 3 above): it guards rg_fence.c's state, and lives
   here so that it exists as long as the library, like the shared lock. */
void rg_fence_lock(void);
void rg_fence_unlock(void);

/* Performance Schema keys of each rg_thread's lock and condition. */
#ifdef HAVE_PSI_INTERFACE
#include <mysql/psi/psi.h>
extern PSI_mutex_key rg_key_thread_lock;
extern PSI_cond_key rg_key_thread_wake;
#endif

#ifdef __cplusplus
}
#endif
#endif
