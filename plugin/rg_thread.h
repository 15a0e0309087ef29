/*
  replica_guard background threads: the monitor and the heartbeat writer
  share this small lifecycle. A thread sleeps in rg_thread_wait(), which
  returns early when the thread is woken (a setting changed, or news for
  it) and returns non-zero once rg_thread_stop() asked it to end. A wake is
  never lost: one that comes while the thread is not waiting makes its next
  wait return at once. rg_thread_stop() then
  joins it. So a daemon's deinit waits at most for the one query in flight.
*/
#ifndef RG_THREAD_H
#define RG_THREAD_H

#include <pthread.h>
#include <my_global.h>
#include <my_pthread.h>
#include <mysql/psi/mysql_thread.h>

typedef struct rg_thread
{
  mysql_mutex_t lock;        /* protects stop, woken and the condition;
                                last in the lock order (rg_shared.h) */
  mysql_cond_t wake;         /* on CLOCK_MONOTONIC */
  int stop;
  int woken;                 /* a wake not yet consumed by a wait */
  int running;
  pthread_t id;
} rg_thread;

/* Starts body(arg) in a new thread; returns 0 on success. */
int rg_thread_start(rg_thread *t, void *(*body)(void *), void *arg);
/* Sleeps up to ms milliseconds; returns non-zero when asked to stop. */
int rg_thread_wait(rg_thread *t, unsigned ms);
void rg_thread_wake(rg_thread *t);
/* Asks the thread to stop and joins it; a no-op when it is not running. */
void rg_thread_stop(rg_thread *t);

/*
  Common start of a plugin thread that uses the SQL service: initialises
  mysys for the thread (the service needs it), marks its statements as the
  plugin's own, and waits until the server accepts connections. Returns
  non-zero when asked to stop meanwhile; rg_thread_leave() must follow in
  every case.
*/
int rg_thread_enter(rg_thread *t);
void rg_thread_leave(void);

/*
  True once the server has begun to shut down. The server cleans up the
  binary log before it deinitialises plugins, so a local connection that has
  written to the binary log must neither write nor be closed after that.
*/
int rg_server_shutting_down(void);

#endif
