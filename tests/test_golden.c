/*
  Golden tests of the statement classifier, libinjection style.

  Usage: test_golden DIR
  Checks every case of every DIR/ *.txt file (in name order) and prints
  "test_golden: N passed, M failed".

  File format: any number of cases, each made of sections that start with a
  line holding only the section name:

    --INPUT--       the statement text: every line up to the next section;
                    the newline that ends the last line is not part of it.
                    \xNN (two hex digits) is the byte NN, \\ one backslash;
                    any other backslash is itself.
    --OPTIONS--     optional, one line of space-separated settings:
                    charset=NAME (as rg_charset_from_name(), default utf8mb4)
                    modes=ANSI_QUOTES,NO_BACKSLASH_ESCAPES,
                    NO_AUTO_CREATE_USER (default none)
                    version=N (default 101118)
                    execute_names=1 (default 0: see rg_classify.h)
                    verbs=CREATE,DROP,ALTER,RENAME,TRUNCATE,DYNAMIC or ALL
                    (the default: all of them)
    --EXPECTED--    one line: NONE, or the verb and object names
                    ("DROP TEMPORARY TABLE", "CREATE OBJECT" for an unknown
                    object), or DYNAMIC VARIABLE name=N [quoted],
                    DYNAMIC PREPARED name=N [quoted],
                    DYNAMIC BINLOG name=A name2=B [quoted],
                    DYNAMIC EXPRESSION, DYNAMIC TOO_LONG; optionally
                    followed by stmt=OFFSET+LENGTH.
    --ACCESS--      one line: INSPECT, READ or WRITE, what
                    rg_classify_access() (rg_access.h) returns for the
                    input under the options (verbs= does not matter).

  A case needs --EXPECTED-- or --ACCESS-- or both. Lines before the first
  section and lines starting with "#" directly after an --EXPECTED-- or
  --ACCESS-- line are comments.
*/
#include "rg_classify.h"
#include "rg_access.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned passed, failed;

static char *read_file(const char *path, size_t *len)
{
  FILE *f= fopen(path, "rb");
  char *buf;
  long n;
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  n= ftell(f);
  fseek(f, 0, SEEK_SET);
  buf= malloc((size_t) n + 1);
  if (fread(buf, 1, (size_t) n, f) != (size_t) n)
  {
    fclose(f);
    free(buf);
    return NULL;
  }
  fclose(f);
  buf[n]= 0;
  *len= (size_t) n;
  return buf;
}

static int hexval(int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes the \xNN and \\ escapes of src[0..n) into dst; its length. */
static size_t unescape(const char *src, size_t n, char *dst)
{
  size_t i= 0, o= 0;
  while (i < n)
  {
    if (src[i] == '\\' && i + 3 < n && src[i + 1] == 'x' &&
        hexval(src[i + 2]) >= 0 && hexval(src[i + 3]) >= 0)
    {
      dst[o++]= (char) (hexval(src[i + 2]) * 16 + hexval(src[i + 3]));
      i+= 4;
    }
    else if (src[i] == '\\' && i + 1 < n && src[i + 1] == '\\')
    {
      dst[o++]= '\\';
      i+= 2;
    }
    else
      dst[o++]= src[i++];
  }
  return o;
}

static int parse_options(const char *line, size_t n, rg_classify_options *o,
                         char *err, size_t errlen)
{
  char buf[512], *tok, *save;
  if (n >= sizeof(buf))
  {
    snprintf(err, errlen, "options line too long");
    return -1;
  }
  memcpy(buf, line, n);
  buf[n]= 0;
  for (tok= strtok_r(buf, " \t\r", &save); tok;
       tok= strtok_r(NULL, " \t\r", &save))
  {
    char *val= strchr(tok, '='), *item, *save2;
    if (!val)
    {
      snprintf(err, errlen, "bad option '%s'", tok);
      return -1;
    }
    *val++= 0;
    if (!strcmp(tok, "charset"))
      o->charset= rg_charset_from_name(val, strlen(val));
    else if (!strcmp(tok, "version"))
      o->server_version= strtoul(val, NULL, 10);
    else if (!strcmp(tok, "execute_names"))
      o->execute_names= (unsigned) strtoul(val, NULL, 10);
    else if (!strcmp(tok, "modes") || !strcmp(tok, "verbs"))
    {
      int modes= !strcmp(tok, "modes");
      unsigned bits= 0;
      for (item= strtok_r(val, ",", &save2); item;
           item= strtok_r(NULL, ",", &save2))
      {
        if (modes && !strcmp(item, "ANSI_QUOTES"))
          bits|= RG_MODE_ANSI_QUOTES;
        else if (modes && !strcmp(item, "NO_BACKSLASH_ESCAPES"))
          bits|= RG_MODE_NO_BACKSLASH_ESCAPES;
        else if (modes && !strcmp(item, "NO_AUTO_CREATE_USER"))
          bits|= RG_MODE_NO_AUTO_CREATE_USER;
        else if (!modes && !strcmp(item, "ALL"))
          bits|= RG_VERB_ALL_STATIC | RG_VERB_BIT(RG_VERB_DYNAMIC);
        else if (!modes && !strcmp(item, "NONE"))
          ;
        else if (!modes)
        {
          rg_verb v;
          for (v= RG_VERB_CREATE; v <= RG_VERB_DYNAMIC; v++)
            if (!strcmp(item, rg_verb_name(v)) ||
                (v == RG_VERB_DYNAMIC && !strcmp(item, "DYNAMIC")))
              break;
          if (v > RG_VERB_DYNAMIC)
          {
            snprintf(err, errlen, "bad verb '%s'", item);
            return -1;
          }
          bits|= RG_VERB_BIT(v);
        }
        else
        {
          snprintf(err, errlen, "bad mode '%s'", item);
          return -1;
        }
      }
      if (modes)
        o->sql_mode= bits;
      else
        o->verbs= bits;
    }
    else
    {
      snprintf(err, errlen, "unknown option '%s'", tok);
      return -1;
    }
  }
  return 0;
}

/* The verdict written the way --EXPECTED-- lines are. */
static void describe(const rg_verdict *v, const char *q, int with_stmt,
                     char *out, size_t outlen)
{
  static const char *const kinds[]=
  { "NONE", "VARIABLE", "EXPRESSION", "TOO_LONG", "BINLOG", "PREPARED" };
  size_t n;
  if (v->verb == RG_VERB_NONE)
    n= (size_t) snprintf(out, outlen, "NONE");
  else if (v->verb == RG_VERB_DYNAMIC)
  {
    n= (size_t) snprintf(out, outlen, "DYNAMIC %s",
                         kinds[v->dynamic <= RG_DYN_PREPARED ? v->dynamic : 0]);
    if (v->dynamic == RG_DYN_VARIABLE || v->dynamic == RG_DYN_PREPARED ||
        v->dynamic == RG_DYN_BINLOG)
      n+= (size_t) snprintf(out + n, outlen - n, " name=%.*s",
                            (int) v->var_length, q + v->var_offset);
    if (v->dynamic == RG_DYN_BINLOG)
      n+= (size_t) snprintf(out + n, outlen - n, " name2=%.*s",
                            (int) v->var2_length, q + v->var2_offset);
    if (v->var_quoted)
      n+= (size_t) snprintf(out + n, outlen - n, " quoted");
  }
  else
    n= (size_t) snprintf(out, outlen, "%s %s", rg_verb_name(v->verb),
                         rg_object_name(v->object));
  if (with_stmt && n < outlen)
    snprintf(out + n, outlen - n, " stmt=%zu+%zu", v->stmt_offset,
             v->stmt_length);
}

typedef struct section
{
  const char *text;
  size_t len;
  size_t line;
} section;

/* The first line of an expectation, without trailing blanks, in want. */
static void expectation(const section *exp, char *want, size_t wantlen)
{
  size_t wlen= exp->len;
  while (wlen && (exp->text[wlen - 1] == '\r' || exp->text[wlen - 1] == ' '))
    wlen--;
  if (wlen >= wantlen)
    wlen= wantlen - 1;
  memcpy(want, exp->text, wlen);
  want[wlen]= 0;
}

static const char *access_name(rg_access a)
{
  switch (a)
  {
  case RG_ACCESS_INSPECT: return "INSPECT";
  case RG_ACCESS_READ: return "READ";
  case RG_ACCESS_WRITE: return "WRITE";
  default: return "?";
  }
}

static void run_case(const char *file, const section *in, const section *opts,
                     const section *exp, const section *acc)
{
  rg_classify_options o;
  rg_verdict v;
  char err[256], got[600], want[600], *q;
  size_t qlen;
  int with_stmt;

  o.charset= rg_charset_from_name("utf8mb4", 7);
  o.sql_mode= 0;
  o.server_version= 101118;
  o.verbs= RG_VERB_ALL_STATIC | RG_VERB_BIT(RG_VERB_DYNAMIC);
  o.execute_names= 0;
  if (opts && parse_options(opts->text, opts->len, &o, err, sizeof(err)))
  {
    fprintf(stderr, "%s:%zu: %s\n", file, opts->line, err);
    failed++;
    return;
  }
  q= malloc(in->len + 1);
  qlen= unescape(in->text, in->len, q);
  if (exp)
  {
    expectation(exp, want, sizeof(want));
    with_stmt= strstr(want, " stmt=") != NULL;
    rg_classify(q, qlen, &o, &v);
    describe(&v, q, with_stmt, got, sizeof(got));
    if (!strcmp(got, want) &&
        v.stmt_offset <= qlen && v.stmt_length <= qlen - v.stmt_offset)
      passed++;
    else
    {
      failed++;
      fprintf(stderr, "%s:%zu: FAILED: expected \"%s\", got \"%s\"\n",
              file, in->line, want, got);
    }
  }
  if (acc)
  {
    rg_access a= rg_classify_access(q, qlen, &o);
    expectation(acc, want, sizeof(want));
    snprintf(got, sizeof(got), "%s", access_name(a));
    if (strcmp(want, "INSPECT") && strcmp(want, "READ") &&
        strcmp(want, "WRITE"))
    {
      failed++;
      fprintf(stderr, "%s:%zu: bad --ACCESS-- \"%s\"\n", file, acc->line,
              want);
    }
    else if (!strcmp(got, want) && rg_classify_access(q, qlen, &o) == a)
      passed++;
    else
    {
      failed++;
      fprintf(stderr, "%s:%zu: FAILED: expected access %s, got %s\n", file,
              in->line, want, got);
    }
  }
  free(q);
}

/* The section name of the line at p, or NULL. */
static const char *section_name(const char *p, const char *end)
{
  static const char *const names[]=
  { "--INPUT--", "--OPTIONS--", "--EXPECTED--", "--ACCESS--" };
  unsigned i;
  for (i= 0; i < 4; i++)
  {
    size_t n= strlen(names[i]);
    if ((size_t) (end - p) >= n && !memcmp(p, names[i], n) &&
        (p + n == end || p[n] == '\n' || (p[n] == '\r' &&
         (p + n + 1 == end || p[n + 1] == '\n'))))
      return names[i];
  }
  return NULL;
}

/* Runs the case read so far, if any. */
static void flush_case(const char *name, int have_in, const section *in,
                       const section *opts, const section *exp,
                       const section *acc)
{
  if (!have_in)
    return;
  if (exp || acc)
    run_case(name, in, opts, exp, acc);
  else
  {
    fprintf(stderr, "%s:%zu: case without --EXPECTED-- or --ACCESS--\n",
            name, in->line);
    failed++;
  }
}

static void run_file(const char *path, const char *name)
{
  size_t len, line= 1;
  char *buf= read_file(path, &len);
  const char *p, *end;
  section in, opts, exp, acc, *cur= NULL;
  int have_in= 0, have_opts= 0, have_exp= 0, have_acc= 0;
  if (!buf)
  {
    fprintf(stderr, "%s: cannot read\n", path);
    failed++;
    return;
  }
  p= buf;
  end= buf + len;
  while (p < end)
  {
    const char *eol= memchr(p, '\n', (size_t) (end - p));
    const char *next= eol ? eol + 1 : end;
    const char *sec= section_name(p, end);
    if (sec)
    {
      if (cur)
      {
        /* the newline before a section ends the previous one */
        if (cur->len && cur->text[cur->len - 1] == '\n')
          cur->len--;
        if (cur->len && cur->text[cur->len - 1] == '\r')
          cur->len--;
      }
      if (!strcmp(sec, "--INPUT--"))
      {
        flush_case(name, have_in, &in, have_opts ? &opts : NULL,
                   have_exp ? &exp : NULL, have_acc ? &acc : NULL);
        have_in= 1;
        have_opts= have_exp= have_acc= 0;
        cur= &in;
      }
      else if (!strcmp(sec, "--OPTIONS--"))
      {
        have_opts= 1;
        cur= &opts;
      }
      else if (!strcmp(sec, "--ACCESS--"))
      {
        have_acc= 1;
        cur= &acc;
      }
      else
      {
        have_exp= 1;
        cur= &exp;
      }
      cur->text= next;
      cur->len= 0;
      cur->line= line + 1;
    }
    else if ((cur == &exp || cur == &acc) && cur->len && *p == '#')
      ;                                 /* comment after the expectation */
    else if ((cur == &exp || cur == &acc) && cur->len)
    {
      /* only the first line of an expectation counts */
    }
    else if (cur)
      cur->len= (size_t) (next - cur->text);
    p= next;
    line++;
  }
  if (cur && cur->len && cur->text[cur->len - 1] == '\n')
    cur->len--;
  if (cur && cur->len && cur->text[cur->len - 1] == '\r')
    cur->len--;
  flush_case(name, have_in, &in, have_opts ? &opts : NULL,
             have_exp ? &exp : NULL, have_acc ? &acc : NULL);
  free(buf);
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *) a, *(char *const *) b);
}

int main(int argc, char **argv)
{
  DIR *d;
  struct dirent *e;
  char **names= NULL;
  size_t n= 0, cap= 0, i;
  if (argc != 2)
  {
    fprintf(stderr, "usage: %s GOLDEN_DIR\n", argv[0]);
    return 2;
  }
  if (!(d= opendir(argv[1])))
  {
    perror(argv[1]);
    return 2;
  }
  while ((e= readdir(d)))
  {
    size_t l= strlen(e->d_name);
    if (l < 4 || strcmp(e->d_name + l - 4, ".txt"))
      continue;
    if (n == cap)
    {
      cap= cap ? cap * 2 : 64;
      names= realloc(names, cap * sizeof(*names));
    }
    names[n++]= strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof(*names), by_name);
  for (i= 0; i < n; i++)
  {
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", argv[1], names[i]);
    run_file(path, names[i]);
    free(names[i]);
  }
  free(names);
  if (!n)
  {
    fprintf(stderr, "%s: no golden files\n", argv[1]);
    failed++;
  }
  printf("test_golden: %u passed, %u failed\n", passed, failed);
  return failed ? 1 : 0;
}
