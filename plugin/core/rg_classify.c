/*
  replica_guard statement classifier: implementation of rg_classify.h.

  Two layers.
  1. A lexer that reproduces the token boundaries of MariaDB 10.11's
     Lex_input_stream::lex_one_token() (sql/sql_lex.cc): whitespace and
     identifier bytes of the client character set, "#", "-- " and C comments,
     executable comments "/ *!", "/ *!NNNNN[N]", "/ *M!NNNNNN", string
     literals (get_text: backslash escapes, doubled quotes, whole multi-byte
     characters skipped), quoted identifiers (scan_ident_delimited), numbers
     (which end before "e1DO" style suffixes), "@" user variables and host
     names, and identifiers after '.' (never keywords). Keywords are only
     recognised where the server would look one up.
  2. A statement scanner on top of the tokens. It over-approximates where a
     statement can start: at the start of the packet, after ';', and after
     every token that starts a statement inside a compound statement (BEGIN,
     NOT ATOMIC, THEN, ELSE, DO, LOOP, REPEAT, a label's ':', the condition
     list of DECLARE ... HANDLER FOR, SET STATEMENT ... FOR). The guarded
     verbs CREATE, DROP, ALTER and RENAME are reserved words, so they never
     start an expression and the over-approximation cannot report a false
     positive; TRUNCATE is not reserved and is only taken for the statement
     where the tokens that follow can only be a TRUNCATE statement.

  Where the server's behaviour depends on something the options do not say,
  both readings are followed ("tracks") and the first verdict of either is
  reported: "/ *!99997 ... * /" is executed on a Galera node (WSREP) and is
  a comment elsewhere. Past RG_MAX_TRACKS such forks the remaining text is
  searched for the verb words themselves (fail closed).

  A ';' inside an executed comment separates the statements of a compound
  statement; where it would end a whole statement the server fails (the
  MY_LEX_END state returns ABORT_SYM inside the comment), so taking it as a
  statement start, as everywhere, can only over-report.

  rg_classify_access() (rg_access.h) runs a second statement scanner on the
  same lexer, described where it starts ("Access classes"): it classifies
  every statement rather than looking for some, so it tells compound
  statements' headers from ordinary statements instead of over-approximating
  statement starts, and reads "/ *!99997" as each kind of server does (two
  passes) instead of forking tracks.

  Nothing here allocates or keeps state between calls; the only sizeable
  memory is the RG_DECODE_CAP byte decoding buffer on rg_classify()'s (or
  rg_classify_access()'s) stack, shared by all nesting levels of
  PREPARE/EXECUTE IMMEDIATE literals.
*/

#include "rg_classify.h"
#include "rg_access.h"

#include <stdint.h>
#include <string.h>

/* Decoding buffer for PREPARE/EXECUTE IMMEDIATE string literals. */
#define RG_DECODE_CAP 12288
/* Literals nested deeper than this are searched for verb words instead. */
#define RG_MAX_DEPTH 4
/* Alternative tracks (see above) per text. */
#define RG_MAX_TRACKS 8
/* Tokens the statement scanner may look ahead. */
#define RG_LOOKAHEAD 12

#define RG_NPOS ((size_t) -1)

/*
  Byte classes: the low 5 bits are the lexer state the byte starts (the
  server's state_map), F_ID marks identifier bytes (ident_map) and F_DD
  bytes that make "--" a comment (my_isspace() || my_iscntrl()).
*/
enum
{
  X_OTHER= 0, X_SKIP, X_IDENT, X_DIGIT, X_SQUOTE, X_DQUOTE, X_BQUOTE, X_HASH,
  X_DASH, X_SLASH, X_STAR, X_SEMI, X_COLON, X_AT, X_BSLASH, X_DOT, X_NUL,
  X_XB, X_N, X_LBRACK, X_MB
};
#define X_MASK 0x1f
#define F_ID 0x40
#define F_DD 0x80

/*
  ASCII half, identical in the ctype tables of every character set MariaDB
  accepts as character_set_client, apart from 0x7F (a control character in
  most, patched by the classes that differ) and swe7, whose letters include
  [ ] { } ^ ~ (words there can only be longer than seen here, which can
  only turn a keyword into a syntax error).
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

static const rg_cs_special rg_specials[RG_CS__COUNT - RG_CS_LATIN1]=
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

/* Keywords the scanner needs; all other words are plain words. */
enum
{
  KW_NONE= 0,
  KW_AGGREGATE, KW_ALGORITHM, KW_ALTER, KW_ATOMIC, KW_BEGIN, KW_BINLOG,
  KW_BODY,
  KW_CALL, KW_CREATE, KW_CURRENT_ROLE, KW_CURRENT_USER, KW_DATABASE,
  KW_DEFINER, KW_DELETE, KW_DESC, KW_DESCRIBE, KW_DO, KW_DROP, KW_ELSE,
  KW_EVENT, KW_EXECUTE, KW_EXPLAIN, KW_FOR, KW_FOUND, KW_FROM, KW_FULLTEXT,
  KW_FUNCTION, KW_GROUP, KW_HANDLER, KW_IGNORE, KW_IMMEDIATE, KW_INDEX,
  KW_INSERT, KW_LOGFILE, KW_LOOP, KW_NOT, KW_NOWAIT, KW_OFFLINE, KW_ONLINE,
  KW_OR, KW_PACKAGE, KW_PREPARE, KW_PROCEDURE, KW_RENAME, KW_REPEAT,
  KW_REPLACE, KW_REUSE, KW_ROLE, KW_SCHEMA, KW_SECURITY, KW_SELECT,
  KW_SEQUENCE, KW_SERVER, KW_SET, KW_SHOW, KW_SPATIAL, KW_SQL,
  KW_SQLEXCEPTION, KW_SQLSTATE, KW_SQLWARNING, KW_STATEMENT, KW_STORAGE,
  KW_TABLE, KW_TABLES, KW_TABLESPACE, KW_TEMPORARY, KW_THEN, KW_TRIGGER,
  KW_TRUNCATE, KW_UNIQUE, KW_UPDATE, KW_USER, KW_USING, KW_VALUE,
  KW_VALUES, KW_VIEW, KW_WAIT, KW_WITH
};

typedef struct rg_keyword
{
  const char *name;             /* upper case */
  unsigned char len;
  unsigned char id;
} rg_keyword;

#define KW(s, id) { s, sizeof(s) - 1, id }
/* Sorted by first letter; rg_kw_first[] indexes the letters. */
static const rg_keyword rg_keywords[]=
{
  KW("AGGREGATE", KW_AGGREGATE), KW("ALGORITHM", KW_ALGORITHM),
  KW("ALTER", KW_ALTER), KW("ATOMIC", KW_ATOMIC),
  KW("BEGIN", KW_BEGIN), KW("BINLOG", KW_BINLOG), KW("BODY", KW_BODY),
  KW("CALL", KW_CALL), KW("CREATE", KW_CREATE),
  KW("CURRENT_ROLE", KW_CURRENT_ROLE), KW("CURRENT_USER", KW_CURRENT_USER),
  KW("DATABASE", KW_DATABASE), KW("DEFINER", KW_DEFINER),
  KW("DELETE", KW_DELETE), KW("DESC", KW_DESC), KW("DESCRIBE", KW_DESCRIBE),
  KW("DO", KW_DO), KW("DROP", KW_DROP),
  KW("ELSE", KW_ELSE), KW("EVENT", KW_EVENT), KW("EXECUTE", KW_EXECUTE),
  KW("EXPLAIN", KW_EXPLAIN),
  KW("FOR", KW_FOR), KW("FOUND", KW_FOUND), KW("FROM", KW_FROM),
  KW("FULLTEXT", KW_FULLTEXT), KW("FUNCTION", KW_FUNCTION),
  KW("GROUP", KW_GROUP),
  KW("HANDLER", KW_HANDLER),
  KW("IGNORE", KW_IGNORE), KW("IMMEDIATE", KW_IMMEDIATE),
  KW("INDEX", KW_INDEX), KW("INSERT", KW_INSERT),
  KW("LOGFILE", KW_LOGFILE), KW("LOOP", KW_LOOP),
  KW("NOT", KW_NOT), KW("NOWAIT", KW_NOWAIT),
  KW("OFFLINE", KW_OFFLINE), KW("ONLINE", KW_ONLINE), KW("OR", KW_OR),
  KW("PACKAGE", KW_PACKAGE), KW("PREPARE", KW_PREPARE),
  KW("PROCEDURE", KW_PROCEDURE),
  KW("RENAME", KW_RENAME), KW("REPEAT", KW_REPEAT), KW("REPLACE", KW_REPLACE),
  KW("REUSE", KW_REUSE), KW("ROLE", KW_ROLE),
  KW("SCHEMA", KW_SCHEMA), KW("SECURITY", KW_SECURITY),
  KW("SELECT", KW_SELECT), KW("SEQUENCE", KW_SEQUENCE),
  KW("SERVER", KW_SERVER), KW("SET", KW_SET), KW("SHOW", KW_SHOW),
  KW("SPATIAL", KW_SPATIAL), KW("SQL", KW_SQL),
  KW("SQLEXCEPTION", KW_SQLEXCEPTION), KW("SQLSTATE", KW_SQLSTATE),
  KW("SQLWARNING", KW_SQLWARNING), KW("STATEMENT", KW_STATEMENT),
  KW("STORAGE", KW_STORAGE),
  KW("TABLE", KW_TABLE), KW("TABLES", KW_TABLES),
  KW("TABLESPACE", KW_TABLESPACE), KW("TEMPORARY", KW_TEMPORARY),
  KW("THEN", KW_THEN), KW("TRIGGER", KW_TRIGGER), KW("TRUNCATE", KW_TRUNCATE),
  KW("UNIQUE", KW_UNIQUE), KW("UPDATE", KW_UPDATE), KW("USER", KW_USER),
  KW("USING", KW_USING),
  KW("VALUE", KW_VALUE), KW("VALUES", KW_VALUES), KW("VIEW", KW_VIEW),
  KW("WAIT", KW_WAIT), KW("WITH", KW_WITH)
};
#undef KW

/* rg_keywords[rg_kw_first[c - 'A'] .. rg_kw_first[c - 'A' + 1]) */
static const unsigned char rg_kw_first[27]=
{
  0, 4, 7, 11, 18, 22, 27, 28, 29, 33, 33, 33, 35, 35, 37, 40, 43, 43,
  48, 62, 69, 73, 76, 78, 78, 78, 78
};

/* Token types. */
enum
{
  T_EOF= 0,
  T_WORD,       /* unquoted word looked up as a keyword (kw may be 0) */
  T_IDENT,      /* unquoted identifier never taken as a keyword */
  T_QIDENT,     /* `quoted`, "quoted" (ANSI_QUOTES), [quoted] */
  T_STRING,     /* '...' or "..." */
  T_NSTRING,    /* N'...' */
  T_NUM,        /* number */
  T_HEX,        /* X'..', 0x.., B'..', 0b.. */
  T_HOST,       /* the name after '@' (LEX_HOSTNAME) */
  T_CHAR,       /* any other single token: ch */
  T_ERR         /* what the server rejects as ABORT_SYM */
};

/* T_CHAR values of the two-byte tokens that matter */
#define CH_SETVAR 0xFF          /* ":=" */
#define CH_DOT_DOT 0xFE         /* ".." */

typedef struct rg_tok
{
  unsigned char type;
  unsigned char ch;     /* T_CHAR: the byte or CH_*; quote of literals */
  unsigned char kw;     /* T_WORD: KW_* */
  size_t off;
  size_t len;
} rg_tok;

/* The lexer's next_state, where it matters. */
enum
{
  NS_START= 0,
  NS_IDENT_SEP,         /* a '.' right after an identifier */
  NS_QUALIFIED,         /* an identifier right after that '.' */
  NS_HOSTNAME,          /* the name after '@' */
  NS_SYSVAR,            /* the second '@' of "@@" */
  NS_SYSVAR_NAME        /* the name after "@@": a keyword is looked up */
};

/* Where a track starts. */
typedef struct rg_track
{
  size_t pos;
  unsigned char discard;
} rg_track;

typedef struct rg_scanner rg_scanner;

typedef struct rg_lexer
{
  const unsigned char *s;
  size_t n;
  size_t pos;
  const unsigned char *map;
  rg_charset mb;                /* RG_CS_SJIS, _GBK, _BIG5 or 0 */
  unsigned char ansi_quotes;
  unsigned char backslash;      /* backslash escapes in strings */
  unsigned char discard;        /* inside an executed comment */
  unsigned char next;           /* NS_* */
  unsigned char wsrep;          /* RG_WSREP_*: reading of "/ *!99997" */
  unsigned char saw_wsrep;      /* a "/ *!99997" comment was met */
  unsigned long version;
  rg_scanner *owner;            /* receives alternative tracks */
} rg_lexer;

/*
  How the lexer reads "/ *!99997 ... * /": both ways (a track per comment,
  for rg_classify()), or as a Galera node does (executed) or as any other
  server does (skipped), for the two passes of rg_classify_access().
*/
enum { RG_WSREP_FORK= 0, RG_WSREP_ON, RG_WSREP_OFF };

/* Statement-level state of a track. */
enum { START_NONE= 0, START_LENIENT, START_STRICT };
enum { H_NONE= 0, H_SAW, H_COND, H_AFTER };

typedef struct rg_stmt
{
  unsigned char start;          /* the next token may start a statement */
  unsigned char set_stmt;       /* after SET STATEMENT: any FOR may start */
  unsigned char handler;        /* DECLARE ... HANDLER FOR conditions */
  size_t stmt_off;              /* where the current statement starts */
} rg_stmt;

/* A candidate verdict and whether its statement end is still unknown. */
typedef struct rg_cand
{
  int have;
  int open;
  rg_verdict v;
} rg_cand;

struct rg_scanner
{
  const rg_classify_options *opt;
  const unsigned char *s;
  size_t n;
  rg_charset cs;
  unsigned char *dbuf;          /* free part of the decoding buffer */
  size_t dcap;
  int depth;                    /* literal nesting level; 0: the packet */
  rg_lexer L;
  rg_tok q[RG_LOOKAHEAD];
  unsigned qh, qn;
  unsigned long ntok;           /* tokens taken on this track */
  unsigned track;               /* 0: the main track */
  rg_track alt[RG_MAX_TRACKS];
  unsigned nalt;
  size_t raw_from;              /* RG_NPOS, or where forks overflowed */
  rg_cand stat;                 /* a static verb: final */
  rg_cand dyn;                  /* first RG_DYN_EXPRESSION / _TOO_LONG */
  rg_cand var;                  /* first RG_DYN_VARIABLE */
  int first_simple;             /* first statement cannot hide another */
};


/* Character classes and keywords ****************************************/

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

/*
  Keyword id of the word p[0..n), or KW_NONE. The server folds case with
  to_upper_lex[], which only maps ASCII letters; inside a word the only
  bytes are letters, digits, '_', '$' and bytes >= 0x80, so "& 0xDF" folds
  letters and maps no other word byte to a letter or '_'.
*/
static unsigned rg_keyword_id(const unsigned char *p, size_t n)
{
  /* bit (c - 'A') of [n]: some keyword of length n starts with c */
  static const unsigned first_letters[13]=
  {
    0x0, 0x0, 0x4008, 0x42020, 0x7E083E, 0x3A0173, 0x3E610F, 0xEC898,
    0xC0028, 0xC8101, 0xC0000, 0x0, 0x40004
  };
  unsigned c0, i, end;
  if (n < 2 || n > 12)
    return KW_NONE;
  c0= p[0] & 0xDF;
  if (c0 < 'A' || c0 > 'Z' || !(first_letters[n] >> (c0 - 'A') & 1))
    return KW_NONE;
  end= rg_kw_first[c0 - 'A' + 1];
  for (i= rg_kw_first[c0 - 'A']; i < end; i++)
  {
    const rg_keyword *k= &rg_keywords[i];
    size_t j;
    if (k->len != n)
      continue;
    for (j= 1; j < n && (unsigned) (p[j] & 0xDF) == (unsigned char) k->name[j];
         j++)
      ;
    if (j == n)
      return k->id;
  }
  return KW_NONE;
}

/*
  Length of the character at p (p < end): the server's charlen() for the
  multi-byte sets, 1 for the others (only bytes >= 0x80 form their
  multi-byte characters, and those have no lexical meaning). Returns 0 for
  an invalid sequence and -1 when the input ends inside a character.
*/
static int rg_charlen(rg_charset mb, const unsigned char *p,
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

/* The multi-byte family of a class, or 0. */
static rg_charset rg_mb_of(rg_charset cs)
{
  return (cs == RG_CS_SJIS || cs == RG_CS_GBK || cs == RG_CS_BIG5) ? cs :
         RG_CS_ASCII_SAFE;
}

/*
  The byte map of a class. The single-byte classes patch a copy of the
  ASCII-safe map in *buf (a few bytes: cheaper than a table per class).
*/
static const unsigned char *rg_map_of(rg_charset cs, unsigned char *buf)
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


/* Lexer *****************************************************************/

static void rg_push_track(rg_scanner *S, size_t pos, int discard);

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
  t->kw= (unsigned char) rg_keyword_id(s + start, p - start);
  return p;
}

/*
  One token, as lex_one_token() delimits it. Comments are skipped;
  executable comments are entered (their content is lexed) exactly when
  the server executes them.
*/
static void rg_lex(rg_lexer *L, rg_tok *t)
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
      t->kw= (unsigned char) rg_keyword_id(s + start, p - start);
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
    while (p < n && (rg_isalnum(c= s[p]) || c == '.' || c == '_' || c == '$'))
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
          break;        /* the quote is returned alone, lexing resumes after it */
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
              if (e != RG_NPOS && L->owner)
                rg_push_track(L->owner, e, L->discard);
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


/* 4 bytes, letters folded to upper case. */
static unsigned rg_load4(const unsigned char *p)
{
  return ((unsigned) p[0] | (unsigned) p[1] << 8 | (unsigned) p[2] << 16 |
          (unsigned) p[3] << 24) & 0xDFDFDFDFu;
}

#define RG_W4(a, b, c, d) \
  ((unsigned) (a) | (unsigned) (b) << 8 | (unsigned) (c) << 16 | \
   (unsigned) (d) << 24)

/*
  Whether the word p[0..n) is THEN ELSE DO BEGIN LOOP REPEAT HANDLER or,
  with for_too, FOR: the words after which a statement may start.
*/
static int rg_trigger_word(const unsigned char *p, size_t n, int for_too)
{
  switch (n)
  {
  case 2:
    return (p[0] & 0xDF) == 'D' && (p[1] & 0xDF) == 'O';
  case 3:
    return for_too && (p[0] & 0xDF) == 'F' && (p[1] & 0xDF) == 'O' &&
           (p[2] & 0xDF) == 'R';
  case 4:
    {
      unsigned w= rg_load4(p);
      return w == RG_W4('T', 'H', 'E', 'N') || w == RG_W4('E', 'L', 'S', 'E') ||
             w == RG_W4('L', 'O', 'O', 'P');
    }
  case 5:
    return rg_load4(p) == RG_W4('B', 'E', 'G', 'I') && (p[4] & 0xDF) == 'N';
  case 6:
    return rg_load4(p) == RG_W4('R', 'E', 'P', 'E') &&
           (p[4] & 0xDF) == 'A' && (p[5] & 0xDF) == 'T';
  case 7:
    return rg_load4(p) == RG_W4('H', 'A', 'N', 'D') &&
           (p[4] & 0xDF) == 'L' && (p[5] & 0xDF) == 'E' &&
           (p[6] & 0xDF) == 'R';
  default:
    return 0;
  }
}

/*
  Skips, without building tokens, what cannot matter while no statement
  start is pending: whitespace, punctuation, numbers, literals, quoted
  identifiers and words other than the keywords that start statements
  (THEN ELSE DO BEGIN LOOP REPEAT HANDLER, and FOR when for_too). Stops,
  leaving it to rg_lex(), before anything else (comments, ';', ':', '.',
  '@', unusual literals, the end). This is the hot path of long statements.
*/
static void rg_fast_skip(rg_lexer *L, int for_too)
{
  const unsigned char *s= L->s, *map= L->map;
  size_t n= L->n, p= L->pos, e;
  if (L->next != NS_START)
    return;
  for (;;)
  {
    unsigned c, cls;
    /* whitespace and punctuation: X_OTHER and X_SKIP */
    while (p < n && (cls= map[s[p]] & X_MASK) <= X_SKIP)
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
        if (rg_trigger_word(s + p, e - p, for_too))
          break;
        p= e;
        continue;
      }
      /* fall through */
    case X_MB:
      {
        rg_tok t;
        e= rg_lex_word(L, &t, p);
        if (t.type == T_WORD && rg_trigger_word(s + p, e - p, for_too))
          break;
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


/* Statement scanner *****************************************************/

static void rg_scan_text(const rg_classify_options *opt, const unsigned char *s,
                         size_t n, rg_charset cs, unsigned char *dbuf,
                         size_t dcap, int depth, rg_scanner *S);

/*
  Queues the other reading of a fork at pos. Inside a decoded literal the
  rest is searched for verb words instead, so that forks of nested texts do
  not multiply (the work stays linear with a small factor).
*/
static void rg_push_track(rg_scanner *S, size_t pos, int discard)
{
  if (S->nalt < RG_MAX_TRACKS && S->depth == 0)
  {
    rg_track *a= &S->alt[S->nalt++];
    a->pos= pos;
    a->discard= (unsigned char) discard;
  }
  else if (S->raw_from == RG_NPOS || pos < S->raw_from)
    S->raw_from= pos;
}

/* The k-th token ahead (k < RG_LOOKAHEAD). */
static const rg_tok *rg_peek(rg_scanner *S, unsigned k)
{
  while (S->qn <= k)
  {
    rg_lex(&S->L, &S->q[(S->qh + S->qn) % RG_LOOKAHEAD]);
    S->qn++;
  }
  return &S->q[(S->qh + k) % RG_LOOKAHEAD];
}

static void rg_next(rg_scanner *S, rg_tok *t)
{
  if (S->qn)
  {
    *t= S->q[S->qh];
    S->qh= (S->qh + 1) % RG_LOOKAHEAD;
    S->qn--;
  }
  else
    rg_lex(&S->L, t);
  S->ntok++;
}

static void rg_skip(rg_scanner *S, unsigned k)
{
  rg_tok t;
  while (k--)
    rg_next(S, &t);
}

static int rg_is_char(const rg_tok *t, unsigned ch)
{
  return t->type == T_CHAR && t->ch == ch;
}

static int rg_is_kw(const rg_tok *t, unsigned kw)
{
  return t->type == T_WORD && t->kw == kw;
}

/* The end of a statement: ';' or the end of the text. */
static int rg_is_end(const rg_tok *t)
{
  return t->type == T_EOF || rg_is_char(t, ';');
}

/* An identifier, quoted or not (keywords included: best effort). */
static int rg_is_name(const rg_tok *t)
{
  return t->type == T_WORD || t->type == T_IDENT || t->type == T_QIDENT;
}

static int rg_wanted(const rg_scanner *S, rg_verb verb)
{
  return (S->opt->verbs & RG_VERB_BIT(verb)) != 0;
}

/* Sets the end of open candidates at a statement end at pos. */
static void rg_close_cands(rg_scanner *S, size_t pos)
{
  rg_cand *c[2];
  unsigned i;
  c[0]= &S->dyn;
  c[1]= &S->var;
  for (i= 0; i < 2; i++)
    if (c[i]->have && c[i]->open)
    {
      c[i]->open= 0;
      c[i]->v.stmt_length= pos - c[i]->v.stmt_offset;
    }
}

/* Consumes the rest of the statement; its end. */
static size_t rg_stmt_end(rg_scanner *S)
{
  rg_tok t;
  for (;;)
  {
    rg_next(S, &t);
    if (rg_is_end(&t))
      return t.off;
  }
}

/* [=] value after ALGORITHM / SQL SECURITY: skipped. */
static void rg_skip_option_value(rg_scanner *S)
{
  if (rg_is_char(rg_peek(S, 0), '='))
    rg_skip(S, 1);
  if (rg_peek(S, 0)->type != T_EOF)
    rg_skip(S, 1);
}

/* DEFINER = user | CURRENT_USER [()] | CURRENT_ROLE: skipped. */
static void rg_skip_definer(rg_scanner *S)
{
  const rg_tok *t;
  if (rg_is_char(rg_peek(S, 0), '='))
    rg_skip(S, 1);
  t= rg_peek(S, 0);
  if (rg_is_kw(t, KW_CURRENT_USER))
  {
    rg_skip(S, 1);
    if (rg_is_char(rg_peek(S, 0), '(') && rg_is_char(rg_peek(S, 1), ')'))
      rg_skip(S, 2);
    return;
  }
  if (rg_is_kw(t, KW_CURRENT_ROLE))
  {
    rg_skip(S, 1);
    return;
  }
  if (!rg_is_name(t) && t->type != T_STRING)
    return;
  rg_skip(S, 1);
  if (!rg_is_char(rg_peek(S, 0), '@'))
    return;
  rg_skip(S, 1);
  t= rg_peek(S, 0);
  if (rg_is_name(t) || t->type == T_STRING || t->type == T_HOST)
    rg_skip(S, 1);
}

/*
  The object of a guarded statement, from the tokens after its verb. Sets
  *deallocate for DROP PREPARE (DEALLOCATE PREPARE: not guarded).
*/
static rg_object rg_parse_object(rg_scanner *S, rg_verb verb, int *deallocate)
{
  int temporary= 0;
  *deallocate= 0;
  if (verb == RG_VERB_TRUNCATE)
    return RG_OBJ_TABLE;
  for (;;)
  {
    const rg_tok *t= rg_peek(S, 0);
    if (t->type != T_WORD)
      return RG_OBJ_UNKNOWN;
    rg_skip(S, 1);
    switch (t->kw)
    {
    case KW_OR:
      if (rg_is_kw(rg_peek(S, 0), KW_REPLACE))
        rg_skip(S, 1);
      continue;
    case KW_TEMPORARY:
      temporary= 1;
      continue;
    case KW_UNIQUE: case KW_FULLTEXT: case KW_SPATIAL: case KW_ONLINE:
    case KW_OFFLINE: case KW_AGGREGATE: case KW_IGNORE:
      continue;
    case KW_ALGORITHM:
      rg_skip_option_value(S);
      continue;
    case KW_SQL:
      if (rg_is_kw(rg_peek(S, 0), KW_SECURITY))
      {
        rg_skip(S, 1);
        rg_skip_option_value(S);
      }
      continue;
    case KW_DEFINER:
      rg_skip_definer(S);
      continue;
    case KW_PREPARE:
      *deallocate= verb == RG_VERB_DROP;
      return RG_OBJ_UNKNOWN;
    case KW_TABLE: case KW_TABLES:
      return temporary && verb != RG_VERB_RENAME ? RG_OBJ_TEMPORARY_TABLE :
             RG_OBJ_TABLE;
    case KW_DATABASE: case KW_SCHEMA:
      return RG_OBJ_DATABASE;
    case KW_INDEX:
      return RG_OBJ_INDEX;
    case KW_VIEW:
      return RG_OBJ_VIEW;
    case KW_PROCEDURE:
      return RG_OBJ_PROCEDURE;
    case KW_FUNCTION:
      return RG_OBJ_FUNCTION;
    case KW_TRIGGER:
      return RG_OBJ_TRIGGER;
    case KW_EVENT:
      return RG_OBJ_EVENT;
    case KW_SEQUENCE:
      return RG_OBJ_SEQUENCE;
    case KW_USER:
      return RG_OBJ_USER;
    case KW_ROLE:
      return RG_OBJ_ROLE;
    case KW_SERVER:
      return RG_OBJ_SERVER;
    case KW_TABLESPACE:
      return RG_OBJ_TABLESPACE;
    case KW_PACKAGE:
      if (rg_is_kw(rg_peek(S, 0), KW_BODY))
      {
        rg_skip(S, 1);
        return RG_OBJ_PACKAGE_BODY;
      }
      return RG_OBJ_PACKAGE;
    case KW_LOGFILE:
      if (rg_is_kw(rg_peek(S, 0), KW_GROUP))
        rg_skip(S, 1);
      return RG_OBJ_LOGFILE_GROUP;
    default:
      return RG_OBJ_UNKNOWN;
    }
  }
}

/* Records the guarded statement s[off..end) (the scan ends). */
static void rg_found(rg_scanner *S, rg_verb verb, rg_object obj, size_t off,
                     size_t end)
{
  S->stat.have= 1;
  memset(&S->stat.v, 0, sizeof(S->stat.v));
  S->stat.v.verb= verb;
  S->stat.v.object= obj;
  S->stat.v.dynamic= RG_DYN_NONE;
  S->stat.v.stmt_offset= off;
  S->stat.v.stmt_length= end - off;
}

/*
  Reports the statement whose verb token is t (already taken); returns 1
  when it is guarded (the scan ends), 0 for DROP PREPARE.
*/
static int rg_report(rg_scanner *S, const rg_tok *t, rg_verb verb,
                     const rg_stmt *st)
{
  int deallocate;
  rg_object obj= rg_parse_object(S, verb, &deallocate);
  size_t off= st->set_stmt ? st->stmt_off : t->off;
  if (deallocate)
    return 0;
  rg_found(S, verb, obj, off, rg_stmt_end(S));
  return 1;
}

/*
  TRUNCATE at a statement start: the statement unless '(' follows (the
  function). Where the start is only possible (strict), the tokens must
  read TRUNCATE [TABLE] table_ident [WAIT n | NOWAIT]
  [DROP STORAGE | REUSE STORAGE] and the statement end, as sql_yacc.yy has
  it: a column named truncate in a CASE expression does not match.
*/
static int rg_truncate_statement(rg_scanner *S, int strict)
{
  const rg_tok *t= rg_peek(S, 0);
  unsigned k= 0;
  if (rg_is_char(t, '('))
    return 0;
  if (!strict)
    return 1;
  if (rg_is_kw(t, KW_TABLE))
    k++;
  if (rg_is_char(rg_peek(S, k), '.'))
    k++;
  else
  {
    if (!rg_is_name(rg_peek(S, k)))
      return 0;
    k++;
    if (!rg_is_char(rg_peek(S, k), '.'))
      goto options;
    k++;
  }
  if (!rg_is_name(rg_peek(S, k)))
    return 0;
  k++;
options:
  t= rg_peek(S, k);
  if (rg_is_kw(t, KW_WAIT))
  {
    t= rg_peek(S, k + 1);
    if (t->type != T_NUM && t->type != T_HEX)
      return 0;
    k+= 2;
  }
  else if (rg_is_kw(t, KW_NOWAIT))
    k++;
  t= rg_peek(S, k);
  if ((rg_is_kw(t, KW_DROP) || rg_is_kw(t, KW_REUSE)) &&
      rg_is_kw(rg_peek(S, k + 1), KW_STORAGE))
    k+= 2;
  return rg_is_end(rg_peek(S, k));
}

/* A user variable's name within the input (without '@' and quotes). */
typedef struct rg_var
{
  size_t off, len;
  int quoted;
} rg_var;

/*
  The token after '@' as a user variable name: 1 and *v, or 0 when it is no
  name this reader follows.
*/
static int rg_var_name(const rg_scanner *S, const rg_tok *name, rg_var *v)
{
  if (name->type == T_HOST)
  {
    v->off= name->off;
    v->len= name->len;
    v->quoted= 0;
    /* my_isalnum() of a following byte >= 0x80 is charset specific */
    return v->len > 0 &&
           (v->off + v->len >= S->n || S->s[v->off + v->len] < 0x80);
  }
  if (name->type == T_STRING || name->type == T_QIDENT)
  {
    v->off= name->off + 1;
    v->len= name->len - 2;
    v->quoted= 1;
    return 1;
  }
  return 0;
}

/*
  Records a dynamic verdict (only when RG_VERB_DYNAMIC is wanted), with the
  names it needs resolved: var (RG_DYN_VARIABLE, RG_DYN_PREPARED,
  RG_DYN_BINLOG) and var2 (RG_DYN_BINLOG), or NULL.
*/
static void rg_dynamic(rg_scanner *S, rg_dynamic_kind kind, size_t stmt_off,
                       const rg_var *var, const rg_var *var2)
{
  rg_cand *c= var ? &S->var : &S->dyn;
  if (!rg_wanted(S, RG_VERB_DYNAMIC) || c->have)
    return;
  c->have= 1;
  c->open= 1;
  memset(&c->v, 0, sizeof(c->v));
  c->v.verb= RG_VERB_DYNAMIC;
  c->v.dynamic= kind;
  c->v.stmt_offset= stmt_off;
  c->v.stmt_length= S->n - stmt_off;
  if (var)
  {
    c->v.var_offset= var->off;
    c->v.var_length= var->len;
    c->v.var_quoted= (unsigned char) var->quoted;
  }
  if (var2)
  {
    c->v.var2_offset= var2->off;
    c->v.var2_length= var2->len;
    c->v.var_quoted|= (unsigned char) var2->quoted;
  }
}

/* Case-insensitive ASCII prefix test of p[0..n) against upper-case w. */
static int rg_word_at(const unsigned char *p, size_t n, const char *w)
{
  size_t i;
  for (i= 0; w[i]; i++)
    if (i >= n || (p[i] & 0xDF) != (unsigned char) w[i])
      return 0;
  return 1;
}

/*
  Fail-closed search of s[from..n) for the verb words themselves, wherever
  they are, for text whose tokens cannot be known. A verb in opt->verbs is
  reported as such; PREPARE or EXECUTE as dynamic SQL, or, when that is not
  wanted, as the first wanted static verb (the text they run is unknown).
*/
static int rg_raw_search(rg_scanner *S, size_t from, size_t stmt_off,
                         int use_stmt_off)
{
  static const struct { const char *w; rg_verb verb; } words[]=
  {
    { "CREATE", RG_VERB_CREATE }, { "DROP", RG_VERB_DROP },
    { "ALTER", RG_VERB_ALTER }, { "RENAME", RG_VERB_RENAME },
    { "TRUNCATE", RG_VERB_TRUNCATE }, { "PREPARE", RG_VERB_DYNAMIC },
    { "EXECUTE", RG_VERB_DYNAMIC }
  };
  size_t i;
  unsigned j;
  for (i= from; i < S->n; i++)
  {
    unsigned c= S->s[i] & 0xDF;
    if (c != 'C' && c != 'D' && c != 'A' && c != 'R' && c != 'T' &&
        c != 'P' && c != 'E')
      continue;
    for (j= 0; j < sizeof(words) / sizeof(words[0]); j++)
    {
      rg_verb verb= words[j].verb;
      size_t off= use_stmt_off ? stmt_off : i;
      if (!rg_word_at(S->s + i, S->n - i, words[j].w))
        continue;
      if (verb == RG_VERB_DYNAMIC)
      {
        if (rg_wanted(S, RG_VERB_DYNAMIC))
        {
          rg_dynamic(S, RG_DYN_EXPRESSION, off, NULL, NULL);
          S->dyn.open= 0;
          continue;
        }
        for (verb= RG_VERB_CREATE; verb <= RG_VERB_TRUNCATE; verb++)
          if (rg_wanted(S, verb))
            break;
        if (verb > RG_VERB_TRUNCATE)
          continue;
      }
      else if (!rg_wanted(S, verb))
        continue;
      rg_found(S, verb, RG_OBJ_UNKNOWN, off, S->n);
      return 1;
    }
  }
  return 0;
}

/* p[0..n) is the lower-case name, ignoring the case of ASCII letters. */
static int rg_name_is(const unsigned char *p, size_t n, const char *name)
{
  size_t i;
  for (i= 0; i < n && name[i]; i++)
  {
    unsigned c= p[i];
    if (c >= 'A' && c <= 'Z')
      c|= 0x20;
    if (c != (unsigned char) name[i])
      return 0;
  }
  return i == n && !name[i];
}

/*
  The class of a charset introducer _name: -1 for a name that is no
  character set (the server reads an identifier), -2 for ucs2, utf16,
  utf16le and utf32, whose ASCII characters have zero bytes around them.
*/
static int rg_introducer_class(const unsigned char *p, size_t n, int *binary)
{
  static const char *const known[]=
  {
    "ascii", "cp1256", "eucjpms", "euckr", "gb2312", "koi8r", "koi8u",
    "swe7", "tis620", "ujis", "utf8", "utf8mb3", "utf8mb4",
    "sjis", "cp932", "gbk", "big5", "latin1", "latin5", "dec8", "greek",
    "armscii8", "geostd8", "latin2", "latin7", "cp1250", "hebrew", "cp852",
    "cp866", "keybcs2", "cp1251", "cp1257", "macce", "cp850", "hp8",
    "macroman"
  };
  static const char *const wide[]= { "ucs2", "utf16", "utf16le", "utf32" };
  unsigned i;
  *binary= rg_name_is(p, n, "binary");
  if (*binary)
    return RG_CS_ASCII_SAFE;
  for (i= 0; i < sizeof(wide) / sizeof(wide[0]); i++)
    if (rg_name_is(p, n, wide[i]))
      return -2;
  for (i= 0; i < sizeof(known) / sizeof(known[0]); i++)
    if (rg_name_is(p, n, known[i]))
      return (int) rg_charset_from_name((const char *) p, n);
  return -1;
}

/*
  my_unescape() of the literal token t into S->dbuf at *len; 1 when it did
  not fit (the prefix is kept).
*/
static int rg_decode(rg_scanner *S, const rg_tok *t, size_t *len)
{
  const unsigned char *p= S->s + t->off + (t->type == T_NSTRING ? 2 : 1);
  const unsigned char *end= S->s + t->off + t->len - 1;
  unsigned char *to= S->dbuf + *len, *to_end= S->dbuf + S->dcap;
  unsigned sep= t->ch;
  int full= 0;
  for (; p < end; p++)
  {
    unsigned c= *p;
    int l;
    if (to >= to_end)
    {
      full= 1;
      break;
    }
    if (c >= 0x80 && S->L.mb && (l= rg_charlen(S->L.mb, p, end)) > 1)
    {
      while (l-- && to < to_end)
        *to++= *p++;
      p--;
      continue;
    }
    if (S->L.backslash && c == '\\' && p + 1 != end)
    {
      c= *++p;
      switch (c)
      {
      case 'n': c= '\n'; break;
      case 't': c= '\t'; break;
      case 'r': c= '\r'; break;
      case 'b': c= '\b'; break;
      case '0': c= 0; break;
      case 'Z': c= 032; break;
      case '_': case '%':
        *to++= '\\';
        if (to >= to_end)
        {
          full= 1;
          goto done;
        }
        break;
      default:
        break;
      }
      *to++= (unsigned char) c;
    }
    else if (c == sep)
      *to++= *p++;                      /* doubled quote */
    else
      *to++= (unsigned char) c;
  }
done:
  *len= (size_t) (to - S->dbuf);
  return full;
}

/* A literal text of PREPARE ... FROM / EXECUTE IMMEDIATE, decoded. */
typedef struct rg_literal
{
  size_t len;                   /* decoded bytes at S->dbuf */
  int cls;                      /* class to lex them in; -1: not lexed */
  int full;                     /* only a prefix fitted in S->dbuf */
  int more;                     /* more than the literals before the end
                                   (or USING of EXECUTE IMMEDIATE) */
} rg_literal;

/*
  The text of PREPARE ... FROM / EXECUTE IMMEDIATE (the tokens after FROM /
  IMMEDIATE), for both scanners. When it is [_charset] 'literal'
  ['literal' ...] or N'literal' [...], takes the literals, decodes them
  into S->dbuf and returns 1; returns 0, taking nothing, for any other
  text (a user variable, an expression, an _name that is no character
  set). lit->cls is -1 where the decoded text is not to be lexed: it came
  from ucs2, utf16, utf16le or utf32 (its zero bytes are dropped, so the
  ASCII words survive), its conversion to character_set_client is not
  known here, or it is nested RG_MAX_DEPTH deep.
*/
static int rg_literal_text(rg_scanner *S, int execute, rg_literal *lit)
{
  const rg_tok *t= rg_peek(S, 0);
  const rg_tok *e;
  int cls, binary= 0, converted= 0, have_high= 0, wide= 0;
  size_t i;

  cls= S->cs;
  if ((t->type == T_WORD || t->type == T_IDENT) && t->len > 1 &&
      S->s[t->off] == '_' && rg_peek(S, 1)->type == T_STRING)
  {
    cls= rg_introducer_class(S->s + t->off + 1, t->len - 1, &binary);
    if (cls == -1)
      return 0;
    if (cls == -2)
      wide= 1;
    else if (binary)
      cls= S->cs;                       /* _binary is not converted */
    else
      converted= 1;
    rg_skip(S, 1);
  }
  else if (t->type == T_NSTRING)
  {
    cls= RG_CS_ASCII_SAFE;              /* utf8mb3 */
    converted= 1;
  }
  else if (t->type != T_STRING)
    return 0;
  lit->len= 0;
  lit->full= 0;
  do
  {
    rg_tok l;
    rg_next(S, &l);
    if (!lit->full)
      lit->full= rg_decode(S, &l, &lit->len);
  } while (rg_peek(S, 0)->type == T_STRING);

  e= rg_peek(S, 0);
  lit->more= !rg_is_end(e) && !(execute && rg_is_kw(e, KW_USING));

  for (i= 0; i < lit->len && !have_high; i++)
    have_high= S->dbuf[i] >= 0x80;
  if (wide)
  {
    /*
      Converted from two or four bytes per character: the ASCII characters
      of the result are the non-zero bytes of theirs, so the words sought
      survive dropping the zero bytes.
    */
    size_t o= 0;
    for (i= 0; i < lit->len; i++)
      if (S->dbuf[i])
        S->dbuf[o++]= S->dbuf[i];
    lit->len= o;
    cls= -1;
  }
  else if (converted)
  {
    /*
      The value is converted from the introducer's set to
      character_set_client before it is parsed: ASCII stays ASCII and the
      introducer's multi-byte structure decides where characters are. In
      a client set where some byte >= 0x80 is whitespace or a control
      character, what the converted characters become is not known here.
    */
    if (!have_high)
      cls= S->cs;
    else if (S->cs >= RG_CS_LATIN1)
      cls= -1;
    else
      cls= rg_mb_of((rg_charset) cls);
  }
  lit->cls= S->depth + 1 >= RG_MAX_DEPTH ? -1 : cls;
  return 1;
}

/*
  The text of PREPARE ... FROM / EXECUTE IMMEDIATE (the tokens after FROM /
  IMMEDIATE). first: the statement is the first of the packet, so a user
  variable read now has the value the statement will use. Returns 1 when a
  guarded static verb was found in a literal.
*/
static int rg_dynamic_source(rg_scanner *S, size_t stmt_off, int execute,
                             int first)
{
  const rg_tok *t= rg_peek(S, 0);
  rg_literal lit;
  rg_scanner inner;

  if (rg_is_char(t, '@'))
  {
    rg_var v;
    int ok= rg_var_name(S, rg_peek(S, 1), &v);
    const rg_tok *e= rg_peek(S, ok ? 2 : 1);
    if (ok && (rg_is_end(e) || (execute && rg_is_kw(e, KW_USING))) &&
        first && S->depth == 0)
      rg_dynamic(S, RG_DYN_VARIABLE, stmt_off, &v, NULL);
    else
      rg_dynamic(S, RG_DYN_EXPRESSION, stmt_off, NULL, NULL);
    return 0;
  }
  if (!rg_literal_text(S, execute, &lit))
  {
    rg_dynamic(S, RG_DYN_EXPRESSION, stmt_off, NULL, NULL);
    return 0;
  }
  if (lit.more)
    rg_dynamic(S, RG_DYN_EXPRESSION, stmt_off, NULL, NULL);

  if (lit.cls < 0)
  {
    /* searched for the words themselves: reported at this statement */
    memset(&inner, 0, sizeof(inner));
    inner.opt= S->opt;
    inner.s= S->dbuf;
    inner.n= lit.len;
    rg_raw_search(&inner, 0, 0, 0);
  }
  else
    rg_scan_text(S->opt, S->dbuf, lit.len, (rg_charset) lit.cls,
                 S->dbuf + lit.len, S->dcap - lit.len, S->depth + 1, &inner);
  if (inner.stat.have)
  {
    S->stat= inner.stat;
    S->stat.v.stmt_offset= stmt_off;
    S->stat.v.stmt_length= rg_stmt_end(S) - stmt_off;
    return 1;
  }
  if (inner.dyn.have)
    rg_dynamic(S, inner.dyn.v.dynamic, stmt_off, NULL, NULL);
  else if (inner.var.have)
    rg_dynamic(S, RG_DYN_EXPRESSION, stmt_off, NULL, NULL);
  /*
    A prepared statement is one statement; a prefix decides when its
    first statement is a complete keyword that starts no other one (never
    for a text searched for the words).
  */
  if (lit.full && !inner.first_simple)
    rg_dynamic(S, RG_DYN_TOO_LONG, stmt_off, NULL, NULL);
  return 0;
}

/*
  After PREPARE or EXECUTE (taken), for both scanners: takes "name FROM"
  of PREPARE name FROM text or "IMMEDIATE" of EXECUTE IMMEDIATE text and
  returns 1 (the text is next); 0, taking nothing, for anything else.
*/
static int rg_dynamic_head(rg_scanner *S, int execute)
{
  const rg_tok *n= rg_peek(S, 0);
  if (execute)
  {
    if (!rg_is_kw(n, KW_IMMEDIATE))
      return 0;
    rg_skip(S, 1);
    return 1;
  }
  if (!rg_is_name(n) || rg_is_kw(n, KW_FROM) ||
      !rg_is_kw(rg_peek(S, 1), KW_FROM))
    return 0;
  rg_skip(S, 2);
  return 1;
}

/*
  After EXECUTE (taken) that is not EXECUTE IMMEDIATE, with
  opt->execute_names: records EXECUTE name [USING ...] as RG_DYN_PREPARED
  (see rg_classify.h). Anything else after EXECUTE is a syntax error.
*/
static void rg_execute_name(rg_scanner *S, size_t stmt_off, int first)
{
  const rg_tok *name= rg_peek(S, 0);
  const rg_tok *e= rg_peek(S, 1);
  rg_var v;
  v.quoted= name->type == T_QIDENT;
  v.off= name->off + (size_t) v.quoted;
  v.len= name->len - 2 * (size_t) v.quoted;
  if (!rg_is_name(name) || (!rg_is_end(e) && !rg_is_kw(e, KW_USING)))
    return;
  if (first && S->depth == 0)
    rg_dynamic(S, RG_DYN_PREPARED, stmt_off, &v, NULL);
  else
    rg_dynamic(S, RG_DYN_EXPRESSION, stmt_off, NULL, NULL);
}

/*
  BINLOG 'base64' (BINLOG taken): which events the server would apply, read
  straight from the literal, with no copy (a BINLOG statement can carry
  megabytes of row events). The server decodes the whole literal, then
  applies its events in order, each after checking its type
  (sql_binlog.cc, check_event_type()): format description and row events,
  and Query events, which run statement text. No tool writes a Query event
  there (mariadb-binlog prints them as SQL), and the offsets of the text
  inside one depend on a format description event that an earlier
  statement may have set: a Query event is reported as dynamic SQL, and so
  is whatever this reader does not follow exactly (an escape or a byte
  that is not base64, ...). The walk ends at the first event the server
  would refuse (nothing after it runs).
*/
#define RG_EVENT_TYPE_OFFSET 4
#define RG_EVENT_LEN_OFFSET 9
#define RG_EVENT_MIN_LEN 19              /* the v4 common header */
#define RG_QUERY_EVENT 2

/* The event types check_event_type() lets run besides Query events. */
static int rg_binlog_event_harmless(unsigned type)
{
  return type == 1 || type == 15 ||            /* START_V3, FORMAT_DESC. */
         (type >= 19 && type <= 25) ||         /* TABLE_MAP, rows v0, v1 */
         (type >= 30 && type <= 32);           /* rows v2 */
}

/* The value of a base64 character, 64 for '=', -1 for anything else. */
static int rg_base64_value(unsigned char c)
{
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  if (c == '=') return 64;
  return -1;
}

/* A walk over the events of a base64 text fed in pieces. */
typedef struct rg_binlog_walk
{
  unsigned long long pos;       /* decoded bytes so far */
  unsigned long long event;     /* where the current event starts */
  unsigned long long event_len; /* its length, once its header is read */
  unsigned char head[RG_EVENT_LEN_OFFSET + 4];
  unsigned group, k, pad;       /* the base64 group being read */
  int verdict;                  /* -1 walking; 0 nothing to report; 1 report */
} rg_binlog_walk;

static void rg_binlog_walk_init(rg_binlog_walk *w)
{
  memset(w, 0, sizeof(*w));
  w->verdict= -1;
}

/* One decoded byte. */
static void rg_binlog_byte(rg_binlog_walk *w, unsigned char byte)
{
  unsigned long long rel= w->pos++ - w->event;
  if (rel < sizeof(w->head))
  {
    w->head[rel]= byte;
    if (rel == sizeof(w->head) - 1)
    {
      const unsigned char *l= w->head + RG_EVENT_LEN_OFFSET;
      unsigned type= w->head[RG_EVENT_TYPE_OFFSET];
      w->event_len= (unsigned long long) l[0] | (unsigned long long) l[1] << 8 |
                    (unsigned long long) l[2] << 16 |
                    (unsigned long long) l[3] << 24;
      if (type == RG_QUERY_EVENT)
        w->verdict= 1;
      else if (!rg_binlog_event_harmless(type) ||
               w->event_len < RG_EVENT_MIN_LEN)
        w->verdict= 0;                   /* the server stops here */
    }
  }
  else if (rel + 1 == w->event_len)
    w->event= w->pos;
}

/* The base64 text p[0..n), continuing the walk (see rg_binlog()). */
static void rg_binlog_feed(rg_binlog_walk *w, const unsigned char *p,
                           size_t n)
{
  size_t i;
  for (i= 0; i < n && w->verdict < 0; i++)
  {
    int v= rg_base64_value(p[i]);
    unsigned out, b;
    if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')
      continue;
    if (v < 0 || (v < 64 && w->pad))     /* not base64; data after '=' */
    {
      w->verdict= 1;
      return;
    }
    w->pad+= v == 64;
    w->group= (w->group << 6) | (unsigned) (v & 63);
    if (++w->k < 4)
      continue;
    out= 3 - (w->pad < 3 ? w->pad : 3);
    for (b= 0; b < out && w->verdict < 0; b++)
      rg_binlog_byte(w, (unsigned char) (w->group >> (16 - 8 * b)));
    w->group= w->k= w->pad= 0;
  }
}

int rg_binlog_check(const char *const *parts, const size_t *lengths,
                    unsigned n_parts)
{
  rg_binlog_walk w;
  unsigned i;
  rg_binlog_walk_init(&w);
  for (i= 0; i < n_parts; i++)
    rg_binlog_feed(&w, (const unsigned char *) (parts[i] ? parts[i] : ""),
                   parts[i] ? lengths[i] : 0);
  return w.verdict == 1;
}

/*
  BINLOG taken at a statement start: BINLOG 'base64' is walked here;
  BINLOG @a, @b (the first statement of the packet) is left to the caller
  as RG_DYN_BINLOG, anything else is reported.
*/
static void rg_binlog(rg_scanner *S, size_t stmt_off, int first)
{
  const rg_tok *t= rg_peek(S, 0);
  if (t->type == T_STRING && t->len >= 2 && rg_is_end(rg_peek(S, 1)))
  {
    const unsigned char *p= S->s + t->off + 1;
    size_t n= t->len - 2;
    rg_binlog_walk w;
    rg_binlog_walk_init(&w);
    /* an escape or a doubled quote: not followed here */
    if (!memchr(p, '\\', n) && !memchr(p, S->s[t->off], n))
      rg_binlog_feed(&w, p, n);
    else
      w.verdict= 1;
    if (w.verdict == 1)
      rg_dynamic(S, RG_DYN_EXPRESSION, stmt_off, NULL, NULL);
  }
  else if (rg_is_char(t, '@'))
  {
    rg_var a, b;
    if (first && S->depth == 0 && rg_var_name(S, rg_peek(S, 1), &a) &&
        rg_is_char(rg_peek(S, 2), ',') && rg_is_char(rg_peek(S, 3), '@') &&
        rg_var_name(S, rg_peek(S, 4), &b) && rg_is_end(rg_peek(S, 5)))
      rg_dynamic(S, RG_DYN_BINLOG, stmt_off, &a, &b);
    else
      rg_dynamic(S, RG_DYN_EXPRESSION, stmt_off, NULL, NULL);
  }
}

/*
  The rest of a condition of DECLARE ... HANDLER FOR whose first token t
  was taken, for both scanners: [VALUE] 'x' of SQLSTATE, FOUND of NOT.
*/
static void rg_condition_rest(rg_scanner *S, const rg_tok *t)
{
  if (rg_is_kw(t, KW_SQLSTATE))
  {
    if (rg_is_kw(rg_peek(S, 0), KW_VALUE))
      rg_skip(S, 1);
    if (rg_peek(S, 0)->type == T_STRING)
      rg_skip(S, 1);
  }
  else if (rg_is_kw(t, KW_NOT) && rg_is_kw(rg_peek(S, 0), KW_FOUND))
    rg_skip(S, 1);
}

/*
  The token t is at a (possible) statement start. Returns 1 when a guarded
  statement was found (the scan ends).
*/
static int rg_check_start(rg_scanner *S, const rg_tok *t, int kind,
                          rg_stmt *st, int first)
{
  int execute;
  if (t->type != T_WORD)
    return 0;
  switch (t->kw)
  {
  case KW_CREATE:
    return rg_wanted(S, RG_VERB_CREATE) && rg_report(S, t, RG_VERB_CREATE, st);
  case KW_DROP:
    return rg_wanted(S, RG_VERB_DROP) && rg_report(S, t, RG_VERB_DROP, st);
  case KW_ALTER:
    return rg_wanted(S, RG_VERB_ALTER) && rg_report(S, t, RG_VERB_ALTER, st);
  case KW_RENAME:
    return rg_wanted(S, RG_VERB_RENAME) && rg_report(S, t, RG_VERB_RENAME, st);
  case KW_TRUNCATE:
    return rg_wanted(S, RG_VERB_TRUNCATE) &&
           rg_truncate_statement(S, kind == START_STRICT) &&
           rg_report(S, t, RG_VERB_TRUNCATE, st);
  case KW_PREPARE:
  case KW_EXECUTE:
    execute= t->kw == KW_EXECUTE;
    if (rg_dynamic_head(S, execute))
      return rg_dynamic_source(S, st->set_stmt ? st->stmt_off : t->off,
                               execute, first);
    if (execute && S->opt->execute_names)
      rg_execute_name(S, st->set_stmt ? st->stmt_off : t->off, first);
    return 0;
  case KW_BINLOG:
    rg_binlog(S, st->set_stmt ? st->stmt_off : t->off, first);
    return 0;
  case KW_SET:
    if (rg_is_kw(rg_peek(S, 0), KW_STATEMENT))
    {
      rg_skip(S, 1);
      st->set_stmt= 1;
    }
    return 0;
  case KW_NOT:
    if (rg_is_kw(rg_peek(S, 0), KW_ATOMIC))
    {
      rg_skip(S, 1);
      st->start= START_STRICT;
    }
    return 0;
  default:
    return 0;
  }
}

/* Keywords after which a first statement can hide no other statement. */
static int rg_simple_first(const rg_tok *t)
{
  if (rg_is_char(t, '('))
    return 1;
  if (t->type != T_WORD)
    return 0;
  switch (t->kw)
  {
  case KW_SELECT: case KW_INSERT: case KW_UPDATE: case KW_DELETE:
  case KW_REPLACE: case KW_CALL: case KW_SHOW: case KW_WITH: case KW_VALUES:
  case KW_DESCRIBE: case KW_DESC: case KW_EXPLAIN: case KW_DO:
    return 1;
  default:
    return 0;
  }
}

/* Runs one track to its end; 1 when a guarded statement was found. */
static int rg_run(rg_scanner *S, rg_stmt st)
{
  rg_tok t;
  for (;;)
  {
    int saw_handler;
    if (!S->qn && !st.start && !st.handler)
      rg_fast_skip(&S->L, st.set_stmt);
    rg_next(S, &t);
    if (t.type == T_EOF)
    {
      rg_close_cands(S, S->n);
      return 0;
    }
    if (S->track == 0 && S->ntok == 1)
      S->first_simple= rg_simple_first(&t) && t.off + t.len < S->n;
    if (rg_is_char(&t, ';'))
    {
      rg_close_cands(S, t.off);
      st.start= START_LENIENT;
      st.set_stmt= 0;
      st.handler= H_NONE;
      continue;
    }
    saw_handler= st.handler == H_SAW;
    if (saw_handler)
      st.handler= H_NONE;
    if (st.handler == H_AFTER)
    {
      st.handler= H_NONE;
      if (rg_is_char(&t, ','))
      {
        st.start= START_NONE;
        st.handler= H_COND;
        continue;
      }
    }
    if (st.handler == H_COND)
    {
      /* SQLSTATE [VALUE] 'x' | SQLWARNING | NOT FOUND | SQLEXCEPTION |
         number | condition name; then the handler's statement */
      st.handler= H_AFTER;
      st.start= START_STRICT;
      if (t.type == T_WORD)
      {
        switch (t.kw)
        {
        case KW_SQLSTATE: case KW_SQLWARNING: case KW_SQLEXCEPTION:
        case KW_NOT:
          rg_condition_rest(S, &t);
          continue;
        default:
          /* a condition name; fail closed: also a statement start */
          if (rg_check_start(S, &t, START_STRICT, &st, 0))
            return 1;
          continue;
        }
      }
      if (t.type == T_NUM || t.type == T_IDENT || t.type == T_QIDENT)
        continue;
      st.handler= H_NONE;
    }
    if (st.start)
    {
      int kind= st.start;
      int first= S->track == 0 && S->ntok == 1 && kind == START_LENIENT;
      st.start= START_NONE;
      if (!st.set_stmt)
        st.stmt_off= t.off;
      if (rg_check_start(S, &t, kind, &st, first))
        return 1;
    }
    if (t.type == T_WORD)
    {
      switch (t.kw)
      {
      case KW_THEN: case KW_ELSE: case KW_DO: case KW_BEGIN: case KW_LOOP:
      case KW_REPEAT:
        st.start= START_STRICT;
        break;
      case KW_HANDLER:
        st.handler= H_SAW;
        break;
      case KW_FOR:
        if (saw_handler)
          st.handler= H_COND;
        else if (st.set_stmt)
          st.start= START_STRICT;
        break;
      default:
        break;
      }
    }
    else if (rg_is_char(&t, ':'))
      st.start= START_STRICT;
  }
}

/*
  Sets up S, for either scanner, to read the text s[0..n) from its start:
  wsrep is RG_WSREP_FORK for rg_classify() (S receives the tracks), or how
  the server reads "/ *!99997". mapbuf (256 bytes) must live as long as S.
*/
static void rg_scanner_init(rg_scanner *S, const rg_classify_options *opt,
                            const unsigned char *s, size_t n, rg_charset cs,
                            unsigned char *dbuf, size_t dcap, int depth,
                            int wsrep, unsigned char *mapbuf)
{
  if ((unsigned) cs >= RG_CS__COUNT)
    cs= RG_CS_ASCII_SAFE;
  S->opt= opt;
  S->s= s;
  S->n= n;
  S->cs= cs;
  S->dbuf= dbuf;
  S->dcap= dcap;
  S->depth= depth;
  S->qh= S->qn= 0;
  S->ntok= 0;
  S->track= 0;
  S->nalt= 0;
  S->raw_from= RG_NPOS;
  S->stat.have= S->dyn.have= S->var.have= 0;
  S->first_simple= 0;

  S->L.s= s;
  S->L.n= n;
  S->L.pos= 0;
  S->L.map= rg_map_of(cs, mapbuf);
  S->L.mb= rg_mb_of(cs);
  S->L.ansi_quotes= (opt->sql_mode & RG_MODE_ANSI_QUOTES) != 0;
  S->L.backslash= !(opt->sql_mode & RG_MODE_NO_BACKSLASH_ESCAPES);
  S->L.discard= 0;
  S->L.next= NS_START;
  S->L.wsrep= (unsigned char) wsrep;
  S->L.saw_wsrep= 0;
  S->L.version= opt->server_version;
  S->L.owner= wsrep == RG_WSREP_FORK ? S : NULL;
}

/* Sets up S for the text s[0..n) and runs all its tracks. */
static void rg_scan_text(const rg_classify_options *opt, const unsigned char *s,
                         size_t n, rg_charset cs, unsigned char *dbuf,
                         size_t dcap, int depth, rg_scanner *S)
{
  unsigned char mapbuf[256];
  unsigned i;
  rg_stmt st;

  rg_scanner_init(S, opt, s, n, cs, dbuf, dcap, depth, RG_WSREP_FORK, mapbuf);
  st.start= START_LENIENT;
  st.set_stmt= 0;
  for (i= 0; ; i++)
  {
    if (i > 0)
    {
      /* a fork: the statement state there is unknown, so over-approximate */
      if (i > S->nalt)
        break;
      S->L.pos= S->alt[i - 1].pos;
      S->L.discard= S->alt[i - 1].discard;
      S->L.next= NS_START;
      S->qh= S->qn= 0;
      S->ntok= 0;
      S->track= i;
      st.start= START_STRICT;
      st.set_stmt= 1;
    }
    st.handler= H_NONE;
    st.stmt_off= S->L.pos;
    if (rg_run(S, st))
      return;
  }
  if (S->raw_from != RG_NPOS)
    rg_raw_search(S, S->raw_from, 0, 0);
}


/* Access classes (rg_access.h) ******************************************/

/*
  rg_classify_access() runs its own statement scanner on the same lexer.
  Unlike the verb scanner it must classify every statement, so it follows
  the structure a little further:
  - A statement is classified by its first words (after labels and SET
    STATEMENT ... FOR); anything not recognised is RG_ACCESS_WRITE.
    INSPECT: SHOW; SELECT, WITH, VALUES, (SELECT of system views or no
    table; SET of variables, but SET PASSWORD, SET ROLE and SET DEFAULT
    ROLE write; START|STOP SLAVE|REPLICA, RESET SLAVE|REPLICA, CHANGE
    MASTER; KILL; BEGIN [WORK], START TRANSACTION, COMMIT, ROLLBACK,
    SAVEPOINT, RELEASE SAVEPOINT; USE; empty statements. READ: other
    SELECTs, DESCRIBE/DESC/EXPLAIN, HELP, DO, PREPARE, EXECUTE name,
    DEALLOCATE|DROP PREPARE, CHECK TABLE|VIEW, CHECKSUM TABLE, LOCK|UNLOCK
    TABLES, HANDLER, XA, GET DIAGNOSTICS, SIGNAL, RESIGNAL, and in compound
    statements OPEN, FETCH, CLOSE (LEAVE, ITERATE, RETURN: INSPECT).
  - Compound statements (BEGIN NOT ATOMIC, IF, CASE, WHILE, LOOP, REPEAT,
    FOR, DECLARE ... HANDLER FOR) are taken apart: their headers are
    scanned as expressions, and a statement starts after ';', THEN, ELSE,
    DO, LOOP, REPEAT, BEGIN, a label's ':' and a handler's condition list.
    Inside ordinary statements THEN and ELSE belong to CASE expressions and
    start nothing, so SELECT CASE ... stays a SELECT.
  - Where a statement may read tables (SELECT and the expressions of
    every other statement: subqueries), every table reference, the token
    after FROM (in a query block: not TRIM(... FROM ...)), after JOIN and
    after a ',' of a FROM list, must read information_schema.<name> or
    performance_schema.<name> (or DUAL), or the statement reads data. An
    unqualified name reads data (the default database is not known here),
    and so does a CTE's name. Parentheses are tracked to tell query blocks from function arguments
    (past 64 levels every level counts as a query block's FROM list: more
    reads, never fewer).
  - Sequence functions NEXTVAL(), SETVAL(), NEXT VALUE FOR and (in
    sql_mode ORACLE, which the options do not tell) s.nextval write.
  - PREPARE ... FROM / EXECUTE IMMEDIATE literals are read and decoded by
    rg_classify()'s own code (rg_literal_text()) and classified
    recursively; any other source of the text is a write (fail closed).
  - "/ *!99997" comments run on Galera nodes only: the packet is
    classified once as a Galera node reads it and once as other servers
    do (only when such a comment was met), and the greater class counts.
*/

/* The words the access scanner looks at. */
enum
{
  AW_NONE= 0,
  AW_SELECT, AW_WITH, AW_VALUES, AW_SHOW, AW_SET, AW_START, AW_STOP,
  AW_RESET, AW_CHANGE, AW_KILL, AW_BEGIN, AW_COMMIT, AW_ROLLBACK,
  AW_SAVEPOINT, AW_RELEASE, AW_USE, AW_DESCRIBE, AW_DESC, AW_EXPLAIN,
  AW_HELP, AW_DO, AW_PREPARE, AW_EXECUTE, AW_DEALLOCATE, AW_DROP, AW_CHECK,
  AW_CHECKSUM, AW_LOCK, AW_UNLOCK, AW_HANDLER, AW_XA, AW_GET, AW_SIGNAL,
  AW_RESIGNAL,
  AW_IF, AW_ELSEIF, AW_CASE, AW_WHEN, AW_WHILE, AW_UNTIL, AW_FOR, AW_ELSE,
  AW_LOOP, AW_REPEAT, AW_THEN, AW_END, AW_DECLARE, AW_LEAVE, AW_ITERATE,
  AW_RETURN, AW_OPEN, AW_FETCH, AW_CLOSE,
  AW_NOT, AW_ATOMIC, AW_WORK, AW_TRANSACTION, AW_SLAVE, AW_REPLICA, AW_ALL,
  AW_MASTER, AW_FROM, AW_TABLE, AW_TABLES, AW_VIEW,
  AW_DIAGNOSTICS, AW_CURRENT, AW_STACKED, AW_STATEMENT, AW_GLOBAL,
  AW_SESSION, AW_LOCAL, AW_PASSWORD, AW_ROLE, AW_DEFAULT, AW_JOIN,
  AW_STRAIGHT_JOIN, AW_DUAL, AW_WHERE, AW_GROUP, AW_HAVING, AW_ORDER,
  AW_LIMIT, AW_WINDOW, AW_UNION, AW_EXCEPT, AW_INTERSECT, AW_INTO,
  AW_PROCEDURE, AW_OUTFILE, AW_DUMPFILE, AW_NEXTVAL, AW_SETVAL, AW_NEXT,
  AW_VALUE, AW_CONTINUE, AW_EXIT, AW_UNDO, AW_CONDITION
};

#define AW(s, id) { s, sizeof(s) - 1, id }
static const rg_keyword rg_acc_words[]=
{
  AW("SELECT", AW_SELECT), AW("WITH", AW_WITH), AW("VALUES", AW_VALUES),
  AW("SHOW", AW_SHOW), AW("SET", AW_SET), AW("START", AW_START),
  AW("STOP", AW_STOP), AW("RESET", AW_RESET), AW("CHANGE", AW_CHANGE),
  AW("KILL", AW_KILL), AW("BEGIN", AW_BEGIN), AW("COMMIT", AW_COMMIT),
  AW("ROLLBACK", AW_ROLLBACK), AW("SAVEPOINT", AW_SAVEPOINT),
  AW("RELEASE", AW_RELEASE), AW("USE", AW_USE), AW("DESCRIBE", AW_DESCRIBE),
  AW("DESC", AW_DESC), AW("EXPLAIN", AW_EXPLAIN), AW("HELP", AW_HELP),
  AW("DO", AW_DO), AW("PREPARE", AW_PREPARE), AW("EXECUTE", AW_EXECUTE),
  AW("DEALLOCATE", AW_DEALLOCATE), AW("DROP", AW_DROP),
  AW("CHECK", AW_CHECK), AW("CHECKSUM", AW_CHECKSUM), AW("LOCK", AW_LOCK),
  AW("UNLOCK", AW_UNLOCK), AW("HANDLER", AW_HANDLER), AW("XA", AW_XA),
  AW("GET", AW_GET), AW("SIGNAL", AW_SIGNAL), AW("RESIGNAL", AW_RESIGNAL),
  AW("IF", AW_IF), AW("ELSEIF", AW_ELSEIF), AW("CASE", AW_CASE),
  AW("WHEN", AW_WHEN), AW("WHILE", AW_WHILE), AW("UNTIL", AW_UNTIL),
  AW("FOR", AW_FOR), AW("ELSE", AW_ELSE), AW("LOOP", AW_LOOP),
  AW("REPEAT", AW_REPEAT), AW("THEN", AW_THEN), AW("END", AW_END),
  AW("DECLARE", AW_DECLARE), AW("LEAVE", AW_LEAVE),
  AW("ITERATE", AW_ITERATE), AW("RETURN", AW_RETURN), AW("OPEN", AW_OPEN),
  AW("FETCH", AW_FETCH), AW("CLOSE", AW_CLOSE),
  AW("NOT", AW_NOT), AW("ATOMIC", AW_ATOMIC), AW("WORK", AW_WORK),
  AW("TRANSACTION", AW_TRANSACTION), AW("SLAVE", AW_SLAVE),
  AW("REPLICA", AW_REPLICA), AW("ALL", AW_ALL), AW("MASTER", AW_MASTER),
  AW("FROM", AW_FROM), AW("TABLE", AW_TABLE), AW("TABLES", AW_TABLES),
  AW("VIEW", AW_VIEW),
  AW("DIAGNOSTICS", AW_DIAGNOSTICS), AW("CURRENT", AW_CURRENT),
  AW("STACKED", AW_STACKED), AW("STATEMENT", AW_STATEMENT),
  AW("GLOBAL", AW_GLOBAL), AW("SESSION", AW_SESSION), AW("LOCAL", AW_LOCAL),
  AW("PASSWORD", AW_PASSWORD), AW("ROLE", AW_ROLE),
  AW("DEFAULT", AW_DEFAULT), AW("JOIN", AW_JOIN),
  AW("STRAIGHT_JOIN", AW_STRAIGHT_JOIN), AW("DUAL", AW_DUAL),
  AW("WHERE", AW_WHERE), AW("GROUP", AW_GROUP), AW("HAVING", AW_HAVING),
  AW("ORDER", AW_ORDER), AW("LIMIT", AW_LIMIT), AW("WINDOW", AW_WINDOW),
  AW("UNION", AW_UNION), AW("EXCEPT", AW_EXCEPT),
  AW("INTERSECT", AW_INTERSECT), AW("INTO", AW_INTO),
  AW("PROCEDURE", AW_PROCEDURE), AW("OUTFILE", AW_OUTFILE),
  AW("DUMPFILE", AW_DUMPFILE), AW("NEXTVAL", AW_NEXTVAL),
  AW("SETVAL", AW_SETVAL), AW("NEXT", AW_NEXT), AW("VALUE", AW_VALUE),
  AW("CONTINUE", AW_CONTINUE), AW("EXIT", AW_EXIT), AW("UNDO", AW_UNDO),
  AW("CONDITION", AW_CONDITION)
};
#undef AW

/*
  The AW_* id of an unquoted word token, or AW_NONE. (rg_keyword_id()'s
  search, which the lexer runs for every word, is kept apart: it searches
  one first letter's keywords and the compiler unrolls its comparison.)
*/
static unsigned rg_acc_word(const rg_scanner *S, const rg_tok *t)
{
  const unsigned char *p= S->s + t->off;
  unsigned i;
  if (t->type != T_WORD || t->len < 2 || t->len > 13)
    return AW_NONE;
  for (i= 0; i < sizeof(rg_acc_words) / sizeof(rg_acc_words[0]); i++)
  {
    const rg_keyword *w= &rg_acc_words[i];
    size_t j;
    if (w->len != t->len || (p[0] & 0xDF) != (unsigned char) w->name[0])
      continue;
    for (j= 1; j < t->len && (p[j] & 0xDF) == (unsigned char) w->name[j]; j++)
      ;
    if (j == t->len)
      return w->id;
  }
  return AW_NONE;
}

static rg_access rg_acc_max(rg_access a, rg_access b)
{
  return a > b ? a : b;
}

/* The name token t (between the quotes of a quoted one) is name. */
static int rg_acc_name_is(const rg_scanner *S, const rg_tok *t,
                          const char *name)
{
  const unsigned char *p= S->s + t->off;
  size_t n= t->len;
  if (t->type == T_QIDENT && n >= 2)
  {
    p++;
    n-= 2;
  }
  return rg_name_is(p, n, name);
}

/* The name token t is information_schema or performance_schema. */
static int rg_acc_system_schema(const rg_scanner *S, const rg_tok *t)
{
  return rg_acc_name_is(S, t, "information_schema") ||
         rg_acc_name_is(S, t, "performance_schema");
}

/* What the scanner does with the rest of a statement. */
enum
{
  XM_SIMPLE= 0,         /* an ordinary statement, to its end */
  XM_FINAL,             /* its class is known: skipped to its end */
  XM_CONTROL,           /* a compound statement's header: IF ... THEN */
  XM_DECLARE,           /* DECLARE ...: a cursor's or handler's FOR */
  XM_SETSTMT,           /* SET STATEMENT ...: its FOR */
  XM_SET,               /* SET: assignments */
  XM_RESET              /* RESET: options */
};

/* The state of one statement (or compound statement header). */
typedef struct rg_xs
{
  rg_access cls;
  unsigned char mode;           /* XM_* */
  unsigned char expect_ref;     /* the next token is a table reference */
  unsigned char item;           /* SET, RESET: an assignment/option next */
  unsigned char handler;        /* DECLARE: CONTINUE|EXIT|UNDO HANDLER */
  unsigned char condition;      /* DECLARE: ... CONDITION */
  unsigned char after_dot;      /* the previous token was '.' */
  unsigned prev;                /* AW_* of the previous token */
  size_t depth;                 /* parentheses */
  size_t cases;                 /* CASE ... END in a header's expressions */
  uint64_t query;               /* bit d: depth d is a query block */
  uint64_t from;                /* bit d: depth d is in a FROM list */
} rg_xs;

static int rg_acc_bit(uint64_t m, size_t d)
{
  return d >= 64 || ((m >> d) & 1);
}

static void rg_acc_setbit(uint64_t *m, size_t d, int on)
{
  if (d >= 64)
    return;
  if (on)
    *m|= (uint64_t) 1 << d;
  else
    *m&= ~((uint64_t) 1 << d);
}

static rg_access rg_acc_text(const rg_classify_options *opt,
                             const unsigned char *s, size_t n, rg_charset cs,
                             unsigned char *dbuf, size_t dcap, int depth,
                             int wsrep, int *saw_wsrep);

/*
  The text of PREPARE ... FROM / EXECUTE IMMEDIATE (the tokens after FROM /
  IMMEDIATE), read by rg_literal_text() as rg_dynamic_source() reads it:
  the class of the literal's statements, or RG_ACCESS_WRITE when the text
  is not a literal this scanner can read whole.
*/
static rg_access rg_acc_dynamic(rg_scanner *S, int execute, int *saw_wsrep)
{
  rg_literal lit;
  if (!rg_literal_text(S, execute, &lit) || lit.cls < 0 || lit.full ||
      lit.more)
    return RG_ACCESS_WRITE;
  return rg_acc_max(RG_ACCESS_READ,
                    rg_acc_text(S->opt, S->dbuf, lit.len, (rg_charset) lit.cls,
                                S->dbuf + lit.len, S->dcap - lit.len,
                                S->depth + 1, S->L.wsrep, saw_wsrep));
}

/* After END: [IF|CASE|WHILE|LOOP|REPEAT|FOR] [label]. */
static void rg_acc_end(rg_scanner *S)
{
  const rg_tok *t= rg_peek(S, 0);
  switch (rg_acc_word(S, t))
  {
  case AW_IF: case AW_CASE: case AW_WHILE: case AW_LOOP: case AW_REPEAT:
  case AW_FOR:
    rg_skip(S, 1);
    t= rg_peek(S, 0);
    break;
  default:
    break;
  }
  if (rg_is_name(t))
    rg_skip(S, 1);
}

/*
  The condition list after DECLARE ... HANDLER FOR: SQLSTATE [VALUE] 'x' |
  SQLWARNING | SQLEXCEPTION | NOT FOUND | number | name, [, ...]. The
  handler's statement follows.
*/
static void rg_acc_conditions(rg_scanner *S)
{
  for (;;)
  {
    const rg_tok *c= rg_peek(S, 0);
    rg_tok t;
    if (!rg_is_name(c) && c->type != T_NUM)
      return;
    rg_next(S, &t);
    rg_condition_rest(S, &t);
    if (!rg_is_char(rg_peek(S, 0), ','))
      return;
    rg_skip(S, 1);
  }
}

/* What rg_acc_head() leaves to do. */
enum { AH_BODY= 0, AH_NEXT };

/*
  The start of a statement, at the first token (not a label, ';' or the
  end): sets x->cls and x->mode and consumes the words it decided on.
  AH_NEXT: the next token starts a statement again (BEGIN NOT ATOMIC, ELSE,
  END IF, ...); AH_BODY: rg_acc_body() scans the rest.
*/
static int rg_acc_head(rg_scanner *S, rg_xs *x, int *saw_wsrep)
{
  const rg_tok *h= rg_peek(S, 0);
  unsigned w= rg_acc_word(S, h), w1= rg_acc_word(S, rg_peek(S, 1));
  const rg_tok *n;

  if (rg_is_char(h, '('))
  {
    /* (SELECT ...), ((WITH ...)), (VALUES ...): the body reads them */
    unsigned k= 1;
    while (k < RG_LOOKAHEAD - 1 && rg_is_char(rg_peek(S, k), '('))
      k++;
    w= rg_acc_word(S, rg_peek(S, k));
    if (w != AW_SELECT && w != AW_WITH && w != AW_VALUES)
      x->cls= RG_ACCESS_WRITE;
    return AH_BODY;
  }
  switch (w)
  {
  case AW_SELECT: case AW_WITH: case AW_VALUES:
    return AH_BODY;                     /* the body reads the keyword */
  case AW_SHOW: case AW_KILL: case AW_COMMIT: case AW_ROLLBACK:
  case AW_SAVEPOINT: case AW_USE: case AW_LEAVE: case AW_ITERATE:
  case AW_RETURN:
    break;
  case AW_RELEASE:
    if (w1 != AW_SAVEPOINT)
      x->cls= RG_ACCESS_WRITE;
    break;
  case AW_START: case AW_STOP:
    /* START TRANSACTION, START|STOP SLAVE|REPLICA|ALL SLAVES */
    if (w1 != AW_SLAVE && w1 != AW_REPLICA && w1 != AW_ALL &&
        (w != AW_START || w1 != AW_TRANSACTION))
      x->cls= RG_ACCESS_WRITE;
    break;
  case AW_CHANGE:
    if (w1 != AW_MASTER)
      x->cls= RG_ACCESS_WRITE;
    break;
  case AW_RESET:
    x->mode= XM_RESET;
    x->item= 1;
    break;
  case AW_SET:
    rg_skip(S, 1);
    if (w1 == AW_STATEMENT)
    {
      rg_skip(S, 1);
      x->mode= XM_SETSTMT;
    }
    else
    {
      x->mode= XM_SET;
      x->item= 1;
    }
    return AH_BODY;
  case AW_BEGIN:
    /* BEGIN [WORK]: a transaction; BEGIN NOT ATOMIC: a compound block */
    n= rg_peek(S, 1);
    if (rg_is_end(n) || w1 == AW_WORK)
      break;
    rg_skip(S, 1);
    if (w1 == AW_NOT && rg_acc_word(S, rg_peek(S, 1)) == AW_ATOMIC)
      rg_skip(S, 2);
    return AH_NEXT;
  case AW_DESCRIBE: case AW_DESC: case AW_EXPLAIN: case AW_HELP:
    x->cls= RG_ACCESS_READ;
    x->mode= XM_FINAL;
    break;
  case AW_DO: case AW_DEALLOCATE: case AW_HANDLER: case AW_XA:
  case AW_SIGNAL: case AW_RESIGNAL: case AW_OPEN: case AW_FETCH:
  case AW_CLOSE:
    x->cls= RG_ACCESS_READ;
    break;
  case AW_PREPARE:
  case AW_EXECUTE:
    /* PREPARE name FROM text, EXECUTE IMMEDIATE text; EXECUTE name:
       checked when it runs */
    rg_skip(S, 1);
    if (rg_dynamic_head(S, w == AW_EXECUTE))
      x->cls= rg_acc_dynamic(S, w == AW_EXECUTE, saw_wsrep);
    else
      x->cls= w == AW_EXECUTE ? RG_ACCESS_READ : RG_ACCESS_WRITE;
    return AH_BODY;
  case AW_DROP:
    x->cls= w1 == AW_PREPARE ? RG_ACCESS_READ : RG_ACCESS_WRITE;
    break;
  case AW_CHECK:
    x->cls= w1 == AW_TABLE || w1 == AW_TABLES || w1 == AW_VIEW ?
            RG_ACCESS_READ : RG_ACCESS_WRITE;
    break;
  case AW_CHECKSUM: case AW_LOCK: case AW_UNLOCK:
    x->cls= w1 == AW_TABLE || w1 == AW_TABLES ?
            RG_ACCESS_READ : RG_ACCESS_WRITE;
    break;
  case AW_GET:
    x->cls= w1 == AW_DIAGNOSTICS || w1 == AW_CURRENT || w1 == AW_STACKED ?
            RG_ACCESS_READ : RG_ACCESS_WRITE;
    break;
  case AW_IF: case AW_ELSEIF: case AW_CASE: case AW_WHEN: case AW_WHILE:
  case AW_UNTIL: case AW_FOR:
    x->mode= XM_CONTROL;
    break;
  case AW_DECLARE:
    x->mode= XM_DECLARE;
    break;
  case AW_ELSE: case AW_LOOP: case AW_REPEAT:
    rg_skip(S, 1);
    return AH_NEXT;
  case AW_END:
    rg_skip(S, 1);
    rg_acc_end(S);
    return AH_NEXT;
  default:
    x->cls= RG_ACCESS_WRITE;            /* anything else may write */
    return AH_BODY;
  }
  rg_skip(S, 1);
  return AH_BODY;
}

/*
  The rest of a statement after rg_acc_head(): its class. Returns at the
  statement's end (';' taken, or the end of the text: *eof) or where a
  compound statement's header ends and a statement starts.
*/
static rg_access rg_acc_body(rg_scanner *S, rg_xs *x, int *eof)
{
  rg_tok t;
  for (;;)
  {
    unsigned w;
    int after_dot= x->after_dot;
    if (x->cls == RG_ACCESS_WRITE)
      return RG_ACCESS_WRITE;
    rg_next(S, &t);
    if (t.type == T_EOF)
    {
      *eof= 1;
      return x->cls;
    }
    if (rg_is_char(&t, ';'))
      return x->cls;
    if (x->mode == XM_FINAL)
      continue;
    x->after_dot= rg_is_char(&t, '.');
    w= rg_acc_word(S, &t);

    if (x->expect_ref)
    {
      /* a table reference: FROM, JOIN or ',' in a FROM list before it */
      x->expect_ref= 0;
      if (rg_is_char(&t, '('))
      {
        /* a derived table or a nested join: a query level either way */
        x->depth++;
        rg_acc_setbit(&x->query, x->depth, 1);
        rg_acc_setbit(&x->from, x->depth, 1);
        x->expect_ref= 1;
        x->prev= AW_NONE;
        continue;
      }
      if (w == AW_SELECT || w == AW_WITH || w == AW_VALUES)
        ;                               /* a subquery: read below */
      else if (w == AW_DUAL)
      {
        x->prev= w;
        continue;
      }
      else if (rg_is_name(&t) && rg_is_char(rg_peek(S, 0), '.') &&
               rg_is_name(rg_peek(S, 1)) && rg_acc_system_schema(S, &t))
      {
        rg_skip(S, 2);
        x->after_dot= 0;
        x->prev= AW_NONE;
        continue;
      }
      else
      {
        x->cls= rg_acc_max(x->cls, RG_ACCESS_READ);
        if (rg_is_name(&t))
        {
          x->prev= AW_NONE;
          continue;
        }
      }
    }

    if (x->item && x->depth == 0)
    {
      /* SET [GLOBAL|SESSION|LOCAL] PASSWORD | ROLE | DEFAULT ROLE;
         RESET SLAVE|REPLICA [, ...] */
      if (x->mode == XM_SET &&
          (w == AW_GLOBAL || w == AW_SESSION || w == AW_LOCAL))
      {
        x->prev= w;
        continue;
      }
      x->item= 0;
      if (x->mode == XM_SET &&
          (w == AW_PASSWORD || w == AW_ROLE ||
           (w == AW_DEFAULT &&
            rg_acc_word(S, rg_peek(S, 0)) == AW_ROLE)))
        return RG_ACCESS_WRITE;
      if (x->mode == XM_RESET && w != AW_SLAVE && w != AW_REPLICA)
        return RG_ACCESS_WRITE;
    }

    if (t.type == T_CHAR)
    {
      switch (t.ch)
      {
      case '(':
        x->depth++;
        rg_acc_setbit(&x->query, x->depth, 0);
        rg_acc_setbit(&x->from, x->depth, 0);
        break;
      case ')':
        if (x->depth)
          x->depth--;
        break;
      case ',':
        if (rg_acc_bit(x->from, x->depth) && rg_acc_bit(x->query, x->depth))
          x->expect_ref= 1;
        if (x->depth == 0 && (x->mode == XM_SET || x->mode == XM_RESET))
          x->item= 1;
        break;
      default:
        break;
      }
      x->prev= AW_NONE;
      continue;
    }

    /* s.nextval in sql_mode ORACLE */
    if (after_dot && (t.type == T_IDENT || t.type == T_QIDENT) &&
        rg_acc_name_is(S, &t, "nextval"))
      return RG_ACCESS_WRITE;

    /* index hints: USE INDEX FOR JOIN | ORDER BY | GROUP BY (...) */
    if (x->prev == AW_FOR &&
        (w == AW_JOIN || w == AW_ORDER || w == AW_GROUP))
      w= AW_NONE;

    switch (w)
    {
    case AW_SELECT: case AW_VALUES:
      rg_acc_setbit(&x->query, x->depth, 1);
      rg_acc_setbit(&x->from, x->depth, 0);
      break;
    case AW_WITH:
      rg_acc_setbit(&x->query, x->depth, 1);
      break;
    case AW_FROM:
      if (rg_acc_bit(x->query, x->depth))
      {
        rg_acc_setbit(&x->from, x->depth, 1);
        x->expect_ref= 1;
      }
      break;
    case AW_JOIN:
      rg_acc_setbit(&x->from, x->depth, 1);
      x->expect_ref= 1;
      break;
    case AW_STRAIGHT_JOIN:
      /* also a SELECT option */
      if (rg_acc_bit(x->from, x->depth))
        x->expect_ref= 1;
      break;
    case AW_WHERE: case AW_GROUP: case AW_HAVING: case AW_ORDER:
    case AW_LIMIT: case AW_WINDOW: case AW_UNION: case AW_EXCEPT:
    case AW_INTERSECT: case AW_INTO: case AW_PROCEDURE:
      rg_acc_setbit(&x->from, x->depth, 0);
      break;
    case AW_OUTFILE: case AW_DUMPFILE:
      x->cls= rg_acc_max(x->cls, RG_ACCESS_READ);
      break;
    case AW_NEXTVAL: case AW_SETVAL:
      if (rg_is_char(rg_peek(S, 0), '('))
        return RG_ACCESS_WRITE;
      break;
    case AW_NEXT:
      if (rg_acc_word(S, rg_peek(S, 0)) == AW_VALUE &&
          rg_acc_word(S, rg_peek(S, 1)) == AW_FOR)
        return RG_ACCESS_WRITE;
      break;
    default:
      break;
    }

    switch (x->mode)
    {
    case XM_CONTROL:
      /* IF|ELSEIF|WHEN ... THEN, WHILE|FOR ... DO, UNTIL ... END REPEAT;
         CASE ... END inside the expressions */
      if (w == AW_CASE)
        x->cases++;
      else if (w == AW_END && x->cases)
        x->cases--;
      else if (w == AW_END)
      {
        rg_acc_end(S);
        return x->cls;
      }
      else if (!x->cases &&
               (w == AW_THEN || w == AW_ELSE || w == AW_DO ||
                w == AW_LOOP || w == AW_REPEAT))
        return x->cls;
      break;
    case XM_DECLARE:
      /* DECLARE c CURSOR FOR select; DECLARE ... HANDLER FOR conditions
         statement; DECLARE c CONDITION FOR ... */
      if (w == AW_HANDLER &&
          (x->prev == AW_CONTINUE || x->prev == AW_EXIT || x->prev == AW_UNDO))
        x->handler= 1;
      else if (w == AW_CONDITION)
        x->condition= 1;
      else if (w == AW_FOR && x->depth == 0 && x->handler)
      {
        rg_acc_conditions(S);
        return x->cls;
      }
      else if (w == AW_FOR && x->depth == 0 && !x->condition)
        return x->cls;
      break;
    case XM_SETSTMT:
      /* the values are constants: any FOR ends them (as rg_classify()) */
      if (w == AW_FOR)
        return x->cls;
      break;
    default:
      break;
    }
    x->prev= w;
  }
}

/* Classifies every statement of a text with the scanner S set up. */
static rg_access rg_acc_run(rg_scanner *S, int *saw_wsrep)
{
  rg_access worst= RG_ACCESS_INSPECT;
  int eof= 0;
  while (!eof && worst != RG_ACCESS_WRITE)
  {
    rg_xs x;
    const rg_tok *h= rg_peek(S, 0);
    if (h->type == T_EOF)
      break;
    if (rg_is_char(h, ';'))
    {
      rg_skip(S, 1);                    /* an empty statement */
      continue;
    }
    if (rg_is_name(h) && rg_is_char(rg_peek(S, 1), ':'))
    {
      rg_skip(S, 2);                    /* label: */
      continue;
    }
    memset(&x, 0, sizeof(x));
    x.cls= RG_ACCESS_INSPECT;
    x.mode= XM_SIMPLE;
    if (rg_acc_head(S, &x, saw_wsrep) == AH_BODY)
      x.cls= rg_acc_body(S, &x, &eof);
    worst= rg_acc_max(worst, x.cls);
  }
  return worst;
}

/* Sets up a scanner for s[0..n) and classifies it. */
static rg_access rg_acc_text(const rg_classify_options *opt,
                             const unsigned char *s, size_t n, rg_charset cs,
                             unsigned char *dbuf, size_t dcap, int depth,
                             int wsrep, int *saw_wsrep)
{
  unsigned char mapbuf[256];
  rg_scanner S;
  rg_access r;

  rg_scanner_init(&S, opt, s, n, cs, dbuf, dcap, depth, wsrep, mapbuf);
  r= rg_acc_run(&S, saw_wsrep);
  if (S.L.saw_wsrep)
    *saw_wsrep= 1;
  return r;
}


/* Public interface ******************************************************/

rg_verb rg_classify(const char *q, size_t len, const rg_classify_options *opt,
                    rg_verdict *verdict)
{
  unsigned char buf[RG_DECODE_CAP];
  rg_scanner S;

  memset(verdict, 0, sizeof(*verdict));
  if (!opt || !(opt->verbs & (RG_VERB_ALL_STATIC |
                              RG_VERB_BIT(RG_VERB_DYNAMIC))))
    return RG_VERB_NONE;
  if (!q)
    len= 0;
  rg_scan_text(opt, (const unsigned char *) (q ? q : ""), len, opt->charset,
               buf, sizeof(buf), 0, &S);
  if (S.stat.have)
    *verdict= S.stat.v;
  else if (S.dyn.have)
    *verdict= S.dyn.v;
  else if (S.var.have)
    *verdict= S.var.v;
  return verdict->verb;
}

rg_access rg_classify_access(const char *q, size_t len,
                             const rg_classify_options *opt)
{
  unsigned char buf[RG_DECODE_CAP];
  const unsigned char *s= (const unsigned char *) (q ? q : "");
  rg_access r= RG_ACCESS_INSPECT;
  int pass, saw_wsrep= 0;

  if (!opt)
    return RG_ACCESS_WRITE;             /* the text cannot be read */
  if (!q)
    len= 0;
  /* as other servers read "/ *!99997", then, if one was met, as Galera */
  for (pass= 0; pass < 2 && r != RG_ACCESS_WRITE; pass++)
  {
    if (pass && !saw_wsrep)
      break;
    r= rg_acc_max(r, rg_acc_text(opt, s, len, opt->charset, buf, sizeof(buf),
                                 0, pass ? RG_WSREP_ON : RG_WSREP_OFF,
                                 &saw_wsrep));
  }
  return r;
}

rg_charset rg_charset_from_name(const char *name, size_t length)
{
  static const struct { const char *name; rg_charset cs; } map[]=
  {
    { "sjis", RG_CS_SJIS }, { "cp932", RG_CS_SJIS }, { "gbk", RG_CS_GBK },
    { "big5", RG_CS_BIG5 },
    { "latin1", RG_CS_LATIN1 }, { "latin5", RG_CS_LATIN1 },
    { "dec8", RG_CS_LATIN1 }, { "greek", RG_CS_LATIN1 },
    { "armscii8", RG_CS_LATIN1 }, { "geostd8", RG_CS_LATIN1 },
    { "latin2", RG_CS_LATIN2 }, { "latin7", RG_CS_LATIN7 },
    { "cp1250", RG_CS_CP1250 }, { "hebrew", RG_CS_HEBREW },
    { "cp852", RG_CS_CP852 }, { "cp866", RG_CS_CP852 },
    { "keybcs2", RG_CS_CP852 }, { "cp1251", RG_CS_CP1251 },
    { "cp1257", RG_CS_CP1251 }, { "macce", RG_CS_CP1251 },
    { "cp850", RG_CS_CP850 }, { "hp8", RG_CS_HP8 },
    { "macroman", RG_CS_MACROMAN }
  };
  unsigned i;
  if (!name)
    return RG_CS_ASCII_SAFE;
  for (i= 0; i < sizeof(map) / sizeof(map[0]); i++)
    if (rg_name_is((const unsigned char *) name, length, map[i].name))
      return map[i].cs;
  return RG_CS_ASCII_SAFE;
}

const char *rg_verb_name(rg_verb verb)
{
  switch (verb)
  {
  case RG_VERB_CREATE: return "CREATE";
  case RG_VERB_DROP: return "DROP";
  case RG_VERB_ALTER: return "ALTER";
  case RG_VERB_RENAME: return "RENAME";
  case RG_VERB_TRUNCATE: return "TRUNCATE";
  case RG_VERB_DYNAMIC: return "DYNAMIC SQL";
  default: return "";
  }
}

const char *rg_object_name(rg_object object)
{
  static const char *const names[RG_OBJ__COUNT]=
  {
    "OBJECT", "TABLE", "TEMPORARY TABLE", "DATABASE", "INDEX", "VIEW",
    "PROCEDURE", "FUNCTION", "TRIGGER", "EVENT", "SEQUENCE", "USER", "ROLE",
    "SERVER", "PACKAGE", "PACKAGE BODY", "TABLESPACE", "LOGFILE GROUP"
  };
  if ((unsigned) object >= RG_OBJ__COUNT)
    return "OBJECT";
  return names[object];
}
