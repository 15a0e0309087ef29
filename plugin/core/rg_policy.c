/*
  replica_guard policy: the statement filter's decision (see rg_policy.h).

  The rules, in the order they are applied (walk() below):
   1. No rule in force (filter OFF, no fence, no other server's update
      window refusing writes here): PASS.
   2. The replication applier and the plugin's own threads (and what the
      server tells of only after it ran): PASS. What the primary sends is
      applied, DDL included.
   3. Exempt accounts: PASS. Not for statements the server runs on a
      session's behalf (init_connect, init_slave): someone else wrote them.
   4. While fenced: INSPECT statements pass; READ passes in fence mode
      WRITES; anything else is refused with the fence's message (FENCE).
      Neither WARN mode nor the override lets it through.
      While another server's update window is open and this server has
      replica_guard_refuse_writes_during_update=ON, writes are refused
      the same way (a fence in mode WRITES), with their own reason; the
      fence, when up, decides first. This applies with the filter OFF
      too.
   5. Filter (not a report server, filter mode not OFF): a statement with
      no filtered verb goes on to rule 6. A filtered static verb passes,
      logged, under the session override replica_guard_allow_ddl (a
      client's own statement only). Otherwise WARN mode logs and lets it
      run, ENFORCE refuses it; dynamic SQL whose text cannot be checked is
      refused like a filtered verb, never overridden.
      While an update window is open (replica_guard_update_window), a
      client's own filtered static verb that the override did not let
      through goes on to rule 6 instead, and passes, logged, unless rule
      6 refuses it: the window is for the practice's own schemas, never
      for the plugin's, nor for dynamic SQL, nor past the fence.
   6. The plugin's own schema (any server, filter mode not OFF): a write
      that may reach it is treated like a filtered verb (override, WARN,
      refused), so no client forges a heartbeat. A statement's text is
      judged by what it names; whatever got past that is refused when a
      table of the schema is locked for writing (ctx->table_write), before
      any row is written.
  A new value for init_connect or init_slave (ctx->setting) is judged by
  rules 5 and 6 alone, under every reading of its text, and refused with
  its own reason; neither exemption nor the override applies (the text
  runs in other sessions).
*/
#include <stdio.h>
#include <string.h>
#include "rg_policy.h"
#include "rg_hot.h"

static const struct
{
  const char *name;
  rg_decision action;       /* the only action with this reason */
  const char *log_event;    /* the error-log event word; NULL: not logged */
  const char *log_lead;     /* what the line says before the kind */
} reasons[RG_REASON__COUNT]=
{
  { "NO_RULE", RG_DECISION_PASS, NULL, NULL },
  { "INTERNAL", RG_DECISION_PASS, NULL, NULL },
  { "APPLIER", RG_DECISION_PASS, NULL, NULL },
  { "EXEMPT", RG_DECISION_PASS, NULL, NULL },
  { "NOT_GUARDED", RG_DECISION_PASS, NULL, NULL },
  { "OVERRIDE", RG_DECISION_PASS, "allowed", "by replica_guard_allow_ddl: " },
  { "WARN_MODE", RG_DECISION_WARN, "warned", "WARN mode, not refused: " },
  { "GUARDED", RG_DECISION_REFUSE, "refused", "" },
  { "DYNAMIC", RG_DECISION_REFUSE, "refused", "" },
  { "FENCED_WRITE", RG_DECISION_FENCE, "refused", "while fenced: " },
  { "FENCED_READ", RG_DECISION_FENCE, "refused", "while fenced: " },
  { "OWN_SCHEMA", RG_DECISION_REFUSE, "refused", "" },
  { "SETTING", RG_DECISION_REFUSE, "refused", "" },
  { "WINDOW", RG_DECISION_PASS, "allowed", "in the update window: " },
  { "UPDATE_ELSEWHERE", RG_DECISION_REFUSE, "refused",
    "during another server's update window: " },
  { "REPLICA_WRITE", RG_DECISION_REFUSE, "refused", "" }
};

/*
  True when ctx holds fact; otherwise records it in *missing (unless an
  earlier fact is missing already) so the caller goes on with the fact at
  its worst.
*/
static int holds(const rg_policy_context *ctx, unsigned fact,
                 unsigned *missing)
{
  if (ctx->known & fact)
    return 1;
  if (!*missing)
    *missing= fact;
  return 0;
}

/* A fact about the statement's text: statement text needs the lexer
   options first (a setting's value is read under every setting). */
static int holds_text(const rg_policy_context *ctx, unsigned fact,
                      unsigned *missing)
{
  if (!ctx->parsed && !ctx->setting)
    holds(ctx, RG_FACT_LEXER, missing);
  return holds(ctx, fact, missing);
}

/* How a rule that found a guarded statement decides: the override (a
   client's own static statement only), WARN mode, or refused. */
static rg_reason guarded(const rg_policy_context *ctx, int may_override,
                         rg_reason refused, unsigned *missing)
{
  if (may_override && holds(ctx, RG_FACT_OVERRIDE, missing) &&
      ctx->allow_ddl)
    return RG_REASON_OVERRIDE;
  if (ctx->filter_mode == RG_FILTER_WARN)
    return RG_REASON_WARN_MODE;
  return ctx->setting ? RG_REASON_SETTING : refused;
}

/*
  Rules 5 and 6 for a statement that passed rules 1 to 4: the filtered
  verbs (unless on a report server), then the plugin's own schema.
*/
RG_HOT
static void filter(const rg_policy_context *ctx, rg_thread_kind thread,
                   unsigned *missing, rg_policy_decision *out)
{
  int may_override= thread == RG_THREAD_CLIENT && !ctx->setting;
  int in_window= 0;
  rg_verb verb;
  if (!ctx->report_server)
  {
    verb= holds_text(ctx, RG_FACT_VERDICT, missing) ? ctx->verdict.verb
                                                    : RG_VERB_DYNAMIC;
    if (verb != RG_VERB_NONE && (ctx->verbs & RG_VERB_BIT(verb)))
    {
      int own_static= may_override && verb != RG_VERB_DYNAMIC;
      out->after_settings= (ctx->known & RG_FACT_VERDICT) &&
                           ctx->verdict.after_settings;
      out->reason= guarded(ctx, own_static,
                           verb == RG_VERB_DYNAMIC ? RG_REASON_DYNAMIC
                                                   : RG_REASON_GUARDED,
                           missing);
      if (out->reason == RG_REASON_OVERRIDE || !own_static ||
          !holds(ctx, RG_FACT_WINDOW, missing) || !ctx->window_open)
        return;
      in_window= 1;                    /* rule 6 still applies */
    }
  }
  if ((holds_text(ctx, RG_FACT_SCHEMA, missing) && !ctx->own_schema) ||
      (holds_text(ctx, RG_FACT_ACCESS, missing) &&
       ctx->access != RG_ACCESS_WRITE))
  {
    if (in_window)
      out->reason= RG_REASON_WINDOW;
    return;
  }
  out->own_schema= 1;
  out->reason= guarded(ctx, may_override, RG_REASON_OWN_SCHEMA, missing);
}

/*
  Applies the rules to ctx and fills *out. Returns the first fact the
  decision depended on that ctx does not hold (*out then takes it at its
  worst), or 0.
*/
RG_HOT
static unsigned walk(const rg_policy_context *ctx, rg_policy_decision *out)
{
  unsigned missing= 0;
  int checking= ctx->filter_mode != RG_FILTER_OFF;
  /* at its worst: never exempt, never overridden */
  rg_thread_kind thread= RG_THREAD_ON_BEHALF;
  rg_access access;
  out->reason= RG_REASON_NOT_GUARDED;
  out->own_schema= 0;
  out->after_settings= 0;
  out->update_server= 0;

  if (!checking &&
      (!(ctx->fence_up || ctx->update_elsewhere) || ctx->setting ||
       ctx->table_write))
    out->reason= RG_REASON_NO_RULE;
  else if (ctx->setting)
    filter(ctx, thread, &missing, out);
  else
  {
    if (holds(ctx, RG_FACT_THREAD, &missing))
      thread= ctx->thread;
    if (thread == RG_THREAD_APPLIER)
      out->reason= RG_REASON_APPLIER;
    else if (thread == RG_THREAD_INTERNAL)
      out->reason= RG_REASON_INTERNAL;
    else if (thread == RG_THREAD_CLIENT &&
             holds(ctx, RG_FACT_EXEMPT, &missing) && ctx->exempt)
      out->reason= RG_REASON_EXEMPT;
    else if (ctx->table_write)
    {
      out->own_schema= 1;
      out->reason= guarded(ctx, thread == RG_THREAD_CLIENT,
                           RG_REASON_OWN_SCHEMA, &missing);
    }
    else
    {
      if (ctx->fence_up || ctx->update_elsewhere)
      {
        access= holds_text(ctx, RG_FACT_ACCESS, &missing) ? ctx->access
                                                          : RG_ACCESS_WRITE;
        if (!ctx->fence_up)
        {
          if (access == RG_ACCESS_WRITE)
          {
            out->reason= RG_REASON_UPDATE_ELSEWHERE;
            out->update_server= ctx->update_elsewhere;
          }
        }
        else if (access == RG_ACCESS_WRITE ||
            (access == RG_ACCESS_READ && ctx->fence_mode == RG_FENCE_ALL))
        {
          out->reason= access == RG_ACCESS_WRITE ? RG_REASON_FENCED_WRITE
                                                 : RG_REASON_FENCED_READ;
          out->after_settings= (ctx->known & RG_FACT_ACCESS) &&
                               ctx->access_after_settings;
        }
      }
      if (checking && out->reason == RG_REASON_NOT_GUARDED)
        filter(ctx, thread, &missing, out);
    }
  }
  out->action= reasons[out->reason].action;
  return missing;
}

RG_HOT
unsigned rg_policy_needs(const rg_policy_context *ctx)
{
  rg_policy_decision unused;
  return walk(ctx, &unused);
}

RG_HOT
rg_decision rg_policy_decide(const rg_policy_context *ctx,
                             rg_policy_decision *out)
{
  walk(ctx, out);
  return out->action;
}

const char *rg_decision_name(rg_decision decision)
{
  static const char *const names[]= { "PASS", "WARN", "REFUSE", "FENCE" };
  return (unsigned) decision < sizeof(names) / sizeof(names[0])
         ? names[decision] : "?";
}

const char *rg_reason_name(rg_reason reason)
{
  return (unsigned) reason < RG_REASON__COUNT ? reasons[reason].name : "?";
}

RG_HOT
const char *rg_policy_log_event(const rg_policy_decision *d)
{
  return (unsigned) d->reason < RG_REASON__COUNT
         ? reasons[d->reason].log_event : NULL;
}

const char *rg_policy_log_lead(const rg_policy_decision *d)
{
  return (unsigned) d->reason < RG_REASON__COUNT ? reasons[d->reason].log_lead
                                                 : NULL;
}

void rg_policy_kind(const rg_policy_context *ctx,
                    const rg_policy_decision *d, char *out, size_t size)
{
  const rg_verdict *v= &ctx->verdict;
  int n= ctx->setting ? snprintf(out, size, "SET GLOBAL %s holding ",
                                 ctx->setting) : 0;
  if (n < 0 || (size_t) n >= size)
    return;
  out+= n;
  size-= (size_t) n;
  if (d->reason == RG_REASON_FENCED_WRITE ||
      d->reason == RG_REASON_UPDATE_ELSEWHERE)
    snprintf(out, size, "a write");
  else if (d->reason == RG_REASON_FENCED_READ)
    snprintf(out, size, "a read");
  else if (d->own_schema)
    snprintf(out, size, "a write of schema " RG_OWN_SCHEMA);
  else if (!(ctx->known & RG_FACT_VERDICT) || v->verb == RG_VERB_DYNAMIC)
    snprintf(out, size, "dynamic SQL");
  else if (v->object == RG_OBJ_UNKNOWN)
    snprintf(out, size, "%s", rg_verb_name(v->verb));
  else
    snprintf(out, size, "%s %s", rg_verb_name(v->verb),
             rg_object_name(v->object));
  n= (int) strlen(out);
  if ((size_t) n < size &&
      ((d->after_settings && (d->reason == RG_REASON_FENCED_WRITE ||
                              d->reason == RG_REASON_FENCED_READ)) ||
       (v->after_settings && !d->own_schema &&
        (ctx->known & RG_FACT_VERDICT))))
    snprintf(out + n, size - (size_t) n,
             " after a settings change in its packet");
}

void rg_policy_message(const rg_policy_decision *d, const char *kind,
                       char *out, size_t size)
{
  if (d->after_settings &&
      (d->reason == RG_REASON_DYNAMIC || d->reason == RG_REASON_GUARDED))
    snprintf(out, size,
             "replica_guard: %s refused: an earlier statement of the packet "
             "may change the character set or sql_mode the server reads it "
             "with, and this server is not a report server "
             "(replica_guard_report_server=OFF). Send the statements "
             "separately", kind);
  else if (d->reason == RG_REASON_DYNAMIC)
    snprintf(out, size,
             "replica_guard: %s refused: its statement text cannot be "
             "checked before it runs, and this server is not a report "
             "server (replica_guard_report_server=OFF). Use a literal "
             "statement text, or run it on the report server", kind);
  else if (d->reason == RG_REASON_GUARDED)
    snprintf(out, size,
             "replica_guard: %s refused: this server is not a report "
             "server (replica_guard_report_server=OFF), and CREATE or DROP "
             "here can break replication. Run this statement on the report "
             "server instead", kind);
  else if (d->reason == RG_REASON_OWN_SCHEMA)
    snprintf(out, size,
             "replica_guard: %s refused: only replica_guard writes its own "
             "schema, whose heartbeats tell every server how fresh its "
             "replication is (a heartbeat written by a client could make a "
             "broken link look fresh)", kind);
  else if (d->reason == RG_REASON_SETTING)
    snprintf(out, size,
             "replica_guard: %s refused: the server runs this value on "
             "sessions' behalf (init_connect at every login, init_slave "
             "whenever the applier starts), where replica_guard would "
             "refuse it. Set a value without it", kind);
  else if (d->reason == RG_REASON_UPDATE_ELSEWHERE)
    snprintf(out, size,
             "replica_guard: %s refused: server %lu is running an update "
             "in its update window, and this server takes no client "
             "writes until the window closes "
             "(replica_guard_refuse_writes_during_update=ON). Try again "
             "once the update is done", kind, d->update_server);
  else if (size)
    out[0]= '\0';
}

void rg_policy_fence_message(const rg_policy_decision *d, char *out,
                             size_t size)
{
  static const char advice[]= ". Send the statements separately: an "
    "earlier one may change the character set or sql_mode the rest is read "
    "with";
  const char *end= memchr(out, '\0', size);
  size_t n= end ? (size_t) (end - out) : size;
  if (d->action == RG_DECISION_FENCE && d->after_settings &&
      n + sizeof(advice) <= size)
    memcpy(out + n, advice, sizeof(advice));
}

/* ---- facts about text that other checks share ---------------------------- */

static int identifier_byte(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '$';
}

/* A whole-word, ASCII-case-insensitive occurrence of word (lower case) at
   p, which lies in [q, end). */
RG_HOT
static int word_at(const char *q, const char *end, const char *p,
                   const char *word, size_t n)
{
  size_t i;
  if (p < q || (size_t) (end - p) < n ||
      (p > q && identifier_byte((unsigned char) p[-1])) ||
      (p + n < end && identifier_byte((unsigned char) p[n])))
    return 0;
  for (i= 0; i < n; i++)
    if (p[i] != word[i] &&
        !(p[i] >= 'A' && p[i] <= 'Z' && (p[i] | 0x20) == word[i]))
      return 0;
  return 1;
}

/*
  Skips, from p, what may stand between two tokens, generously (skipping
  more than the server does can only find more): whitespace, control
  characters and bytes >= 0x80 (whitespace in some character sets),
  quotes, the end of an executable comment, the marker and version of
  one (slash star, an optional M, '!', digits: its text is read), the
  whole of any other comment, and "--" or "#" to the end of the line.
  With stop_high, stops at a byte >= 0x80 instead (it may begin a name).
  The ends of comments found are remembered in *seen (scans start at
  increasing positions), so a text full of the name and open comments
  stays linear.
*/
typedef struct skip_memo
{
  const char *close_from, *close_at;  /* the first "*" "/" at or after
                                         any position in [from, at] */
  const char *eol_from, *eol_at;      /* the same for a newline */
} skip_memo;

static const char *find_close(const char *p, const char *end, skip_memo *m)
{
  if (m->close_from && m->close_from <= p && p <= m->close_at)
    return m->close_at;
  m->close_from= p;
  while (p < end && !(*p == '*' && p + 1 < end && p[1] == '/'))
    p++;
  return m->close_at= p;
}

static const char *find_eol(const char *p, const char *end, skip_memo *m)
{
  const char *nl;
  if (m->eol_from && m->eol_from <= p && p <= m->eol_at)
    return m->eol_at;
  m->eol_from= p;
  nl= memchr(p, '\n', (size_t) (end - p));
  return m->eol_at= nl ? nl : end;
}

RG_HOT
static const char *skip_between(const char *p, const char *end,
                                int stop_high, skip_memo *seen)
{
  while (p < end)
  {
    unsigned char c= (unsigned char) *p;
    if (c >= 0x80 && stop_high)
      break;
    if (c <= ' ' || c >= 0x7F || c == '`' || c == '"' || c == '\'')
      p++;
    else if (c == '*' && p + 1 < end && p[1] == '/')
      p+= 2;
    else if (c == '/' && p + 1 < end && p[1] == '*')
    {
      const char *m= p + 2;
      if (m < end && (*m == 'M' || *m == 'm') && m + 1 < end && m[1] == '!')
        m++;
      if (m < end && *m == '!')
      {
        for (m++; m < end && *m >= '0' && *m <= '9'; m++)
          ;
        p= m;
      }
      else
      {
        p= find_close(p + 2, end, seen);
        p= p < end ? p + 2 : end;
      }
    }
    else if (c == '#' || (c == '-' && p + 1 < end && p[1] == '-'))
      p= find_eol(p, end, seen);
    else
      break;
  }
  return p;
}

/* The first whole word USE, DATABASE or SCHEMA in q[0..end), or end: what
   may name a database alone. */
RG_HOT
static const char *first_database_word(const char *q, const char *end)
{
  for (const char *p= q; p < end; p++)
    switch (*p | 0x20) {
    case 'u':
      if (word_at(q, end, p, "use", 3))
        return p;
      break;
    case 'd':
      if (word_at(q, end, p, "database", 8))
        return p;
      break;
    case 's':
      if (word_at(q, end, p, "schema", 6))
        return p;
      break;
    }
  return end;
}

RG_HOT
int rg_policy_names_own_schema(const char *q, size_t len)
{
  static const char name[]= RG_OWN_SCHEMA;
  const size_t n= sizeof(name) - 1, under= 7;    /* name[7] == '_' */
  const char *p= q, *end= q + len, *start, *after, *word= NULL;
  skip_memo seen;
  memset(&seen, 0, sizeof(seen));
  /* Every occurrence contains its '_': find those fast, then compare. */
  while (p < end && (p= memchr(p, '_', (size_t) (end - p))))
  {
    start= p - under;
    p++;
    /* most '_' are not ours: the letters around it first */
    if (start < q || (size_t) (end - start) < n ||
        (p[0] | 0x20) != 'g' || (p[-2] | 0x20) != 'a' ||
        !word_at(q, end, start, name, n))
      continue;
    /* qualifying a name: <schema> . <identifier> */
    after= skip_between(start + n, end, 0, &seen);
    if (after < end && *after == '.')
    {
      after= skip_between(after + 1, end, 1, &seen);
      if (after < end && (identifier_byte((unsigned char) *after) ||
                          (unsigned char) *after >= 0x80))
        return 1;
    }
    /* the database itself: USE, CREATE/ALTER/DROP DATABASE or SCHEMA
       (searched once) */
    if (!word)
      word= first_database_word(q, end);
    if (word < start)
      return 1;
  }
  return 0;
}

RG_HOT
int rg_policy_text_own_schema(const char *q, size_t len, int in_schema,
                              const rg_classify_options *lexer)
{
  rg_classify_options opt= *lexer;
  rg_verdict v;
  rg_access unused;
  if (!in_schema && !rg_policy_names_own_schema(q, len))
    return 0;
  opt.verbs= RG_VERB_ALL_STATIC;
  /* DDL after a settings change in the packet counts too (and a packet
     with too many to follow: fail closed) */
  return rg_classify(q, len, &opt, &v) != RG_VERB_NONE ||
         (rg_classify_packet_rest(q, len, &opt, &v, &unused) &&
          v.verb != RG_VERB_NONE);
}

/* A setting's value is read under every lexer character set class and
   every combination of the RG_MODE_* bits. */
#define RG_MODE_COMBINATIONS \
  ((RG_MODE_ANSI_QUOTES | RG_MODE_NO_BACKSLASH_ESCAPES) + 1)

void rg_policy_setting_verdict(const char *q, size_t len, unsigned verbs,
                               unsigned long server_version,
                               rg_verdict *verdict)
{
  rg_classify_options opt;
  rg_verdict one;
  memset(verdict, 0, sizeof(*verdict));
  memset(&opt, 0, sizeof(opt));
  opt.server_version= server_version;
  opt.verbs= verbs;
  for (int cs= 0; cs < RG_CS__COUNT; cs++)
    for (unsigned mode= 0; mode < RG_MODE_COMBINATIONS; mode++)
    {
      opt.charset= (rg_charset) cs;
      opt.sql_mode= mode;
      if (rg_classify(q, len, &opt, &one) == RG_VERB_NONE)
        continue;
      if (one.verb != RG_VERB_DYNAMIC)
      {
        *verdict= one;                 /* a static verb: the worst */
        return;
      }
      if (verdict->verb == RG_VERB_NONE)
        *verdict= one;
    }
}

rg_access rg_policy_setting_access(const char *q, size_t len,
                                   unsigned long server_version)
{
  rg_classify_options opt;
  rg_access worst= RG_ACCESS_INSPECT, one;
  memset(&opt, 0, sizeof(opt));
  opt.server_version= server_version;
  for (int cs= 0; cs < RG_CS__COUNT; cs++)
    for (unsigned mode= 0; mode < RG_MODE_COMBINATIONS; mode++)
    {
      opt.charset= (rg_charset) cs;
      opt.sql_mode= mode;
      if ((one= rg_classify_access(q, len, &opt)) > worst)
        worst= one;
    }
  return worst;
}
