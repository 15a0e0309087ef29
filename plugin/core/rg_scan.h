/*
  replica_guard classifier, internal: what the two statement scanners
  read through. The verb scanner (rg_scanner.c: rg_classify()) and the
  access scanner (rg_access.c: rg_classify_access()) take tokens through
  an rg_cursor (rg_cursor.c) and read dynamic SQL texts the same way
  (rg_dynamic.c); the verb scanner reads the object after a verb with
  rg_objects.c. Nothing here knows either scanner's verdicts, and nothing
  here calls a scanner.
*/
#ifndef RG_SCAN_H
#define RG_SCAN_H

#include "rg_lexer.h"

/* Decoding buffer for PREPARE/EXECUTE IMMEDIATE string literals. */
#define RG_DECODE_CAP 12288
/* Literals nested deeper than this are searched for verb words instead. */
#define RG_MAX_DEPTH 4
/* Tokens a scanner may look ahead. */
#define RG_LOOKAHEAD 12

/* A text being scanned: its lexer and a queue of tokens looked ahead. */
typedef struct rg_cursor
{
  const rg_classify_options *opt;
  const unsigned char *s;
  size_t n;
  rg_charset cs;                /* a valid class */
  unsigned char *dbuf;          /* free part of the decoding buffer */
  size_t dcap;
  int depth;                    /* literal nesting level; 0: the packet */
  rg_lexer L;
  rg_tok q[RG_LOOKAHEAD];
  unsigned qh, qn;
  unsigned long ntok;           /* tokens taken since the start or the
                                   last rg_cursor_resume() */
} rg_cursor;

/*
  Sets C up to read s[0..n) from its start in class cs (an invalid class
  reads as RG_CS_ASCII_SAFE), with the decoding buffer dbuf[0..dcap) and
  the lexer's wsrep and max_forks (rg_lexer_init()). mapbuf (256 bytes)
  must live as long as C.
*/
void rg_cursor_init(rg_cursor *C, const rg_classify_options *opt,
                    const unsigned char *s, size_t n, rg_charset cs,
                    unsigned char *dbuf, size_t dcap, int depth, int wsrep,
                    unsigned max_forks, unsigned char *mapbuf);

/* Continues C at one of its lexer's forks, with no token looked ahead. */
void rg_cursor_resume(rg_cursor *C, const rg_fork *f);

/* The k-th token ahead (k < RG_LOOKAHEAD). */
static inline const rg_tok *rg_peek(rg_cursor *C, unsigned k)
{
  while (C->qn <= k)
  {
    rg_lex(&C->L, &C->q[(C->qh + C->qn) % RG_LOOKAHEAD]);
    C->qn++;
  }
  return &C->q[(C->qh + k) % RG_LOOKAHEAD];
}

/* Takes the next token. */
static inline void rg_next(rg_cursor *C, rg_tok *t)
{
  if (C->qn)
  {
    *t= C->q[C->qh];
    C->qh= (C->qh + 1) % RG_LOOKAHEAD;
    C->qn--;
  }
  else
    rg_lex(&C->L, t);
  C->ntok++;
}

/* Takes k tokens. */
static inline void rg_skip(rg_cursor *C, unsigned k)
{
  rg_tok t;
  while (k--)
    rg_next(C, &t);
}

static inline int rg_is_char(const rg_tok *t, unsigned ch)
{
  return t->type == T_CHAR && t->ch == ch;
}

static inline int rg_is_kw(const rg_tok *t, unsigned kw)
{
  return t->type == T_WORD && t->kw == kw;
}

/* The end of a statement: ';' or the end of the text. */
static inline int rg_is_end(const rg_tok *t)
{
  return t->type == T_EOF || rg_is_char(t, ';');
}

/* An identifier, quoted or not (keywords included: best effort). */
static inline int rg_is_name(const rg_tok *t)
{
  return t->type == T_WORD || t->type == T_IDENT || t->type == T_QIDENT;
}

/*
  The rest of a condition of DECLARE ... HANDLER FOR whose first token t
  was taken: [VALUE] 'x' of SQLSTATE, FOUND of NOT.
*/
void rg_condition_rest(rg_cursor *C, const rg_tok *t);


/* Dynamic SQL texts (rg_dynamic.c) */

/*
  After PREPARE or EXECUTE (taken): takes "name FROM" of PREPARE name FROM
  text or "IMMEDIATE" of EXECUTE IMMEDIATE text and returns 1 (the text is
  next); 0, taking nothing, for anything else.
*/
int rg_dynamic_head(rg_cursor *C, int execute);

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
int rg_var_name(const rg_cursor *C, const rg_tok *name, rg_var *v);

/* A literal text of PREPARE ... FROM / EXECUTE IMMEDIATE, decoded. */
typedef struct rg_literal
{
  size_t len;                   /* decoded bytes at C->dbuf */
  int cls;                      /* class to lex them in; -1: not lexed */
  int full;                     /* only a prefix fitted in C->dbuf */
  int more;                     /* more than the literals before the end
                                   (or USING of EXECUTE IMMEDIATE) */
} rg_literal;

/*
  The text of PREPARE ... FROM / EXECUTE IMMEDIATE (the tokens after FROM /
  IMMEDIATE). When it is [_charset] 'literal' ['literal' ...] or
  N'literal' [...], takes the literals, decodes them into C->dbuf as the
  server does (my_unescape()) and returns 1; returns 0, taking nothing, for
  any other text (a user variable, an expression, an _name that is no
  character set). lit->cls is -1 where the decoded text is not to be
  lexed: it came from ucs2, utf16, utf16le or utf32 (its zero bytes are
  dropped, so the ASCII words survive), its conversion to
  character_set_client is not known here, or it is nested RG_MAX_DEPTH
  deep.
*/
int rg_literal_text(rg_cursor *C, int execute, rg_literal *lit);



/* After a guarded verb (rg_objects.c), for the verb scanner */

/*
  The object of a guarded statement, from the tokens after its verb (the
  verb taken), which it takes. Sets *deallocate for DROP PREPARE
  (DEALLOCATE PREPARE: not guarded).
*/
rg_object rg_parse_object(rg_cursor *C, rg_verb verb, int *deallocate);

/*
  TRUNCATE (taken) at a statement start: the statement unless '(' follows
  (the function). Where the start is only possible (strict), the tokens
  must read TRUNCATE [TABLE] table_ident [WAIT n | NOWAIT]
  [DROP STORAGE | REUSE STORAGE] and the statement end, as sql_yacc.yy has
  it: a column named truncate in a CASE expression does not match. Takes
  nothing.
*/
int rg_truncate_statement(rg_cursor *C, int strict);

/*
  After TRUNCATE (taken) of a statement rg_truncate_statement() accepted:
  1 when its table is a system table that defines objects
  (rg_object_table()), qualified by mysql or not qualified (the default
  database is not known here: fail closed), with the kind of object in
  *object. Takes nothing.
*/
int rg_truncate_object_table(rg_cursor *C, rg_object *object);

#endif
