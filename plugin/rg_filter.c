/*
  replica_guard statement filter: the REPLICA_GUARD_FILTER audit plugin.

  The audit API cannot veto a statement, but its general-log event for
  COM_QUERY arrives after the packet is read and before the parser runs.
  A refused packet is replaced there by a SIGNAL carrying our error, so the
  parser executes nothing of it, the binary log gets nothing and the session
  stays usable. Statements that are already parsed when we hear of them
  (binary-protocol and SQL prepared statements at execution, statements of
  stored programs) are refused through rg_thd_refuse_parsed().

  Hot path contract: per statement, no allocation, no lock, and work linear
  in the statement's length (the classifier); counters are relaxed atomics.
*/
#include <string.h>
#include <stdio.h>
#include <time.h>
#include <mysql/plugin.h>
#include <mysql/plugin_audit.h>
#include "rg_glue.h"

#define RG_ER_OPTION_PREVENTS_STATEMENT 1290
#define RG_LOG_STATEMENT_CHARS 200
#define RG_LOG_LINES_PER_SECOND 10

unsigned long long rg_stat_checked, rg_stat_refused, rg_stat_warned,
  rg_stat_fenced;
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

/* Copies at most RG_LOG_STATEMENT_CHARS bytes of the statement, with
   control characters shown as spaces so the line stays one line. */
static void statement_excerpt(const char *q, size_t len, char *out)
{
  size_t n= len < RG_LOG_STATEMENT_CHARS ? len : RG_LOG_STATEMENT_CHARS;
  for (size_t i= 0; i < n; i++)
    out[i]= (unsigned char) q[i] < 0x20 ? ' ' : q[i];
  out[n]= '\0';
}

static void log_statement(MYSQL_THD thd, const char *what,
                          const char *kind, const char *q, size_t len)
{
  const char *user, *host, *ip;
  char excerpt[RG_LOG_STATEMENT_CHARS + 1];
  unsigned long long suppressed;
  if (!log_allowed())
    return;
  rg_thd_account(thd, &user, &host, &ip);
  statement_excerpt(q, len, excerpt);
  suppressed= __atomic_exchange_n(&log_suppressed, 0, __ATOMIC_RELAXED);
  if (suppressed)
    rg_log_warning("%s %s from '%s'@'%s'%s: %s -- %llu earlier lines not "
                   "logged (at most %d a second)", what, kind, user,
                   host ? host : (ip ? ip : ""),
                   len > RG_LOG_STATEMENT_CHARS ?
                   " (first 200 characters)" : "",
                   excerpt, suppressed, RG_LOG_LINES_PER_SECOND);
  else
    rg_log_warning("%s %s from '%s'@'%s'%s: %s", what, kind, user,
                   host ? host : (ip ? ip : ""),
                   len > RG_LOG_STATEMENT_CHARS ?
                   " (first 200 characters)" : "", excerpt);
}

/* ---- verdicts ----------------------------------------------------------- */

/* "CREATE TEMPORARY TABLE", "DROP", "dynamic SQL" for messages. */
static void verdict_kind(const rg_verdict *v, char *out, size_t size)
{
  if (v->verb == RG_VERB_DYNAMIC)
    snprintf(out, size, "dynamic SQL");
  else if (v->object == RG_OBJ_UNKNOWN)
    snprintf(out, size, "%s", rg_verb_name(v->verb));
  else
    snprintf(out, size, "%s %s", rg_verb_name(v->verb),
             rg_object_name(v->object));
}

static void refusal_message(const rg_verdict *v, const char *kind,
                            char *out, size_t size)
{
  if (v->verb == RG_VERB_DYNAMIC)
    snprintf(out, size,
             "replica_guard: %s refused: its statement text cannot be "
             "checked before it runs, and this server is not a report "
             "server (replica_guard_report_server=OFF). Use a literal "
             "statement text, or run it on the report server", kind);
  else
    snprintf(out, size,
             "replica_guard: %s refused: this server is not a report "
             "server (replica_guard_report_server=OFF), and CREATE or DROP "
             "here can break replication. Run this statement on the report "
             "server instead", kind);
}

/*
  Replaces the statement by a SIGNAL carrying message. MESSAGE_TEXT holds at
  most MYSQL_ERRMSG_SIZE (512) characters, and a longer one would change the
  error the client gets, so the quoted text is cut to fit; quotes are
  doubled (backslashes never appear: messages are made without them).
*/
static int replace_with_signal(MYSQL_THD thd, const char *message)
{
  char text[768];
  int n= snprintf(text, sizeof(text),
                  "SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO= %d, "
                  "MESSAGE_TEXT= '", RG_ER_OPTION_PREVENTS_STATEMENT);
  size_t len= (size_t) n, quoted= 0;
  for (const char *m= message; *m && quoted < 500; m++, quoted++)
  {
    if (*m == '\\')
      continue;
    if (*m == '\'')
      text[len++]= '\'';
    text[len++]= *m;
  }
  text[len++]= '\'';
  return rg_thd_replace_query(thd, text, len);
}

/*
  Applies the policy to a guarded statement. Returns 1 when it must be
  refused (ENFORCE, no override); counts and logs every outcome.
*/
static int decide(MYSQL_THD thd, const rg_verdict *v, const char *q,
                  size_t len, char *message, size_t message_size)
{
  char kind[64];
  verdict_kind(v, kind, sizeof(kind));
  if (v->verb != RG_VERB_DYNAMIC && rg_session_allows_ddl(thd))
  {
    log_statement(thd, "allowed by replica_guard_allow_ddl:", kind, q, len);
    return 0;
  }
  if (rg_sys_filter_mode == RG_FILTER_WARN)
  {
    count(&rg_stat_warned);
    log_statement(thd, "WARN mode, not refused:", kind, q, len);
    return 0;
  }
  count(&rg_stat_refused);
  log_statement(thd, "refused", kind, q, len);
  refusal_message(v, kind, message, message_size);
  return 1;
}

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
  Classifies statement text. Dynamic SQL whose text is known here is
  classified as that text: PREPARE/EXECUTE IMMEDIATE from a user variable
  by the variable's current value, BINLOG @a, @b by the events in the two
  values (a session's own variables cannot change between this event and
  the statement's execution), and, in a stored program (in_program),
  EXECUTE name by the prepared statement, which no event of its own shows
  there.
*/
static rg_verb classify_text(MYSQL_THD thd, const char *q, size_t len,
                             int in_program, rg_verdict *v)
{
  rg_classify_options opt;
  rg_thd_lexer_options(thd, &opt);
  opt.verbs= rg_filtered_verbs();
  opt.execute_names= (unsigned) in_program;
  if (rg_classify(q, len, &opt, v) != RG_VERB_DYNAMIC)
    return v->verb;
  if (v->dynamic == RG_DYN_VARIABLE && !v->var_quoted)
  {
    const char *value;
    size_t value_len;
    rg_verdict inner;
    if (!rg_thd_user_variable(thd, q + v->var_offset, v->var_length,
                              &value, &value_len))
    {
      v->verb= RG_VERB_NONE;     /* NULL or undefined: the server refuses */
      return v->verb;
    }
    rg_classify(value, value_len, &opt, &inner);
    *v= inner;
  }
  else if (v->dynamic == RG_DYN_BINLOG && !v->var_quoted)
  {
    const char *parts[2];
    size_t lengths[2];
    if (!rg_thd_user_variable(thd, q + v->var_offset, v->var_length,
                              &parts[0], &lengths[0]) ||
        !rg_thd_user_variable(thd, q + v->var2_offset, v->var2_length,
                              &parts[1], &lengths[1]))
      v->verb= RG_VERB_NONE;     /* NULL or undefined: the server refuses */
    else if (rg_binlog_check(parts, lengths, 2))
      v->dynamic= RG_DYN_EXPRESSION;
    else
      v->verb= RG_VERB_NONE;
  }
  else if (v->dynamic == RG_DYN_PREPARED)
  {
    resolve_prepared(thd, q, v);
    if (v->verb != RG_VERB_NONE && !(opt.verbs & RG_VERB_BIT(v->verb)))
      v->verb= RG_VERB_NONE;
  }
  return v->verb;
}

static void check_query(MYSQL_THD thd, const char *q, size_t len)
{
  rg_verdict v;
  char message[512];
  int in_program= rg_thd_in_stored_program(thd);
  count(&rg_stat_checked);
  if (classify_text(thd, q, len, in_program, &v) == RG_VERB_NONE ||
      !decide(thd, &v, q, len, message, sizeof(message)))
    return;
  if (in_program)
    rg_thd_refuse_parsed(thd, message);
  else if (replace_with_signal(thd, message))
    rg_thd_refuse_parsed(thd, message);
}

static void check_execute(MYSQL_THD thd, const char *q, size_t len)
{
  rg_verdict v;
  char message[512];
  memset(&v, 0, sizeof(v));
  count(&rg_stat_checked);
  v.verb= rg_thd_parsed_verb(thd, &v.object);
  if (v.verb == RG_VERB_NONE || !(rg_filtered_verbs() & RG_VERB_BIT(v.verb)))
    return;
  if (decide(thd, &v, q, len, message, sizeof(message)))
    rg_thd_refuse_parsed(thd, message);
}

/* ---- the fence ------------------------------------------------------------ */

/* Refuses, while fenced, what replica_guard_fence_mode does not allow.
   Returns 1 when the statement was refused. */
static int check_fence(MYSQL_THD thd, int parsed, const char *q, size_t len)
{
  rg_access access;
  char message[RG_FENCE_MSG_LEN];
  if (parsed)
    access= rg_thd_parsed_access(thd);
  else
  {
    rg_classify_options opt;
    rg_thd_lexer_options(thd, &opt);
    opt.verbs= 0;
    access= rg_classify_access(q, len, &opt);
  }
  if (access == RG_ACCESS_INSPECT ||
      (access == RG_ACCESS_READ && rg_sys_fence_mode == RG_FENCE_WRITES))
    return 0;
  count(&rg_stat_fenced);
  log_statement(thd, "refused while fenced:",
                access == RG_ACCESS_WRITE ? "a write" : "a read", q, len);
  rg_fence_copy_message(message, sizeof(message));
  if (parsed || rg_thd_in_stored_program(thd) ||
      replace_with_signal(thd, message))
    rg_thd_refuse_parsed(thd, message);
  return 1;
}

/* ---- the audit plugin ------------------------------------------------------ */

static void rg_filter_notify(MYSQL_THD thd, unsigned int event_class,
                             const void *event)
{
  const struct mysql_event_general *ev= event;
  int parsed, filtering;
  if (event_class != MYSQL_AUDIT_GENERAL_CLASS)
    return;
  if (ev->event_subclass == MYSQL_AUDIT_GENERAL_STATUS)
  {
    rg_thd_end_statement(thd);
    return;
  }
  if (ev->event_subclass != MYSQL_AUDIT_GENERAL_LOG || rg_internal_thread ||
      !ev->general_command)
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
  filtering= rg_sys_filter_mode != RG_FILTER_OFF && !rg_sys_report_server;
  if ((!filtering && !rg_fence_is_up()) ||
      rg_thd_is_unfiltered_thread(thd) || rg_session_is_exempt(thd))
    return;
  if (rg_fence_is_up() &&
      check_fence(thd, parsed, ev->general_query, ev->general_query_length))
    return;
  if (!filtering)
    return;
  if (parsed)
    check_execute(thd, ev->general_query, ev->general_query_length);
  else
    check_query(thd, ev->general_query, ev->general_query_length);
}

struct st_mysql_audit rg_filter_descriptor=
{
  MYSQL_AUDIT_INTERFACE_VERSION,
  NULL,
  rg_filter_notify,
  { MYSQL_AUDIT_GENERAL_CLASSMASK }
};
