/* TEMPORARY weak stand-in until rg_classify.c lands. */
#include <string.h>
#include <strings.h>
#include "rg_classify.h"
__attribute__((weak)) rg_charset rg_charset_from_name(const char *n, size_t l)
{ (void) n; (void) l; return RG_CS_ASCII_SAFE; }
__attribute__((weak)) rg_verb rg_classify(const char *q, size_t len,
  const rg_classify_options *opt, rg_verdict *v)
{
  size_t i= 0;
  memset(v, 0, sizeof(*v));
  while (i < len && (q[i] == ' ' || q[i] == '\n')) i++;
  if (len - i >= 6 && !strncasecmp(q + i, "CREATE", 6)) v->verb= RG_VERB_CREATE;
  else if (len - i >= 4 && !strncasecmp(q + i, "DROP", 4)) v->verb= RG_VERB_DROP;
  if (!(opt->verbs & RG_VERB_BIT(v->verb))) v->verb= RG_VERB_NONE;
  v->object= RG_OBJ_TABLE;
  return v->verb;
}
__attribute__((weak)) const char *rg_verb_name(rg_verb v)
{ return v == RG_VERB_CREATE ? "CREATE" : "DROP"; }
__attribute__((weak)) const char *rg_object_name(rg_object o)
{ (void) o; return "TABLE"; }
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
