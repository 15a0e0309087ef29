/*
  Unit tests of the statement excerpt's redaction (rg_redact.h):
  - a table of {input, expected excerpt, expected bits}: every password
    form the server knows, dynamic SQL, hex and number literals, quoting
    under any sql_mode, multi-byte and control bytes, comment markers;
  - generated cases: a secret (password or patient name) written in one of
    the server's forms, with random case, spacing, comments, multi-byte
    noise and statements around it, in every spelling the case uses (the
    text, its hex digits, its character codes): none reaches the output;
  - random bytes: the output keeps its contract (printable ASCII, bounded,
    no quote, no comment marker, no password keyword, no number).
*/
#include "rg_redact.h"
#include "rg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define CUT RG_REDACT_CUT
#define TRUNC RG_REDACT_TRUNCATED

typedef struct redact_case
{
  int line;
  const char *in;
  size_t in_len;        /* 0: strlen(in) */
  size_t shown;         /* excerpt room; 0: 200 */
  const char *out;
  unsigned bits;
} redact_case;

static const redact_case cases[]=
{
  /* Nothing to hide: shown as sent. */
  { __LINE__, "CREATE TABLE t1 (a INT)", 0, 0, "CREATE TABLE t1 (a INT)", 0 },
  { __LINE__, "DROP TABLE `t2`, db1.t_3", 0, 0, "DROP TABLE `t2`, db1.t_3", 0 },
  { __LINE__, "", 0, 0, "", 0 },
  { __LINE__, "SELECT @@global.x1, @a$b2", 0, 0,
    "SELECT @@global.x1, @a$b2", 0 },

  /* Every password form the server knows. */
  { __LINE__, "CREATE USER u1 IDENTIFIED BY 'secret'", 0, 0,
    "CREATE USER u1 <redacted>", CUT },
  { __LINE__, "create user u1 identified by password '*AB12'", 0, 0,
    "create user u1 <redacted>", CUT },
  { __LINE__, "CREATE USER u IDENTIFIED VIA ed25519 USING 'hash'", 0, 0,
    "CREATE USER u <redacted>", CUT },
  { __LINE__, "CREATE USER u IdEnTiFiEd WITH mysql_native_password AS 'h'",
    0, 0, "CREATE USER u <redacted>", CUT },
  { __LINE__,
    "CREATE USER u IDENTIFIED VIA ed25519 USING PASSWORD('pw') OR "
    "unix_socket", 0, 0, "CREATE USER u <redacted>", CUT },
  { __LINE__, "ALTER USER u@localhost IDENTIFIED BY 'pw'", 0, 0,
    "ALTER USER u@localhost <redacted>", CUT },
  { __LINE__, "GRANT ALL ON *.* TO u IDENTIFIED BY 'pw'", 0, 0,
    "GRANT ALL ON *.* TO u <redacted>", CUT },
  { __LINE__, "SET PASSWORD FOR u = PASSWORD('pw')", 0, 0,
    "SET <redacted>", CUT },
  { __LINE__, "SET PASSWORD = OLD_PASSWORD(123456)", 0, 0,
    "SET <redacted>", CUT },
  { __LINE__, "SELECT OLD_PASSWORD(123456)", 0, 0,
    "SELECT OLD_ <redacted>", CUT },
  { __LINE__, "CHANGE MASTER TO MASTER_PASSWORD='pw', MASTER_HOST='h'", 0, 0,
    "CHANGE MASTER TO MASTER_ <redacted>", CUT },
  { __LINE__, "CHANGE MASTER 'c2' TO master_password = 'pw'", 0, 0,
    "CHANGE MASTER <redacted>", CUT },
  { __LINE__,
    "CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER 'u', "
    "PASSWORD 'pw')", 0, 0,
    "CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER <redacted>",
    CUT },
  { __LINE__, "ALTER SERVER s OPTIONS (PASSWORD pw)", 0, 0,
    "ALTER SERVER s OPTIONS ( <redacted>", CUT },
  /* A password keyword inside a word, or after a number, cuts too. */
  { __LINE__, "SELECT my_password_col FROM t", 0, 0,
    "SELECT my_ <redacted>", CUT },
  { __LINE__, "SELECT 1PASSWORD", 0, 0, "SELECT ? <redacted>", CUT },
  { __LINE__, "# password: x\nDROP TABLE t", 0, 0, "# <redacted>", CUT },
  /* ... but a split one does not (the server does not join it either). */
  { __LINE__, "SELECT PASS/**/WORD", 0, 0, "SELECT PASS/ ** /WORD", 0 },

  /* Dynamic SQL: its text is a string, cut. */
  { __LINE__,
    "PREPARE s FROM CONCAT('CREATE USER u IDENTI','FIED BY ''pw''')", 0, 0,
    "PREPARE s FROM CONCAT( <redacted>", CUT },
  { __LINE__, "EXECUTE IMMEDIATE 'CREATE USER u IDENTIFIED BY ''pw'''", 0, 0,
    "EXECUTE IMMEDIATE <redacted>", CUT },
  { __LINE__, "PREPARE s FROM @q", 0, 0, "PREPARE s FROM @q", 0 },
  /* Hex, bit and character-code literals: no digit shown. */
  { __LINE__,
    "EXECUTE IMMEDIATE CONCAT(CHAR(67,82,69), 0x7077, 0X7077, 0b0111, "
    "X'7077')", 0, 0,
    "EXECUTE IMMEDIATE CONCAT(CHAR(?,?,?), ?, ?, ?, X <redacted>", CUT },
  { __LINE__, "SET @p= x'7077', @q= b'0101'", 0, 0, "SET @p= x <redacted>",
    CUT },
  { __LINE__, "SELECT _binary 0x7077, _latin1'pw', N'pw'", 0, 0,
    "SELECT _binary ?, _latin1 <redacted>", CUT },
  /* Numbers: one '?' each; a digit continuing a word stays. */
  { __LINE__, "SELECT 1.5e+10, .5, t1.c2, `3col`, -7", 0, 0,
    "SELECT ?+?, .?, t1.c2, `?`, -?", 0 },
  { __LINE__, "CREATE TABLE t1 (a VARCHAR(20), b DECIMAL(10,2))", 0, 0,
    "CREATE TABLE t1 (a VARCHAR(?), b DECIMAL(?,?))", 0 },
  { __LINE__, "SELECT 19700101 AS dob", 0, 0, "SELECT ? AS dob", 0 },

  /* Quotes of every sql_mode: cut at the first, whatever its meaning. */
  { __LINE__, "CREATE USER \"u\"@\"%\" IDENTIFIED BY \"pw\"", 0, 0,
    "CREATE USER <redacted>", CUT },
  { __LINE__, "SELECT 'a\\'; DROP TABLE t; -- '", 0, 0,
    "SELECT <redacted>", CUT },
  { __LINE__, "INSERT INTO patients VALUES (?, 'Jane Doe', '1970-01-01')",
    0, 0, "INSERT INTO patients VALUES (?, <redacted>", CUT },
  { __LINE__, "DROP TABLE `it's`", 0, 0, "DROP TABLE `it <redacted>", CUT },

  /* Comment markers never survive, in either order. */
  { __LINE__, "/*!50000 CREATE */ TABLE t", 0, 0,
    "/ *!? CREATE * / TABLE t", 0 },
  { __LINE__, "a*/b/*c/*/", 0, 0, "a* /b/ *c/ * /", 0 },
  { __LINE__, "/*M!100000 DROP TABLE t*/", 0, 0,
    "/ *M!? DROP TABLE t* /", 0 },

  /* Control bytes: one space each; other bytes: '?'. */
  { __LINE__, "DROP\tTABLE\r\nIF EXISTS t", 0, 0,
    "DROP TABLE  IF EXISTS t", 0 },
  { __LINE__, "DROP\0TABLE t\x7f", 11 + 2, 0, "DROP TABLE t ", 0 },
  { __LINE__, "SELECT \xc3\xa9t\xc3\xa9", 0, 0, "SELECT ??t??", 0 },
  /* sjis: 0x95 0x5c is one character; nothing pairs with the trail. */
  { __LINE__, "DROP TABLE t\x95\x5c; -- x", 0, 0, "DROP TABLE t?\\; -- x",
    0 },
  /* latin1 0xA0 is a space to the server: the number after it is hidden. */
  { __LINE__, "SELECT\xa0" "123", 0, 0, "SELECT??", 0 },

  /* Room. */
  { __LINE__, "abcdefghij", 0, 4, "abcd", TRUNC },
  { __LINE__, "abcdPASSWORD", 0, 4, "abcd <redacted>", CUT },
  { __LINE__, "abc/*", 0, 4, "abc/", TRUNC },
  { __LINE__, "ab/*", 0, 4, "ab/ ", TRUNC },
  { __LINE__, "ab/*c", 0, 5, "ab/ *", TRUNC },
  { __LINE__, "'x'", 0, 0, "<redacted>", CUT },
};

static void check_case(const redact_case *c)
{
  char out[RG_REDACT_SIZE(200)];
  size_t shown= c->shown ? c->shown : 200;
  size_t len= c->in_len ? c->in_len : strlen(c->in), out_len;
  unsigned bits= rg_redact(c->in, len, out, RG_REDACT_SIZE(shown), &out_len);
  RG_CHECK(!strcmp(out, c->out), "line %d: got \"%s\", expected \"%s\"",
           c->line, out, c->out);
  RG_CHECK(bits == c->bits, "line %d: bits %u, expected %u", c->line, bits,
           c->bits);
  RG_CHECK(out_len == strlen(out), "line %d: length %zu of \"%s\"", c->line,
           out_len, out);
}

/* Buffers smaller than the marker: bounded and NUL-terminated. */
static void check_small_buffers(void)
{
  const char *q= "CREATE USER u IDENTIFIED BY 'pw'";
  for (size_t size= 0; size < RG_REDACT_SIZE(3); size++)
  {
    char out[64];
    size_t out_len= 99;
    memset(out, 'Z', sizeof(out));
    rg_redact(q, strlen(q), out, size, &out_len);
    RG_CHECK(size ? out_len < size && out[out_len] == '\0' : out_len == 0,
             "size %zu: length %zu", size, out_len);
    RG_CHECK(out[size] == 'Z', "size %zu: wrote past the buffer", size);
  }
}

/* ---- the output's contract, for any input ------------------------------ */

static int word_byte(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '$';
}

static int contains_ci(const char *s, const char *word)
{
  size_t n= strlen(word);
  for (; *s; s++)
  {
    size_t i= 0;
    while (i < n && s[i] && (s[i] & ~0x20) == (word[i] & ~0x20))
      i++;
    if (i == n)
      return 1;
  }
  return 0;
}

/* Returns 0 when out, made from some input with room shown, keeps the
   contract; else says what broke. */
static const char *contract_broken(const char *out, size_t out_len,
                                   size_t shown, unsigned bits)
{
  size_t excerpt= out_len;
  if (strlen(out) != out_len)
    return "length";
  if (bits & RG_REDACT_CUT)
  {
    size_t m= strlen(RG_REDACT_MARKER);
    if (out_len < m || strcmp(out + out_len - m, RG_REDACT_MARKER))
      return "no marker after a cut";
    excerpt= out_len - m;
    if (excerpt && out[excerpt - 1] == ' ')
      excerpt--;
  }
  if (excerpt > shown)
    return "longer than its room";
  for (size_t i= 0; i < out_len; i++)
  {
    unsigned char c= (unsigned char) out[i];
    if (c < 0x20 || c > 0x7E)
      return "not printable ASCII";
    if (c == '\'' || c == '"')
      return "a quote";
    if (i && ((c == '*' && out[i - 1] == '/') || (c == '/' && out[i - 1] == '*')))
      return "a comment marker";
    if (c >= '0' && c <= '9' && (!i || !word_byte((unsigned char) out[i - 1])))
      return "a number";
  }
  if (contains_ci(out, "PASSWORD") || contains_ci(out, "IDENTIFIED"))
    return "a password keyword";
  return 0;
}

/* ---- generated cases ----------------------------------------------------- */

static unsigned long long rng_state= 0x9E3779B97F4A7C15ULL;

static unsigned rnd(unsigned n)
{
  rng_state= rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (unsigned) ((rng_state >> 33) % n);
}

typedef struct text
{
  char s[2048];
  size_t n;
} text;

static void put(text *t, const char *s, size_t n)
{
  if (t->n + n < sizeof(t->s))
  {
    memcpy(t->s + t->n, s, n);
    t->n+= n;
  }
}

static void puts_(text *t, const char *s)
{
  put(t, s, strlen(s));
}

/* A keyword or word of the template, in random case. */
static void put_word(text *t, const char *w)
{
  for (; *w; w++)
  {
    char c= *w;
    if (c >= 'A' && c <= 'Z' && rnd(2))
      c= (char) (c - 'A' + 'a');
    put(t, &c, 1);
  }
}

/* Random separator: spaces, control bytes, comments, multi-byte noise. */
static void put_gap(text *t)
{
  static const char *const gaps[]=
  {
    " ", "  ", "\t", "\n", "\r\n", " /* note */ ", " -- x\n", " #x\n",
    "\x00", " /*!*/ ", "\xa0", " \x95\x5c ", " \x81\x40 ", "\xc3\xa9 "
  };
  unsigned k= rnd(ARRAY_LEN(gaps));
  put(t, gaps[k], k == 8 ? 1 : strlen(gaps[k]));
}

/* The secret's spellings the checker looks for. */
typedef struct secret
{
  char plain[40];
  char hex[80];
  char codes[200];      /* "80,119,..." */
} secret;

static void make_secret(secret *s)
{
  static const char alphabet[]=
    "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789_";
  unsigned n= 8 + rnd(12), i;
  size_t h= 0, c= 0;
  for (i= 0; i < n; i++)
    s->plain[i]= alphabet[rnd(sizeof(alphabet) - 1)];
  s->plain[n]= '\0';
  for (i= 0; i < n; i++)
  {
    h+= (size_t) snprintf(s->hex + h, sizeof(s->hex) - h, "%02x",
                          (unsigned char) s->plain[i]);
    c+= (size_t) snprintf(s->codes + c, sizeof(s->codes) - c, "%s%d",
                          i ? "," : "", s->plain[i]);
  }
}

/* One statement carrying the secret in one of the forms the server knows.
   %s in the templates is the secret; %x its hex digits; %c its codes. */
static const char *const forms[]=
{
  "CREATE USER u IDENTIFIED BY '%s'",
  "CREATE OR REPLACE USER 'u'@'%' IDENTIFIED BY \"%s\"",
  "CREATE USER u IDENTIFIED VIA ed25519 USING PASSWORD('%s')",
  "CREATE USER u IDENTIFIED VIA mysql_native_password USING '%s'",
  "ALTER USER u IDENTIFIED WITH ed25519 AS '%s'",
  "GRANT SELECT ON *.* TO u IDENTIFIED BY '%s'",
  "SET PASSWORD FOR u = PASSWORD('%s')",
  "SET PASSWORD = '%s'",
  "SELECT OLD_PASSWORD('%s')",
  "CHANGE MASTER TO MASTER_HOST='h', MASTER_PASSWORD='%s'",
  "CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (PASSWORD '%s')",
  "PREPARE s FROM CONCAT('CREATE USER u IDENTI','FIED BY ''%s''')",
  "EXECUTE IMMEDIATE 'CREATE USER u IDENTIFIED BY ''%s'''",
  "EXECUTE IMMEDIATE CONCAT('CREATE USER u IDENTIFIED BY ', 0x%x)",
  "EXECUTE IMMEDIATE CONCAT(CHAR(%c))",
  "SET @p= X'%x'",
  "SET @p= 0x%x",
  "SET @p= CHAR(%c)",
  "/*!50000 CREATE USER u IDENTIFIED BY '%s' */",
  "INSERT INTO patients (name) VALUES ('%s')",
  "SELECT * FROM patients WHERE name = _utf8mb4'%s'",
  "CREATE USER u IDENTIFIED BY '\\'%s'",
};

static void put_form(text *t, const char *form, const secret *s)
{
  for (const char *p= form; *p; p++)
  {
    if (*p == '%' && (p[1] == 's' || p[1] == 'x' || p[1] == 'c'))
    {
      puts_(t, p[1] == 's' ? s->plain : p[1] == 'x' ? s->hex : s->codes);
      p++;
    }
    else if (*p == ' ')
      put_gap(t);
    else
    {
      /* A run of upper-case letters: a keyword, in random case. */
      char word[32];
      size_t n= 0;
      while (p[n] >= 'A' && p[n] <= 'Z' && n < sizeof(word) - 1)
      {
        word[n]= p[n];
        n++;
      }
      if (n)
      {
        word[n]= '\0';
        put_word(t, word);
        p+= n - 1;
      }
      else
        put(t, p, 1);
    }
  }
}

static const char *const decoys[]=
{
  "SELECT 1", "CREATE TABLE t1 (a INT)", "SET NAMES sjis",
  "SET sql_mode='ANSI_QUOTES'", "SET sql_mode=NO_BACKSLASH_ESCAPES",
  "DROP TABLE `x`", "BEGIN", "SELECT @a"
};

static int contains_bytes(const char *s, size_t n, const char *needle)
{
  size_t k= strlen(needle);
  for (size_t i= 0; i + k <= n; i++)
    if (!memcmp(s + i, needle, k))
      return 1;
  return 0;
}

static void check_generated(unsigned count)
{
  unsigned failed= 0;
  for (unsigned i= 0; i < count && failed < 10; i++)
  {
    text t;
    secret s;
    char out[RG_REDACT_SIZE(400)];
    size_t shown= 1 + rnd(400), out_len;
    unsigned bits, before= rnd(3);
    const char *broken;
    t.n= 0;
    make_secret(&s);
    for (unsigned k= 0; k < before; k++)
    {
      put_form(&t, decoys[rnd(ARRAY_LEN(decoys))], &s);
      puts_(&t, ";");
      put_gap(&t);
    }
    put_form(&t, forms[rnd(ARRAY_LEN(forms))], &s);
    if (rnd(2))
      puts_(&t, "; DROP TABLE t");
    bits= rg_redact(t.s, t.n, out, RG_REDACT_SIZE(shown), &out_len);
    broken= contract_broken(out, out_len, shown, bits);
    if (broken || contains_bytes(out, out_len, s.plain) ||
        contains_bytes(out, out_len, s.hex) ||
        contains_bytes(out, out_len, s.codes))
    {
      failed++;
      RG_CHECK(0, "generated case %u (%s): secret %s, output \"%s\"", i,
               broken ? broken : "secret shown", s.plain, out);
    }
  }
  RG_CHECK(failed == 0, "%u of %u generated cases failed", failed, count);
}

/* Random bytes, weighted toward the ones that matter. */
static void check_random_bytes(unsigned count)
{
  static const char interesting[]= "'\"`/*!-#\\0123456789xXbB.$_ \t\n;()@";
  unsigned failed= 0;
  for (unsigned i= 0; i < count && failed < 10; i++)
  {
    char in[300], out[RG_REDACT_SIZE(300)], again[RG_REDACT_SIZE(300)];
    size_t n= rnd(sizeof(in)), shown= rnd(300), out_len, again_len;
    unsigned bits;
    const char *broken;
    for (size_t k= 0; k < n; k++)
    {
      unsigned r= rnd(10);
      in[k]= r < 5 ? interesting[rnd(sizeof(interesting) - 1)]
           : r < 8 ? (char) ('a' + rnd(26)) : (char) rnd(256);
    }
    if (n > 20 && rnd(4) == 0)
    {
      const char *kw= rnd(2) ? "PaSsWoRd" : "IdEnTiFiEd";
      memcpy(in + rnd((unsigned) n - 10), kw, strlen(kw));
    }
    bits= rg_redact(in, n, out, RG_REDACT_SIZE(shown), &out_len);
    broken= contract_broken(out, out_len, shown, bits);
    rg_redact(in, n, again, RG_REDACT_SIZE(shown), &again_len);
    if (broken || strcmp(out, again))
    {
      failed++;
      RG_CHECK(0, "random case %u: %s: \"%s\"", i,
               broken ? broken : "not deterministic", out);
    }
  }
  RG_CHECK(failed == 0, "%u of %u random cases failed", failed, count);
}

int main(int argc, char **argv)
{
  unsigned generated= argc > 1 ? (unsigned) strtoul(argv[1], NULL, 10)
                               : 200000;
  for (size_t i= 0; i < ARRAY_LEN(cases); i++)
  {
    const char *broken;
    char out[RG_REDACT_SIZE(200)];
    size_t out_len;
    size_t shown= cases[i].shown ? cases[i].shown : 200;
    unsigned bits;
    check_case(&cases[i]);
    bits= rg_redact(cases[i].in, cases[i].in_len ? cases[i].in_len
                                                 : strlen(cases[i].in),
                    out, RG_REDACT_SIZE(shown), &out_len);
    broken= contract_broken(out, out_len, shown, bits);
    RG_CHECK(!broken, "line %d: %s", cases[i].line, broken);
  }
  check_small_buffers();
  check_generated(generated);
  check_random_bytes(generated);
  return rg_test_summary("redact");
}
