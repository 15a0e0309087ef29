/*
  replica_guard classifier: the verb scanner, rg_classify() (rg_classify.h).

  It reads the tokens of the lexer (rg_lexer.h) through a cursor
  (rg_scan.h) and looks for guarded statements. It over-approximates where
  a statement can start: at the start of the packet, after ';', and after
  every token that starts a statement inside a compound statement (BEGIN,
  NOT ATOMIC, THEN, ELSE, DO, LOOP, REPEAT, a label's ':', the '>' that
  ends an ORACLE label "<<l>>", the condition list of DECLARE ... HANDLER
  FOR, SET STATEMENT ... FOR), in every sql_mode. The guarded
  verbs CREATE, DROP, ALTER and RENAME are reserved words, so they never
  start an expression and the over-approximation cannot report a false
  positive; TRUNCATE is not reserved and is only taken for the statement
  where the tokens that follow can only be a TRUNCATE statement
  (rg_truncate_statement(), rg_objects.c).

  Where the server's behaviour depends on something the options do not
  say, both readings are followed ("tracks") and the first verdict of
  either is reported: "/ *!99997 ... * /" is executed on a Galera node
  (WSREP) and is a comment elsewhere. The lexer reads such a comment as
  executed and records the other reading as a fork (rg_lexer.forks); when
  the main track is done, each recorded fork is run as a track of its own,
  and forks met on those tracks are appended and run in turn. Past
  RG_MAX_FORKS forks, and inside decoded literals (where forks would
  multiply), the lexer only keeps the least position of the others
  (fork_rest), from which the remaining text is searched for the verb
  words themselves (fail closed).

  A ';' inside an executed comment separates the statements of a compound
  statement; where it would end a whole statement the server fails (the
  MY_LEX_END state returns ABORT_SYM inside the comment), so taking it as a
  statement start, as everywhere, can only over-report.

  Statements with the effect of a CREATE or DROP are reported as that
  verb when their own is not wanted (rg_effect()): ALTER TABLE ... CONVERT
  PARTITION ... TO TABLE creates a table, ALTER TABLE ... CONVERT TABLE
  ... TO PARTITION drops one, ALTER EVENT ... ON COMPLETION NOT PRESERVE
  has the server binlog a DROP EVENT, and GRANT ... IDENTIFIED may create
  the account (whether it exists is not known here: every such GRANT), as
  may GRANT ... ON without sql_mode NO_AUTO_CREATE_USER (rg_classify.h:
  every one but the packet's first under a session with the mode).

  PREPARE ... FROM and EXECUTE IMMEDIATE literals are decoded (rg_dynamic.c)
  and scanned again, nested up to RG_MAX_DEPTH; BINLOG 'base64' events are
  walked (rg_binlog_check()).

  Nothing here allocates or keeps state between calls; the only sizeable
  memory is the RG_DECODE_CAP byte decoding buffer on rg_classify()'s
  stack, shared by all nesting levels of literals.
*/

#include "rg_scan.h"
#include "rg_hot.h"

#include <string.h>

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

/* The verb scanner of one text (the packet or a decoded literal). */
typedef struct rg_scanner
{
  rg_cursor c;
  unsigned track;               /* 0: the main track; i: c.L.forks[i - 1] */
  rg_cand stat;                 /* a static verb: final */
  rg_cand dyn;                  /* first RG_DYN_EXPRESSION / _TOO_LONG */
  rg_cand var;                  /* first RG_DYN_VARIABLE, _BINLOG,
                                   _PREPARED */
  int first_simple;             /* first statement cannot hide another */
} rg_scanner;

static void rg_scan_text(const rg_classify_options *opt, const unsigned char *s,
                         size_t n, rg_charset cs, unsigned char *dbuf,
                         size_t dcap, int depth, rg_scanner *S);

static int rg_wanted(const rg_scanner *S, rg_verb verb)
{
  return (S->c.opt->verbs & RG_VERB_BIT(verb)) != 0;
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
static size_t rg_stmt_end(rg_cursor *C)
{
  rg_tok t;
  for (;;)
  {
    rg_next(C, &t);
    if (rg_is_end(&t))
      return t.off;
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
  rg_object obj= rg_parse_object(&S->c, verb, &deallocate);
  size_t off= st->set_stmt ? st->stmt_off : t->off;
  if (deallocate)
    return 0;
  rg_found(S, verb, obj, off, rg_stmt_end(&S->c));
  return 1;
}

/*
  ALTER or GRANT (t, taken) at a statement start whose own verb is not
  reported: reads ahead, on a copy of the cursor, to the statement's end
  (or the DO of ALTER EVENT, whose body is scanned as usual) for a clause
  with the effect of a wanted CREATE or DROP, and reports the statement as
  that verb. first: the statement is the packet's first. Returns 1 when
  it did (the scan ends); takes nothing otherwise.
*/
static int rg_effect(rg_scanner *S, const rg_tok *t, const rg_stmt *st,
                     int first)
{
  rg_cursor probe= S->c;
  rg_verb verb= RG_VERB_NONE;
  rg_object obj= RG_OBJ_UNKNOWN;
  unsigned prev= KW_NONE, prev2= KW_NONE;
  /* the session's sql_mode is the one this GRANT runs with */
  int no_auto_create= (S->c.opt->sql_mode & RG_MODE_NO_AUTO_CREATE_USER) &&
                      first && !st->set_stmt;
  rg_tok u;
  for (;;)
  {
    unsigned w;
    rg_next(&probe, &u);
    if (rg_is_end(&u))
      return 0;
    w= u.type == T_WORD ? u.kw : KW_NONE;
    if (t->kw == KW_GRANT &&
        (w == KW_IDENTIFIED || (w == KW_ON && !no_auto_create)))
    {
      verb= RG_VERB_CREATE;
      obj= RG_OBJ_USER;
    }
    else if (t->kw == KW_ALTER && prev == KW_CONVERT && w == KW_PARTITION)
    {
      verb= RG_VERB_CREATE;
      obj= RG_OBJ_TABLE;
    }
    else if (t->kw == KW_ALTER && prev == KW_CONVERT && w == KW_TABLE)
    {
      verb= RG_VERB_DROP;
      obj= RG_OBJ_TABLE;
    }
    else if (t->kw == KW_ALTER && prev2 == KW_COMPLETION && prev == KW_NOT &&
             w == KW_PRESERVE)
    {
      verb= RG_VERB_DROP;
      obj= RG_OBJ_EVENT;
    }
    else if (t->kw == KW_ALTER && w == KW_DO)
      return 0;
    if (verb != RG_VERB_NONE && rg_wanted(S, verb))
      break;
    verb= RG_VERB_NONE;
    prev2= prev;
    prev= w;
  }
  rg_found(S, verb, obj, st->set_stmt ? st->stmt_off : t->off,
           rg_stmt_end(&S->c));
  return 1;
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
  c->v.stmt_length= S->c.n - stmt_off;
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

/*
  Fail-closed search of s[from..n) for the verb words themselves, wherever
  they are, for text whose tokens cannot be known. A verb in opt->verbs is
  reported as such; PREPARE or EXECUTE as dynamic SQL, or, when that is not
  wanted, as the first wanted static verb (the text they run is unknown).
*/
static int rg_raw_search(rg_scanner *S, size_t from)
{
  static const struct { const char *w; size_t len; rg_verb verb; } words[]=
  {
    { "CREATE", 6, RG_VERB_CREATE }, { "DROP", 4, RG_VERB_DROP },
    { "ALTER", 5, RG_VERB_ALTER }, { "RENAME", 6, RG_VERB_RENAME },
    { "TRUNCATE", 8, RG_VERB_TRUNCATE }, { "PREPARE", 7, RG_VERB_DYNAMIC },
    { "EXECUTE", 7, RG_VERB_DYNAMIC }
  };
  const unsigned char *s= S->c.s;
  size_t i, n= S->c.n;
  unsigned j;
  for (i= from; i < n; i++)
  {
    unsigned c= rg_ascii_upper(s[i]);
    if (c != 'C' && c != 'D' && c != 'A' && c != 'R' && c != 'T' &&
        c != 'P' && c != 'E')
      continue;
    for (j= 0; j < sizeof(words) / sizeof(words[0]); j++)
    {
      rg_verb verb= words[j].verb;
      size_t off= i;
      if (n - i < words[j].len ||
          !rg_ascii_ieq(s + i, words[j].w, words[j].len))
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
      rg_found(S, verb, RG_OBJ_UNKNOWN, off, n);
      return 1;
    }
  }
  return 0;
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
  const rg_tok *t= rg_peek(&S->c, 0);
  rg_literal lit;
  rg_scanner inner;

  if (rg_is_char(t, '@'))
  {
    rg_var v;
    int ok= rg_var_name(&S->c, rg_peek(&S->c, 1), &v);
    const rg_tok *e= rg_peek(&S->c, ok ? 2 : 1);
    if (ok && (rg_is_end(e) || (execute && rg_is_kw(e, KW_USING))) &&
        first && S->c.depth == 0)
      rg_dynamic(S, RG_DYN_VARIABLE, stmt_off, &v, NULL);
    else
      rg_dynamic(S, RG_DYN_EXPRESSION, stmt_off, NULL, NULL);
    return 0;
  }
  if (!rg_literal_text(&S->c, execute, &lit))
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
    inner.c.opt= S->c.opt;
    inner.c.s= S->c.dbuf;
    inner.c.n= lit.len;
    rg_raw_search(&inner, 0);
  }
  else
    rg_scan_text(S->c.opt, S->c.dbuf, lit.len, (rg_charset) lit.cls,
                 S->c.dbuf + lit.len, S->c.dcap - lit.len, S->c.depth + 1,
                 &inner);
  if (inner.stat.have)
  {
    S->stat= inner.stat;
    S->stat.v.stmt_offset= stmt_off;
    S->stat.v.stmt_length= rg_stmt_end(&S->c) - stmt_off;
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
  After EXECUTE (taken) that is not EXECUTE IMMEDIATE, with
  opt->execute_names: records EXECUTE name [USING ...] as RG_DYN_PREPARED
  (see rg_classify.h). Anything else after EXECUTE is a syntax error.
*/
static void rg_execute_name(rg_scanner *S, size_t stmt_off, int first)
{
  const rg_tok *name= rg_peek(&S->c, 0);
  const rg_tok *e= rg_peek(&S->c, 1);
  rg_var v;
  v.quoted= name->type == T_QIDENT;
  v.off= name->off + (size_t) v.quoted;
  v.len= name->len - 2 * (size_t) v.quoted;
  if (!rg_is_name(name) || (!rg_is_end(e) && !rg_is_kw(e, KW_USING)))
    return;
  if (first && S->c.depth == 0)
    rg_dynamic(S, RG_DYN_PREPARED, stmt_off, &v, NULL);
  else
    rg_dynamic(S, RG_DYN_EXPRESSION, stmt_off, NULL, NULL);
}

/*
  BINLOG taken at a statement start: BINLOG 'base64' is walked here;
  BINLOG @a, @b (the first statement of the packet) is left to the caller
  as RG_DYN_BINLOG, anything else is reported.
*/
static void rg_binlog(rg_scanner *S, size_t stmt_off, int first)
{
  const rg_tok *t= rg_peek(&S->c, 0);
  if (t->type == T_STRING && t->len >= 2 && rg_is_end(rg_peek(&S->c, 1)))
  {
    const char *p= (const char *) S->c.s + t->off + 1;
    size_t n= t->len - 2;
    /* an escape or a doubled quote: not followed here */
    if (memchr(p, '\\', n) || memchr(p, S->c.s[t->off], n) ||
        rg_binlog_check(&p, &n, 1))
      rg_dynamic(S, RG_DYN_EXPRESSION, stmt_off, NULL, NULL);
  }
  else if (rg_is_char(t, '@'))
  {
    rg_cursor *C= &S->c;
    rg_var a, b;
    if (first && C->depth == 0 && rg_var_name(C, rg_peek(C, 1), &a) &&
        rg_is_char(rg_peek(C, 2), ',') && rg_is_char(rg_peek(C, 3), '@') &&
        rg_var_name(C, rg_peek(C, 4), &b) && rg_is_end(rg_peek(C, 5)))
      rg_dynamic(S, RG_DYN_BINLOG, stmt_off, &a, &b);
    else
      rg_dynamic(S, RG_DYN_EXPRESSION, stmt_off, NULL, NULL);
  }
}

/*
  The token t is at a (possible) statement start. Returns 1 when a guarded
  statement was found (the scan ends).
*/
RG_HOT
static int rg_check_start(rg_scanner *S, const rg_tok *t, int kind,
                          rg_stmt *st, int first)
{
  int execute;
  rg_object obj;
  if (t->type != T_WORD)
    return 0;
  switch (t->kw)
  {
  case KW_CREATE:
    return rg_wanted(S, RG_VERB_CREATE) && rg_report(S, t, RG_VERB_CREATE, st);
  case KW_DROP:
    return rg_wanted(S, RG_VERB_DROP) && rg_report(S, t, RG_VERB_DROP, st);
  case KW_ALTER:
    if (rg_wanted(S, RG_VERB_ALTER))
      return rg_report(S, t, RG_VERB_ALTER, st);
    return rg_effect(S, t, st, first);
  case KW_GRANT:
    return rg_effect(S, t, st, first);
  case KW_RENAME:
    return rg_wanted(S, RG_VERB_RENAME) && rg_report(S, t, RG_VERB_RENAME, st);
  case KW_TRUNCATE:
    if (rg_wanted(S, RG_VERB_TRUNCATE))
      return rg_truncate_statement(&S->c, kind == START_STRICT) &&
             rg_report(S, t, RG_VERB_TRUNCATE, st);
    /* TRUNCATE of mysql.proc & co. drops every object it defines */
    if (rg_wanted(S, RG_VERB_DROP) &&
        rg_truncate_statement(&S->c, kind == START_STRICT) &&
        rg_truncate_object_table(&S->c, &obj))
    {
      rg_found(S, RG_VERB_DROP, obj, st->set_stmt ? st->stmt_off : t->off,
               rg_stmt_end(&S->c));
      return 1;
    }
    return 0;
  case KW_PREPARE:
  case KW_EXECUTE:
    execute= t->kw == KW_EXECUTE;
    if (rg_dynamic_head(&S->c, execute))
      return rg_dynamic_source(S, st->set_stmt ? st->stmt_off : t->off,
                               execute, first);
    if (execute && S->c.opt->execute_names)
      rg_execute_name(S, st->set_stmt ? st->stmt_off : t->off, first);
    return 0;
  case KW_BINLOG:
    rg_binlog(S, st->set_stmt ? st->stmt_off : t->off, first);
    return 0;
  case KW_SET:
    if (rg_is_kw(rg_peek(&S->c, 0), KW_STATEMENT))
    {
      rg_skip(&S->c, 1);
      st->set_stmt= 1;
    }
    return 0;
  case KW_NOT:
    if (rg_is_kw(rg_peek(&S->c, 0), KW_ATOMIC))
    {
      rg_skip(&S->c, 1);
      st->start= START_STRICT;
    }
    return 0;
  default:
    return 0;
  }
}

/* Keywords after which a first statement can hide no other statement. */
RG_HOT
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

/*
  Runs one track to its end; 1 when a guarded statement was found. While
  no statement start is pending, the lexer skips to the next word of
  rg_kwset_compound (rg_kwset_compound_for after SET STATEMENT): those
  sets must hold every word this loop acts on.
*/
RG_HOT
static int rg_run(rg_scanner *S, rg_stmt st)
{
  rg_tok t;
  for (;;)
  {
    int saw_handler;
    if (!S->c.qn && !st.start && !st.handler)
      rg_fast_skip(&S->c.L, st.set_stmt ? &rg_kwset_compound_for :
                                          &rg_kwset_compound);
    rg_next(&S->c, &t);
    if (t.type == T_EOF)
    {
      rg_close_cands(S, S->c.n);
      return 0;
    }
    if (S->track == 0 && S->c.ntok == 1)
      S->first_simple= rg_simple_first(&t) && t.off + t.len < S->c.n;
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
          rg_condition_rest(&S->c, &t);
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
      int first= S->track == 0 && S->c.ntok == 1 && kind == START_LENIENT;
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
    else if (rg_is_char(&t, ':') || rg_is_char(&t, '>'))
      st.start= START_STRICT;
  }
}

/* Sets up S for the text s[0..n) and runs all its tracks. */
RG_HOT
static void rg_scan_text(const rg_classify_options *opt, const unsigned char *s,
                         size_t n, rg_charset cs, unsigned char *dbuf,
                         size_t dcap, int depth, rg_scanner *S)
{
  unsigned char mapbuf[256];
  unsigned i;
  rg_stmt st;

  /* forks of nested texts would multiply: only the packet's are run */
  rg_cursor_init(&S->c, opt, s, n, cs, dbuf, dcap, depth, RG_WSREP_FORK,
                 depth == 0 ? RG_MAX_FORKS : 0, mapbuf);
  S->track= 0;
  S->stat.have= S->dyn.have= S->var.have= 0;
  S->first_simple= 0;
  st.start= START_LENIENT;
  st.set_stmt= 0;
  for (i= 0; ; i++)
  {
    if (i > 0)
    {
      /* a fork: the statement state there is unknown, so over-approximate */
      if (i > S->c.L.nforks)
        break;
      rg_cursor_resume(&S->c, &S->c.L.forks[i - 1]);
      S->track= i;
      st.start= START_STRICT;
      st.set_stmt= 1;
    }
    st.handler= H_NONE;
    st.stmt_off= S->c.L.pos;
    if (rg_run(S, st))
      return;
  }
  if (S->c.L.fork_rest != RG_NPOS)
    rg_raw_search(S, S->c.L.fork_rest);
}

RG_HOT
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
