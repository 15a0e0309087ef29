/*
  rg_probe: the client side of bench/detection-latency and bench/monitor-cpu
  (libmariadb; built by those scripts, never by the tests).

  rg_probe detect REPLICA_SOCK PRIMARY_SOCK FAULT INTERVAL_MS TRIALS
    FAULT is sql-error (a duplicate key stops the replica's applier) or
    io-stop (STOP SLAVE IO_THREAD). For each trial it waits a random time
    in [0, INTERVAL_MS) (so the injection falls anywhere in the monitor's
    poll cycle), injects the fault at t0 and measures, concurrently, until:
      monitor   information_schema.REPLICA_GUARD_STATUS shows the new state
                (read every 1 ms on its own connection);
      raw       SHOW ALL SLAVES STATUS itself shows the fault (read every
                1 ms): when the server first reports it at all;
      external  an external poller reading SHOW ALL SLAVES STATUS every
                INTERVAL_MS on a persistent connection, free-running since
                before the first trial (its phase is independent of t0),
                sees it.
    Then it repairs the fault and waits until the monitor shows OK again.
    Prints one line per trial and a summary (p50, p99, max in ms).

  rg_probe poll HOST PORT INTERVAL_MS SECONDS
    An external poller: one persistent TCP connection reading SHOW ALL
    SLAVES STATUS (every row) every INTERVAL_MS for SECONDS. Driven through
    stdin/stdout so that the caller's measurement window holds the polling
    and nothing else (not the connection's set-up or tear-down):
      prints "ready server_tid=T" once connected (T: the server thread
      serving the connection, information_schema.PROCESSLIST.TID), waits
      for a line on stdin, polls, prints "done polls=N cpu_ns=C" (C: this
      process's own CPU time while polling, user + system), waits for a
      line on stdin (or its end) and only then disconnects.
*/
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <mysql.h>

enum fault { FAULT_SQL_ERROR, FAULT_IO_STOP };
enum method { M_MONITOR, M_RAW, M_EXTERNAL, M__COUNT };
static const char *method_names[M__COUNT]= { "monitor", "raw", "external" };

static const char *replica_sock, *primary_sock;
static enum fault fault;
static unsigned interval_ms;

/* The trial in progress, shared with the probe threads. */
static pthread_mutex_t trial_lock= PTHREAD_MUTEX_INITIALIZER;
static int trial_active;
static long long trial_t0;                 /* ns, CLOCK_MONOTONIC */
static long long trial_seen[M__COUNT];     /* ns after t0; -1: not yet */
static volatile int stopping;

static long long now_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_ns(long long ns)
{
  struct timespec ts= { ns / 1000000000LL, ns % 1000000000LL };
  while (nanosleep(&ts, &ts) && errno == EINTR)
  {}
}

static void die(const char *what, MYSQL *m)
{
  fprintf(stderr, "rg_probe: %s: %s\n", what, m ? mysql_error(m) : "");
  exit(1);
}

static MYSQL *connect_sock(const char *sock)
{
  MYSQL *m= mysql_init(NULL);
  if (!m || !mysql_real_connect(m, NULL, "root", NULL, NULL, 0, sock, 0))
    die("connect", m);
  return m;
}

static void run(MYSQL *m, const char *q)
{
  if (mysql_query(m, q))
  {
    fprintf(stderr, "rg_probe: %s: %s\n", q, mysql_error(m));
    exit(1);
  }
  MYSQL_RES *r= mysql_store_result(m);
  if (r)
    mysql_free_result(r);
}

/* Reads the default connection's row of SHOW ALL SLAVES STATUS; returns
   whether it shows the fault under test. */
static int show_shows_fault(MYSQL *m)
{
  MYSQL_RES *r;
  MYSQL_ROW row;
  MYSQL_FIELD *f;
  int io= -1, sql= -1, sql_errno= -1, name= -1, found= 0;
  if (mysql_query(m, "SHOW ALL SLAVES STATUS") || !(r= mysql_store_result(m)))
    die("SHOW ALL SLAVES STATUS", m);
  f= mysql_fetch_fields(r);
  for (unsigned i= 0; i < mysql_num_fields(r); i++)
  {
    if (!strcmp(f[i].name, "Slave_IO_Running")) io= (int) i;
    if (!strcmp(f[i].name, "Slave_SQL_Running")) sql= (int) i;
    if (!strcmp(f[i].name, "Last_SQL_Errno")) sql_errno= (int) i;
    if (!strcmp(f[i].name, "Connection_name")) name= (int) i;
  }
  while ((row= mysql_fetch_row(r)))
  {
    if (name >= 0 && row[name] && *row[name])
      continue;
    if (fault == FAULT_SQL_ERROR)
      found= row[sql] && !strcmp(row[sql], "No") && row[sql_errno] &&
             strcmp(row[sql_errno], "0");
    else
      found= row[io] && !strcmp(row[io], "No");
  }
  mysql_free_result(r);
  return found;
}

/* The monitor's state of the default connection ("" when no row). */
static void monitor_state(MYSQL *m, char *out, size_t size)
{
  MYSQL_RES *r;
  MYSQL_ROW row;
  if (mysql_query(m, "SELECT STATE FROM information_schema.REPLICA_GUARD_STATUS"
                     " WHERE CONNECTION_NAME = ''") ||
      !(r= mysql_store_result(m)))
    die("REPLICA_GUARD_STATUS", m);
  row= mysql_fetch_row(r);
  snprintf(out, size, "%s", row && row[0] ? row[0] : "");
  mysql_free_result(r);
}

static const char *fault_state(void)
{
  return fault == FAULT_SQL_ERROR ? "SQL_ERROR" : "IO_STOPPED";
}

/* Records that method saw the fault at time t (first sighting only). */
static void saw(enum method method, long long t)
{
  pthread_mutex_lock(&trial_lock);
  if (trial_active && trial_seen[method] < 0 && t >= trial_t0)
    trial_seen[method]= t - trial_t0;
  pthread_mutex_unlock(&trial_lock);
}

static int waiting_for(enum method method)
{
  int w;
  pthread_mutex_lock(&trial_lock);
  w= trial_active && trial_seen[method] < 0;
  pthread_mutex_unlock(&trial_lock);
  return w;
}

/* The 1 ms probes: monitor (IS table) and raw (SHOW ALL SLAVES STATUS). */
static void *fast_probe(void *arg)
{
  enum method method= (enum method) (long) arg;
  MYSQL *m;
  char state[32];
  mysql_thread_init();
  m= connect_sock(replica_sock);
  while (!stopping)
  {
    if (waiting_for(method))
    {
      int found;
      long long t;
      if (method == M_MONITOR)
      {
        monitor_state(m, state, sizeof(state));
        found= !strcmp(state, fault_state());
      }
      else
        found= show_shows_fault(m);
      t= now_ns();                  /* when the reader has the answer */
      if (found)
        saw(method, t);
    }
    sleep_ns(1000000);
  }
  mysql_close(m);
  mysql_thread_end();
  return NULL;
}

/* The external poller: free-running, one query every interval_ms. */
static void *external_poller(void *arg)
{
  MYSQL *m;
  long long next;
  (void) arg;
  mysql_thread_init();
  m= connect_sock(replica_sock);
  next= now_ns();
  while (!stopping)
  {
    int found= show_shows_fault(m);
    long long t= now_ns();
    if (found)
      saw(M_EXTERNAL, t);
    next+= (long long) interval_ms * 1000000LL;
    if (next > now_ns())
      sleep_ns(next - now_ns());
  }
  mysql_close(m);
  mysql_thread_end();
  return NULL;
}

static int cmp_ll(const void *a, const void *b)
{
  long long x= *(const long long *) a, y= *(const long long *) b;
  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted v[n]. */
static double pct(const long long *v, int n, double p)
{
  int rank= (int) ((p / 100.0) * n + 0.999999);
  if (rank < 1) rank= 1;
  if (rank > n) rank= n;
  return v[rank - 1] / 1e6;
}

static void wait_monitor_ok(MYSQL *replica)
{
  char state[32];
  long long deadline= now_ns() + 30000000000LL;
  for (;;)
  {
    monitor_state(replica, state, sizeof(state));
    if (!strcmp(state, "OK"))
      return;
    if (now_ns() > deadline)
    {
      fprintf(stderr, "rg_probe: the monitor does not show OK (%s)\n", state);
      exit(1);
    }
    sleep_ns(1000000);
  }
}

static int detect(int trials)
{
  MYSQL *replica= connect_sock(replica_sock);
  MYSQL *primary= connect_sock(primary_sock);
  pthread_t threads[M__COUNT];
  long long *results[M__COUNT];
  int missed[M__COUNT]= { 0, 0, 0 };
  char q[256];
  unsigned seed= (unsigned) now_ns();

  for (int m= 0; m < M__COUNT; m++)
    results[m]= calloc((size_t) trials, sizeof(long long));
  /* Sandbox servers are not report servers: the session override lets
     this benchmark create and drop its own table. */
  run(primary, "SET SESSION replica_guard_allow_ddl= ON");
  run(primary, "CREATE DATABASE IF NOT EXISTS rg_bench");
  run(primary, "CREATE TABLE IF NOT EXISTS rg_bench.t (id INT PRIMARY KEY)"
               " ENGINE=InnoDB");
  run(primary, "DELETE FROM rg_bench.t");
  run(replica, "SET SESSION sql_log_bin= 0");
  sleep_ns(500000000LL);            /* let the DDL reach the replica */
  wait_monitor_ok(replica);

  pthread_create(&threads[M_MONITOR], NULL, fast_probe, (void *) (long) M_MONITOR);
  pthread_create(&threads[M_RAW], NULL, fast_probe, (void *) (long) M_RAW);
  pthread_create(&threads[M_EXTERNAL], NULL, external_poller, NULL);

  for (int i= 0; i < trials; i++)
  {
    int id= i + 1;
    long long deadline;
    if (fault == FAULT_SQL_ERROR)
    {
      snprintf(q, sizeof(q), "INSERT INTO rg_bench.t VALUES (%d)", id);
      run(replica, q);              /* sql_log_bin=0: the replica's own row */
    }
    /* A random point in the poll cycle. */
    sleep_ns((long long) (rand_r(&seed) % (interval_ms * 1000)) * 1000LL);
    pthread_mutex_lock(&trial_lock);
    for (int m= 0; m < M__COUNT; m++)
      trial_seen[m]= -1;
    trial_t0= now_ns();
    trial_active= 1;
    pthread_mutex_unlock(&trial_lock);
    if (fault == FAULT_SQL_ERROR)
      run(primary, q);              /* collides on the replica */
    else
      run(replica, "STOP SLAVE IO_THREAD");

    deadline= now_ns() + 10LL * interval_ms * 1000000LL + 10000000000LL;
    for (;;)
    {
      int done= 1;
      pthread_mutex_lock(&trial_lock);
      for (int m= 0; m < M__COUNT; m++)
        if (trial_seen[m] < 0)
          done= 0;
      pthread_mutex_unlock(&trial_lock);
      if (done || now_ns() > deadline)
        break;
      sleep_ns(1000000);
    }
    pthread_mutex_lock(&trial_lock);
    trial_active= 0;
    printf("trial %3d:", id);
    for (int m= 0; m < M__COUNT; m++)
    {
      if (trial_seen[m] < 0)
        missed[m]++;
      else
        results[m][i - missed[m]]= trial_seen[m];
      printf("  %s %8.1f ms", method_names[m],
             trial_seen[m] < 0 ? -1.0 : trial_seen[m] / 1e6);
    }
    printf("\n");
    fflush(stdout);
    pthread_mutex_unlock(&trial_lock);

    /* Repair, and wait until the monitor has seen it. */
    if (fault == FAULT_SQL_ERROR)
    {
      snprintf(q, sizeof(q), "DELETE FROM rg_bench.t WHERE id = %d", id);
      run(replica, q);
      run(replica, "START SLAVE SQL_THREAD");
    }
    else
      run(replica, "START SLAVE IO_THREAD");
    wait_monitor_ok(replica);
  }
  stopping= 1;
  for (int m= 0; m < M__COUNT; m++)
    pthread_join(threads[m], NULL);

  printf("summary %s interval=%u ms trials=%d\n",
         fault == FAULT_SQL_ERROR ? "sql-error" : "io-stop", interval_ms,
         trials);
  for (int m= 0; m < M__COUNT; m++)
  {
    /* results[m] holds the trials that saw the fault, compacted. */
    int n= trials - missed[m];
    qsort(results[m], (size_t) n, sizeof(long long), cmp_ll);
    if (n)
      printf("result %s n=%d missed=%d p50=%.1f p99=%.1f max=%.1f\n",
             method_names[m], n, missed[m], pct(results[m], n, 50),
             pct(results[m], n, 99), results[m][n - 1] / 1e6);
    else
      printf("result %s n=0 missed=%d\n", method_names[m], missed[m]);
  }
  run(primary, "DROP DATABASE rg_bench");
  mysql_close(replica);
  mysql_close(primary);
  return 0;
}

/* This process's CPU time so far (user + system, all threads), ns. */
static long long own_cpu_ns(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
}

static void wait_for_line(void)
{
  char line[64];
  if (!fgets(line, sizeof(line), stdin))
    return;                         /* end of input: go on */
}

static int poll_external(const char *host, unsigned port, unsigned seconds)
{
  MYSQL *m= mysql_init(NULL);
  MYSQL_RES *r;
  MYSQL_ROW row;
  long long next, end, cpu0;
  unsigned long polls= 0;
  if (!mysql_real_connect(m, host, "root", NULL, NULL, port, NULL, 0))
    die("connect", m);
  if (mysql_query(m, "SELECT TID FROM information_schema.PROCESSLIST"
                     " WHERE ID = CONNECTION_ID()") ||
      !(r= mysql_store_result(m)) || !(row= mysql_fetch_row(r)))
    die("PROCESSLIST", m);
  printf("ready server_tid=%s\n", row[0] ? row[0] : "0");
  fflush(stdout);
  mysql_free_result(r);
  wait_for_line();

  cpu0= own_cpu_ns();
  next= now_ns();
  end= next + (long long) seconds * 1000000000LL;
  while (now_ns() < end)
  {
    if (mysql_query(m, "SHOW ALL SLAVES STATUS") || !(r= mysql_store_result(m)))
      die("SHOW ALL SLAVES STATUS", m);
    while (mysql_fetch_row(r))
    {}
    mysql_free_result(r);
    polls++;
    next+= (long long) interval_ms * 1000000LL;
    if (next > now_ns())
      sleep_ns(next - now_ns());
  }
  printf("done polls=%lu cpu_ns=%lld\n", polls, own_cpu_ns() - cpu0);
  fflush(stdout);
  wait_for_line();
  mysql_close(m);
  return 0;
}

int main(int argc, char **argv)
{
  if (argc == 7 && !strcmp(argv[1], "detect"))
  {
    replica_sock= argv[2];
    primary_sock= argv[3];
    if (!strcmp(argv[4], "sql-error"))
      fault= FAULT_SQL_ERROR;
    else if (!strcmp(argv[4], "io-stop"))
      fault= FAULT_IO_STOP;
    else
      goto usage;
    interval_ms= (unsigned) atoi(argv[5]);
    if (mysql_library_init(0, NULL, NULL))
      die("library", NULL);
    return detect(atoi(argv[6]));
  }
  if (argc == 6 && !strcmp(argv[1], "poll"))
  {
    interval_ms= (unsigned) atoi(argv[4]);
    if (mysql_library_init(0, NULL, NULL))
      die("library", NULL);
    return poll_external(argv[2], (unsigned) atoi(argv[3]),
                         (unsigned) atoi(argv[5]));
  }
usage:
  fprintf(stderr, "usage: rg_probe detect REPLICA_SOCK PRIMARY_SOCK "
                  "sql-error|io-stop INTERVAL_MS TRIALS\n"
                  "       rg_probe poll HOST PORT INTERVAL_MS SECONDS\n");
  return 2;
}
