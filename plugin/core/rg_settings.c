/*
  replica_guard settings: parsing and matching of replica_guard_exempt_users
  (see rg_settings.h).
*/
#include "rg_settings.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Cursor over the text being parsed, and where a reason for failure goes. */
typedef struct rg_parser
{
  const char *text;
  size_t length;
  size_t pos;
  unsigned item;              /* 1-based number of the current item */
  char *err;
  size_t err_len;
} rg_parser;


#ifdef __GNUC__
#define RG_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define RG_PRINTF_LIKE(f, a)
#endif

/* Writes "item N at position P: <reason>" (P 1-based, in bytes) and
   returns -1. */
static int fail_at(rg_parser *p, size_t pos, const char *fmt, ...)
  RG_PRINTF_LIKE(3, 4);

static int fail_at(rg_parser *p, size_t pos, const char *fmt, ...)
{
  va_list ap;
  int n;
  if (!p->err || !p->err_len)
    return -1;
  n= snprintf(p->err, p->err_len, "item %u at position %zu: ", p->item,
              pos + 1);
  if (n >= 0 && (size_t) n < p->err_len)
  {
    va_start(ap, fmt);
    vsnprintf(p->err + n, p->err_len - n, fmt, ap);
    va_end(ap);
  }
  return -1;
}


static int at_end(const rg_parser *p)
{
  return p->pos >= p->length;
}


static int peek(const rg_parser *p)
{
  return at_end(p) ? -1 : (unsigned char) p->text[p->pos];
}


static int is_space(int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}


static void skip_spaces(rg_parser *p)
{
  while (is_space(peek(p)))
    p->pos++;
}


static int is_quote(int c)
{
  return c == '\'' || c == '"' || c == '`';
}


/* Characters of an unquoted name: those of an unquoted identifier plus the
   wildcards, '.' and '-' of host names and ':' of IPv6 addresses. */
static int is_name_char(int c, int is_host)
{
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= '0' && c <= '9'))
    return 1;
  if (c == ':')
    return is_host;
  return c > 0 && strchr("_$.%-", c) != NULL;
}


/* What part of an account is being read, for buffers and messages. */
typedef struct rg_part
{
  char *dst;                  /* NULL while only validating */
  size_t cap;                 /* buffer size, NUL included */
  size_t used;
  int is_host;
} rg_part;


static const char *part_name(const rg_part *part)
{
  return part->is_host ? "host" : "user";
}


static int part_put(rg_parser *p, rg_part *part, int c)
{
  if (c == 0)
    return fail_at(p, p->pos - 1, "NUL byte in %s name", part_name(part));
  if (part->used + 1 >= part->cap)
    return fail_at(p, p->pos - 1, "%s name longer than %zu bytes",
                   part_name(part), part->cap - 1);
  if (part->dst)
    part->dst[part->used]= (char) c;
  part->used++;
  return 0;
}


/*
  Appends the character escaped by a backslash in a '...' or "..." string,
  as SQL string literals do: \% and \_ keep their backslash, so that they
  stay literal characters in a host pattern.
*/
static int put_escaped(rg_parser *p, rg_part *part, int c)
{
  switch (c) {
  case '0': return part_put(p, part, 0);
  case 'b': return part_put(p, part, '\b');
  case 'n': return part_put(p, part, '\n');
  case 'r': return part_put(p, part, '\r');
  case 't': return part_put(p, part, '\t');
  case 'Z': return part_put(p, part, 26);
  case '%':
  case '_':
    if (part_put(p, part, '\\'))
      return -1;
    return part_put(p, part, c);
  default:  return part_put(p, part, c);
  }
}


/* Reads a quoted name; a doubled quote stands for itself, and backslash
   escapes apply inside '...' and "..." (not inside `...`). */
static int parse_quoted(rg_parser *p, rg_part *part)
{
  size_t start= p->pos;
  int quote= p->text[p->pos++];
  for (;;)
  {
    int c= peek(p);
    if (c < 0)
      return fail_at(p, start, "unterminated quote %c", quote);
    p->pos++;
    if (c == quote && peek(p) != quote)
      return 0;
    if (c == quote)
      p->pos++;
    else if (c == '\\' && quote != '`')
    {
      if (at_end(p))
        return fail_at(p, start, "unterminated quote %c", quote);
      c= (unsigned char) p->text[p->pos++];
      if (put_escaped(p, part, c))
        return -1;
      continue;
    }
    if (part_put(p, part, c))
      return -1;
  }
}


/* Reads an unquoted name up to a space, '@', ',' or the end. */
static int parse_unquoted(rg_parser *p, rg_part *part)
{
  size_t start= p->pos;
  int c;
  while ((c= peek(p)) >= 0 && !is_space(c) && c != '@' && c != ',')
  {
    p->pos++;
    if (!is_name_char(c, part->is_host))
      return fail_at(p, p->pos - 1, c > ' ' && c < 127 ?
                     "character '%c' not allowed in an unquoted %s name" :
                     "byte 0x%02x not allowed in an unquoted %s name",
                     c, part_name(part));
    if (part_put(p, part, c))
      return -1;
  }
  if (p->pos == start)
    return fail_at(p, start, "empty %s name", part_name(part));
  return 0;
}


/* Reads a user or host name into part and terminates it. */
static int parse_part(rg_parser *p, rg_part *part)
{
  int rc= is_quote(peek(p)) ? parse_quoted(p, part) :
                              parse_unquoted(p, part);
  if (rc)
    return rc;
  if (part->dst)
    part->dst[part->used]= '\0';
  return 0;
}


/* An empty host (missing, or quoted '') means any host, as in GRANT. */
static void default_host(rg_part *host)
{
  if (host->used == 0 && host->dst)
    strcpy(host->dst, "%");
}


/* Fails on c, which may not follow the name of part. */
static int fail_after(rg_parser *p, int c, const rg_part *part)
{
  return fail_at(p, p->pos, c > ' ' && c < 127 ?
                 "unexpected '%c' after the %s name" :
                 "unexpected byte 0x%02x after the %s name",
                 c, part_name(part));
}


/* Reads one account, with the spaces around it, into *out (or only
   validates it when out is NULL). */
static int parse_item(rg_parser *p, rg_user_pattern *out)
{
  rg_part user= { out ? out->user : NULL, RG_USER_LEN, 0, 0 };
  rg_part host= { out ? out->host : NULL, RG_HOSTPAT_LEN, 0, 1 };
  rg_part *last= &user;

  skip_spaces(p);
  if (at_end(p) || peek(p) == ',')
    return fail_at(p, p->pos, "empty item");
  if (parse_part(p, &user))
    return -1;
  skip_spaces(p);
  if (peek(p) == '@')
  {
    p->pos++;
    skip_spaces(p);
    if (parse_part(p, &host))
      return -1;
    skip_spaces(p);
    last= &host;
  }
  default_host(&host);
  if (!at_end(p) && peek(p) != ',')
    return fail_after(p, peek(p), last);
  return 0;
}


/* Parses the whole list into *out, or only validates it when out is
   NULL. */
static int parse_list(rg_parser *p, rg_user_list *out)
{
  rg_user_pattern scratch;
  unsigned count= 0;

  skip_spaces(p);
  if (at_end(p))
    goto done;
  for (;;)
  {
    p->item= count + 1;
    if (count == RG_MAX_USER_PATTERNS)
      return fail_at(p, p->pos, "more than %d accounts",
                     RG_MAX_USER_PATTERNS);
    if (parse_item(p, out ? &out->patterns[count] : &scratch))
      return -1;
    count++;
    if (at_end(p))
      break;
    p->pos++;                                   /* the ',' */
  }
done:
  if (out)
    out->count= count;
  return 0;
}


int rg_user_list_parse(const char *text, size_t length, rg_user_list *out,
                       char *err, size_t err_len)
{
  rg_parser p= { text ? text : "", text ? length : 0, 0, 0, err, err_len };

  /* Validate first, so that *out is only written for a valid text. */
  if (parse_list(&p, NULL))
    return -1;
  p.pos= 0;
  return parse_list(&p, out);
}


static int fold(int c, int fold_case)
{
  if (fold_case && c >= 'A' && c <= 'Z')
    return c - 'A' + 'a';
  return c;
}


/*
  One unit of the string being matched. In a plain string every byte is a
  literal; in a host pattern (str_wild) '%' stands for any sequence, '_'
  for any one character, and a backslash makes the next byte a literal.
*/
typedef struct wild_unit
{
  int c;                      /* the literal byte, or '%' / '_' */
  int wild;                   /* c is a wildcard */
  int length;                 /* bytes it takes in the string */
} wild_unit;

static wild_unit next_unit(const char *s, int str_wild)
{
  wild_unit u= { (unsigned char) *s, 0, 1 };
  if (!str_wild)
    return u;
  if (*s == '\\' && s[1])
  {
    u.c= (unsigned char) s[1];
    u.length= 2;
  }
  else
    u.wild= *s == '%' || *s == '_';
  return u;
}

/*
  Greedy matching with one restart point: on a mismatch, the last '%' seen
  absorbs one more unit and matching resumes after it. Earlier '%'s never
  need revisiting, so the worst case is O(len(pattern) * len(str)).

  With str_wild, str is itself a host pattern, and the match succeeds only
  when every host str admits is admitted by pattern: a '%' of pattern
  absorbs any units, its '_' one literal or '_' (never a '%', which may be
  longer), its literals only the same literal. So the answer is never
  "covers" where some host of str is not in pattern (it may say "does
  not" for exotic pairs that do cover: fail closed).
*/
static int wild_match(const char *pattern, const char *str, int fold_case,
                      int str_wild)
{
  const char *p= pattern, *s= str;
  const char *star_p= NULL, *star_s= NULL;

  if (!pattern || !str)
    return 0;
  while (*s)
  {
    wild_unit u= next_unit(s, str_wild);
    if (*p == '%')
    {
      while (*p == '%')
        p++;
      if (!*p)
        return 1;
      star_p= p;
      star_s= s;
      continue;
    }
    if (*p == '_' && !(u.wild && u.c == '%'))
    {
      p++;
      s+= u.length;
      continue;
    }
    if (*p && *p != '_' && !u.wild)
    {
      /* A backslash escapes the next character; a trailing one is
         literal. */
      int esc= *p == '\\' && p[1];
      int pc= (unsigned char) p[esc];
      if (fold(pc, fold_case) == fold(u.c, fold_case))
      {
        p+= esc + 1;
        s+= u.length;
        continue;
      }
    }
    if (!star_p)
      return 0;
    p= star_p;
    s= star_s+= next_unit(star_s, str_wild).length;
  }
  while (*p == '%')
    p++;
  return *p == '\0';
}


int rg_wild_match(const char *pattern, const char *str, int fold_case)
{
  return wild_match(pattern, str, fold_case, 0);
}


int rg_wild_covers(const char *pattern, const char *host_pattern,
                   int fold_case)
{
  return wild_match(pattern, host_pattern, fold_case, 1);
}


int rg_user_list_match_account(const rg_user_list *list, const char *user,
                               const char *host)
{
  if (!list || !user || !host)
    return 0;
  for (unsigned i= 0; i < list->count && i < RG_MAX_USER_PATTERNS; i++)
  {
    const rg_user_pattern *pat= &list->patterns[i];
    if (!strcmp(pat->user, user) && rg_wild_covers(pat->host, host, 1))
      return 1;
  }
  return 0;
}
