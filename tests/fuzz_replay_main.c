/*
  Runs fuzz inputs through LLVMFuzzerTestOneInput() without libFuzzer (the
  idea of SQLite's fuzzcheck): every regular file of each directory named
  on the command line (or the files named), in name order. A failed
  invariant aborts; the file being run is printed first.

  Usage: fuzz_classify_replay DIR|FILE...
  Prints "fuzz_replay: N passed, 0 failed".
*/
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *current;

static void on_abort(int sig)
{
  static const char msg[]= "fuzz_replay: failed on ";
  (void) sig;
  if (current)
  {
    fputs(msg, stderr);
    fputs(current, stderr);
    fputc('\n', stderr);
  }
  signal(SIGABRT, SIG_DFL);
  abort();
}

static int run_file(const char *path)
{
  FILE *f= fopen(path, "rb");
  unsigned char *buf;
  long n;
  if (!f)
  {
    perror(path);
    return -1;
  }
  fseek(f, 0, SEEK_END);
  n= ftell(f);
  fseek(f, 0, SEEK_SET);
  /* an exact-size copy, so that reading past the input is caught */
  buf= malloc(n ? (size_t) n : 1);
  if (fread(buf, 1, (size_t) n, f) != (size_t) n)
  {
    fclose(f);
    free(buf);
    perror(path);
    return -1;
  }
  fclose(f);
  current= path;
  LLVMFuzzerTestOneInput(buf, (size_t) n);
  current= NULL;
  free(buf);
  return 0;
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *) a, *(char *const *) b);
}

int main(int argc, char **argv)
{
  unsigned long passed= 0, failed= 0;
  int i;
  signal(SIGABRT, on_abort);
  if (argc < 2)
  {
    fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
    return 2;
  }
  for (i= 1; i < argc; i++)
  {
    struct stat st;
    DIR *d;
    struct dirent *e;
    char **names= NULL;
    size_t n= 0, cap= 0, k;
    if (stat(argv[i], &st))
    {
      perror(argv[i]);
      failed++;
      continue;
    }
    if (!S_ISDIR(st.st_mode))
    {
      if (run_file(argv[i]))
        failed++;
      else
        passed++;
      continue;
    }
    if (!(d= opendir(argv[i])))
    {
      perror(argv[i]);
      failed++;
      continue;
    }
    while ((e= readdir(d)))
    {
      char path[4096];
      snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
      if (stat(path, &st) || !S_ISREG(st.st_mode))
        continue;
      if (n == cap)
      {
        cap= cap ? cap * 2 : 64;
        names= realloc(names, cap * sizeof(*names));
      }
      names[n++]= strdup(path);
    }
    closedir(d);
    qsort(names, n, sizeof(*names), by_name);
    for (k= 0; k < n; k++)
    {
      if (run_file(names[k]))
        failed++;
      else
        passed++;
      free(names[k]);
    }
    free(names);
  }
  printf("fuzz_replay: %lu passed, %lu failed\n", passed, failed);
  return failed || !passed ? 1 : 0;
}
