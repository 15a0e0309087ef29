/*
  replica_guard classifier: the later statements of a multi-statement
  packet that the server may read under other settings than the packet's
  first (rg_classify_packet_rest(), rg_access.h).

  The server parses the statements of one COM_QUERY packet one at a time,
  each under the character_set_client and sql_mode that the statements
  before it left. rg_classify() reads the whole packet under the settings
  in force when it arrives. Here, wherever a statement that may change
  those settings (a "changer") ends, the rest of the packet is read again
  under every setting the classifier models: every rg_charset whose
  reading of the rest can differ (rg_classes()) and every combination of
  RG_MODE_ANSI_QUOTES and RG_MODE_NO_BACKSLASH_ESCAPES (the other RG_MODE_*
  bits stay clear: their worst). Those readings are walked for changers in
  turn (a later SET may switch settings again), so every mix of readings
  the server may follow is covered: each statement is read under every
  setting it may be parsed with.

  Changers, conservatively: SET (SET STATEMENT included; not SET @var=
  expression, one user variable alone), CALL, EXECUTE, PREPARE, BINLOG and
  DO, whose statement ends at the next ';' of the reading; and what may be
  a compound statement (BEGIN but BEGIN [WORK], DECLARE, IF, WHILE, LOOP,
  REPEAT, CASE, FOR, a label, "<<"), whose end is not sought: every later
  ';' of that reading is taken as a possible end. Past
  RG_PACKET_MAX_STARTS such positions, or past a budget of bytes read
  again (RG_PACKET_BUDGET(), charged before each position is read), the
  packet is not followed and is reported as dynamic SQL (fail closed: the
  client is told to send the statements separately). So the work is
  linear in the packet's length whatever it holds. The cost falls on
  packets with a changer followed by another statement only; a packet
  without ';' costs one memchr().
*/

#include "rg_access.h"
#include "rg_hot.h"
#include "rg_charsets.h"
#include "rg_scan.h"

#include <string.h>

/* Positions the rest of a packet is read from, at most. */
#define RG_PACKET_MAX_STARTS 16
/* Bytes all readings of a packet of len bytes may read in total: a
   multiple of its length, and enough for one changer with a rest in any
   character set in a packet of a few kilobytes. */
#define RG_PACKET_BUDGET(len) ((len) * 64 + 256 * 1024)
/* The combinations of the sql_mode bits that change lexing */
#define RG_PACKET_MODES (RG_MODE_ANSI_QUOTES | RG_MODE_NO_BACKSLASH_ESCAPES)

typedef struct rg_starts
{
  size_t at[RG_PACKET_MAX_STARTS];
  unsigned n;
  int overflow;                         /* too many, or over the budget */
  size_t budget;                        /* bytes still to be read */
} rg_starts;

/* Takes readings of bytes bytes from S's budget; 0 (and overflow) when
   they do not fit. */
static int rg_charge(rg_starts *S, size_t readings, size_t bytes)
{
  if (bytes && readings > S->budget / bytes)
    S->overflow= 1;
  else
    S->budget-= readings * bytes;
  return !S->overflow;
}

static void rg_add_start(rg_starts *S, size_t pos)
{
  unsigned i;
  for (i= 0; i < S->n; i++)
    if (S->at[i] == pos)
      return;
  if (S->n == RG_PACKET_MAX_STARTS)
    S->overflow= 1;
  else
    S->at[S->n++]= pos;
}

/* What kind of changer the statement starting with t is: 0 none,
   1 a simple statement, 2 a possible compound statement. */
static int rg_changer(rg_cursor *C, const rg_tok *t)
{
  const rg_tok *next;
  if (t->type == T_CHAR && t->ch == '<')
    return 2;
  if (t->type != T_WORD && t->type != T_IDENT && t->type != T_QIDENT)
    return 0;
  next= rg_peek(C, 0);
  if (rg_is_char(next, ':'))
    return 2;                           /* label: */
  switch (t->kw) {
  case KW_BEGIN:                        /* BEGIN [WORK]: a transaction */
    return rg_is_end(next) || rg_is_kw(next, KW_WORK) ? 0 : 2;
  case KW_SET: case KW_CALL: case KW_EXECUTE: case KW_PREPARE:
  case KW_BINLOG: case KW_DO:
    return 1;
  case KW_DECLARE: case KW_IF: case KW_WHILE: case KW_LOOP:
  case KW_REPEAT: case KW_CASE: case KW_FOR:
    return 2;
  default:
    return 0;
  }
}

/*
  Walks q[from..len) under opt (one reading, wsrep as rg_lexer_init())
  and adds to S the position after each ';' the server may start reading
  under changed settings from.
*/
static void rg_walk(const unsigned char *q, size_t len, size_t from,
                    const rg_classify_options *opt, int wsrep, rg_starts *S)
{
  unsigned char mapbuf[256];
  rg_cursor C;
  rg_tok t;
  int at_start= 1, kind= 0, all= 0, user_set= 0, depth= 0;
  rg_cursor_init(&C, opt, q + from, len - from, opt->charset, NULL, 0, 0,
                 wsrep, 0, mapbuf);
  for (;;)
  {
    rg_next(&C, &t);
    if (t.type == T_EOF || S->overflow)
      return;
    if (rg_is_char(&t, ';'))
    {
      if ((kind && !user_set) || all)
        rg_add_start(S, from + t.off + 1);
      kind= user_set= depth= 0;
      at_start= 1;
      continue;
    }
    if (at_start)
    {
      at_start= 0;
      kind= rg_changer(&C, &t);
      if (kind == 2)
        all= 1;
      /* SET @a= ...: one user variable, no setting */
      user_set= kind == 1 && rg_is_kw(&t, KW_SET) &&
                rg_is_char(rg_peek(&C, 0), '@') &&
                !rg_is_char(rg_peek(&C, 1), '@');
    }
    else if (user_set)
    {
      if (rg_is_char(&t, '('))
        depth++;
      else if (rg_is_char(&t, ')'))
        depth--;
      else if (rg_is_char(&t, ',') && depth <= 0)
        user_set= 0;                    /* more assignments: any kind */
    }
  }
}

/*
  The classes whose readings of q[from..len) may differ, into cls[];
  returns how many. The byte maps of all classes but swe7 agree on every
  byte below 0x7F (rg_charsets.c), and swe7's differs from them only on
  the bytes of rg_swe7_special: text without 0x7F or higher bytes needs
  RG_CS_ASCII_SAFE only, and RG_CS_SWE7 besides if it has those. Of the
  single-byte classes from RG_CS_LATIN1 on, which the lexer tells apart
  by their maps alone (and, all alike, from RG_CS_ASCII_SAFE when a
  converted literal holds high bytes: rg_dynamic.c), one per map of the
  bytes the text holds is read (a decoded literal holds no byte >= 0x7F
  the text does not).
*/
static unsigned rg_classes(const unsigned char *q, size_t len, size_t from,
                           rg_charset *cls)
{
  static const char rg_swe7_special[]= "[]^{}~@\\`|";
  unsigned char seen[256], maps[RG_CS__COUNT][256];
  const unsigned char *map[RG_CS__COUNT];
  size_t i;
  unsigned n= 0, k, b;
  int high= 0, swe7= 0, cs;
  for (i= from; i < len && !high; i++)
  {
    high= q[i] >= 0x7F;
    if (!swe7 && q[i] && strchr(rg_swe7_special, q[i]))
      swe7= 1;
  }
  cls[n++]= RG_CS_ASCII_SAFE;
  if (!high)
  {
    if (swe7)
      cls[n++]= RG_CS_SWE7;
    return n;
  }
  memset(seen, 0, sizeof(seen));
  for (i= from; i < len; i++)
    seen[q[i]]= 1;
  cls[n++]= RG_CS_SJIS;
  cls[n++]= RG_CS_GBK;
  cls[n++]= RG_CS_BIG5;
  for (cs= RG_CS_LATIN1; cs < RG_CS__COUNT; cs++)
  {
    map[cs]= rg_map_of((rg_charset) cs, maps[cs]);
    for (k= RG_CS_LATIN1; k < (unsigned) cs; k++)
    {
      if (!map[k])
        continue;
      for (b= 0; b < 256 && (!seen[b] || map[k][b] == map[cs][b]); b++)
        ;
      if (b == 256)
        break;                          /* reads the text as k does */
    }
    if (k < (unsigned) cs)
      map[cs]= NULL;
    else
      cls[n++]= (rg_charset) cs;
  }
  return n;
}

/* The wsrep readings of q[from..len) to follow: both when it holds an
   executable comment, one otherwise (they agree). */
static int rg_last_wsrep(const unsigned char *q, size_t len, size_t from)
{
  size_t i;
  for (i= from; i + 2 < len; i++)
    if (q[i] == '/' && q[i + 1] == '*' && q[i + 2] == '!')
      return RG_WSREP_OFF;
  return RG_WSREP_ON;
}

/*
  Walks q[from..len) under every modelled setting, both wsrep readings,
  after charging S's budget for them and for the classifications of
  rg_classify_packet_rest() (two readings per setting) that follow.
*/
static void rg_walk_all(const unsigned char *q, size_t len, size_t from,
                        const rg_classify_options *base, rg_starts *S)
{
  rg_classify_options opt= *base;
  rg_charset cls[RG_CS__COUNT];
  unsigned ncls= rg_classes(q, len, from, cls), c;
  int w, last= rg_last_wsrep(q, len, from);
  unsigned mode;
  if (!rg_charge(S, (size_t) ncls * (RG_PACKET_MODES + 1) *
                    (size_t) (last - RG_WSREP_ON + 1 + 2), len - from))
    return;
  for (c= 0; c < ncls; c++)
    for (mode= 0; mode <= RG_PACKET_MODES; mode++)
      for (w= RG_WSREP_ON; w <= last; w++)
      {
        opt.charset= cls[c];
        opt.sql_mode= mode;
        rg_walk(q, len, from, &opt, w, S);
      }
}

/* Keeps the worse of *worst and one, a verdict on q + from. */
static void rg_worse(rg_verdict *worst, const rg_verdict *one, size_t from)
{
  if (one->verb == RG_VERB_NONE ||
      (worst->verb != RG_VERB_NONE &&
       (worst->verb != RG_VERB_DYNAMIC || one->verb == RG_VERB_DYNAMIC)))
    return;
  *worst= *one;
  worst->stmt_offset+= from;
  if (worst->verb == RG_VERB_DYNAMIC)
  {
    /* a variable or prepared statement an earlier statement may set */
    worst->dynamic= RG_DYN_EXPRESSION;
    worst->var_offset= worst->var_length= 0;
    worst->var2_offset= worst->var2_length= 0;
    worst->var_quoted= 0;
  }
}

RG_HOT
int rg_classify_packet_rest(const char *q, size_t len,
                            const rg_classify_options *opt,
                            rg_verdict *verdict, rg_access *access)
{
  const unsigned char *s= (const unsigned char *) q;
  rg_classify_options one_opt= *opt;
  rg_starts S;
  rg_verdict one;
  unsigned i, mode;
  memset(verdict, 0, sizeof(*verdict));
  *access= RG_ACCESS_INSPECT;
  if (!len || !memchr(q, ';', len))
    return 0;                           /* one statement: the hot path */
  S.n= 0;
  S.overflow= 0;
  S.budget= RG_PACKET_BUDGET(len);
  rg_charge(&S, 2, len);
  rg_walk(s, len, 0, opt, RG_WSREP_ON, &S);
  if (rg_last_wsrep(s, len, 0) == RG_WSREP_OFF)
    rg_walk(s, len, 0, opt, RG_WSREP_OFF, &S);
  for (i= 0; i < S.n && !S.overflow; i++)
    rg_walk_all(s, len, S.at[i], opt, &S);
  if (S.overflow)
  {
    verdict->verb= RG_VERB_DYNAMIC;
    verdict->dynamic= RG_DYN_EXPRESSION;
    verdict->stmt_offset= S.at[0];
    verdict->stmt_length= len - S.at[0];
    verdict->after_settings= 1;
    *access= RG_ACCESS_WRITE;
    return 1;
  }
  one_opt.execute_names= 0;
  for (i= 0; i < S.n; i++)
  {
    rg_charset cls[RG_CS__COUNT];
    unsigned ncls= rg_classes(s, len, S.at[i], cls), c;
    for (c= 0; c < ncls; c++)
      for (mode= 0; mode <= RG_PACKET_MODES; mode++)
      {
        rg_access a;
        one_opt.charset= cls[c];
        one_opt.sql_mode= mode;
        if (opt->verbs && rg_classify(q + S.at[i], len - S.at[i], &one_opt,
                                      &one) != RG_VERB_NONE)
          rg_worse(verdict, &one, S.at[i]);
        if ((a= rg_classify_access(q + S.at[i], len - S.at[i], &one_opt)) >
            *access)
          *access= a;
      }
  }
  if (verdict->verb != RG_VERB_NONE)
  {
    verdict->after_settings= 1;
    if (verdict->stmt_offset + verdict->stmt_length > len)
      verdict->stmt_length= len - verdict->stmt_offset;
  }
  return S.n != 0;
}
