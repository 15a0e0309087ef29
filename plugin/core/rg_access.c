/*
  replica_guard classifier: access classes, rg_classify_access()
  (rg_access.h), for the fence.

  rg_classify_access() runs its own statement scanner on the lexer of
  rg_classify() (rg_lexer.h), through the same cursor (rg_scan.h).
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
    and so does a CTE's name. Parentheses are tracked to tell query blocks
    from function arguments (past 64 levels every level counts as a query
    block's FROM list: more reads, never fewer).
  - Sequence functions NEXTVAL(), SETVAL(), NEXT VALUE FOR and (in
    sql_mode ORACLE, which the options do not tell) s.nextval write.
  - PREPARE ... FROM / EXECUTE IMMEDIATE literals are read and decoded as
    rg_classify() reads them (rg_literal_text(), rg_dynamic.c) and
    classified recursively; any other source of the text is a write (fail
    closed).
  - "/ *!99997" comments run on Galera nodes only: the packet is
    classified once as a Galera node reads it and once as other servers
    do (only when such a comment was met), and the greater class counts.
*/

#include "rg_access.h"
#include "rg_scan.h"

#include <stdint.h>
#include <string.h>

/* The KW_* id of a token: KW_NONE unless it is an unquoted word. */
static unsigned rg_word(const rg_tok *t)
{
  return t->type == T_WORD ? t->kw : KW_NONE;
}

static rg_access rg_acc_max(rg_access a, rg_access b)
{
  return a > b ? a : b;
}

/* The name token t (between the quotes of a quoted one) is name. */
static int rg_acc_name_is(const rg_cursor *C, const rg_tok *t,
                          const char *name)
{
  const unsigned char *p= C->s + t->off;
  size_t n= t->len;
  if (t->type == T_QIDENT && n >= 2)
  {
    p++;
    n-= 2;
  }
  return strlen(name) == n && rg_ascii_ieq(p, name, n);
}

/* The name token t is information_schema or performance_schema. */
static int rg_acc_system_schema(const rg_cursor *C, const rg_tok *t)
{
  return rg_acc_name_is(C, t, "information_schema") ||
         rg_acc_name_is(C, t, "performance_schema");
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
  unsigned prev;                /* KW_* of the previous token */
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
  IMMEDIATE), read by rg_literal_text() as the verb scanner reads it:
  the class of the literal's statements, or RG_ACCESS_WRITE when the text
  is not a literal this scanner can read whole.
*/
static rg_access rg_acc_dynamic(rg_cursor *C, int execute, int *saw_wsrep)
{
  rg_literal lit;
  if (!rg_literal_text(C, execute, &lit) || lit.cls < 0 || lit.full ||
      lit.more)
    return RG_ACCESS_WRITE;
  return rg_acc_max(RG_ACCESS_READ,
                    rg_acc_text(C->opt, C->dbuf, lit.len, (rg_charset) lit.cls,
                                C->dbuf + lit.len, C->dcap - lit.len,
                                C->depth + 1, C->L.wsrep, saw_wsrep));
}

/* After END: [IF|CASE|WHILE|LOOP|REPEAT|FOR] [label]. */
static void rg_acc_end(rg_cursor *C)
{
  const rg_tok *t= rg_peek(C, 0);
  switch (rg_word(t))
  {
  case KW_IF: case KW_CASE: case KW_WHILE: case KW_LOOP: case KW_REPEAT:
  case KW_FOR:
    rg_skip(C, 1);
    t= rg_peek(C, 0);
    break;
  default:
    break;
  }
  if (rg_is_name(t))
    rg_skip(C, 1);
}

/*
  The condition list after DECLARE ... HANDLER FOR: SQLSTATE [VALUE] 'x' |
  SQLWARNING | SQLEXCEPTION | NOT FOUND | number | name, [, ...]. The
  handler's statement follows.
*/
static void rg_acc_conditions(rg_cursor *C)
{
  for (;;)
  {
    const rg_tok *c= rg_peek(C, 0);
    rg_tok t;
    if (!rg_is_name(c) && c->type != T_NUM)
      return;
    rg_next(C, &t);
    rg_condition_rest(C, &t);
    if (!rg_is_char(rg_peek(C, 0), ','))
      return;
    rg_skip(C, 1);
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
static int rg_acc_head(rg_cursor *C, rg_xs *x, int *saw_wsrep)
{
  const rg_tok *h= rg_peek(C, 0);
  unsigned w= rg_word(h), w1= rg_word(rg_peek(C, 1));
  const rg_tok *n;

  if (rg_is_char(h, '('))
  {
    /* (SELECT ...), ((WITH ...)), (VALUES ...): the body reads them */
    unsigned k= 1;
    while (k < RG_LOOKAHEAD - 1 && rg_is_char(rg_peek(C, k), '('))
      k++;
    w= rg_word(rg_peek(C, k));
    if (w != KW_SELECT && w != KW_WITH && w != KW_VALUES)
      x->cls= RG_ACCESS_WRITE;
    return AH_BODY;
  }
  switch (w)
  {
  case KW_SELECT: case KW_WITH: case KW_VALUES:
    return AH_BODY;                     /* the body reads the keyword */
  case KW_SHOW: case KW_KILL: case KW_COMMIT: case KW_ROLLBACK:
  case KW_SAVEPOINT: case KW_USE: case KW_LEAVE: case KW_ITERATE:
  case KW_RETURN:
    break;
  case KW_RELEASE:
    if (w1 != KW_SAVEPOINT)
      x->cls= RG_ACCESS_WRITE;
    break;
  case KW_START: case KW_STOP:
    /* START TRANSACTION, START|STOP SLAVE|REPLICA|ALL SLAVES */
    if (w1 != KW_SLAVE && w1 != KW_REPLICA && w1 != KW_ALL &&
        (w != KW_START || w1 != KW_TRANSACTION))
      x->cls= RG_ACCESS_WRITE;
    break;
  case KW_CHANGE:
    if (w1 != KW_MASTER)
      x->cls= RG_ACCESS_WRITE;
    break;
  case KW_RESET:
    x->mode= XM_RESET;
    x->item= 1;
    break;
  case KW_SET:
    rg_skip(C, 1);
    if (w1 == KW_STATEMENT)
    {
      rg_skip(C, 1);
      x->mode= XM_SETSTMT;
    }
    else
    {
      x->mode= XM_SET;
      x->item= 1;
    }
    return AH_BODY;
  case KW_BEGIN:
    /* BEGIN [WORK]: a transaction; BEGIN NOT ATOMIC: a compound block */
    n= rg_peek(C, 1);
    if (rg_is_end(n) || w1 == KW_WORK)
      break;
    rg_skip(C, 1);
    if (w1 == KW_NOT && rg_word(rg_peek(C, 1)) == KW_ATOMIC)
      rg_skip(C, 2);
    return AH_NEXT;
  case KW_DESCRIBE: case KW_DESC: case KW_EXPLAIN: case KW_HELP:
    x->cls= RG_ACCESS_READ;
    x->mode= XM_FINAL;
    break;
  case KW_DO: case KW_DEALLOCATE: case KW_HANDLER: case KW_XA:
  case KW_SIGNAL: case KW_RESIGNAL: case KW_OPEN: case KW_FETCH:
  case KW_CLOSE:
    x->cls= RG_ACCESS_READ;
    break;
  case KW_PREPARE:
  case KW_EXECUTE:
    /* PREPARE name FROM text, EXECUTE IMMEDIATE text; EXECUTE name:
       checked when it runs */
    rg_skip(C, 1);
    if (rg_dynamic_head(C, w == KW_EXECUTE))
      x->cls= rg_acc_dynamic(C, w == KW_EXECUTE, saw_wsrep);
    else
      x->cls= w == KW_EXECUTE ? RG_ACCESS_READ : RG_ACCESS_WRITE;
    return AH_BODY;
  case KW_DROP:
    x->cls= w1 == KW_PREPARE ? RG_ACCESS_READ : RG_ACCESS_WRITE;
    break;
  case KW_CHECK:
    x->cls= w1 == KW_TABLE || w1 == KW_TABLES || w1 == KW_VIEW ?
            RG_ACCESS_READ : RG_ACCESS_WRITE;
    break;
  case KW_CHECKSUM: case KW_LOCK: case KW_UNLOCK:
    x->cls= w1 == KW_TABLE || w1 == KW_TABLES ?
            RG_ACCESS_READ : RG_ACCESS_WRITE;
    break;
  case KW_GET:
    x->cls= w1 == KW_DIAGNOSTICS || w1 == KW_CURRENT || w1 == KW_STACKED ?
            RG_ACCESS_READ : RG_ACCESS_WRITE;
    break;
  case KW_IF: case KW_ELSEIF: case KW_CASE: case KW_WHEN: case KW_WHILE:
  case KW_UNTIL: case KW_FOR:
    x->mode= XM_CONTROL;
    break;
  case KW_DECLARE:
    x->mode= XM_DECLARE;
    break;
  case KW_ELSE: case KW_LOOP: case KW_REPEAT:
    rg_skip(C, 1);
    return AH_NEXT;
  case KW_END:
    rg_skip(C, 1);
    rg_acc_end(C);
    return AH_NEXT;
  default:
    x->cls= RG_ACCESS_WRITE;            /* anything else may write */
    return AH_BODY;
  }
  rg_skip(C, 1);
  return AH_BODY;
}

/*
  A table reference (x->expect_ref: FROM, JOIN or ',' in a FROM list came
  before), the token t (word id w) taken: 1 when t is done with, 0 when
  the rest of rg_acc_body() reads it too.
*/
static int rg_acc_table_ref(rg_cursor *C, rg_xs *x, const rg_tok *t,
                            unsigned w)
{
  x->expect_ref= 0;
  if (rg_is_char(t, '('))
  {
    /* a derived table or a nested join: a query level either way */
    x->depth++;
    rg_acc_setbit(&x->query, x->depth, 1);
    rg_acc_setbit(&x->from, x->depth, 1);
    x->expect_ref= 1;
    x->prev= KW_NONE;
    return 1;
  }
  if (w == KW_SELECT || w == KW_WITH || w == KW_VALUES)
    return 0;                           /* a subquery: read by the caller */
  if (w == KW_DUAL)
  {
    x->prev= w;
    return 1;
  }
  if (rg_is_name(t) && rg_is_char(rg_peek(C, 0), '.') &&
      rg_is_name(rg_peek(C, 1)) && rg_acc_system_schema(C, t))
  {
    rg_skip(C, 2);
    x->after_dot= 0;
    x->prev= KW_NONE;
    return 1;
  }
  x->cls= rg_acc_max(x->cls, RG_ACCESS_READ);
  if (!rg_is_name(t))
    return 0;
  x->prev= KW_NONE;
  return 1;
}

/* What rg_acc_item() decided. */
enum { AI_ON= 0, AI_DONE, AI_WRITE };

/*
  An item of SET [GLOBAL|SESSION|LOCAL] PASSWORD | ROLE | DEFAULT ROLE or
  RESET SLAVE|REPLICA [, ...] (x->item, at depth 0), whose word id is w:
  AI_DONE when the token is done with, AI_WRITE when the statement writes,
  AI_ON when the rest of rg_acc_body() reads it.
*/
static int rg_acc_item(rg_cursor *C, rg_xs *x, unsigned w)
{
  if (x->mode == XM_SET &&
      (w == KW_GLOBAL || w == KW_SESSION || w == KW_LOCAL))
  {
    x->prev= w;
    return AI_DONE;
  }
  x->item= 0;
  if (x->mode == XM_SET &&
      (w == KW_PASSWORD || w == KW_ROLE ||
       (w == KW_DEFAULT && rg_word(rg_peek(C, 0)) == KW_ROLE)))
    return AI_WRITE;
  if (x->mode == XM_RESET && w != KW_SLAVE && w != KW_REPLICA)
    return AI_WRITE;
  return AI_ON;
}

/* Punctuation t: parentheses and the ',' of lists. */
static void rg_acc_punct(rg_xs *x, const rg_tok *t)
{
  switch (t->ch)
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
  x->prev= KW_NONE;
}

/*
  A word (id w) of a query or an expression: query blocks, FROM lists,
  outfiles and sequence functions. Returns 1 when the statement writes.
*/
static int rg_acc_query_word(rg_cursor *C, rg_xs *x, unsigned w)
{
  switch (w)
  {
  case KW_SELECT: case KW_VALUES:
    rg_acc_setbit(&x->query, x->depth, 1);
    rg_acc_setbit(&x->from, x->depth, 0);
    break;
  case KW_WITH:
    rg_acc_setbit(&x->query, x->depth, 1);
    break;
  case KW_FROM:
    if (rg_acc_bit(x->query, x->depth))
    {
      rg_acc_setbit(&x->from, x->depth, 1);
      x->expect_ref= 1;
    }
    break;
  case KW_JOIN:
    rg_acc_setbit(&x->from, x->depth, 1);
    x->expect_ref= 1;
    break;
  case KW_STRAIGHT_JOIN:
    /* also a SELECT option */
    if (rg_acc_bit(x->from, x->depth))
      x->expect_ref= 1;
    break;
  case KW_WHERE: case KW_GROUP: case KW_HAVING: case KW_ORDER:
  case KW_LIMIT: case KW_WINDOW: case KW_UNION: case KW_EXCEPT:
  case KW_INTERSECT: case KW_INTO: case KW_PROCEDURE:
    rg_acc_setbit(&x->from, x->depth, 0);
    break;
  case KW_OUTFILE: case KW_DUMPFILE:
    x->cls= rg_acc_max(x->cls, RG_ACCESS_READ);
    break;
  case KW_NEXTVAL: case KW_SETVAL:
    return rg_is_char(rg_peek(C, 0), '(');
  case KW_NEXT:
    return rg_word(rg_peek(C, 0)) == KW_VALUE &&
           rg_word(rg_peek(C, 1)) == KW_FOR;
  default:
    break;
  }
  return 0;
}

/*
  A word (id w) of a compound statement's header, DECLARE or SET
  STATEMENT (x->mode): 1 when the header ends there and a statement
  starts.
*/
static int rg_acc_header_word(rg_cursor *C, rg_xs *x, unsigned w)
{
  switch (x->mode)
  {
  case XM_CONTROL:
    /* IF|ELSEIF|WHEN ... THEN, WHILE|FOR ... DO, UNTIL ... END REPEAT;
       CASE ... END inside the expressions */
    if (w == KW_CASE)
      x->cases++;
    else if (w == KW_END && x->cases)
      x->cases--;
    else if (w == KW_END)
    {
      rg_acc_end(C);
      return 1;
    }
    else if (!x->cases &&
             (w == KW_THEN || w == KW_ELSE || w == KW_DO ||
              w == KW_LOOP || w == KW_REPEAT))
      return 1;
    return 0;
  case XM_DECLARE:
    /* DECLARE c CURSOR FOR select; DECLARE ... HANDLER FOR conditions
       statement; DECLARE c CONDITION FOR ... */
    if (w == KW_HANDLER &&
        (x->prev == KW_CONTINUE || x->prev == KW_EXIT || x->prev == KW_UNDO))
      x->handler= 1;
    else if (w == KW_CONDITION)
      x->condition= 1;
    else if (w == KW_FOR && x->depth == 0 && x->handler)
    {
      rg_acc_conditions(C);
      return 1;
    }
    else if (w == KW_FOR && x->depth == 0 && !x->condition)
      return 1;
    return 0;
  case XM_SETSTMT:
    /* the values are constants: any FOR ends them (as rg_classify()) */
    return w == KW_FOR;
  default:
    return 0;
  }
}

/*
  The rest of a statement after rg_acc_head(): its class. Returns at the
  statement's end (';' taken, or the end of the text: *eof) or where a
  compound statement's header ends and a statement starts.
*/
static rg_access rg_acc_body(rg_cursor *C, rg_xs *x, int *eof)
{
  rg_tok t;
  for (;;)
  {
    unsigned w;
    int after_dot= x->after_dot;
    if (x->cls == RG_ACCESS_WRITE)
      return RG_ACCESS_WRITE;
    rg_next(C, &t);
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
    w= rg_word(&t);

    if (x->expect_ref && rg_acc_table_ref(C, x, &t, w))
      continue;
    if (x->item && x->depth == 0)
    {
      int r= rg_acc_item(C, x, w);
      if (r == AI_DONE)
        continue;
      if (r == AI_WRITE)
        return RG_ACCESS_WRITE;
    }
    if (t.type == T_CHAR)
    {
      rg_acc_punct(x, &t);
      continue;
    }

    /* s.nextval in sql_mode ORACLE */
    if (after_dot && (t.type == T_IDENT || t.type == T_QIDENT) &&
        rg_acc_name_is(C, &t, "nextval"))
      return RG_ACCESS_WRITE;

    /* index hints: USE INDEX FOR JOIN | ORDER BY | GROUP BY (...) */
    if (x->prev == KW_FOR &&
        (w == KW_JOIN || w == KW_ORDER || w == KW_GROUP))
      w= KW_NONE;

    if (rg_acc_query_word(C, x, w))
      return RG_ACCESS_WRITE;
    if (rg_acc_header_word(C, x, w))
      return x->cls;
    x->prev= w;
  }
}

/* Classifies every statement of a text with the scanner S set up. */
static rg_access rg_acc_run(rg_cursor *C, int *saw_wsrep)
{
  rg_access worst= RG_ACCESS_INSPECT;
  int eof= 0;
  while (!eof && worst != RG_ACCESS_WRITE)
  {
    rg_xs x;
    const rg_tok *h= rg_peek(C, 0);
    if (h->type == T_EOF)
      break;
    if (rg_is_char(h, ';'))
    {
      rg_skip(C, 1);                    /* an empty statement */
      continue;
    }
    if (rg_is_name(h) && rg_is_char(rg_peek(C, 1), ':'))
    {
      rg_skip(C, 2);                    /* label: */
      continue;
    }
    memset(&x, 0, sizeof(x));
    x.cls= RG_ACCESS_INSPECT;
    x.mode= XM_SIMPLE;
    if (rg_acc_head(C, &x, saw_wsrep) == AH_BODY)
      x.cls= rg_acc_body(C, &x, &eof);
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
  rg_cursor C;
  rg_access r;

  rg_cursor_init(&C, opt, s, n, cs, dbuf, dcap, depth, wsrep, 0, mapbuf);
  r= rg_acc_run(&C, saw_wsrep);
  if (C.L.saw_wsrep)
    *saw_wsrep= 1;
  return r;
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
