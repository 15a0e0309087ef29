/*
  libFuzzer target for rg_classify(): scripts/fuzz builds it with
  -fsanitize=fuzzer,address,undefined; tests/fuzz_replay_main.c runs a
  corpus through it as an ordinary test.

  Every input is classified under a fixed set of option combinations, and
  its tail under options chosen by its first two bytes. Each verdict must
  - name a verb of opt->verbs, with a consistent object / dynamic kind;
  - lie within the input (statement and variable ranges);
  - be the same when computed again;
  and reporting more verbs never turns a verdict into RG_VERB_NONE.
  rg_classify_access() (rg_access.h) runs under the same options: its class
  must be one of the three, the same when computed again and whatever
  opt->verbs holds, and a packet that starts with a write is a write.
*/
#include "rg_classify.h"
#include "rg_access.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALL (RG_VERB_ALL_STATIC | RG_VERB_BIT(RG_VERB_DYNAMIC))

#define FUZZ_CHECK(cond)                                                  \
  do {                                                                    \
    if (!(cond))                                                          \
    {                                                                     \
      fprintf(stderr, "fuzz_classify: invariant failed: %s (line %d)\n",  \
              #cond, __LINE__);                                           \
      abort();                                                            \
    }                                                                     \
  } while (0)

static rg_verb classify_checked(const char *q, size_t n,
                                const rg_classify_options *o)
{
  rg_verdict v, w;
  rg_verb r= rg_classify(q, n, o, &v);
  FUZZ_CHECK(r == v.verb);
  FUZZ_CHECK((unsigned) v.verb <= RG_VERB_DYNAMIC);
  if (v.verb == RG_VERB_NONE)
  {
    FUZZ_CHECK(v.object == RG_OBJ_UNKNOWN && v.dynamic == RG_DYN_NONE);
    FUZZ_CHECK(v.stmt_offset == 0 && v.stmt_length == 0);
  }
  else
    FUZZ_CHECK(o->verbs & RG_VERB_BIT(v.verb));
  FUZZ_CHECK((unsigned) v.object < RG_OBJ__COUNT);
  FUZZ_CHECK((v.verb == RG_VERB_DYNAMIC) == (v.dynamic != RG_DYN_NONE));
  FUZZ_CHECK((unsigned) v.dynamic <= RG_DYN_PREPARED);
  FUZZ_CHECK(v.var2_offset <= n && v.var2_length <= n - v.var2_offset);
  if (v.dynamic != RG_DYN_BINLOG)
    FUZZ_CHECK(!v.var2_offset && !v.var2_length);
  else
    FUZZ_CHECK(v.var2_offset >= v.stmt_offset &&
               v.var2_offset + v.var2_length <= v.stmt_offset + v.stmt_length);
  FUZZ_CHECK(v.dynamic != RG_DYN_PREPARED || o->execute_names);
  FUZZ_CHECK(v.stmt_offset <= n && v.stmt_length <= n - v.stmt_offset);
  FUZZ_CHECK(v.var_offset <= n && v.var_length <= n - v.var_offset);
  if (v.dynamic != RG_DYN_VARIABLE && v.dynamic != RG_DYN_PREPARED &&
      v.dynamic != RG_DYN_BINLOG)
    FUZZ_CHECK(!v.var_offset && !v.var_length && !v.var_quoted);
  else
    FUZZ_CHECK(v.var_offset >= v.stmt_offset &&
               v.var_offset + v.var_length <= v.stmt_offset + v.stmt_length);
  FUZZ_CHECK(rg_verb_name(v.verb) != NULL && rg_object_name(v.object) != NULL);
  rg_classify(q, n, o, &w);
  FUZZ_CHECK(!memcmp(&v, &w, sizeof(v)));
  return v.verb;
}

/* The access class, with its invariants. */
static rg_access access_checked(const char *q, size_t n,
                                const rg_classify_options *o)
{
  rg_classify_options p= *o;
  rg_access a= rg_classify_access(q, n, o);
  FUZZ_CHECK(a == RG_ACCESS_INSPECT || a == RG_ACCESS_READ ||
             a == RG_ACCESS_WRITE);
  FUZZ_CHECK(rg_classify_access(q, n, o) == a);
  p.verbs= ~p.verbs;
  FUZZ_CHECK(rg_classify_access(q, n, &p) == a);
  return a;
}

/* With all verbs; with subsets of them too when subsets is set. A
   statement of a stored program (execute_names) may only be refused more. */
static void run(const char *q, size_t n, rg_charset cs, unsigned mode,
                unsigned long version, int subsets_too, int in_program)
{
  static const unsigned subsets[]=
  {
    RG_VERB_BIT(RG_VERB_DROP),
    RG_VERB_BIT(RG_VERB_CREATE) | RG_VERB_BIT(RG_VERB_DROP),
    RG_VERB_BIT(RG_VERB_TRUNCATE),
    RG_VERB_BIT(RG_VERB_DYNAMIC)
  };
  rg_classify_options o;
  rg_verb all;
  unsigned i;
  o.charset= cs;
  o.sql_mode= mode;
  o.server_version= version;
  o.execute_names= 0;
  o.verbs= ALL;
  all= classify_checked(q, n, &o);
  access_checked(q, n, &o);
  for (i= 0; subsets_too && i < sizeof(subsets) / sizeof(subsets[0]); i++)
  {
    o.verbs= subsets[i];
    if (classify_checked(q, n, &o) != RG_VERB_NONE)
      FUZZ_CHECK(all != RG_VERB_NONE);
  }
  if (in_program)
  {
    o.verbs= ALL;
    o.execute_names= 1;
    if (all != RG_VERB_NONE)
      FUZZ_CHECK(classify_checked(q, n, &o) != RG_VERB_NONE);
    else
      classify_checked(q, n, &o);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const unsigned long versions[]=
  { 101118, 0, 50699, 50700, 99997, 99999, 100000, 999999 };
  const char *q= (const char *) data;
  rg_classify_options o;
  rg_verdict v;

  run(q, size, RG_CS_ASCII_SAFE, 0, 101118, 1, 1);
  run(q, size, RG_CS_SJIS, 0, 101118, 0, 0);
  run(q, size, RG_CS_GBK, RG_MODE_ANSI_QUOTES, 101118, 0, 0);
  run(q, size, RG_CS_BIG5, RG_MODE_NO_BACKSLASH_ESCAPES, 101118, 0, 0);
  run(q, size, RG_CS_LATIN1,
      RG_MODE_ANSI_QUOTES | RG_MODE_NO_BACKSLASH_ESCAPES, 101118, 0, 0);
  if (size >= 2)
    run(q + 2, size - 2, (rg_charset) (data[0] % RG_CS__COUNT),
        data[1] & 3, versions[(data[1] >> 2) & 7], 1, (data[1] >> 5) & 1);

  /* BINLOG text in pieces reads as the whole text */
  {
    size_t k= size ? data[0] % (size + 1) : 0;
    const char *whole[1]= { q }, *halves[2]= { q, q + k };
    size_t whole_len[1]= { size }, half_len[2]= { k, size - k };
    FUZZ_CHECK(rg_binlog_check(whole, whole_len, 1) ==
               rg_binlog_check(halves, half_len, 2));
  }

  /* out-of-range options and a NULL text must be harmless */
  o.charset= (rg_charset) 1000;
  o.sql_mode= ~0u;
  o.server_version= 101118;
  o.execute_names= ~0u;
  o.verbs= ~0u;
  rg_classify(q, size, &o, &v);
  FUZZ_CHECK(v.stmt_offset <= size && v.stmt_length <= size - v.stmt_offset);
  rg_classify(NULL, 0, &o, &v);
  FUZZ_CHECK(v.verb == RG_VERB_NONE);
  access_checked(q, size, &o);
  FUZZ_CHECK(rg_classify_access(NULL, 0, &o) == RG_ACCESS_INSPECT);
  FUZZ_CHECK(rg_classify_access(q, size, NULL) == RG_ACCESS_WRITE);

  /* a write first: whatever follows, the packet writes */
  {
    static const char head[]= "DELETE FROM t;";
    char *w= malloc(sizeof(head) - 1 + size);
    if (w)
    {
      memcpy(w, head, sizeof(head) - 1);
      if (size)
        memcpy(w + sizeof(head) - 1, data, size);
      o.charset= RG_CS_ASCII_SAFE;
      o.sql_mode= 0;
      FUZZ_CHECK(access_checked(w, sizeof(head) - 1 + size, &o) ==
                 RG_ACCESS_WRITE);
      free(w);
    }
  }
  return 0;
}
