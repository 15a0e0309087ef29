/*
  Differential libFuzzer target: the current classifier against the one of
  another commit, which tests/old_core.sh builds with every symbol renamed
  old_* (old_rg_classify(), ...). Run by tests/fuzz_diff.sh.

  Every input must get identical results from both:
  - rg_classify() (the whole verdict: verb, object, dynamic kind, statement
    and variable ranges) and rg_classify_access(), under the default
    options (utf8mb4, no sql_mode, all verbs);
  - both again for the input after its first 5 bytes, under options read
    from those bytes, so that the fuzzer reaches every option: every
    character set class and values out of range, every sql_mode bit
    (unknown ones too), every verbs mask, execute_names, server versions
    around every executable-comment limit;
  - rg_classify_packet_rest() (its result, verdict and access) under both
    option sets, when COMMIT's core has it;
  - rg_binlog_check() of the input cut in two where its first byte says;
  - rg_charset_from_name() of the input read as a name.
  A difference prints both results and aborts.
*/
#include "rg_classify.h"
#include "rg_access.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rg_verb old_rg_classify(const char *q, size_t len,
                        const rg_classify_options *opt, rg_verdict *verdict);
rg_access old_rg_classify_access(const char *q, size_t len,
                                 const rg_classify_options *opt);
int old_rg_binlog_check(const char *const *parts, const size_t *lengths,
                        unsigned n_parts);
rg_charset old_rg_charset_from_name(const char *name, size_t length);
/* weak: older cores do not have it */
int old_rg_classify_packet_rest(const char *q, size_t len,
                                const rg_classify_options *opt,
                                rg_verdict *verdict, rg_access *access)
  __attribute__((weak));
const char *old_rg_verb_name(rg_verb verb);
const char *old_rg_object_name(rg_object object);

#define ALL (RG_VERB_ALL_STATIC | RG_VERB_BIT(RG_VERB_DYNAMIC))

static void print_verdict(const char *who, const rg_verdict *v)
{
  fprintf(stderr,
          "  %s: verb=%d object=%d dynamic=%d stmt=%zu+%zu var=%zu+%zu "
          "quoted=%d var2=%zu+%zu\n", who, (int) v->verb, (int) v->object,
          (int) v->dynamic, v->stmt_offset, v->stmt_length, v->var_offset,
          v->var_length, (int) v->var_quoted, v->var2_offset, v->var2_length);
}

static void differ(const char *what, const rg_classify_options *o, size_t n)
{
  fprintf(stderr, "fuzz_diff: %s differs (input of %zu bytes", what, n);
  if (o)
    fprintf(stderr, "; charset=%d sql_mode=0x%x version=%lu verbs=0x%x "
            "execute_names=0x%x", (int) o->charset, o->sql_mode,
            o->server_version, o->verbs, o->execute_names);
  fprintf(stderr, ")\n");
}

/* Both classifiers under o; aborts on any difference. */
static void compare(const char *q, size_t n, const rg_classify_options *o,
                    int access_too)
{
  rg_verdict a, b;
  rg_verb ra= rg_classify(q, n, o, &a);
  rg_verb rb= old_rg_classify(q, n, o, &b);
  if (ra != rb || memcmp(&a, &b, sizeof(a)))
  {
    differ("rg_classify()", o, n);
    print_verdict("new", &a);
    print_verdict("old", &b);
    abort();
  }
  if (old_rg_classify_packet_rest)
  {
    rg_access x, y;
    int rx= rg_classify_packet_rest(q, n, o, &a, &x);
    int ry= old_rg_classify_packet_rest(q, n, o, &b, &y);
    if (rx != ry || x != y || memcmp(&a, &b, sizeof(a)))
    {
      differ("rg_classify_packet_rest()", o, n);
      fprintf(stderr, "  new: %d, access %d\n  old: %d, access %d\n", rx,
              (int) x, ry, (int) y);
      print_verdict("new", &a);
      print_verdict("old", &b);
      abort();
    }
  }
  if (access_too)
  {
    rg_access x= rg_classify_access(q, n, o);
    rg_access y= old_rg_classify_access(q, n, o);
    if (x != y)
    {
      differ("rg_classify_access()", o, n);
      fprintf(stderr, "  new: %d\n  old: %d\n", (int) x, (int) y);
      abort();
    }
  }
}

/* Every name rg_classify.h lists, and a few that are none. */
static const char *const charset_names[]=
{
  "sjis", "cp932", "gbk", "big5", "latin1", "latin5", "dec8", "greek",
  "armscii8", "geostd8", "latin2", "latin7", "cp1250", "hebrew", "cp852",
  "cp866", "keybcs2", "cp1251", "cp1257", "macce", "cp850", "hp8",
  "macroman", "utf8mb4", "utf8mb3", "utf8", "ascii", "binary", "ucs2",
  "utf16", "utf16le", "utf32", "ujis", "euckr", "gb2312", "koi8r", "koi8u",
  "swe7", "tis620", "cp1256", "eucjpms", "LATIN1", "Sjis", "latin", "", "x"
};

static void compare_names(void)
{
  size_t k;
  int i;
  for (k= 0; k < sizeof(charset_names) / sizeof(charset_names[0]); k++)
  {
    const char *c= charset_names[k];
    size_t n= strlen(c);
    if (rg_charset_from_name(c, n) != old_rg_charset_from_name(c, n) ||
        (n && rg_charset_from_name(c, n - 1) !=
              old_rg_charset_from_name(c, n - 1)))
    {
      differ("rg_charset_from_name()", NULL, n);
      abort();
    }
  }
  for (i= -1; i <= RG_OBJ__COUNT; i++)
    if (strcmp(rg_object_name((rg_object) i),
               old_rg_object_name((rg_object) i)))
    {
      differ("rg_object_name()", NULL, 0);
      abort();
    }
  for (i= -1; i <= RG_VERB_DYNAMIC + 1; i++)
    if (strcmp(rg_verb_name((rg_verb) i), old_rg_verb_name((rg_verb) i)))
    {
      differ("rg_verb_name()", NULL, 0);
      abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const unsigned long versions[16]=
  {
    101118, 0, 50699, 50700, 50701, 99996, 99997, 99998, 99999, 100000,
    100001, 101117, 101119, 999999, 1000000, (unsigned long) -1
  };
  static int names_done;
  const char *q= (const char *) data;
  rg_classify_options o;

  if (!names_done)
  {
    compare_names();
    names_done= 1;
  }

  /* the defaults, on the whole input */
  o.charset= RG_CS_ASCII_SAFE;
  o.sql_mode= 0;
  o.server_version= 101118;
  o.verbs= ALL;
  o.execute_names= 0;
  compare(q, size, &o, 1);

  /* every option bit, chosen by the first 5 bytes, on the rest */
  if (size >= 5)
  {
    o.charset= (rg_charset) (data[0] & 0x0f);
    if (data[0] & 0x10)
      o.charset= (rg_charset) (data[0] | 0x100);
    o.sql_mode= data[1];
    if (data[1] & 0x80)
      o.sql_mode|= ~0u << 8;
    o.server_version= versions[data[2] & 0x0f];
    o.verbs= data[3];
    if (data[4] & 0x80)
      o.verbs|= ~0u << 8;
    o.execute_names= data[4] & 1 ? ((data[4] & 2) ? ~0u : 1) : 0;
    compare(q + 5, size - 5, &o, 1);
  }
  compare(NULL, 0, &o, 1);
  if (rg_classify_access(q, size, NULL) !=
      old_rg_classify_access(q, size, NULL))
  {
    differ("rg_classify_access(NULL options)", NULL, size);
    abort();
  }

  /* BINLOG text in two pieces */
  {
    size_t k= size ? data[0] % (size + 1) : 0;
    const char *parts[2]= { q, q + k };
    size_t lens[2]= { k, size - k };
    if (rg_binlog_check(parts, lens, 2) != old_rg_binlog_check(parts, lens, 2))
    {
      differ("rg_binlog_check()", NULL, size);
      abort();
    }
  }

  if (rg_charset_from_name(q, size) != old_rg_charset_from_name(q, size) ||
      rg_charset_from_name(NULL, size) != old_rg_charset_from_name(NULL, size))
  {
    differ("rg_charset_from_name()", NULL, size);
    abort();
  }
  return 0;
}
