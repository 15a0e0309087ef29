/* replica_guard redaction: see include/rg_redact.h for the contract. */
#include <string.h>
#include "rg_redact.h"

/* The password keywords: the excerpt ends before the first of them. */
static const char *const secret_keywords[]= { "PASSWORD", "IDENTIFIED" };

static int ascii_upper(unsigned char c)
{
  return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* True when q[0..len) starts with a password keyword, in any case. */
static int at_secret_keyword(const char *q, size_t len)
{
  for (size_t k= 0; k < sizeof(secret_keywords) / sizeof(*secret_keywords);
       k++)
  {
    const char *w= secret_keywords[k];
    size_t n= strlen(w), i;
    if (len < n)
      continue;
    for (i= 0; i < n && ascii_upper((unsigned char) q[i]) == w[i]; i++)
    {}
    if (i == n)
      return 1;
  }
  return 0;
}

/* Bytes an unquoted word is made of, as far as this file cares: a digit
   after one of them continues the word, not a number. */
static int word_byte(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '$';
}

/* What the output shows for one byte that is neither cut nor masked. */
static char shown(unsigned char c)
{
  if (c < 0x20 || c == 0x7F)
    return ' ';
  return c < 0x7F ? (char) c : '?';
}

unsigned rg_redact(const char *q, size_t len, char *out, size_t size,
                   size_t *out_len)
{
  size_t room= RG_REDACT_SHOWN(size), n= 0, i= 0;
  unsigned result= 0;
  if (!size)
  {
    if (out_len)
      *out_len= 0;
    return len ? RG_REDACT_TRUNCATED : 0;
  }
  while (i < len)
  {
    unsigned char c= (unsigned char) q[i];
    char ch;
    if (c == '\'' || c == '"' || at_secret_keyword(q + i, len - i))
    {
      result|= RG_REDACT_CUT;
      break;
    }
    if (n == room)
    {
      result|= RG_REDACT_TRUNCATED;
      break;
    }
    if (c >= '0' && c <= '9' && (i == 0 || !word_byte((unsigned char) q[i - 1])))
    {
      /* A number: one '?' for it and the word bytes (and dots) after it,
         up to a password keyword, which the loop then cuts at. */
      out[n++]= '?';
      for (i++; i < len && (word_byte((unsigned char) q[i]) || q[i] == '.') &&
                !at_secret_keyword(q + i, len - i); i++)
      {}
      continue;
    }
    ch= shown(c);
    if (n && ((ch == '*' && out[n - 1] == '/') ||
              (ch == '/' && out[n - 1] == '*')))
    {
      out[n++]= ' ';
      if (n == room)
      {
        result|= RG_REDACT_TRUNCATED;
        break;
      }
    }
    out[n++]= ch;
    i++;
  }
  if (result & RG_REDACT_CUT)
  {
    /* The room kept for " <redacted>" (RG_REDACT_MARKER_ROOM) fits it,
       unless size is smaller than the marker itself. */
    const char *m= RG_REDACT_MARKER;
    if (n && out[n - 1] != ' ' && n + 1 < size)
      out[n++]= ' ';
    for (; *m && n + 1 < size; m++)
      out[n++]= *m;
  }
  out[n]= '\0';
  if (out_len)
    *out_len= n;
  return result;
}
