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

  rg_classify_packet_rest() (rg_packet.c) runs on the input, and on the
  input behind a statement that may change the settings ("SET NAMES
  swe7;", "CALL p();", a compound statement, ...; chosen by the first
  byte), under options chosen by the input. Its verdict must lie within
  the packet and name nothing when it returns 0; it must be the same when
  computed again (checked on one input in eight). Soundness behind a
  changer: the server may read the input there under any character set and sql_mode, so wherever
  rg_classify() finds a verb in the input, or rg_classify_access() a
  class, under any modelled setting (every class, every combination of
  the lexing sql_mode bits), the rest's verdict must be a verb too (static,
  or dynamic: too much to follow) and its access at least that class.
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

/* rg_classify_packet_rest() with its invariants; returns its verdict's
   verb (RG_VERB_NONE when it found nothing to read again). With again,
   it must be the same when computed again (a reading costs time: asked
   for on one input in eight). */
static rg_verb rest_checked(const char *q, size_t n,
                            const rg_classify_options *o, int again,
                            rg_access *access)
{
  rg_verdict v, w;
  rg_access a, b;
  int r= rg_classify_packet_rest(q, n, o, &v, &a);
  FUZZ_CHECK(r == 0 || r == 1);
  FUZZ_CHECK(a == RG_ACCESS_INSPECT || a == RG_ACCESS_READ ||
             a == RG_ACCESS_WRITE);
  FUZZ_CHECK((unsigned) v.verb <= RG_VERB_DYNAMIC);
  FUZZ_CHECK((unsigned) v.object < RG_OBJ__COUNT);
  if (!r)
    FUZZ_CHECK(v.verb == RG_VERB_NONE && a == RG_ACCESS_INSPECT);
  if (v.verb == RG_VERB_NONE)
    FUZZ_CHECK(v.stmt_offset == 0 && v.stmt_length == 0 &&
               !v.after_settings);
  else
  {
    FUZZ_CHECK(v.after_settings);
    FUZZ_CHECK(v.verb == RG_VERB_DYNAMIC || (o->verbs & RG_VERB_BIT(v.verb)));
    FUZZ_CHECK((v.verb == RG_VERB_DYNAMIC) == (v.dynamic != RG_DYN_NONE));
    /* a variable an earlier statement may set is never looked up */
    FUZZ_CHECK(v.dynamic != RG_DYN_VARIABLE && v.dynamic != RG_DYN_BINLOG &&
               v.dynamic != RG_DYN_PREPARED);
    FUZZ_CHECK(v.stmt_offset <= n && v.stmt_length <= n - v.stmt_offset);
    FUZZ_CHECK(v.var_offset <= n && v.var_length <= n - v.var_offset);
  }
  if (again)
  {
    FUZZ_CHECK(rg_classify_packet_rest(q, n, o, &w, &b) == r);
    FUZZ_CHECK(!memcmp(&v, &w, sizeof(v)) && a == b);
  }
  *access= a;
  return v.verb;
}

/*
  The input q[0..n) behind the changer changers[k % ...] (whose ';' ends
  it under every setting), read by rg_classify_packet_rest() under o:
  sound for every modelled setting the server may read q with. sample
  picks which settings are compared, besides the two that matter most
  (every setting costs a classification: a few per input keep the fuzzer
  fast; the fuzzer varies sample).
*/
static void rest_sound(const char *q, size_t n, unsigned k, unsigned sample,
                       const rg_classify_options *o)
{
  static const char *const changers[]=
  {
    "SET NAMES swe7;", "SET sql_mode='ANSI_QUOTES';", "CALL p();",
    "SET character_set_client= 13 ;", "EXECUTE s;",
    "BEGIN NOT ATOMIC SELECT 1; END;", "SET @a= 1, @@sql_mode= 4;",
    "DO f();", "/*!SET NAMES sjis*/;", "PREPARE s FROM 'SELECT 1';"
  };
  const char *c= changers[k % (sizeof(changers) / sizeof(changers[0]))];
  size_t cn= strlen(c), i;
  char *p= malloc(cn + n);
  rg_verb rest;
  rg_access rest_access;
  if (!p)
    return;
  memcpy(p, c, cn);
  if (n)
    memcpy(p + cn, q, n);
  rest= rest_checked(p, cn + n, o, 0, &rest_access);
  for (i= 0; i < 4; i++)
  {
    rg_classify_options one= *o;
    rg_verdict v;
    unsigned pick= i < 2 ? i * RG_CS_SWE7 : (sample >> (4 * i)) & 0xff;
    one.charset= (rg_charset) (pick % RG_CS__COUNT);
    one.sql_mode= (sample >> i) & 3;
    one.execute_names= 0;
    if (o->verbs && rg_classify(q, n, &one, &v) != RG_VERB_NONE)
      FUZZ_CHECK(rest != RG_VERB_NONE);
    FUZZ_CHECK(rest_access >= rg_classify_access(q, n, &one));
  }
  free(p);
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

  /* the rest of a packet after a settings change */
  {
    rg_access unused;
    o.charset= size ? (rg_charset) (data[0] % RG_CS__COUNT) : RG_CS_ASCII_SAFE;
    o.sql_mode= size > 1 ? (data[1] & 3) | (data[1] & 4 ? ~0u << 8 : 0) : 0;
    o.server_version= 101118;
    o.execute_names= size > 1 ? data[1] & 8 : 0;
    o.verbs= size > 1 && (data[1] & 0x10) ? RG_VERB_BIT(RG_VERB_DROP) : ALL;
    rest_checked(q, size, &o, size > 2 && !(data[2] & 7), &unused);
    if (size >= 4)
      rest_sound(q + 4, size - 4, data[2],
                 (unsigned) data[3] * 0x01010101u ^ (unsigned) size, &o);
    else
      rest_sound(q, size, 0, 0x5a5a5a5a, &o);
    o.charset= (rg_charset) 1000;       /* out of range: harmless */
    o.sql_mode= ~0u;
    if (size <= 64)                     /* harmless: a short one shows it */
      rest_checked(q, size, &o, 0, &unused);
    FUZZ_CHECK(!rg_classify_packet_rest(NULL, 0, &o, &v, &unused));
  }

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
