/* TEMPORARY weak stand-in for rg_classify_access() until it lands. */
#include <string.h>
#include <strings.h>
#include "rg_access.h"
__attribute__((weak)) rg_access rg_classify_access(const char *q, size_t len,
  const rg_classify_options *opt)
{
  size_t i= 0;
  (void) opt;
  while (i < len && (q[i] == ' ' || q[i] == '\n')) i++;
  if (len - i >= 4 && !strncasecmp(q + i, "SHOW", 4)) return RG_ACCESS_INSPECT;
  if (len - i >= 6 && !strncasecmp(q + i, "SELECT", 6)) return RG_ACCESS_READ;
  if (len - i >= 3 && !strncasecmp(q + i, "SET", 3)) return RG_ACCESS_INSPECT;
  return RG_ACCESS_WRITE;
}
