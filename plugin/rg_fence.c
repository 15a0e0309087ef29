/*
  replica_guard fencing: a daisy-chain server whose replication failed stops
  taking client writes (or all client statements), so no location writes
  data the others will never receive.

  State and persistence
  - The fence (on/off, who raised it, the message clients get) lives in
    variables guarded by rg_fence_lock() (rg_shared.h) and in the file
    FENCE_FILE in the data
    directory (the server's working directory), written atomically. It is
    kept locally on purpose: a replicated table would carry the fence to the
    healthy servers.
  - rg_fence_is_up() is a single relaxed load: the statement filter reads it
    on every statement without a lock.
  - The file is ours, but its contents are never trusted as text for
    clients: a fence restored at start-up gets a fixed message. A file that
    cannot be read or is not one we wrote (a directory, garbage) fences the
    server all the same (fail closed), with an error-log line and
    Replica_guard_fence_file_errors counting it.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <sys/stat.h>
#include "rg_glue.h"
#include "rg_shared.h"

#define FENCE_FILE "replica_guard.fence"
#define FENCE_FILE_TMP "replica_guard.fence.tmp"

static RG_HOT_DATA char fence_up;     /* read without the lock */
static char fence_by_monitor;         /* auto-clear applies only to these */
static char fence_message[RG_FENCE_MSG_LEN];
unsigned long long rg_stat_fence_file_errors;
long long rg_stat_fenced_since;       /* written under fence_lock */

static void fence_file_error(const char *what)
{
  __atomic_fetch_add(&rg_stat_fence_file_errors, 1, __ATOMIC_RELAXED);
  rg_log_error("fence-file", "%s %s", FENCE_FILE, what);
}

RG_HOT
int rg_fence_is_up(void)
{
  return __atomic_load_n(&fence_up, __ATOMIC_RELAXED);
}

void rg_fence_copy_message(char *out, size_t size)
{
  rg_fence_lock();
  snprintf(out, size, "%s", fence_message);
  rg_fence_unlock();
}

/*
  Writes (fence up) or removes (fence down) the fence file; fence_lock held.
  Returns 0 on success. A failure is logged and counted; the fence in
  memory holds until the server stops either way.
*/
static int persist(void)
{
  FILE *f;
  char what[160];
  if (!fence_up)
  {
    if (!unlink(FENCE_FILE) || errno == ENOENT)
      return 0;
    snprintf(what, sizeof(what), "could not be removed (%s): the server "
             "will be fenced again after a restart unless it is removed",
             strerror(errno));
    fence_file_error(what);
    return 1;
  }
  f= fopen(FENCE_FILE_TMP, "w");
  if (f && fprintf(f, "%s\n", fence_by_monitor ? "monitor" : "manual") > 0 &&
      !fflush(f) && !fsync(fileno(f)) && !fclose(f) &&
      !rename(FENCE_FILE_TMP, FENCE_FILE))
    return 0;
  snprintf(what, sizeof(what), "could not be written (%s): the fence will "
           "not survive a restart", strerror(errno));
  fence_file_error(what);
  return 1;
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
  rg_fence_lock();
  snprintf(fence_message, sizeof(fence_message), "%s", message);
  sanitize(fence_message);
  fence_by_monitor= (char) by_monitor;
  __atomic_store_n(&fence_up, 1, __ATOMIC_RELEASE);
  rg_sys_fenced= 1;
  __atomic_store_n(&rg_stat_fenced_since, (long long) time(NULL),
                   __ATOMIC_RELAXED);
  persist();
  rg_fence_unlock();
}

/*
  The message every client gets names the connection and the error number
  only: a replication error's text can quote the failing row (in a dental
  practice, patient names and dates of birth). The full text stays in the
  privileged REPLICA_GUARD_STATUS and REPLICA_GUARD_EVENTS rows.
*/
void rg_fence_raise_for(const rg_conn *c, long long now_us)
{
  char when[32], message[RG_FENCE_MSG_LEN];
  time_t t= (time_t) (c->state_since_us / 1000000);
  struct tm tm;
  unsigned err= c->state == RG_STATE_SQL_ERROR ? c->last.last_sql_errno
                                               : c->last.last_io_errno;
  (void) now_us;
  localtime_r(&t, &tm);
  strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
  snprintf(message, sizeof(message),
           "replica_guard: this database is temporarily unavailable because "
           "replication from '%s' failed at %s (%s, error %u). Connect to "
           "the alternate database at another location",
           c->last.connection_name, when, rg_state_name(c->state), err);
  raise_fence(1, message);
  rg_log_error("fenced", "replica connection '%s' is %s (error %u, "
               "full text in information_schema.REPLICA_GUARD_STATUS); "
               "client writes are refused until replica_guard_fenced is set "
               "OFF", c->last.connection_name, rg_state_name(c->state), err);
}

void rg_fence_raise_by_user(const char *user, const char *host)
{
  char message[RG_FENCE_MSG_LEN];
  snprintf(message, sizeof(message),
           "replica_guard: this database is temporarily unavailable: it was "
           "fenced by %s@%s. Connect to the alternate database at another "
           "location", user, host);
  raise_fence(0, message);
  rg_log_warning("fenced", "by '%s'@'%s'", user, host);
}

int rg_fence_clear(const char *why)
{
  int failed;
  rg_fence_lock();
  __atomic_store_n(&fence_up, 0, __ATOMIC_RELEASE);
  rg_sys_fenced= 0;
  __atomic_store_n(&rg_stat_fenced_since, 0, __ATOMIC_RELAXED);
  fence_message[0]= '\0';
  failed= persist();
  rg_fence_unlock();
  rg_log_warning("unfenced", "%s", why);
  return failed;
}

int rg_fence_file_blocks_clear(void)
{
  struct stat st;
  return !lstat(FENCE_FILE, &st) && !S_ISREG(st.st_mode);
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
      rg_monitor_clears_fence(m))
    rg_fence_clear("every replica connection is OK again "
                   "(replica_guard_fence_auto_clear)");
}

/*
  Reads the fence file's first line into origin: 0 when there is no file,
  1 when it holds a fence we wrote, -1 (reason in *why) when it exists but
  cannot be read as one.
*/
static int read_fence_file(char *origin, size_t size, const char **why)
{
  struct stat st;
  FILE *f;
  int found;
  if (lstat(FENCE_FILE, &st))
  {
    *why= strerror(errno);
    return errno == ENOENT ? 0 : -1;
  }
  if (!S_ISREG(st.st_mode))
  {
    *why= "not a regular file";
    return -1;
  }
  if (!(f= fopen(FENCE_FILE, "r")))
  {
    *why= strerror(errno);
    return -1;
  }
  found= fgets(origin, (int) size, f) != NULL;
  fclose(f);
  origin[found ? strcspn(origin, "\n") : 0]= '\0';
  if (strcmp(origin, "monitor") && strcmp(origin, "manual"))
  {
    *why= "not a fence written by replica_guard";
    return -1;
  }
  return 1;
}

int rg_fence_load(void)
{
  char origin[32], what[160];
  struct stat st;
  const char *why= "";
  int found= read_fence_file(origin, sizeof(origin), &why);
  if (!found)
    return 0;
  rg_fence_lock();
  snprintf(fence_message, sizeof(fence_message), "replica_guard: this "
           "database is temporarily unavailable (fenced before the last "
           "restart). Connect to the alternate database at another "
           "location");
  fence_by_monitor= found > 0 && !strcmp(origin, "monitor");
  __atomic_store_n(&fence_up, 1, __ATOMIC_RELEASE);
  rg_sys_fenced= 1;
  /* The file was written when the fence was raised. */
  __atomic_store_n(&rg_stat_fenced_since, (long long)
                   (stat(FENCE_FILE, &st) ? time(NULL) : st.st_mtime),
                   __ATOMIC_RELAXED);
  rg_fence_unlock();
  if (found < 0)
  {
    snprintf(what, sizeof(what), "cannot be read (%s): the server stays "
             "fenced until it is removed and replica_guard_fenced is set "
             "OFF", why);
    fence_file_error(what);
  }
  else
    rg_log_warning("fenced", "kept from before the restart (%s, "
                   "raised by %s)", FENCE_FILE, origin);
  return 0;
}
