/*
  replica_guard classifier: the bytes of client character sets and their
  names (rg_charsets.h).

  Byte maps are taken from the server's own tables: the ctype tables of
  strings/ctype-*.c and init_state_maps() of sql/sql_lex.cc. Single-byte
  classes differ from the ASCII-safe map in a few bytes only, so their map
  is a patched copy (rg_map_of()) rather than a table each.
*/

#include "rg_charsets.h"
#include "rg_hot.h"

#include <string.h>


/* Byte maps *************************************************************/

/*
  ASCII half, identical in the ctype tables of every character set MariaDB
  accepts as character_set_client, apart from 0x7F (a control character in
  most, patched by the classes that differ) and swe7 (RG_CS_SWE7, whose
  letters include @ [ \ ] ^ ` { | } ~: its map is patched below).
*/
#define C_ (X_OTHER | F_DD)             /* control character */
#define SP (X_SKIP | F_DD)              /* whitespace */
#define O_ X_OTHER                      /* a token of its own */
#define L_ (X_IDENT | F_ID)             /* letter, '_', '$' */
#define D_ (X_DIGIT | F_ID)
#define XB (X_XB | F_ID)                /* x X b B: x'..', b'..' */
#define NN (X_N | F_ID)                 /* n N: N'..' */
#define RG_ASCII_MAP \
  /* 0x00 */ X_NUL | F_DD, C_, C_, C_, C_, C_, C_, C_, \
  /* 0x08 */ C_, SP, SP, SP, SP, SP, C_, C_, \
  /* 0x10 */ C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, \
  /* ' ' */  SP, O_, X_DQUOTE, X_HASH, L_, O_, O_, X_SQUOTE, \
  /* '(' */  O_, O_, X_STAR, O_, O_, X_DASH, X_DOT, X_SLASH, \
  /* '0' */  D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, \
  /* ':' */  X_COLON, X_SEMI, O_, O_, O_, O_, \
  /* '@' */  X_AT, L_, XB, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, NN, L_, \
  /* 'P' */  L_, L_, L_, L_, L_, L_, L_, L_, XB, L_, L_, \
  /* '[' */  X_LBRACK, X_BSLASH, O_, O_, L_, \
  /* '`' */  X_BQUOTE, L_, XB, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, NN, \
  /* 'o' */  L_, L_, L_, L_, L_, L_, L_, L_, L_, XB, L_, L_, \
  /* '{' */  O_, O_, O_, O_, C_

#define RG_ROW8(v) v, v, v, v, v, v, v, v
#define RG_ROW32(v) RG_ROW8(v), RG_ROW8(v), RG_ROW8(v), RG_ROW8(v)

/* Bytes >= 0x80 are identifier bytes: utf8mb4 & co., and the 8-bit sets. */
static const unsigned char rg_map_ascii_safe[256]=
{
  RG_ASCII_MAP,
  RG_ROW32(X_IDENT | F_ID), RG_ROW32(X_IDENT | F_ID),
  RG_ROW32(X_IDENT | F_ID), RG_ROW32(X_IDENT | F_ID)
};

/*
  gbk and big5: every byte >= 0x80 starts an identifier (a lone byte is
  "too small" for charlen(), so init_state_maps() makes it MY_LEX_IDENT);
  scan_ident_middle() then checks the real character length.
*/
static const unsigned char rg_map_mb[256]=
{
  RG_ASCII_MAP,
  RG_ROW32(X_MB | F_ID), RG_ROW32(X_MB | F_ID),
  RG_ROW32(X_MB | F_ID), RG_ROW32(X_MB | F_ID)
};

/* sjis and cp932: as rg_map_mb, but half-width katakana 0xA1..0xDF are
   single-byte characters that are neither letters nor heads. */
static const unsigned char rg_map_sjis[256]=
{
  RG_ASCII_MAP,
  RG_ROW32(X_MB | F_ID),
  X_MB | F_ID, RG_ROW8(X_OTHER), RG_ROW8(X_OTHER), RG_ROW8(X_OTHER),
  X_OTHER, X_OTHER, X_OTHER, X_OTHER, X_OTHER, X_OTHER, X_OTHER,
  RG_ROW32(X_OTHER),
  RG_ROW32(X_MB | F_ID)
};
#undef C_
#undef SP
#undef O_
#undef L_
#undef D_
#undef XB
#undef NN

/*
  The single-byte classes: bytes >= 0x80 that are whitespace, bytes that
  are control characters (so end "--"), and whether 0x7F is one, taken from
  the ctype tables of strings/ctype-extra.c and ctype-latin1.c.
*/
typedef struct rg_cs_special
{
  unsigned char space;          /* 0 or the whitespace byte */
  unsigned char del_is_cntrl;   /* 0x7F is a control character */
  unsigned char ndd;
  unsigned char dd[40];         /* further control bytes >= 0x80 */
} rg_cs_special;

static const rg_cs_special rg_specials[RG_CS_SWE7 - RG_CS_LATIN1]=
{
  /* RG_CS_LATIN1 */   { 0xA0, 1, 0, { 0 } },
  /* RG_CS_LATIN2 */   { 0xA0, 0, 0, { 0 } },
  /* RG_CS_LATIN7 */   { 0xA0, 1, 12, { 0x81, 0x83, 0x88, 0x8A, 0x8C, 0x90,
                                        0x98, 0x9A, 0x9C, 0x9F, 0xA1, 0xA5 } },
  /* RG_CS_CP1250 */   { 0xA0, 1, 6, { 0x80, 0x81, 0x83, 0x88, 0x90, 0x98 } },
  /* RG_CS_HEBREW */   { 0xA0, 1, 2, { 0xFD, 0xFE } },
  /* RG_CS_CP852 */    { 0xFF, 0, 0, { 0 } },
  /* RG_CS_CP1251 */   { 0, 0, 0, { 0 } },
  /* RG_CS_CP850 */    { 0, 1, 1, { 0xFF } },
  /* RG_CS_HP8 */      { 0, 1, 39,
                         { 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
                           0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x8E, 0x8F,
                           0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
                           0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F,
                           0xA0, 0xB1, 0xB2, 0xF2, 0xF3, 0xF4, 0xF5, 0xFF } },
  /* RG_CS_MACROMAN */ { 0, 0, 3, { 0x80, 0xCB, 0xE5 } }
};

/*
  swe7, from ctype_swe7_swedish_ci (strings/ctype-extra.c) and
  init_state_maps() (mysys/charset.c): of its letters @ [ \ ] ^ ` { | } ~,
  those init_state_maps() gives no state of their own ([ ] ^ { } ~) start
  and continue identifiers; all of them continue a host name (my_isalnum());
  bytes >= 0x80 have no ctype bits, so each is a token of its own (which no
  rule accepts).
*/
static const unsigned char *rg_map_swe7(unsigned char *buf)
{
  static const unsigned char letters[]= { '[', ']', '^', '{', '}', '~' };
  static const unsigned char host_only[]= { '@', '\\', '`', '|' };
  unsigned i;
  memcpy(buf, rg_map_ascii_safe, 256);
  for (i= 0; i < sizeof(letters); i++)
    buf[letters[i]]= X_IDENT | F_ID | F_AN;
  for (i= 0; i < sizeof(host_only); i++)
    buf[host_only[i]]|= F_AN;
  memset(buf + 0x80, X_OTHER, 0x80);
  return buf;
}

RG_HOT
const unsigned char *rg_map_of(rg_charset cs, unsigned char *buf)
{
  const rg_cs_special *sp;
  unsigned i;
  switch (cs)
  {
  case RG_CS_SJIS:
    return rg_map_sjis;
  case RG_CS_GBK:
  case RG_CS_BIG5:
    return rg_map_mb;
  case RG_CS_SWE7:
    return rg_map_swe7(buf);
  default:
    if (cs < RG_CS_LATIN1 || cs >= RG_CS__COUNT)
      return rg_map_ascii_safe;
  }
  sp= &rg_specials[cs - RG_CS_LATIN1];
  memcpy(buf, rg_map_ascii_safe, 256);
  if (!sp->del_is_cntrl)
    buf[0x7F]= X_OTHER;
  for (i= 0; i < sp->ndd; i++)
    buf[sp->dd[i]]|= F_DD;
  if (sp->space)
    buf[sp->space]= X_SKIP | F_DD;
  return buf;
}


/* Character set names ***************************************************/

/*
  Every character set MariaDB accepts as character_set_client, and those
  an introducer may name besides (binary and the wide sets): its class.
*/
#define CS(name, cls) { name, sizeof(name) - 1, cls }
static const struct
{
  const char *name;
  unsigned char len;
  signed char cls;                      /* rg_charset or RG_CS_NAME_* */
} rg_charset_names[]=
{
  CS("ascii", RG_CS_ASCII_SAFE), CS("cp1256", RG_CS_ASCII_SAFE),
  CS("eucjpms", RG_CS_ASCII_SAFE), CS("euckr", RG_CS_ASCII_SAFE),
  CS("gb2312", RG_CS_ASCII_SAFE), CS("koi8r", RG_CS_ASCII_SAFE),
  CS("koi8u", RG_CS_ASCII_SAFE), CS("swe7", RG_CS_SWE7),
  CS("tis620", RG_CS_ASCII_SAFE), CS("ujis", RG_CS_ASCII_SAFE),
  CS("utf8", RG_CS_ASCII_SAFE), CS("utf8mb3", RG_CS_ASCII_SAFE),
  CS("utf8mb4", RG_CS_ASCII_SAFE),
  CS("sjis", RG_CS_SJIS), CS("cp932", RG_CS_SJIS), CS("gbk", RG_CS_GBK),
  CS("big5", RG_CS_BIG5),
  CS("latin1", RG_CS_LATIN1), CS("latin5", RG_CS_LATIN1),
  CS("dec8", RG_CS_LATIN1), CS("greek", RG_CS_LATIN1),
  CS("armscii8", RG_CS_LATIN1), CS("geostd8", RG_CS_LATIN1),
  CS("latin2", RG_CS_LATIN2), CS("latin7", RG_CS_LATIN7),
  CS("cp1250", RG_CS_CP1250), CS("hebrew", RG_CS_HEBREW),
  CS("cp852", RG_CS_CP852), CS("cp866", RG_CS_CP852),
  CS("keybcs2", RG_CS_CP852), CS("cp1251", RG_CS_CP1251),
  CS("cp1257", RG_CS_CP1251), CS("macce", RG_CS_CP1251),
  CS("cp850", RG_CS_CP850), CS("hp8", RG_CS_HP8),
  CS("macroman", RG_CS_MACROMAN),
  CS("binary", RG_CS_NAME_BINARY),
  CS("ucs2", RG_CS_NAME_WIDE), CS("utf16", RG_CS_NAME_WIDE),
  CS("utf16le", RG_CS_NAME_WIDE), CS("utf32", RG_CS_NAME_WIDE)
};
#undef CS

int rg_charset_lookup(const unsigned char *p, size_t n)
{
  unsigned i;
  for (i= 0; i < sizeof(rg_charset_names) / sizeof(rg_charset_names[0]); i++)
    if (rg_charset_names[i].len == n &&
        rg_ascii_ieq(p, rg_charset_names[i].name, n))
      return rg_charset_names[i].cls;
  return RG_CS_NAME_UNKNOWN;
}

rg_charset rg_charset_from_name(const char *name, size_t length)
{
  int cls;
  if (!name)
    return RG_CS_ASCII_SAFE;
  cls= rg_charset_lookup((const unsigned char *) name, length);
  return cls >= 0 ? (rg_charset) cls : RG_CS_ASCII_SAFE;
}
