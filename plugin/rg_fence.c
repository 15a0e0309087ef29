/*
  replica_guard fencing: a daisy-chain server whose replication failed stops
  taking client writes (or all client statements), so no location writes
  data the others will never receive.

  State and persistence
  - The fence (on/off, who raised it, the message clients get) lives in
    fence_lock-protected variables and in the file FENCE_FILE in the data
    directory (the server's working directory), written atomically. It is
    kept locally on purpose: a replicated table would carry the fence to the
    healthy servers.
  - rg_fence_is_up() is a single relaxed load: the statement filter reads it
    on every statement without a lock.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "rg_glue.h"

#define FENCE_FILE "replica_guard.fence"
#define FENCE_FILE_TMP "replica_guard.fence.tmp"

static pthread_mutex_t fence_lock= PTHREAD_MUTEX_INITIALIZER;
static char fence_up;                 /* read without the lock */
static char fence_by_monitor;         /* auto-clear applies only to these */
static char fence_message[RG_FENCE_MSG_LEN];

int rg_fence_is_up(void)
{
  return __atomic_load_n(&fence_up, __ATOMIC_RELAXED);
}

void rg_fence_copy_message(char *out, size_t size)
{
  pthread_mutex_lock(&fence_lock);
  snprintf(out, size, "%s", fence_message);
  pthread_mutex_unlock(&fence_lock);
}

/* Writes the fence file (fence_lock held); a failure is logged, and the
   fence still holds until the server stops. */
static void persist(void)
{
  FILE *f;
  if (!fence_up)
  {
    if (unlink(FENCE_FILE) && errno != ENOENT)
      rg_log_error("could not remove %s: %s", FENCE_FILE, strerror(errno));
    return;
  }
  f= fopen(FENCE_FILE_TMP, "w");
  if (!f || fprintf(f, "%s\n%s\n", fence_by_monitor ? "monitor" : "manual",
                    fence_message) < 0 || fflush(f) || fsync(fileno(f)) ||
      fclose(f) || rename(FENCE_FILE_TMP, FENCE_FILE))
    rg_log_error("could not save the fence in %s: %s; it will not survive "
                 "a restart", FENCE_FILE, strerror(errno));
}

/* Keeps the message on one line and free of backslashes, which the
   session's sql_mode would otherwise decide how to read in a SIGNAL. */
static void sanitize(char *s)
{
  for (; *s; s++)
    if (*s == '\\')
      *s= '/';
    else if ((unsigned char) *s < 0x20)
      *s= ' ';
}

static void raise_fence(int by_monitor, const char *message)
{
  pthread_mutex_lock(&fence_lock);
  snprintf(fence_message, sizeof(fence_message), "%s", message);
  sanitize(fence_message);
  fence_by_monitor= (char) by_monitor;
  __atomic_store_n(&fence_up, 1, __ATOMIC_RELEASE);
  rg_sys_fenced= 1;
  persist();
  pthread_mutex_unlock(&fence_lock);
}

void rg_fence_raise_for(const rg_conn *c, long long now_us)
{
  char when[32], message[RG_FENCE_MSG_LEN];
  time_t t= (time_t) (c->state_since_us / 1000000);
  struct tm tm;
  unsigned err= c->state == RG_STATE_SQL_ERROR ? c->last.last_sql_errno
                                               : c->last.last_io_errno;
  const char *text= c->state == RG_STATE_SQL_ERROR ? c->last.last_sql_error
                                                   : c->last.last_io_error;
  (void) now_us;
  localtime_r(&t, &tm);
  strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
  snprintf(message, sizeof(message),
           "replica_guard: this database is temporarily unavailable because "
           "replication from '%s' failed at %s with error %u: %.200s. "
           "Connect to the alternate database at another location",
           c->last.connection_name, when, err, *text ? text
           : rg_state_name(c->state));
  raise_fence(1, message);
  rg_log_error("server fenced: replica connection '%s' is %s (error %u: "
               "%s); client writes are refused until replica_guard_fenced "
               "is set OFF", c->last.connection_name, rg_state_name(c->state),
               err, text);
}

void rg_fence_raise_by_user(const char *user, const char *host)
{
  char message[RG_FENCE_MSG_LEN];
  snprintf(message, sizeof(message),
           "replica_guard: this database is temporarily unavailable: it was "
           "fenced by %s@%s. Connect to the alternate database at another "
           "location", user, host);
  raise_fence(0, message);
  rg_log_warning("server fenced by '%s'@'%s'", user, host);
}

void rg_fence_clear(const char *why)
{
  pthread_mutex_lock(&fence_lock);
  __atomic_store_n(&fence_up, 0, __ATOMIC_RELEASE);
  rg_sys_fenced= 0;
  fence_message[0]= '\0';
  persist();
  pthread_mutex_unlock(&fence_lock);
  rg_log_warning("fence cleared: %s", why);
}

void rg_fence_after_poll(const rg_monitor *m, long long now_us)
{
  int cause;
  if (!rg_fence_is_up())
  {
    if (!rg_sys_fence_on_failure)
      return;
    cause= rg_monitor_fence_cause(m, now_us,
                                  (long long) rg_sys_fence_after_seconds *
                                  1000000);
    if (cause >= 0)
      rg_fence_raise_for(&m->conns[cause], now_us);
    return;
  }
  if (rg_sys_fence_auto_clear && fence_by_monitor && m->n_conns > 0 &&
      rg_monitor_all_ok(m))
    rg_fence_clear("every replica connection is OK again "
                   "(replica_guard_fence_auto_clear)");
}

int rg_fence_load(void)
{
  char origin[32], message[RG_FENCE_MSG_LEN];
  FILE *f= fopen(FENCE_FILE, "r");
  if (!f)
    return 0;
  if (!fgets(origin, sizeof(origin), f) || !fgets(message, sizeof(message), f))
    snprintf(message, sizeof(message), "replica_guard: this database is "
             "temporarily unavailable (fenced before the last restart). "
             "Connect to the alternate database at another location");
  fclose(f);
  message[strcspn(message, "\n")]= '\0';
  pthread_mutex_lock(&fence_lock);
  snprintf(fence_message, sizeof(fence_message), "%s", message);
  fence_by_monitor= strncmp(origin, "monitor", 7) == 0;
  __atomic_store_n(&fence_up, 1, __ATOMIC_RELEASE);
  rg_sys_fenced= 1;
  pthread_mutex_unlock(&fence_lock);
  rg_log_warning("server is fenced (kept from before the restart in %s): %s",
                 FENCE_FILE, message);
  return 0;
}
