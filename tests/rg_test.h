/* Minimal assertion helpers shared by the unit tests. Each test program
   ends with rg_test_summary(), which prints "N passed, N failed" and
   returns the process exit status. */
#ifndef RG_TEST_H
#define RG_TEST_H
#include <stdio.h>

static unsigned rg_test_passed, rg_test_failed;

#define RG_CHECK(cond, ...)                                          \
  do {                                                               \
    if (cond)                                                        \
      rg_test_passed++;                                              \
    else                                                             \
    {                                                                \
      rg_test_failed++;                                              \
      fprintf(stderr, "%s:%d: FAILED: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                  \
      fputc('\n', stderr);                                           \
    }                                                                \
  } while (0)

static inline int rg_test_summary(const char *name)
{
  printf("%s: %u passed, %u failed\n", name, rg_test_passed, rg_test_failed);
  return rg_test_failed ? 1 : 0;
}
#endif
