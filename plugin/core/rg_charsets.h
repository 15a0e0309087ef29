/*
  replica_guard classifier, internal: what the bytes of a client character
  set mean to the lexer, and character set names (rg_charsets.c).

  The bottom layer of the classifier: it depends on nothing but the public
  rg_classify.h. Above it: the lexer (rg_lexer.h), then the two statement
  scanners (rg_scan.h).
*/
#ifndef RG_CHARSETS_H
#define RG_CHARSETS_H

#include "rg_classify.h"

#include <stddef.h>

/*
  Byte classes: the low 5 bits are the lexer state the byte starts (the
  server's state_map), F_ID marks identifier bytes (ident_map) and F_DD
  bytes that make "--" a comment (my_isspace() || my_iscntrl()), F_AN
  bytes other than ASCII letters and digits that my_isalnum() accepts (a
  host name after '@' goes on over them: swe7 only).
*/
enum
{
  X_OTHER= 0, X_SKIP, X_IDENT, X_DIGIT, X_SQUOTE, X_DQUOTE, X_BQUOTE, X_HASH,
  X_DASH, X_SLASH, X_STAR, X_SEMI, X_COLON, X_AT, X_BSLASH, X_DOT, X_NUL,
  X_XB, X_N, X_LBRACK, X_MB
};
#define X_MASK 0x1f
#define F_AN 0x20
#define F_ID 0x40
#define F_DD 0x80

/*
  The byte map (256 entries of X_* | F_*) of a class. The single-byte
  classes patch a copy of the ASCII-safe map in buf (256 bytes), which
  must live as long as the map is used.
*/
const unsigned char *rg_map_of(rg_charset cs, unsigned char *buf);

/* The multi-byte family of a class (RG_CS_SJIS, _GBK, _BIG5), or 0. */
static inline rg_charset rg_mb_of(rg_charset cs)
{
  return (cs == RG_CS_SJIS || cs == RG_CS_GBK || cs == RG_CS_BIG5) ? cs :
         RG_CS_ASCII_SAFE;
}

/*
  Length of the character at p (p < end): the server's charlen() for the
  multi-byte sets, 1 for the others (only bytes >= 0x80 form their
  multi-byte characters, and those have no lexical meaning). Returns 0 for
  an invalid sequence and -1 when the input ends inside a character.
*/
static inline int rg_charlen(rg_charset mb, const unsigned char *p,
                             const unsigned char *end)
{
  unsigned c= p[0], d;
  if (c < 0x80 || !mb)
    return 1;
  if (mb == RG_CS_SJIS && c >= 0xA1 && c <= 0xDF)
    return 1;                           /* half-width katakana */
  if (p + 1 >= end)
    return -1;
  d= p[1];
  switch (mb)
  {
  case RG_CS_SJIS:
    if (((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)) &&
        ((d >= 0x40 && d <= 0x7E) || (d >= 0x80 && d <= 0xFC)))
      return 2;
    return 0;
  case RG_CS_GBK:
    if (c >= 0x81 && c <= 0xFE &&
        ((d >= 0x40 && d <= 0x7E) || (d >= 0x80 && d <= 0xFE)))
      return 2;
    return 0;
  case RG_CS_BIG5:
    if (c >= 0xA1 && c <= 0xF9 &&
        ((d >= 0x40 && d <= 0x7E) || (d >= 0xA1 && d <= 0xFE)))
      return 2;
    return 0;
  default:
    return 1;
  }
}

/*
  The classifier's one case-insensitive comparison: p[0..n) equals
  w[0..n) when ASCII letters are folded (as the server's to_upper_lex[]
  and my_strcasecmp() of ASCII names do); no other byte is folded.
*/
static inline unsigned rg_ascii_upper(unsigned c)
{
  return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
}

static inline int rg_ascii_ieq(const unsigned char *p, const char *w,
                               size_t n)
{
  size_t i;
  for (i= 0; i < n; i++)
    if (p[i] != (unsigned char) w[i] &&
        rg_ascii_upper(p[i]) != rg_ascii_upper((unsigned char) w[i]))
      return 0;
  return 1;
}

/* What rg_charset_lookup() returns besides an rg_charset. */
#define RG_CS_NAME_UNKNOWN (-1) /* no character set of that name */
#define RG_CS_NAME_WIDE    (-2) /* ucs2, utf16, utf16le, utf32: ASCII
                                   characters have zero bytes around them */
#define RG_CS_NAME_BINARY  (-3) /* binary */

/*
  The class of the character set named p[0..n) (case-insensitive), or
  RG_CS_NAME_*. rg_charset_from_name() (rg_classify.h) and the charset
  introducers of literals (_latin1'...') read this one table.
*/
int rg_charset_lookup(const unsigned char *p, size_t n);

#endif
