/*
  Benchmark of rg_classify() against the approach it replaces: three POSIX
  regular expressions (regcomp/regexec, REG_ICASE | REG_EXTENDED) over the
  raw statement text. Both run in the same process on the same inputs:
  - a corpus of short OLTP statements (and a few DDL ones): ns/statement;
  - a 16 MB multi-row INSERT: GB/s.
  Times are the thread's CPU time (CLOCK_THREAD_CPUTIME_ID): on a quiet
  machine the wall time, on a busy one without the time the thread waited
  for a CPU.
  Built with RG_BENCH_OLD (bench/classify --against COMMIT), it also times
  old_rg_classify(), the core of another commit (tests/old_core.sh), on the
  same inputs; the two cores then run alternately, three times each, and
  the best time of each is printed, so that both see the same machine.
  Run by bench/classify; prints the machine first.
*/
#define _POSIX_C_SOURCE 200809L
#include "rg_classify.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const oltp[]=
{
  "SELECT c FROM sbtest1 WHERE id=4711",
  "SELECT id, name, email FROM users WHERE id = 42",
  "SELECT SUM(k) FROM sbtest3 WHERE id BETWEEN 100 AND 199",
  "SELECT c FROM sbtest2 WHERE id BETWEEN 5000 AND 5099 ORDER BY c",
  ("INSERT INTO sbtest1 (id, k, c, pad) VALUES (0, 5014, "
   "'68487932199-96439406143', '22195207048-70116052123')"),
  "INSERT INTO orders (customer_id, total, note) VALUES (17, 99.5, 'x')",
  "UPDATE sbtest1 SET k=k+1 WHERE id=5010",
  "UPDATE accounts SET balance = balance - 10 WHERE id = 3",
  "DELETE FROM sbtest1 WHERE id=5011",
  "BEGIN",
  "COMMIT",
  "SET autocommit=1",
  "SET NAMES utf8mb4",
  "SELECT 1"
};

static const char *const ddl[]=
{
  "CREATE TABLE t1 (id INT PRIMARY KEY, c VARCHAR(100))",
  "DROP TABLE IF EXISTS t1",
  "ALTER TABLE t1 ADD COLUMN x INT",
  "CREATE TEMPORARY TABLE tmp (a INT)"
};

#define NOLTP (sizeof(oltp) / sizeof(oltp[0]))
#define NDDL (sizeof(ddl) / sizeof(ddl[0]))

static volatile unsigned long sink;

/* CPU seconds of this thread. */
static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static regex_t re[3];

static unsigned regex_classify(const char *q)
{
  unsigned i, hits= 0;
  for (i= 0; i < 3; i++)
    if (!regexec(&re[i], q, 0, NULL, 0))
      hits|= 1u << i;
  return hits;
}

static rg_classify_options opt;

#ifdef RG_BENCH_OLD
rg_verb old_rg_classify(const char *q, size_t len,
                        const rg_classify_options *opt, rg_verdict *verdict);
#endif

/* What is timed. */
enum { IMPL_NEW, IMPL_REGEX, IMPL_OLD };

static unsigned long run_one(const char *q, size_t len, int impl)
{
  rg_verdict v;
  switch (impl)
  {
  case IMPL_REGEX:
    return regex_classify(q);
#ifdef RG_BENCH_OLD
  case IMPL_OLD:
    return old_rg_classify(q, len, &opt, &v);
#endif
  default:
    return rg_classify(q, len, &opt, &v);
  }
}

/* ns per statement over the n statements of set, for at least 0.3 s. */
static double time_set(const char *const *set, size_t n, int impl)
{
  size_t len[16], i;
  unsigned long calls= 0, rounds= 256;
  double t0, t;
  for (i= 0; i < n; i++)
    len[i]= strlen(set[i]);
  t0= now();
  do
  {
    unsigned long r;
    for (r= 0; r < rounds; r++)
      for (i= 0; i < n; i++)
        sink+= run_one(set[i], len[i], impl);
    calls+= rounds * n;
    t= now() - t0;
  } while (t < 0.3);
  return t * 1e9 / (double) calls;
}

/* GB/s over a buffer, for at least 0.5 s. */
static double time_big(const char *q, size_t len, int impl)
{
  unsigned long rounds= 0;
  double t0= now(), t;
  do
  {
    sink+= run_one(q, len, impl);
    rounds++;
    t= now() - t0;
  } while (t < 0.5);
  return (double) len * (double) rounds / t / 1e9;
}

#ifdef RG_BENCH_OLD
#define HAVE_OLD 1
#else
#define HAVE_OLD 0
#endif

/*
  One line: ns per statement of the n statements of set, with the old core
  (alternately, three times each: the best of each) and the regexes.
*/
static void print_set(const char *label, const char *const *set, size_t n)
{
  double a= time_set(set, n, IMPL_NEW), o= 0, b;
  if (HAVE_OLD)
  {
    double x;
    int k;
    o= time_set(set, n, IMPL_OLD);
    for (k= 0; k < 2; k++)
    {
      if ((x= time_set(set, n, IMPL_NEW)) < a)
        a= x;
      if ((x= time_set(set, n, IMPL_OLD)) < o)
        o= x;
    }
  }
  b= time_set(set, n, IMPL_REGEX);
  printf("%-44s %11.1f ns", label, a);
  if (HAVE_OLD)
    printf(" %11.1f ns", o);
  printf(" %11.1f ns %8.1fx\n", b, b / a);
}

static void print_machine(void)
{
  char line[512], model[256]= "unknown";
  FILE *f= fopen("/proc/cpuinfo", "r");
  if (f)
  {
    while (fgets(line, sizeof(line), f))
      if (!strncmp(line, "model name", 10))
      {
        char *p= strchr(line, ':');
        if (p)
        {
          p++;
          while (*p == ' ')
            p++;
          p[strcspn(p, "\n")]= 0;
          snprintf(model, sizeof(model), "%s", p);
        }
        break;
      }
    fclose(f);
  }
  printf("machine: nproc=%ld, cpu: %s\n", sysconf(_SC_NPROCESSORS_ONLN),
         model);
}

int main(void)
{
  static const char *const patterns[3]=
  {
    "create[[:space:]]+table", "drop[[:space:]]+table",
    "create[[:space:]]+temporary"
  };
  static const char row[]= "(123456,'abcdefghij-0123456789',4711.25,NULL),";
  size_t big_len= 16u << 20, i;
  char *big;
  unsigned j;
  double a, b, o;

  opt.charset= RG_CS_ASCII_SAFE;
  opt.sql_mode= 0;
  opt.server_version= 101118;
  opt.execute_names= 0;
  opt.verbs= RG_VERB_ALL_STATIC | RG_VERB_BIT(RG_VERB_DYNAMIC);
  for (j= 0; j < 3; j++)
    if (regcomp(&re[j], patterns[j], REG_ICASE | REG_EXTENDED | REG_NOSUB))
    {
      fprintf(stderr, "regcomp failed\n");
      return 1;
    }

  big= malloc(big_len + 1);
  memcpy(big, "INSERT INTO t (a, b, c, d) VALUES ", 34);
  for (i= 34; i + sizeof(row) - 1 < big_len - 8; i+= sizeof(row) - 1)
    memcpy(big + i, row, sizeof(row) - 1);
  memcpy(big + i, "(0,'',0,NULL)", 13);
  i+= 13;
  big_len= i;
  big[big_len]= 0;

  print_machine();
  printf("%-44s %14s", "workload", "rg_classify");
  if (HAVE_OLD)
    printf(" %14s", "old core");
  printf(" %14s %9s\n", "3 regexes", "speed-up");
  print_set("short OLTP statements (14), per statement", oltp, NOLTP);
  print_set("DDL statements (4), per statement", ddl, NDDL);
  for (j= 0; j < NOLTP; j += 4)
  {
    char label[64];
    snprintf(label, sizeof(label), "  \"%.30s%s\"", oltp[j],
             strlen(oltp[j]) > 30 ? "..." : "");
    print_set(label, &oltp[j], 1);
  }
  a= time_big(big, big_len, IMPL_NEW);
  o= 0;
  if (HAVE_OLD)
  {
    /* alternately, three times each: the best of each */
    o= time_big(big, big_len, IMPL_OLD);
    for (j= 0; j < 2; j++)
    {
      if ((b= time_big(big, big_len, IMPL_NEW)) > a)
        a= b;
      if ((b= time_big(big, big_len, IMPL_OLD)) > o)
        o= b;
    }
  }
  b= time_big(big, big_len, IMPL_REGEX);
  printf("%-44s %9.3f GB/s", "16 MB multi-row INSERT, throughput", a);
  if (HAVE_OLD)
    printf(" %9.3f GB/s", o);
  printf(" %9.3f GB/s %8.1fx\n", b, a / b);
  printf("targets: <= 100 ns per short OLTP statement, >= 1 GB/s\n");
  for (j= 0; j < 3; j++)
    regfree(&re[j]);
  free(big);
  return sink == 42 ? 1 : 0;
}
