/* Unit tests of replica_guard_exempt_users parsing and matching
   (rg_settings.h). */
#include "rg_settings.h"
#include "rg_test.h"

#include <string.h>
#include <time.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Large enough to keep off the stack of the test functions. */
static rg_user_list list;
static char big[64 * 1024];


/* ---- parse: valid texts ---- */

typedef struct parse_ok_case
{
  const char *text;
  unsigned count;
  const char *pat[3][2];       /* user, host */
} parse_ok_case;

static const parse_ok_case parse_ok_cases[]=
{
  { "", 0, { { 0 } } },
  { "   ", 0, { { 0 } } },
  { " \t\r\n ", 0, { { 0 } } },
  { "root", 1, { { "root", "%" } } },
  { "root@localhost", 1, { { "root", "localhost" } } },
  { "'root'@'localhost'", 1, { { "root", "localhost" } } },
  { "`root`@`localhost`", 1, { { "root", "localhost" } } },
  { "\"root\"@\"localhost\"", 1, { { "root", "localhost" } } },
  { "'root'", 1, { { "root", "%" } } },
  { "'a'@h", 1, { { "a", "h" } } },
  { "a@'h'", 1, { { "a", "h" } } },
  { " a , b ", 2, { { "a", "%" }, { "b", "%" } } },
  { "a @ h ,\tb\t@\t'%'", 2, { { "a", "h" }, { "b", "%" } } },
  { "'o''brien'@'%'", 1, { { "o'brien", "%" } } },
  { "\"say \"\"hi\"\"\"", 1, { { "say \"hi\"", "%" } } },
  { "`a``b`@`h`", 1, { { "a`b", "h" } } },
  { "'a,b'@'h@x', c", 2, { { "a,b", "h@x" }, { "c", "%" } } },
  { "'a b'@' h '", 1, { { "a b", " h " } } },
  { "'a\\'b'", 1, { { "a'b", "%" } } },
  { "\"a\\\"b\"", 1, { { "a\"b", "%" } } },
  { "'a\\nb\\tc'", 1, { { "a\nb\tc", "%" } } },
  { "'a\\\\b'", 1, { { "a\\b", "%" } } },
  { "'a\\qb'", 1, { { "aqb", "%" } } },
  { "`a\\b`", 1, { { "a\\b", "%" } } },
  { "'x'@'host\\_1\\%'", 1, { { "x", "host\\_1\\%" } } },
  { "'\"'@'`'", 1, { { "\"", "`" } } },
  { "''@'localhost'", 1, { { "", "localhost" } } },
  { "'u'@''", 1, { { "u", "%" } } },
  { "repl@10.0.0.%,monitor@'::1'", 2,
    { { "repl", "10.0.0.%" }, { "monitor", "::1" } } },
  { "u@fe80::1", 1, { { "u", "fe80::1" } } },
  { "a$b.c-d_e%9", 1, { { "a$b.c-d_e%9", "%" } } },
  { "x@db-1.example.com,y@%.example.com, z@_b", 3,
    { { "x", "db-1.example.com" }, { "y", "%.example.com" },
      { "z", "_b" } } },
};

static int pattern_is(unsigned i, const char *user, const char *host)
{
  return !strcmp(list.patterns[i].user, user) &&
         !strcmp(list.patterns[i].host, host);
}

static void test_parse_ok(void)
{
  char err[128];
  for (size_t i= 0; i < ARRAY_LEN(parse_ok_cases); i++)
  {
    const parse_ok_case *t= &parse_ok_cases[i];
    int rc;
    memset(&list, 0x5a, sizeof(list));
    err[0]= '\0';
    rc= rg_user_list_parse(t->text, strlen(t->text), &list, err,
                           sizeof(err));
    RG_CHECK(rc == 0, "[%s]: %s", t->text, err);
    if (rc)
      continue;
    RG_CHECK(list.count == t->count, "[%s]: count %u", t->text, list.count);
    for (unsigned j= 0; j < t->count && j < list.count; j++)
      RG_CHECK(pattern_is(j, t->pat[j][0], t->pat[j][1]),
               "[%s]: item %u is [%s]@[%s]", t->text, j + 1,
               list.patterns[j].user, list.patterns[j].host);
  }
}


/* Limits, explicit lengths and unterminated input. */
static void test_parse_limits(void)
{
  char err[128];
  char text[8]= { 'a', ',', 'b', 'x', 'y', 'z', '#', '#' };
  size_t n;

  RG_CHECK(rg_user_list_parse(NULL, 0, &list, err, sizeof(err)) == 0 &&
           list.count == 0, "NULL text is empty");
  RG_CHECK(rg_user_list_parse(text, 3, &list, err, sizeof(err)) == 0 &&
           list.count == 2 && pattern_is(1, "b", "%"),
           "unterminated text read up to its length");
  RG_CHECK(rg_user_list_parse("a,b", 1, &list, err, sizeof(err)) == 0 &&
           list.count == 1 && pattern_is(0, "a", "%"),
           "length shorter than the string");

  n= 0;
  for (unsigned i= 0; i < RG_MAX_USER_PATTERNS; i++)
    n+= (size_t) snprintf(big + n, sizeof(big) - n, "%su%u@h%u",
                          i ? ", " : "", i, i);
  RG_CHECK(rg_user_list_parse(big, n, &list, err, sizeof(err)) == 0 &&
           list.count == RG_MAX_USER_PATTERNS &&
           pattern_is(RG_MAX_USER_PATTERNS - 1, "u63", "h63"),
           "64 accounts: %s", err);

  memset(big, 'u', RG_USER_LEN - 1);
  big[RG_USER_LEN - 1]= '@';
  memset(big + RG_USER_LEN, 'h', RG_HOSTPAT_LEN - 1);
  n= RG_USER_LEN + RG_HOSTPAT_LEN - 1;
  RG_CHECK(rg_user_list_parse(big, n, &list, err, sizeof(err)) == 0 &&
           strlen(list.patterns[0].user) == RG_USER_LEN - 1 &&
           strlen(list.patterns[0].host) == RG_HOSTPAT_LEN - 1,
           "128-byte user and 255-byte host: %s", err);
}


/* ---- parse: errors ---- */

typedef struct parse_err_case
{
  const char *text;
  size_t length;               /* 0: strlen(text) */
  const char *want[2];         /* substrings of the message */
} parse_err_case;

static const parse_err_case parse_err_cases[]=
{
  { "a,,b", 0, { "item 2 at position 3", "empty item" } },
  { ",a", 0, { "item 1 at position 1", "empty item" } },
  { "a,", 0, { "item 2", "empty item" } },
  { "a, ,b", 0, { "item 2 at position 4", "empty item" } },
  { " , ", 0, { "item 1", "empty item" } },
  { "'abc", 0, { "item 1 at position 1", "unterminated quote '" } },
  { "a, 'abc\\'", 0, { "item 2 at position 4", "unterminated quote" } },
  { "a@'h", 0, { "position 3", "unterminated quote" } },
  { "`a``", 0, { "item 1", "unterminated quote `" } },
  { "\"a", 0, { "item 1", "unterminated quote \"" } },
  { "'a'b", 0, { "position 4", "unexpected 'b' after the user name" } },
  { "'a'@'h'x", 0, { "position 8", "unexpected 'x' after the host name" } },
  { "a b", 0, { "position 3", "unexpected 'b' after the user name" } },
  { "'a' 'b'", 0, { "position 5", "unexpected ''' after the user" } },
  { "a@b@c", 0, { "position 4", "unexpected '@' after the host name" } },
  { "a@'' x", 0, { "unexpected 'x' after the host name" } },
  { "@h", 0, { "position 1", "empty user name" } },
  { "a@", 0, { "position 3", "empty host name" } },
  { "a@,b", 0, { "item 1", "empty host name" } },
  { "a#b", 0, { "position 2", "character '#' not allowed in an unquoted "
                "user name" } },
  { "a:b", 0, { "character ':' not allowed in an unquoted user name" } },
  { "a@h/24", 0, { "position 4", "'/' not allowed in an unquoted host" } },
  { "a'b'", 0, { "position 2", "character ''' not allowed" } },
  { "x, r\xc3\xa9pl", 0, { "item 2 at position 5", "byte 0xc3 not "
                          "allowed in an unquoted user name" } },
  { "a\0b", 3, { "position 2", "byte 0x00 not allowed" } },
  { "'a\\0b'", 0, { "position 4", "NUL byte in user name" } },
  { "'a'\x01", 0, { "unexpected byte 0x01 after the user name" } },
};

static void check_error(const char *text, size_t length, const char *want0,
                        const char *want1)
{
  static rg_user_list before;
  char err[160];
  int rc;

  memset(&list, 0x5a, sizeof(list));
  before= list;
  strcpy(err, "(none)");
  rc= rg_user_list_parse(text, length, &list, err, sizeof(err));
  RG_CHECK(rc == -1, "[%.40s] should fail", text);
  RG_CHECK(!memcmp(&list, &before, sizeof(list)),
           "[%.40s]: output written on error", text);
  RG_CHECK((!want0 || strstr(err, want0)) && (!want1 || strstr(err, want1))
           && !strchr(err, '\n'), "[%.40s]: message '%s'", text, err);
}

static void test_parse_errors(void)
{
  size_t n= 0;
  char err[12];

  for (size_t i= 0; i < ARRAY_LEN(parse_err_cases); i++)
  {
    const parse_err_case *t= &parse_err_cases[i];
    check_error(t->text, t->length ? t->length : strlen(t->text),
                t->want[0], t->want[1]);
  }

  for (unsigned i= 0; i <= RG_MAX_USER_PATTERNS; i++)
    n+= (size_t) snprintf(big + n, sizeof(big) - n, "%su%u",
                          i ? "," : "", i);
  check_error(big, n, "item 65", "more than 64 accounts");

  memset(big, 'u', RG_USER_LEN);
  check_error(big, RG_USER_LEN, "position 129",
              "user name longer than 128 bytes");
  big[0]= '\'';
  big[RG_USER_LEN + 1]= '\'';
  memset(big + 1, 'o', RG_USER_LEN);
  check_error(big, RG_USER_LEN + 2, "user name longer than 128 bytes",
              NULL);
  big[0]= 'u';
  big[1]= '@';
  memset(big + 2, 'h', RG_HOSTPAT_LEN);
  check_error(big, RG_HOSTPAT_LEN + 2, "position 258",
              "host name longer than 255 bytes");

  RG_CHECK(rg_user_list_parse("a,,b", 4, &list, err, sizeof(err)) == -1 &&
           strlen(err) == sizeof(err) - 1, "short error buffer: '%s'", err);
  RG_CHECK(rg_user_list_parse("a,,b", 4, &list, NULL, 0) == -1,
           "no error buffer");
}


/* ---- matching ---- */

static const char *const match_list=
  "root@localhost, 'repl'@'10.0.0.%', monitor, ''@'%.example.com',"
  " 'x_y'@'h\\_1', 'CaseUser'@'DB.Example.COM', 'm%'@'%', six@'::1'";

/* The authenticated account (CURRENT_USER: user and host as in
   mysql.user) against the list: the user exactly, the account's host
   pattern admitted whole by the list's. */
typedef struct match_case
{
  const char *user, *host;
  int want;
} match_case;

static const match_case match_cases[]=
{
  { "root", "localhost", 1 },
  { "root", "LocalHost", 1 },
  { "Root", "localhost", 0 },
  { "root", "127.0.0.1", 0 },
  /* an account for more hosts than the list names is not exempt */
  { "root", "%", 0 },
  { "root", "local%", 0 },
  { "root", "localhos_", 0 },
  { "repl", "10.0.0.7", 1 },
  { "repl", "10.0.0.%", 1 },
  { "repl", "10.0.0._", 1 },
  { "repl", "10.0.0.1_", 1 },
  { "repl", "10.0.%", 0 },
  { "repl", "10.0.1.7", 0 },
  { "repl", "%", 0 },
  { "monitor", "anything.at.all", 1 },
  { "monitor", "%", 1 },
  { "monitor", "", 1 },
  { "monitor", "::1", 1 },
  { "monito", "h", 0 },
  { "monitor ", "h", 0 },
  /* the anonymous account is named by '' only */
  { "", "db.example.com", 1 },
  { "", "%.example.com", 1 },
  { "", "example.com", 0 },
  { "", "%", 0 },
  { "", "localhost", 0 },
  { "someone", "db.example.com", 0 },
  /* h\_1 is the host h_1 only; the account 'x_y'@'h_1' admits hx1 too */
  { "x_y", "h\\_1", 1 },
  { "x_y", "h_1", 0 },
  { "x_y", "hx1", 0 },
  { "xay", "h\\_1", 0 },
  { "CaseUser", "db.example.com", 1 },
  { "caseuser", "db.example.com", 0 },
  { "m%", "h", 1 },
  { "m%", "%", 1 },
  { "mx", "h", 0 },
  { "six", "::1", 1 },
  { "six", "localhost", 0 },
};

static void test_match(void)
{
  char err[128];
  int rc= rg_user_list_parse(match_list, strlen(match_list), &list, err,
                             sizeof(err));
  RG_CHECK(rc == 0 && list.count == 8, "match list: %s", err);
  for (size_t i= 0; i < ARRAY_LEN(match_cases); i++)
  {
    const match_case *t= &match_cases[i];
    RG_CHECK(rg_user_list_match_account(&list, t->user, t->host) == t->want,
             "'%s'@'%s': want %d", t->user, t->host, t->want);
  }
  RG_CHECK(!rg_user_list_match_account(&list, NULL, "localhost"),
           "NULL user");
  RG_CHECK(!rg_user_list_match_account(&list, "root", NULL), "NULL host");
  RG_CHECK(!rg_user_list_match_account(NULL, "root", "localhost"),
           "NULL list");
  rg_user_list_parse("", 0, &list, err, sizeof(err));
  RG_CHECK(!rg_user_list_match_account(&list, "root", "localhost"),
           "empty list matches nobody");
}


/* ---- rg_wild_covers ---- */

static const struct
{
  const char *pattern, *host_pattern;
  int want;
} cover_cases[]=
{
  { "%", "%", 1 },
  { "%", "", 1 },
  { "%", "_", 1 },
  { "", "", 1 },
  { "", "%", 0 },
  { "a%", "a%", 1 },
  { "a%", "ab%", 1 },
  { "ab%", "a%", 0 },
  { "a_", "a_", 1 },
  { "a_", "a%", 0 },
  { "a%", "a_", 1 },
  { "_", "%", 0 },
  { "a", "_", 0 },
  { "_", "\\%", 1 },
  { "\\%", "%", 0 },
  { "\\%", "\\%", 1 },
  { "\\_", "_", 0 },
  { "%.example.com", "db.example.com", 1 },
  { "%.example.com", "%.example.com", 1 },
  { "%.example.com", "%example.com", 0 },
  { "%.EXAMPLE.com", "%.example.COM", 1 },
  { "10.0.0.%", "10.0.0.%", 1 },
  { "10.0.%", "10.0.0.%", 1 },
  { "10.0.0.%", "10.0.%", 0 },
  { "%%", "a%b", 1 },
  { "a%c", "a%b%c", 1 },
  { "a%c", "a%b%", 0 },
  { "%c", "%", 0 },
  { "LOCAL%", "localhost", 1 },
  { "10.0.0.0/255.255.255.0", "10.0.0.0/255.255.255.0", 1 },
  { "10.0.0.%", "10.0.0.0/255.255.255.0", 1 },
  { "10.0.0.5", "10.0.0.0/255.255.255.0", 0 },
};

static void test_covers(void)
{
  for (size_t i= 0; i < ARRAY_LEN(cover_cases); i++)
    RG_CHECK(rg_wild_covers(cover_cases[i].pattern,
                            cover_cases[i].host_pattern, 1) ==
             cover_cases[i].want, "'%s' covers '%s': want %d",
             cover_cases[i].pattern, cover_cases[i].host_pattern,
             cover_cases[i].want);
  RG_CHECK(!rg_wild_covers(NULL, "a", 1) && !rg_wild_covers("%", NULL, 1),
           "NULL arguments");
}


/* ---- rg_wild_match ---- */

typedef struct wild_case
{
  const char *pattern, *str;
  int fold, want;
} wild_case;

static const wild_case wild_cases[]=
{
  { "", "", 0, 1 },
  { "", "a", 0, 0 },
  { "a", "", 0, 0 },
  { "%", "", 0, 1 },
  { "%", "abc", 0, 1 },
  { "%%", "", 0, 1 },
  { "_", "", 0, 0 },
  { "_", "a", 0, 1 },
  { "_", "ab", 0, 0 },
  { "abc", "abc", 0, 1 },
  { "abc", "abcd", 0, 0 },
  { "abcd", "abc", 0, 0 },
  { "a%", "abc", 0, 1 },
  { "a%", "bac", 0, 0 },
  { "%c", "abc", 0, 1 },
  { "%c", "abcd", 0, 0 },
  { "%b%", "abc", 0, 1 },
  { "a_c", "abc", 0, 1 },
  { "a_c", "ac", 0, 0 },
  { "_%_", "ab", 0, 1 },
  { "_%_", "a", 0, 0 },
  { "%_", "", 0, 0 },
  { "%ab", "aab", 0, 1 },
  { "%aab", "aaab", 0, 1 },
  { "%a%b%c", "xaybzc", 0, 1 },
  { "%a%b%c", "xaybz", 0, 0 },
  { "%%%a", "bbba", 0, 1 },
  { "a\\%", "a%", 0, 1 },
  { "a\\%", "ab", 0, 0 },
  { "a\\_", "a_", 0, 1 },
  { "a\\_", "ax", 0, 0 },
  { "%\\%", "50%", 0, 1 },
  { "%\\%", "50", 0, 0 },
  { "a\\", "a\\", 0, 1 },
  { "\\\\", "\\", 0, 1 },
  { "\\a", "a", 0, 1 },
  { "ABC", "abc", 1, 1 },
  { "ABC", "abc", 0, 0 },
  { "a_C", "AbC", 1, 1 },
  { "%.example.com", "db.EXAMPLE.com", 1, 1 },
  { "%.example.com", "example.com", 1, 0 },
  { "10.0.0.%", "10.0.0.1", 1, 1 },
  { "10.0.0.%", "10.0.01", 1, 0 },
  { "fe80::%", "FE80::1", 1, 1 },
  { "\xc3\x89", "\xc3\xa9", 1, 0 },
};

static void test_wild(void)
{
  clock_t start;
  size_t n= sizeof(big) - 1;

  for (size_t i= 0; i < ARRAY_LEN(wild_cases); i++)
  {
    const wild_case *t= &wild_cases[i];
    RG_CHECK(rg_wild_match(t->pattern, t->str, t->fold) == t->want,
             "'%s' LIKE '%s' (fold %d): want %d", t->str, t->pattern,
             t->fold, t->want);
    /* a host without wildcards is covered exactly when it matches */
    if (!strpbrk(t->str, "%_\\"))
      RG_CHECK(rg_wild_covers(t->pattern, t->str, t->fold) == t->want,
               "'%s' covers '%s' (fold %d): want %d", t->pattern, t->str,
               t->fold, t->want);
  }
  RG_CHECK(!rg_wild_match(NULL, "a", 0) && !rg_wild_match("%", NULL, 0),
           "NULL arguments");

  /* Backtracking over every '%' would take forever on these. */
  memset(big, 'a', n);
  big[n]= '\0';
  start= clock();
  RG_CHECK(!rg_wild_match("%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%b", big, 1),
           "many %%, no match");
  RG_CHECK(!rg_wild_match("%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%b", big, 0),
           "many %%a, no match");
  RG_CHECK(rg_wild_match("%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a", big, 0),
           "many %%a, match");
  RG_CHECK((double) (clock() - start) / CLOCKS_PER_SEC < 2.0,
           "pathological patterns took %.2f s",
           (double) (clock() - start) / CLOCKS_PER_SEC);
}


int main(void)
{
  test_parse_ok();
  test_parse_limits();
  test_parse_errors();
  test_match();
  test_covers();
  test_wild();
  return rg_test_summary("test_settings");
}
