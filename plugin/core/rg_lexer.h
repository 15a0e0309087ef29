/*
  replica_guard classifier, internal: tokens and the lexer (rg_lexer.c).

  The lexer reproduces the token boundaries of MariaDB 10.11's
  Lex_input_stream::lex_one_token() (sql/sql_lex.cc) for a client character
  set class and sql_mode. It knows keywords (rg_keywords.h) but no
  statement: the scanners above it (rg_scan.h) decide what tokens mean. It
  never calls them: where the server's reading of the text forks (see
  rg_fork), the lexer records the fork and its reader takes it up.
*/
#ifndef RG_LEXER_H
#define RG_LEXER_H

#include "rg_charsets.h"
#include "rg_keywords.h"

#define RG_NPOS ((size_t) -1)

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

/* A token: s[off..off+len) of the lexer's text. */
typedef struct rg_tok
{
  unsigned char type;
  unsigned char ch;     /* T_CHAR: the byte or CH_*; quote of literals */
  unsigned char kw;     /* T_WORD: KW_*; KW_NONE for every other type */
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

/*
  How the lexer reads "/ *!99997 ... * /", which a Galera node (WSREP)
  executes and any other server skips: RG_WSREP_FORK follows the executed
  reading and records the other one as a fork (rg_classify()); RG_WSREP_ON
  and RG_WSREP_OFF read it as one kind of server does (the two passes of
  rg_classify_access()).
*/
enum { RG_WSREP_FORK= 0, RG_WSREP_ON, RG_WSREP_OFF };

/* Forks a lexer records at most (its reader may allow fewer). */
#define RG_MAX_FORKS 8

/* A fork: the other reading of the text resumes at pos, with discard. */
typedef struct rg_fork
{
  size_t pos;
  unsigned char discard;
} rg_fork;

typedef struct rg_lexer
{
  const unsigned char *s;
  size_t n;
  size_t pos;
  const unsigned char *map;     /* rg_map_of() */
  rg_charset mb;                /* RG_CS_SJIS, _GBK, _BIG5 or 0 */
  unsigned char ansi_quotes;
  unsigned char backslash;      /* backslash escapes in strings */
  unsigned char discard;        /* inside an executed comment */
  unsigned char next;           /* NS_* */
  unsigned char wsrep;          /* RG_WSREP_* */
  unsigned char saw_wsrep;      /* a "/ *!99997" comment was met */
  unsigned long version;
  /*
    Forks met (RG_WSREP_FORK only), in the order met: the first max_forks
    are in forks[0..nforks); fork_rest is the least position of the
    others, or RG_NPOS. The lexer only appends; its reader takes them up.
  */
  rg_fork forks[RG_MAX_FORKS];
  unsigned nforks;
  unsigned max_forks;
  size_t fork_rest;
} rg_lexer;

/*
  Sets L up to read s[0..n) from its start, in class cs (a valid one),
  with sql_mode bits RG_MODE_*, executable comments of server version,
  wsrep (RG_WSREP_*), recording up to max_forks (<= RG_MAX_FORKS) forks.
  mapbuf (256 bytes) must live as long as L.
*/
void rg_lexer_init(rg_lexer *L, const unsigned char *s, size_t n,
                   rg_charset cs, unsigned sql_mode, unsigned long version,
                   int wsrep, unsigned max_forks, unsigned char *mapbuf);

/* Continues L at the fork f (one of its own forks), with no token state. */
void rg_lexer_resume(rg_lexer *L, const rg_fork *f);

/*
  The next token into *t, as lex_one_token() delimits it. Comments are
  skipped; executable comments are entered (their content is lexed)
  exactly when the server executes them. At the end, T_EOF, again and
  again.
*/
void rg_lex(rg_lexer *L, rg_tok *t);

/*
  Skips, without building tokens, what cannot matter to a reader waiting
  for one of the keywords of stop (rg_keywords.h): whitespace,
  punctuation, numbers, literals, quoted identifiers and other words.
  Stops, leaving it to rg_lex(), before such a keyword and before anything
  else (comments, ';', ':', '>', '.', '@', unusual literals, the end). The
  hot path of long statements.
*/
void rg_fast_skip(rg_lexer *L, const rg_keyword_set *stop);

/*
  The KW_* id of the word p[0..n), or KW_NONE. The server folds case with
  to_upper_lex[], which only maps ASCII letters (rg_ascii_ieq()).
*/
unsigned rg_keyword_id(const unsigned char *p, size_t n);

#endif
