/*
  replica_guard statement filter: the REPLICA_GUARD_FILTER audit plugin.

  The audit API cannot veto a statement, but its general-log event for
  COM_QUERY arrives after the packet is read and before the parser runs.
  A refused packet is replaced there by a SIGNAL carrying our error, so the
  parser executes nothing of it, the binary log gets nothing and the session
  stays usable. Statements that are already parsed when we hear of them
  (binary-protocol and SQL prepared statements at execution, statements of
  stored programs) are refused through rg_thd_refuse_parsed().

  Per statement the notification reads as gather, decide, act: gather()
  collects the facts the policy asks for (rg_policy_needs()), each once and
  only when the decision depends on it; rg_policy_decide() (rg_policy.c,
  the one place the rules are written) says PASS, WARN, REFUSE or FENCE
  and why; act() counts, logs and refuses.

  What people see of a statement is its redacted excerpt (rg_redact.h),
  made once per logged decision: in the error log's line, in the comment a
  refused statement's SIGNAL carries (so server_audit, the slow log and
  performance_schema record what was attempted, not only the SIGNAL), and
  in REPLICA_GUARD_REFUSALS (rg_refusals.h), which keeps every refusal the
  log's rate limit drops.

  Hot path contract: per statement that passes, no allocation, no lock, and
  work linear in the statement's length (the classifier); counters are
  relaxed atomics. A refusal takes the refusal ring's lock for one copy.
*/
#include <string.h>
#include <strings.h>
#include <stdio.h>
#include <time.h>
#include <mysql/plugin.h>
#include <mysql/plugin_audit.h>
#include <mysql_version.h>
#include "rg_glue.h"
#include "rg_redact.h"
#include "rg_refusals.h"

#define RG_ER_OPTION_PREVENTS_STATEMENT 1290
#define RG_LOG_LINES_PER_SECOND 10
#define RG_STRINGIFY_(x) #x
#define RG_STRINGIFY(x) RG_STRINGIFY_(x)

RG_HOT_DATA unsigned long long rg_stat_checked;
unsigned long long rg_stat_refused, rg_stat_warned, rg_stat_fenced;
__thread int rg_internal_thread;

static void count(unsigned long long *counter)
{
  __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

/* ---- error log, rate-limited ------------------------------------------ */

/*
  At most RG_LOG_LINES_PER_SECOND statement lines per second reach the error
  log, so a client looping on a refused statement cannot flood it; the
  number left out is reported with the next line that is written.
*/
static long long log_window;          /* the current second */
static unsigned log_lines_in_window;
static unsigned long long log_suppressed;

static int log_allowed(void)
{
  long long now= (long long) time(NULL);
  if (__atomic_load_n(&log_window, __ATOMIC_RELAXED) != now)
  {
    __atomic_store_n(&log_window, now, __ATOMIC_RELAXED);
    __atomic_store_n(&log_lines_in_window, 0, __ATOMIC_RELAXED);
  }
  if (__atomic_fetch_add(&log_lines_in_window, 1, __ATOMIC_RELAXED) <
      RG_LOG_LINES_PER_SECOND)
    return 1;
  count(&log_suppressed);
  return 0;
}

/*
  One line for a logged decision: who ran it, what kind, and the statement's
  redacted excerpt (redacted: rg_redact()'s bits for it).
*/
static void log_statement(MYSQL_THD thd, const char *event, const char *lead,
                          const char *kind, const char *excerpt,
                          unsigned redacted)
{
  const char *user, *host, *ip;
  const char *first= redacted & RG_REDACT_TRUNCATED
                     ? " (first " RG_STRINGIFY(RG_EXCERPT_SHOWN)
                       " characters)" : "";
  unsigned long long suppressed;
  if (!log_allowed())
    return;
  rg_thd_account(thd, &user, &host, &ip);
  suppressed= __atomic_exchange_n(&log_suppressed, 0, __ATOMIC_RELAXED);
  if (suppressed)
    rg_log_warning(event, "%s%s from '%s'@'%s'%s: %s -- %llu earlier lines "
                   "not logged (at most %d a second)", lead, kind, user,
                   host ? host : (ip ? ip : ""), first, excerpt, suppressed,
                   RG_LOG_LINES_PER_SECOND);
  else
    rg_log_warning(event, "%s%s from '%s'@'%s'%s: %s", lead, kind, user,
                   host ? host : (ip ? ip : ""), first, excerpt);
}

/* ---- gather: the facts the policy asks for ---------------------------- */

/* Room for a quoted prepared-statement name once unquoted; a longer one is
   refused as dynamic SQL. */
#define RG_STMT_NAME_MAX 1024

/*
  The verdict on the prepared statement that EXECUTE name (RG_DYN_PREPARED)
  runs, by its parsed command; RG_VERB_NONE when there is none by that name
  (the server refuses the EXECUTE). A quoted name is unquoted first; one too
  long for that stays dynamic SQL, refused.
*/
static void resolve_prepared(MYSQL_THD thd, const char *q, rg_verdict *v)
{
  char unquoted[RG_STMT_NAME_MAX];
  const char *name= q + v->var_offset;
  size_t length= v->var_length;
  if (v->var_quoted)
  {
    char quote= q[v->var_offset - 1] == '[' ? ']' : q[v->var_offset - 1];
    size_t n= 0;
    for (size_t i= 0; i < length; i++, n++)
    {
      if (n == sizeof(unquoted))
      {
        v->dynamic= RG_DYN_EXPRESSION;
        return;
      }
      unquoted[n]= name[i];
      if (name[i] == quote)
        i++;                           /* a doubled quote stands for one */
    }
    name= unquoted;
    length= n;
  }
  memset(v, 0, sizeof(*v));
  v->verb= rg_thd_prepared_verb(thd, name, length, &v->object);
}

/*
  Classifies statement text into ctx->verdict, under ctx's lexer options
  and filtered verbs. Dynamic SQL whose text is known here is classified as
  that text: PREPARE/EXECUTE IMMEDIATE from a user variable by the
  variable's current value, BINLOG @a, @b by the events in the two values
  (a session's own variables cannot change between this event and the
  statement's execution), and, in a stored program, EXECUTE name by the
  prepared statement, which no event of its own shows there.
*/
RG_HOT
static void classify_text(MYSQL_THD thd, const char *q, size_t len,
                          rg_policy_context *ctx)
{
  rg_verdict *v= &ctx->verdict;
  rg_classify_options opt= ctx->lexer;
  opt.verbs= ctx->verbs;
  opt.execute_names= ctx->in_program;
  if (rg_classify(q, len, &opt, v) == RG_VERB_NONE ||
      v->verb == RG_VERB_DYNAMIC)
  {
    /* statements after a SET NAMES, SET sql_mode, ... of the same packet */
    rg_verdict rest;
    rg_access unused;
    if (!ctx->in_program &&
        rg_classify_packet_rest(q, len, &opt, &rest, &unused) &&
        rest.verb != RG_VERB_NONE &&
        (rest.verb != RG_VERB_DYNAMIC || v->verb == RG_VERB_NONE))
    {
      *v= rest;
      return;
    }
  }
  if (v->verb != RG_VERB_DYNAMIC)
    return;
  if (v->dynamic == RG_DYN_VARIABLE && !v->var_quoted)
  {
    const char *value;
    size_t value_len;
    rg_verdict inner;
    int known= rg_thd_user_variable(thd, q + v->var_offset, v->var_length,
                                    &value, &value_len);
    if (known < 0)
      return;                    /* unknown: dynamic SQL, refused */
    if (!known)
    {
      v->verb= RG_VERB_NONE;     /* NULL or undefined: the server refuses */
      return;
    }
    rg_classify(value, value_len, &opt, &inner);
    *v= inner;
  }
  else if (v->dynamic == RG_DYN_BINLOG && !v->var_quoted)
  {
    const char *parts[2];
    size_t lengths[2];
    int known[2];
    known[0]= rg_thd_user_variable(thd, q + v->var_offset, v->var_length,
                                   &parts[0], &lengths[0]);
    known[1]= rg_thd_user_variable(thd, q + v->var2_offset, v->var2_length,
                                   &parts[1], &lengths[1]);
    if (known[0] < 0 || known[1] < 0)
      v->dynamic= RG_DYN_EXPRESSION; /* unknown: refused */
    else if (!known[0] || !known[1])
      v->verb= RG_VERB_NONE;     /* NULL or undefined: the server refuses */
    else if (rg_binlog_check(parts, lengths, 2))
      v->dynamic= RG_DYN_EXPRESSION;
    else
      v->verb= RG_VERB_NONE;
  }
  else if (v->dynamic == RG_DYN_PREPARED)
    resolve_prepared(thd, q, v); /* any verb: the policy checks it */
}

/*
  Fills in one fact (an RG_FACT_* bit) about the statement q[0..len) and
  marks it known. Classifying (RG_FACT_VERDICT) is what
  Replica_guard_statements_checked counts. A setting's value (ctx->setting)
  is read under every lexer setting, and no default database applies to
  it (one is checked when the server runs it).
*/
RG_HOT
static void gather_fact(MYSQL_THD thd, unsigned fact, const char *q,
                        size_t len, rg_policy_context *ctx)
{
  rg_classify_options opt;
  switch (fact) {
  case RG_FACT_THREAD:
    ctx->thread= rg_thd_thread_kind(thd, !ctx->table_write);
    break;
  case RG_FACT_EXEMPT:
    ctx->exempt= (unsigned char) rg_session_is_exempt(thd);
    break;
  case RG_FACT_LEXER:
    rg_thd_lexer_options(thd, &ctx->lexer);
    ctx->in_program= (unsigned char) rg_thd_in_stored_program(thd);
    break;
  case RG_FACT_ACCESS:
    if (ctx->parsed)
      ctx->access= rg_thd_parsed_access(thd);
    else if (ctx->setting)
      ctx->access= rg_policy_setting_access(q, len, MYSQL_VERSION_ID);
    else
    {
      rg_verdict unused;
      rg_access rest;
      opt= ctx->lexer;
      opt.verbs= 0;
      opt.execute_names= 0;
      ctx->access= rg_classify_access(q, len, &opt);
      ctx->access_after_settings= 0;
      if (ctx->access != RG_ACCESS_WRITE && !ctx->in_program &&
          rg_classify_packet_rest(q, len, &opt, &unused, &rest) &&
          rest > ctx->access)
      {
        ctx->access= rest;
        ctx->access_after_settings= 1;
      }
    }
    break;
  case RG_FACT_VERDICT:
    count(&rg_stat_checked);
    if (ctx->parsed)
      ctx->verdict.verb= rg_thd_parsed_verb(thd, &ctx->verdict.object);
    else if (ctx->setting)
      rg_policy_setting_verdict(q, len, ctx->verbs, MYSQL_VERSION_ID,
                                &ctx->verdict);
    else
      classify_text(thd, q, len, ctx);
    break;
  case RG_FACT_SCHEMA:
    if (ctx->parsed)
      ctx->own_schema= (unsigned char) rg_thd_parsed_own_schema(thd);
    else if (ctx->setting)
      ctx->own_schema= (unsigned char) rg_policy_names_own_schema(q, len);
    else
      ctx->own_schema= (unsigned char)
        rg_policy_text_own_schema(q, len, rg_thd_db_is_own_schema(thd),
                                  &ctx->lexer);
    break;
  case RG_FACT_OVERRIDE:
    ctx->allow_ddl= (unsigned char) rg_session_allows_ddl(thd);
    break;
  case RG_FACT_WINDOW:
    ctx->window_open= (unsigned char) rg_window_is_open();
    break;
  }
  ctx->known|= fact;
}

/*
  The policy's context for the statement q[0..len): the settings in force
  (read once), then the facts in the order the policy asks for them.
  parsed: a prepared statement about to execute, else statement text;
  setting: non-NULL when q is a new value for that setting; table_write:
  a table of the plugin's own schema is being locked for writing by the
  statement q.
*/
RG_HOT
static void gather(MYSQL_THD thd, int parsed, const char *setting,
                   int table_write, const char *q, size_t len,
                   rg_policy_context *ctx)
{
  unsigned fact;
  memset(ctx, 0, sizeof(*ctx));
  ctx->report_server= (unsigned char) rg_sys_report_server;
  ctx->filter_mode= (rg_filter_mode) rg_sys_filter_mode;
  ctx->verbs= rg_filtered_verbs();
  ctx->fence_up= (unsigned char) rg_fence_is_up();
  ctx->fence_mode= (rg_fence_mode) rg_sys_fence_mode;
  ctx->update_elsewhere= rg_sys_refuse_writes_during_update
                         ? rg_window_elsewhere() : 0;
  ctx->parsed= (unsigned char) parsed;
  ctx->setting= setting;
  ctx->table_write= (unsigned char) table_write;
  while ((fact= rg_policy_needs(ctx)))
    gather_fact(thd, fact, q, len, ctx);
}

/* ---- act: count, log, refuse ------------------------------------------- */

/* Room for the SIGNAL: the comment with the kind and the excerpt, the
   statement, and the message with every character doubled (a quote is). */
#define RG_SIGNAL_MESSAGE_CHARS 500
#define RG_SIGNAL_SIZE (RG_EXCERPT_SIZE + RG_REDACT_SIZE(RG_REFUSAL_KIND_LEN) + \
                        128 + 2 * RG_SIGNAL_MESSAGE_CHARS)

/*
  Replaces the statement by a SIGNAL carrying message. The SIGNAL follows a
  comment, "replica_guard refused <kind>: <excerpt>", for the logs that
  record the text the parser ran (server_audit's QUERY records, the slow
  log, performance_schema): they show what was attempted, redacted.
  The comment cannot end early or run anything: the whole text is
  printable ASCII, which every character set a client may use reads one
  byte a character (no byte of ours can pair with a neighbour); the
  excerpt and the kind (ours, but passed through rg_redact() all the same)
  never hold a slash next to a star; a space follows the opening marker, so
  it is not an executable comment, and spaces separate the text from both
  markers.
  MESSAGE_TEXT holds at most MYSQL_ERRMSG_SIZE (512) characters, and a
  longer one would change the error the client gets, so the message is cut
  to RG_SIGNAL_MESSAGE_CHARS; quotes are doubled, backslashes left out
  (messages are made without them), other bytes outside printable ASCII
  shown as '?'. Returns non-zero when the statement could not be replaced.
*/
static int replace_with_signal(MYSQL_THD thd, const char *message,
                               const char *kind, const char *excerpt,
                               unsigned redacted)
{
  char text[RG_SIGNAL_SIZE], kind_shown[RG_REDACT_SIZE(RG_REFUSAL_KIND_LEN)];
  int n;
  size_t len, quoted= 0;
  rg_redact(kind, strlen(kind), kind_shown, sizeof(kind_shown), NULL);
  n= snprintf(text, sizeof(text),
              "/* replica_guard refused %s: %s%s */ "
              "SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO= %d, MESSAGE_TEXT= '",
              kind_shown, excerpt,
              redacted & RG_REDACT_TRUNCATED ? " ..." : "",
              RG_ER_OPTION_PREVENTS_STATEMENT);
  if (n < 0 || (size_t) n >= sizeof(text) - 2 * RG_SIGNAL_MESSAGE_CHARS - 2)
    return 1;
  len= (size_t) n;
  for (const char *m= message; *m && quoted < RG_SIGNAL_MESSAGE_CHARS;
       m++, quoted++)
  {
    unsigned char c= (unsigned char) *m;
    if (c == '\\')
      continue;
    if (c == '\'')
      text[len++]= '\'';
    text[len++]= c >= 0x20 && c < 0x7F ? (char) c : '?';
  }
  text[len++]= '\'';
  return rg_thd_replace_query(thd, text, len);
}

/*
  Acts on decision d about the statement q[0..len): counts it, and when the
  policy logs it, makes its redacted excerpt once, logs it, and for a
  refusal records it (REPLICA_GUARD_REFUSALS) and refuses it (REFUSE,
  FENCE). Statement text is replaced by a SIGNAL; a statement that is
  already parsed (a prepared statement, or one of a stored program) is
  refused at execution.
*/
RG_HOT
static void act(MYSQL_THD thd, const rg_policy_context *ctx,
                const rg_policy_decision *d, const char *q, size_t len)
{
  char kind[RG_REFUSAL_KIND_LEN], message[512], excerpt[RG_EXCERPT_SIZE];
  const char *event= rg_policy_log_event(d);
  unsigned redacted;
  switch (d->action) {
  case RG_DECISION_PASS:
    if (d->reason == RG_REASON_WINDOW)
      count(&rg_stat_window_statements);
    break;
  case RG_DECISION_WARN: count(&rg_stat_warned); break;
  case RG_DECISION_REFUSE: count(&rg_stat_refused); break;
  case RG_DECISION_FENCE: count(&rg_stat_fenced); break;
  }
  if (!event)
    return;
  rg_policy_kind(ctx, d, kind, sizeof(kind));
  redacted= rg_redact(q, len, excerpt, sizeof(excerpt), NULL);
  log_statement(thd, event, rg_policy_log_lead(d), kind, excerpt, redacted);
  if (d->action == RG_DECISION_REFUSE)
    rg_policy_message(d, kind, message, sizeof(message));
  else if (d->action == RG_DECISION_FENCE)
  {
    rg_fence_copy_message(message, RG_FENCE_MSG_LEN);
    rg_policy_fence_message(d, message, sizeof(message));
  }
  else
    return;
  rg_refusals_add(thd, kind, d->reason, excerpt);
  if (ctx->setting)
    return;                 /* the caller fails the SET */
  if (ctx->table_write)
    rg_thd_refuse_locked(thd, message);
  else if (ctx->parsed || ctx->in_program ||
      replace_with_signal(thd, message, kind, excerpt, redacted))
    rg_thd_refuse_parsed(thd, message);
}

void rg_filter_table_verdict(MYSQL_THD thd, enum rg_verdict_at at,
                             const char *q, size_t len, const char *event,
                             const char *lead, const char *kind,
                             const char *message)
{
  char excerpt[RG_EXCERPT_SIZE];
  unsigned redacted;
  if (!q)
    rg_thd_query(thd, &q, &len);
  redacted= rg_redact(q, len, excerpt, sizeof(excerpt), NULL);
  log_statement(thd, event, lead, kind, excerpt, redacted);
  if (!message)
    return;
  count(&rg_stat_refused);
  rg_refusals_add(thd, kind, RG_REASON_REPLICA_WRITE, excerpt);
  if (at == RG_AT_LOCK)
    rg_thd_refuse_locked(thd, message);
  else if (at == RG_AT_PARSED ||
           replace_with_signal(thd, message, kind, excerpt, redacted))
    rg_thd_refuse_parsed(thd, message);
}

/* ---- the audit plugin ------------------------------------------------------ */

/*
  A table is locked for a statement (every table it writes or reads,
  directly or through a view, a trigger, a stored program or dynamic SQL;
  once at LOCK TABLES), before any row is read or written. A write lock on
  a table of the plugin's own schema is judged by rule 6 and refused
  there: the statement is killed with replica_guard's message, which
  mysql_lock_tables() turns into the statement's error as it unlocks
  (lock.cc), so nothing is written. Read locks cost one test.
*/
/* The statement (query id) whose write of the own schema its own event
   let through, logged (WARN mode, the override): its table locks are not
   logged again. Query ids are unique server-wide, so a value left by
   another session on this OS thread never matches. */
static __thread unsigned long long schema_write_noted;

/*
  A write lock on a system table that defines objects (mysql.proc,
  mysql.global_priv, ...: rg_thd_object_table()), whatever path the
  statement took to it (its text may not name it: USE mysql, a view, a
  trigger, dynamic SQL): the statement is judged as a parsed one, whose
  verdict reads DML into such a table as the CREATE or DROP it amounts to
  (rg_thd_parsed_verb()), and a refusal kills it as a write of the own
  schema is, before any row is written.
*/
static void object_table_locked(MYSQL_THD thd,
                                const struct mysql_event_table *ev)
{
  rg_policy_context ctx;
  rg_policy_decision d;
  rg_object object;
  const char *q;
  size_t len;
  if (!rg_thd_object_table(ev->database.str, ev->database.length,
                           ev->table.str, ev->table.length, &object))
    return;
  rg_thd_query(thd, &q, &len);
  gather(thd, 1, NULL, 0, q, len, &ctx);
  rg_policy_decide(&ctx, &d);
  if (d.action != RG_DECISION_REFUSE)
    return;                 /* logged, if at all, by the statement's event */
  ctx.table_write= 1;       /* act(): refused at the lock */
  act(thd, &ctx, &d, q, len);
}

RG_HOT
static void table_locked(MYSQL_THD thd, const struct mysql_event_table *ev)
{
  rg_policy_context ctx;
  rg_policy_decision d;
  const char *q;
  size_t len;
  /* rule 3 (rg_replica_writes.c): one-way replicas take no direct
     changes; tables created, dropped, renamed */
  if (ev->event_subclass != MYSQL_AUDIT_TABLE_LOCK)
  {
    rg_writes_table_changed(thd, ev);
    return;
  }
  if (ev->read_only || rg_writes_table_locked(thd, ev))
    return;
  if (ev->database.length == sizeof("mysql") - 1)
  {
    object_table_locked(thd, ev);
    return;
  }
  if (ev->database.length != sizeof(RG_OWN_SCHEMA) - 1 ||
      strncasecmp(ev->database.str, RG_OWN_SCHEMA, ev->database.length) ||
      schema_write_noted == ev->query_id)
    return;
  rg_thd_query(thd, &q, &len);
  gather(thd, 0, NULL, 1, q, len, &ctx);
  rg_policy_decide(&ctx, &d);
  act(thd, &ctx, &d, q, len);
}

/*
  Table events from the server's start on. The server locks an audit
  plugin into a session at the session's first event of a class the
  plugin takes, and releases it only between a client's commands: a
  background thread that opens a table while the server starts (the
  replication background thread reads mysql.gtid_slave_pos) would hold the
  filter until shutdown, and UNINSTALL PLUGIN would leave it DELETED (an
  INSTALL failing) until a restart. So a filter loaded with the server
  leaves table events out of its class mask, and of the server's mask of
  wanted classes, which the server computes right after the filter's init;
  the first statement event after the server started (a client's first
  statement, or one of the plugin's own threads) adds them to both, before
  that statement locks a table. No client statement comes earlier.
*/
extern unsigned long mysql_global_audit_mask[];
extern int mysqld_server_started;
RG_HOT_DATA struct rg_event_flags rg_event_flags;

void rg_filter_defer_table_events(void)
{
  if (mysqld_server_started)
    return;
  rg_filter_descriptor.class_mask[0]&= ~(unsigned long)
                                        MYSQL_AUDIT_TABLE_CLASSMASK;
  __atomic_store_n(&rg_event_flags.table_events_deferred, 1,
                   __ATOMIC_RELEASE);
}

static void take_table_events(void)
{
  if (!__atomic_exchange_n(&rg_event_flags.table_events_deferred, 0,
                           __ATOMIC_ACQ_REL))
    return;
  __atomic_or_fetch(&rg_filter_descriptor.class_mask[0],
                    (unsigned long) MYSQL_AUDIT_TABLE_CLASSMASK,
                    __ATOMIC_SEQ_CST);
  __atomic_or_fetch(&mysql_global_audit_mask[0],
                    (unsigned long) MYSQL_AUDIT_TABLE_CLASSMASK,
                    __ATOMIC_SEQ_CST);
}

RG_HOT
static void rg_filter_notify(MYSQL_THD thd, unsigned int event_class,
                             const void *event)
{
  const struct mysql_event_general *ev= event;
  rg_policy_context ctx;
  rg_policy_decision d;
  int parsed;
  if (__builtin_expect(rg_event_flags.table_events_deferred, 0) &&
      mysqld_server_started)
    take_table_events();
  if (event_class == MYSQL_AUDIT_TABLE_CLASS)
  {
    table_locked(thd, event);
    return;
  }
  if (event_class != MYSQL_AUDIT_GENERAL_CLASS)
    return;
  if (ev->event_subclass == MYSQL_AUDIT_GENERAL_STATUS)
  {
    if (__atomic_load_n(&rg_event_flags.refusals_raised, __ATOMIC_RELAXED))
      rg_thd_end_statement(thd);
    return;
  }
  if (ev->event_subclass != MYSQL_AUDIT_GENERAL_LOG || !ev->general_command)
    return;
  /* "Query": COM_QUERY and stored-program statements; "Execute": prepared
     statements about to execute. Other commands carry no statement. */
  if (ev->general_command_length == 5 &&
      memcmp(ev->general_command, "Query", 5) == 0)
    parsed= 0;
  else if (ev->general_command_length == 7 &&
           memcmp(ev->general_command, "Execute", 7) == 0)
    parsed= 1;
  else
    return;
  gather(thd, parsed, NULL, 0, ev->general_query, ev->general_query_length,
         &ctx);
  rg_policy_decide(&ctx, &d);
  if (d.own_schema && d.action != RG_DECISION_REFUSE)
    schema_write_noted= rg_thd_query_id(thd);
  act(thd, &ctx, &d, ev->general_query, ev->general_query_length);
  /* rule 3: DDL of a replicated table on a one-way replica */
  if (d.action != RG_DECISION_REFUSE && d.action != RG_DECISION_FENCE)
    rg_writes_statement(thd, parsed, ev->general_query,
                        ev->general_query_length);
}

int rg_filter_check_setting(MYSQL_THD thd, const char *name,
                            const char *value, size_t length, char *message,
                            size_t size)
{
  rg_policy_context ctx;
  rg_policy_decision d;
  char kind[RG_REFUSAL_KIND_LEN];
  gather(thd, 0, name, 0, value, length, &ctx);
  rg_policy_decide(&ctx, &d);
  act(thd, &ctx, &d, value, length);
  if (d.action != RG_DECISION_REFUSE)
    return 0;
  rg_policy_kind(&ctx, &d, kind, sizeof(kind));
  rg_policy_message(&d, kind, message, size);
  return 1;
}

struct st_mysql_audit rg_filter_descriptor=
{
  MYSQL_AUDIT_INTERFACE_VERSION,
  NULL,
  rg_filter_notify,
  { MYSQL_AUDIT_GENERAL_CLASSMASK | MYSQL_AUDIT_TABLE_CLASSMASK }
};
