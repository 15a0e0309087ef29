/* replica_guard background threads: see rg_thread.h. */
#include <time.h>
#include <my_global.h>
#include <my_sys.h>
#include "rg_thread.h"
#include "rg_glue.h"

/* Set once the server accepts connections; the SQL service may not be used
   before (a daemon plugin is initialised earlier than that). */
extern int mysqld_server_started;
/* Set when the server begins to shut down (a C++ bool: one byte). */
extern volatile _Bool abort_loop;

int rg_server_shutting_down(void)
{
  return abort_loop;
}

int rg_thread_start(rg_thread *t, void *(*body)(void *), void *arg)
{
  pthread_condattr_t attr;
  mysql_mutex_init(rg_key_thread_lock, &t->lock, MY_MUTEX_INIT_FAST);
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  mysql_cond_init(rg_key_thread_wake, &t->wake, &attr);
  pthread_condattr_destroy(&attr);
  t->stop= 0;
  t->woken= 0;
  t->running= pthread_create(&t->id, NULL, body, arg) == 0;
  if (t->running)
    return 0;
  mysql_cond_destroy(&t->wake);
  mysql_mutex_destroy(&t->lock);
  return 1;
}

int rg_thread_wait(rg_thread *t, unsigned ms)
{
  struct timespec deadline;
  int stop;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  deadline.tv_sec+= ms / 1000;
  deadline.tv_nsec+= (long) (ms % 1000) * 1000000;
  if (deadline.tv_nsec >= 1000000000)
  {
    deadline.tv_sec++;
    deadline.tv_nsec-= 1000000000;
  }
  mysql_mutex_lock(&t->lock);
  if (!t->stop && !t->woken)
    mysql_cond_timedwait(&t->wake, &t->lock, &deadline);
  t->woken= 0;
  stop= t->stop;
  mysql_mutex_unlock(&t->lock);
  return stop;
}

void rg_thread_wake(rg_thread *t)
{
  if (!t->running)
    return;
  mysql_mutex_lock(&t->lock);
  t->woken= 1;
  mysql_cond_signal(&t->wake);
  mysql_mutex_unlock(&t->lock);
}

void rg_thread_stop(rg_thread *t)
{
  if (!t->running)
    return;
  mysql_mutex_lock(&t->lock);
  t->stop= 1;
  mysql_cond_signal(&t->wake);
  mysql_mutex_unlock(&t->lock);
  pthread_join(t->id, NULL);
  t->running= 0;
  mysql_cond_destroy(&t->wake);
  mysql_mutex_destroy(&t->lock);
}

int rg_thread_enter(rg_thread *t)
{
  my_thread_init();
  rg_internal_thread= 1;
  while (!mysqld_server_started)
    if (rg_thread_wait(t, 5))
      return 1;
  return 0;
}

void rg_thread_leave(void)
{
  my_thread_end();
}
