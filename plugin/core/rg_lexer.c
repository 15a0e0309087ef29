/*
  replica_guard classifier: the lexer (rg_lexer.h).

  A reproduction of the token boundaries of MariaDB 10.11's
  Lex_input_stream::lex_one_token() (sql/sql_lex.cc): whitespace and
  identifier bytes of the client character set, "#", "-- " and C comments,
  executable comments "/ *!", "/ *!NNNNN[N]", "/ *M!NNNNNN", string
  literals (get_text: backslash escapes, doubled quotes, whole multi-byte
  characters skipped), quoted identifiers (scan_ident_delimited), numbers
  (which end before "e1DO" style suffixes), "@" user variables and host
  names, and identifiers after '.' (never keywords). Keywords are only
  looked up where the server would look one up.

  "/ *!99997 ... * /" is executed on a Galera node (WSREP) and is a comment
  elsewhere; with RG_WSREP_FORK the lexer reads it as executed and records
  the other reading as a fork (rg_lexer.forks) for its reader.
*/

#include "rg_lexer.h"
#include "rg_hot.h"

#include <stdint.h>
#include <string.h>

/* Characters and keywords ***********************************************/

static int rg_isdigit(unsigned c)
{
  return c >= '0' && c <= '9';
}

static int rg_isxdigit(unsigned c)
{
  return rg_isdigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static int rg_isalnum(unsigned c)
{
  return rg_isdigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* rg_keyword_id(), inlined where the lexer looks words up. */
static inline unsigned rg_kw_find(const unsigned char *p, size_t n)
{
  unsigned id;
  if (n < RG_KW_MIN_LEN || n > RG_KW_MAX_LEN ||
      !((rg_keyword_first[n] >> (p[0] & 0x1F)) & 1))
    return KW_NONE;
  for (id= rg_keyword_buckets[RG_KW_HASH(p, n)]; id; id= rg_keywords[id].next)
    if (rg_keywords[id].len == n && rg_ascii_ieq(p, rg_keywords[id].name, n))
      return id;
  return KW_NONE;
}

unsigned rg_keyword_id(const unsigned char *p, size_t n)
{
  return rg_kw_find(p, n);
}

/* Comments, literals, identifiers ***************************************/

static unsigned rg_at(const rg_lexer *L, size_t p)
{
  return p < L->n ? L->s[p] : 0;
}

/*
  consume_comment(): from p, just inside a comment, to just after its
  closing "* /"; with nest, one level of nested C comment is skipped whole.
  RG_NPOS when the comment is not closed.
*/
static size_t rg_skip_comment(const unsigned char *s, size_t n, size_t p,
                              int nest)
{
  while (p < n)
  {
    unsigned c= s[p++];
    if (nest && c == '/' && p < n && s[p] == '*')
    {
      p= rg_skip_comment(s, n, p + 1, 0);
      if (p == RG_NPOS)
        return RG_NPOS;
      continue;
    }
    if (c == '*' && p < n && s[p] == '/')
      return p + 1;
  }
  return RG_NPOS;
}

/*
  The first position from p whose byte is a or b, or (with high) >= 0x80;
  n if none. Eight bytes at a time: literals are most of a bulk INSERT.
*/
static size_t rg_find(const unsigned char *s, size_t p, size_t n, unsigned a,
                      unsigned b, int high)
{
  const uint64_t ones= 0x0101010101010101ull, highs= ones << 7;
  const uint64_t pa= ones * a, pb= ones * b, hm= high ? highs : 0;
  while (p + 8 <= n)
  {
    uint64_t w, x, y;
    memcpy(&w, s + p, 8);
    x= w ^ pa;
    y= w ^ pb;
    if ((((x - ones) & ~x) | ((y - ones) & ~y) | (w & hm)) & highs)
      break;
    p+= 8;
  }
  while (p < n && s[p] != a && s[p] != b && !(high && s[p] >= 0x80))
    p++;
  return p;
}

/*
  get_text(): from p, just after the opening quote sep; the position after
  the closing quote, or RG_NPOS when the literal is not terminated.
*/
static size_t rg_skip_string(const rg_lexer *L, size_t p, unsigned sep)
{
  const unsigned char *s= L->s, *end= L->s + L->n;
  size_t n= L->n;
  while (p < n)
  {
    unsigned c;
    p= rg_find(s, p, n, sep, L->backslash ? '\\' : sep, L->mb != 0);
    if (p >= n)
      break;
    c= s[p++];
    if (c == sep)
    {
      if (p < n && s[p] == sep)
      {
        p++;
        continue;
      }
      return p;
    }
    if (c >= 0x80 && L->mb)
    {
      int l= rg_charlen(L->mb, s + p - 1, end);
      if (l > 1)
        p+= l - 1;
      continue;
    }
    if (c == '\\' && L->backslash)
    {
      if (p >= n)
        return RG_NPOS;
      p++;
    }
  }
  return RG_NPOS;
}

/*
  scan_ident_delimited(): from p, just after the opening quote; the position
  after the closing quote, or RG_NPOS (end of text or a NUL byte).
*/
static size_t rg_skip_delimited(const rg_lexer *L, size_t p, unsigned quote)
{
  const unsigned char *s= L->s, *end= L->s + L->n;
  size_t n= L->n;
  for (;;)
  {
    unsigned c;
    int l;
    if (p >= n || !(c= s[p++]))
      return RG_NPOS;
    l= rg_charlen(L->mb, s + p - 1, end);
    if (l == 1)
    {
      if (c == quote)
      {
        if (p < n && s[p] == quote)
        {
          p++;
          continue;
        }
        return p;
      }
    }
    else if (l > 1)
      p+= l - 1;
  }
}

/* scan_ident_start(): identifier bytes from p; the end. */
static size_t rg_ident_start(const rg_lexer *L, size_t p)
{
  const unsigned char *s= L->s, *map= L->map;
  size_t n= L->n;
  if (!L->mb)
  {
    while (p < n && (map[s[p]] & F_ID))
      p++;
    return p;
  }
  while (p < n && (map[s[p]] & F_ID))
  {
    int l= rg_charlen(L->mb, s + p, s + n);
    if (l <= 0)
      break;
    p+= l;
  }
  return p;
}

/* After an identifier ending at p: "." and an identifier byte follow. */
static void rg_after_ident(rg_lexer *L, size_t p)
{
  if (rg_at(L, p) == '.' && (L->map[rg_at(L, p + 1)] & F_ID))
    L->next= NS_IDENT_SEP;
}

/* Tokens ****************************************************************/

static void rg_set(rg_tok *t, unsigned type, size_t off, size_t end)
{
  t->type= (unsigned char) type;
  t->off= off;
  t->len= end - off;
  t->kw= KW_NONE;
}

/* MY_LEX_REAL of the number at start, from p just after its '.'; the end. */
static size_t rg_lex_real(rg_lexer *L, rg_tok *t, size_t start, size_t p)
{
  unsigned c;
  while (rg_isdigit(c= rg_at(L, p++)))
    ;
  if (c == 'e' || c == 'E')
  {
    c= rg_at(L, p++);
    if (c == '-' || c == '+')
      c= rg_at(L, p++);
    if (!rg_isdigit(c))
    {
      rg_set(t, T_ERR, start, p > L->n ? L->n : p);
      return t->off + t->len;
    }
    while (rg_isdigit(rg_at(L, p++)))
      ;
  }
  rg_set(t, T_NUM, start, p - 1);
  return p - 1;
}

/* MY_LEX_NUMBER_IDENT, MY_LEX_INT_OR_REAL and MY_LEX_REAL. */
static size_t rg_lex_number(rg_lexer *L, rg_tok *t, size_t start)
{
  const unsigned char *map= L->map;
  size_t p= start + 1;
  unsigned c;
  if (L->s[start] == '0')
  {
    c= rg_at(L, p++);
    if (c == 'x' || c == 'b')
    {
      unsigned x= c;
      do
        c= rg_at(L, p++);
      while (x == 'x' ? rg_isxdigit(c) : (c == '0' || c == '1'));
      if (p - start - 1 >= 3 && !(map[c] & F_ID))
      {
        rg_set(t, T_HEX, start, p - 1);
        return p - 1;
      }
      goto ident;
    }
    p--;
  }
  while (rg_isdigit(c= rg_at(L, p++)))
    ;
  if (!(map[c] & F_ID))
  {
    /* MY_LEX_INT_OR_REAL */
    if (c != '.' || rg_at(L, p) == '.')
    {
      rg_set(t, T_NUM, start, p - 1);
      return p - 1;
    }
    return rg_lex_real(L, t, start, p);
  }
  if (c == 'e' || c == 'E')
  {
    if (rg_isdigit(rg_at(L, p)) || (c= rg_at(L, p++)) == '+' || c == '-')
    {
      if (rg_isdigit(rg_at(L, p)))
      {
        p++;
        while (rg_isdigit(rg_at(L, p++)))
          ;
        rg_set(t, T_NUM, start, p - 1);
        return p - 1;
      }
    }
  }
ident:
  /* digits then identifier bytes: an identifier */
  p= rg_ident_start(L, p - 1);
  rg_set(t, T_IDENT, start, p);
  rg_after_ident(L, p);
  return p;
}

/*
  The string literal (type T_STRING or T_NSTRING) at start whose text
  starts at p, just after the opening quote.
*/
static void rg_lex_string(rg_lexer *L, rg_tok *t, unsigned type, size_t start,
                          size_t p, unsigned quote)
{
  size_t e= rg_skip_string(L, p, quote);
  if (e == RG_NPOS)
  {
    /* get_text() failed: the first byte is returned, the rest eaten */
    t->type= T_CHAR;
    t->ch= L->s[start];
    t->off= start;
    t->len= L->n - start;
    L->pos= L->n;
    return;
  }
  rg_set(t, type, start, e);
  t->ch= (unsigned char) quote;
  L->pos= e;
}

/* scan_ident_middle() from start (the state was MY_LEX_IDENT). */
RG_HOT
static size_t rg_lex_word(rg_lexer *L, rg_tok *t, size_t start)
{
  const unsigned char *s= L->s, *map= L->map;
  size_t p= start, n= L->n;
  if (!L->mb)
  {
    p++;
    while (p < n && (map[s[p]] & F_ID))
      p++;
  }
  else
  {
    int l= rg_charlen(L->mb, s + p, s + n);
    if (l <= 0)
    {
      t->type= T_CHAR;
      t->ch= s[p];
      t->off= p;
      t->len= 1;
      t->kw= KW_NONE;
      return p + 1;
    }
    p= rg_ident_start(L, p + (size_t) l);
  }
  if (p < n && s[p] == '.' && (map[rg_at(L, p + 1)] & F_ID))
  {
    rg_set(t, T_IDENT, start, p);
    L->next= NS_IDENT_SEP;
    return p;
  }
  rg_set(t, T_WORD, start, p);
  t->kw= (unsigned char) rg_kw_find(s + start, p - start);
  return p;
}

/* Records the other reading of a fork: the text from pos, discard as now. */
static void rg_record_fork(rg_lexer *L, size_t pos)
{
  if (L->nforks < L->max_forks)
  {
    rg_fork *f= &L->forks[L->nforks++];
    f->pos= pos;
    f->discard= L->discard;
  }
  else if (L->fork_rest == RG_NPOS || pos < L->fork_rest)
    L->fork_rest= pos;
}

RG_HOT
void rg_lex(rg_lexer *L, rg_tok *t)
{
  const unsigned char *s= L->s, *map= L->map;
  size_t n= L->n, p= L->pos, start;
  unsigned c, k;
  int ns= L->next;

  L->next= NS_START;
  t->kw= KW_NONE;
  switch (ns)
  {
  case NS_IDENT_SEP:
    t->type= T_CHAR;
    t->ch= '.';
    t->off= p;
    t->len= 1;
    p++;
    L->next= (map[rg_at(L, p)] & F_ID) ? NS_QUALIFIED : NS_START;
    L->pos= p;
    return;
  case NS_QUALIFIED:
  case NS_SYSVAR_NAME:
    /* get_7bit_or_8bit_ident(): byte-wise, even in multi-byte sets */
    start= p;
    while (p < n && (map[s[p]] & F_ID))
      p++;
    if (p == start)
    {
      /* "@@" and no name: ABORT_SYM after consuming the byte */
      rg_set(t, T_ERR, start, p < n ? p + 1 : p);
      L->pos= t->off + t->len;
      return;
    }
    if (p < n && s[p] == '.')
      L->next= NS_IDENT_SEP;
    if (ns == NS_SYSVAR_NAME)
    {
      rg_set(t, T_WORD, start, p);
      t->kw= (unsigned char) rg_kw_find(s + start, p - start);
    }
    else
      rg_set(t, T_IDENT, start, p);
    L->pos= p;
    return;
  case NS_HOSTNAME:
    /*
      my_isalnum() of bytes >= 0x80 depends on the character set; the name
      stops before them and the caller treats a following byte >= 0x80 as
      unknown.
    */
    start= p;
    while (p < n && (rg_isalnum(c= s[p]) || (map[c] & F_AN) || c == '.' ||
                     c == '_' || c == '$'))
      p++;
    rg_set(t, T_HOST, start, p);
    L->pos= p;
    return;
  case NS_SYSVAR:
    t->type= T_CHAR;
    t->ch= '@';
    t->off= p;
    t->len= 1;
    p++;
    L->next= rg_at(L, p) == '`' ? NS_START : NS_SYSVAR_NAME;
    L->pos= p;
    return;
  default:
    break;
  }

  for (;;)
  {
    while (p < n && (map[s[p]] & X_MASK) == X_SKIP)
      p++;
    if (p >= n)
    {
      rg_set(t, T_EOF, n, n);
      L->pos= n;
      return;
    }
    start= p;
    c= s[p++];
    switch (map[c] & X_MASK)
    {
    case X_IDENT:
    case X_MB:
      L->pos= rg_lex_word(L, t, start);
      return;
    case X_XB:
      if (rg_at(L, p) == '\'')
      {
        /* MY_LEX_HEX_NUMBER / MY_LEX_BIN_NUMBER */
        int hex= (c | 0x20) == 'x';
        p++;
        do
          k= rg_at(L, p++);
        while (hex ? rg_isxdigit(k) : (k == '0' || k == '1'));
        if (k != '\'' || (hex && (p - start) % 2 == 0))
        {
          /* ABORT_SYM; an even length is found after one more byte */
          if (k == '\'')
            p++;
          rg_set(t, T_ERR, start, p > n ? n : p);
          L->pos= t->off + t->len;
          return;
        }
        rg_set(t, T_HEX, start, p);
        L->pos= p;
        return;
      }
      L->pos= rg_lex_word(L, t, start);
      return;
    case X_N:
      if (rg_at(L, p) == '\'')
      {
        rg_lex_string(L, t, T_NSTRING, start, p + 1, '\'');
        return;
      }
      L->pos= rg_lex_word(L, t, start);
      return;
    case X_DIGIT:
      L->pos= rg_lex_number(L, t, start);
      return;
    case X_DQUOTE:
      if (L->ansi_quotes)
        goto delimited;
      /* fall through */
    case X_SQUOTE:
      rg_lex_string(L, t, T_STRING, start, p, c);
      return;
    case X_LBRACK:
      /*
        [quoted] exists in sql_mode MSSQL only; elsewhere '[' is a token no
        rule accepts, so the statement fails there and reading it as a
        delimiter is exact in both cases.
      */
    case X_BQUOTE:
    delimited:
      {
        size_t e= rg_skip_delimited(L, p, c == '[' ? ']' : c);
        if (e == RG_NPOS)
          break;        /* the quote alone; lexing resumes after it */
        rg_set(t, T_QIDENT, start, e);
        t->ch= (unsigned char) c;
        L->pos= e;
        return;
      }
    case X_HASH:
    comment_to_eol:
      while (p < n && s[p] != '\n' && s[p] != 0)
        p++;
      continue;
    case X_DASH:
      if (rg_at(L, p) == '-' && (map[rg_at(L, p + 1)] & F_DD))
        goto comment_to_eol;
      break;
    case X_SLASH:
      if (rg_at(L, p) != '*')
        break;
      k= rg_at(L, start + 2);
      if (k == '!' || (k == 'M' && rg_at(L, start + 3) == '!'))
      {
        int maria= k == 'M';
        size_t q= start + (maria ? 4 : 3);
        if (rg_isdigit(rg_at(L, q)) && rg_isdigit(rg_at(L, q + 1)) &&
            rg_isdigit(rg_at(L, q + 2)) && rg_isdigit(rg_at(L, q + 3)) &&
            rg_isdigit(rg_at(L, q + 4)))
        {
          size_t dl= 5 + (rg_isdigit(rg_at(L, q + 5)) ? 1 : 0), i;
          unsigned long v= 0;
          for (i= 0; i < dl; i++)
            v= v * 10 + (s[q + i] - '0');
          if (v <= L->version && (v < 50700 || v > 99999 || maria))
          {
            p= q + dl;
            L->discard= 1;
            continue;
          }
          if (v == 99997)
            L->saw_wsrep= 1;
          if (v == 99997 && L->wsrep != RG_WSREP_OFF)
          {
            /*
              Executed on a Galera node (sql_lex.cc, WITH_WSREP): follow
              both readings (or only this one). Only the first 5 digits
              are skipped.
            */
            if (L->wsrep == RG_WSREP_FORK)
            {
              size_t e= rg_skip_comment(s, n, q, 1);
              if (e != RG_NPOS)
                rg_record_fork(L, e);
            }
            p= q + 5;
            L->discard= 1;
            continue;
          }
          /* a version the server skips: may hold one nested comment */
          p= rg_skip_comment(s, n, q, 1);
          if (p == RG_NPOS)
            p= n;
          continue;
        }
        /* "/ *!" without a version is always executed */
        p= q;
        L->discard= 1;
        continue;
      }
      p= rg_skip_comment(s, n, start + 2, 0);
      if (p == RG_NPOS)
        p= n;
      continue;
    case X_STAR:
      if (L->discard && rg_at(L, p) == '/')
      {
        p++;
        L->discard= 0;
        continue;
      }
      break;
    case X_COLON:
      if (rg_at(L, p) == '=')
      {
        t->type= T_CHAR;
        t->ch= CH_SETVAR;
        t->off= start;
        t->len= 2;
        L->pos= p + 1;
        return;
      }
      break;
    case X_AT:
      k= rg_at(L, p);
      if (k == '@')
        L->next= NS_SYSVAR;
      else if (k != '\'' && k != '`' && k != '"')
        L->next= NS_HOSTNAME;
      break;
    case X_BSLASH:
      /* "\N" is NULL; otherwise the next byte is eaten with the '\' */
      if (p < n)
      {
        k= s[p++];
        rg_set(t, k == 'N' ? T_NUM : T_CHAR, start, p);
        t->ch= '\\';
        L->pos= p;
        return;
      }
      break;
    case X_DOT:
      k= rg_at(L, p);
      if (rg_isdigit(k))
      {
        L->pos= rg_lex_real(L, t, start, p);
        return;
      }
      if (k == '.')
      {
        rg_set(t, T_CHAR, start, p + 1);
        t->ch= CH_DOT_DOT;
        L->pos= p + 1;
        return;
      }
      L->next= (map[k] & F_ID) ? NS_QUALIFIED : NS_START;
      break;
    case X_NUL:
      /* the last byte: the server reads it as the end of the text */
      if (p >= n)
      {
        rg_set(t, T_EOF, n, n);
        L->pos= n;
        return;
      }
      break;
    default:
      break;
    }
    t->type= T_CHAR;
    t->ch= (unsigned char) c;
    t->off= start;
    t->len= 1;
    L->pos= p;
    return;
  }
}


/* The fast skip *********************************************************/

RG_HOT
void rg_fast_skip(rg_lexer *L, const rg_keyword_set *stop)
{
  const unsigned char *s= L->s, *map= L->map;
  size_t n= L->n, p= L->pos, e;
  if (L->next != NS_START)
    return;
  for (;;)
  {
    unsigned c, cls;
    /* whitespace and punctuation: X_OTHER and X_SKIP, but not '>', which
       ends an ORACLE label "<<l>>" (a statement start) */
    while (p < n && (cls= map[s[p]] & X_MASK) <= X_SKIP && s[p] != '>')
      p++;
    if (p >= n)
      break;
    c= s[p];
    switch (cls)
    {
    case X_DQUOTE:
      if (L->ansi_quotes)
        goto delimited;
      /* fall through */
    case X_SQUOTE:
      e= rg_skip_string(L, p + 1, c);
      if (e == RG_NPOS)
        break;
      p= e;
      continue;
    case X_BQUOTE:
    delimited:
      e= rg_skip_delimited(L, p + 1, c);
      if (e == RG_NPOS)
        break;
      p= e;
      continue;
    case X_DIGIT:
      {
        rg_tok t;
        /* [digits][.digits] then neither identifier byte nor '.' */
        e= p + 1;
        while (e < n && rg_isdigit(s[e]))
          e++;
        if (e < n && s[e] == '.' && e + 1 < n && rg_isdigit(s[e + 1]))
        {
          e+= 2;
          while (e < n && rg_isdigit(s[e]))
            e++;
          if (e >= n || (!(map[s[e]] & F_ID) && s[e] != '.'))
          {
            p= e;
            continue;
          }
        }
        else if (e >= n || (!(map[s[e]] & F_ID) && s[e] != '.'))
        {
          p= e;
          continue;
        }
        p= rg_lex_number(L, &t, p);
        if (L->next != NS_START)
          break;
        continue;
      }
    case X_XB:
    case X_N:
      if (p + 1 < n && s[p + 1] == '\'')
        break;
      /* fall through */
    case X_IDENT:
      if (!L->mb)
      {
        e= p + 1;
        while (e < n && (map[s[e]] & F_ID))
          e++;
        if (e < n && s[e] == '.' && e + 1 < n && (map[s[e + 1]] & F_ID))
        {
          L->next= NS_IDENT_SEP;        /* an identifier before '.' */
          p= e;
          break;
        }
        if (e - p <= RG_KW_MAX_LEN &&
            ((stop->first[e - p] >> (s[p] & 0x1F)) & 1) &&
            stop->member[rg_kw_find(s + p, e - p)])
          break;
        p= e;
        continue;
      }
      /* fall through */
    case X_MB:
      {
        rg_tok t;
        e= rg_lex_word(L, &t, p);
        if (stop->member[t.kw])
          break;                        /* kw is KW_NONE unless T_WORD */
        p= e;
        if (L->next != NS_START)
          break;                        /* an identifier before '.' */
        continue;
      }
    default:
      break;
    }
    break;
  }
  L->pos= p;
}

/* Set-up ****************************************************************/

RG_HOT
void rg_lexer_init(rg_lexer *L, const unsigned char *s, size_t n,
                   rg_charset cs, unsigned sql_mode, unsigned long version,
                   int wsrep, unsigned max_forks, unsigned char *mapbuf)
{
  L->s= s;
  L->n= n;
  L->pos= 0;
  L->map= rg_map_of(cs, mapbuf);
  L->mb= rg_mb_of(cs);
  L->ansi_quotes= (sql_mode & RG_MODE_ANSI_QUOTES) != 0;
  L->backslash= !(sql_mode & RG_MODE_NO_BACKSLASH_ESCAPES);
  L->discard= 0;
  L->next= NS_START;
  L->wsrep= (unsigned char) wsrep;
  L->saw_wsrep= 0;
  L->version= version;
  L->nforks= 0;
  L->max_forks= max_forks;
  L->fork_rest= RG_NPOS;
}

void rg_lexer_resume(rg_lexer *L, const rg_fork *f)
{
  L->pos= f->pos;
  L->discard= f->discard;
  L->next= NS_START;
}
