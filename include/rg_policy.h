/*
  replica_guard policy: what the statement filter does with one statement,
  and why. The one place where the filter's rules are written down.

  The glue (plugin/rg_filter.c) gathers the facts of a statement into an
  rg_policy_context, rg_policy_decide() says PASS, WARN, REFUSE or FENCE
  with a reason, and the glue acts on that (counts, logs, refuses).

  Contract
  - Pure: no server header, no global state, no allocation, no lock; every
    function depends on its arguments only and is thread-safe.
  - Facts are gathered lazily, once each: some cost work (classifying the
    text is linear in its length, exemption may take a lock once per
    session). The settings and the statement's path are given up front;
    the other facts (RG_FACT_*) are filled in the order rg_policy_needs()
    asks for them, and only those the decision depends on, so a statement
    on a report server is never classified, nor a replication applier's.
  - Fail closed: rg_policy_decide() takes a fact the decision depends on
    but that the context does not hold at its worst (a client session, not
    exempt, no override, a write, dynamic SQL that cannot be checked).
*/
#ifndef RG_POLICY_H
#define RG_POLICY_H

#include <stddef.h>
#include "rg_classify.h"
#include "rg_access.h"

#ifdef __cplusplus
extern "C" {
#endif

/* replica_guard_filter_mode */
typedef enum rg_filter_mode
{
  RG_FILTER_ENFORCE= 0,     /* refuse guarded statements */
  RG_FILTER_WARN,           /* log them, let them run */
  RG_FILTER_OFF             /* no filter (the fence still applies) */
} rg_filter_mode;

/* replica_guard_fence_mode: what a fence refuses */
typedef enum rg_fence_mode
{
  RG_FENCE_WRITES= 0,       /* RG_ACCESS_WRITE */
  RG_FENCE_ALL              /* RG_ACCESS_READ and RG_ACCESS_WRITE */
} rg_fence_mode;

/* Who runs the statement. */
typedef enum rg_thread_kind
{
  RG_THREAD_CLIENT= 0,      /* a client session (also init_connect) */
  RG_THREAD_INTERNAL,       /* a local connection without network: the
                               plugin's own, or another plugin's (SQL
                               service) */
  RG_THREAD_APPLIER         /* a replication applier (SQL or worker
                               thread): what the primary sent */
} rg_thread_kind;

/* Facts gathered on demand (rg_policy_context.known). */
#define RG_FACT_THREAD   (1U << 0)  /* thread */
#define RG_FACT_EXEMPT   (1U << 1)  /* exempt */
#define RG_FACT_LEXER    (1U << 2)  /* lexer, in_program (text only) */
#define RG_FACT_ACCESS   (1U << 3)  /* access */
#define RG_FACT_VERDICT  (1U << 4)  /* verdict */
#define RG_FACT_OVERRIDE (1U << 5)  /* allow_ddl */

typedef struct rg_policy_context
{
  /* Server settings, read once per statement; always given. */
  unsigned char report_server;   /* replica_guard_report_server */
  rg_filter_mode filter_mode;    /* replica_guard_filter_mode */
  unsigned verbs;                /* RG_VERB_BIT()s refused (dynamic SQL
                                    included whenever any verb is) */
  unsigned char fence_up;        /* the fence is raised */
  rg_fence_mode fence_mode;      /* replica_guard_fence_mode */

  /* The statement's path; always given. */
  unsigned char parsed;          /* already parsed: a prepared statement
                                    about to execute. 0: statement text
                                    (COM_QUERY, or a statement of a stored
                                    program) */

  unsigned known;                /* RG_FACT_* bits of the facts below */
  rg_thread_kind thread;         /* RG_FACT_THREAD */
  unsigned char exempt;          /* RG_FACT_EXEMPT: the account is in
                                    replica_guard_exempt_users */
  rg_classify_options lexer;     /* RG_FACT_LEXER: charset, sql_mode and
                                    server version the text is read with */
  unsigned char in_program;      /* RG_FACT_LEXER: inside a stored program */
  rg_access access;              /* RG_FACT_ACCESS: for the fence */
  rg_verdict verdict;            /* RG_FACT_VERDICT: the first guarded
                                    statement, dynamic SQL resolved where
                                    its text is known */
  unsigned char allow_ddl;       /* RG_FACT_OVERRIDE: the session override
                                    replica_guard_allow_ddl */
} rg_policy_context;

typedef enum rg_decision
{
  RG_DECISION_PASS= 0,           /* let it run */
  RG_DECISION_WARN,              /* let it run; count and log it */
  RG_DECISION_REFUSE,            /* refuse it with rg_policy_message() */
  RG_DECISION_FENCE              /* refuse it with the fence's message */
} rg_decision;

typedef enum rg_reason
{
  RG_REASON_NO_RULE= 0,     /* PASS: no rule in force (report server or
                               filter OFF, and no fence) */
  RG_REASON_INTERNAL,       /* PASS: a local connection (RG_THREAD_INTERNAL) */
  RG_REASON_APPLIER,        /* PASS: the replication applier */
  RG_REASON_EXEMPT,         /* PASS: an exempt account */
  RG_REASON_NOT_GUARDED,    /* PASS: the rules in force let it run */
  RG_REASON_OVERRIDE,       /* PASS, logged: replica_guard_allow_ddl=ON
                               (never for dynamic SQL) */
  RG_REASON_WARN_MODE,      /* WARN: guarded, replica_guard_filter_mode=WARN */
  RG_REASON_GUARDED,        /* REFUSE: a filtered verb (CREATE, DROP, ...) */
  RG_REASON_DYNAMIC,        /* REFUSE: dynamic SQL whose text cannot be
                               checked before it runs */
  RG_REASON_FENCED_WRITE,   /* FENCE: a write while fenced */
  RG_REASON_FENCED_READ,    /* FENCE: a read while fenced, fence mode ALL */
  RG_REASON__COUNT
} rg_reason;

typedef struct rg_policy_decision
{
  rg_decision action;
  rg_reason reason;
} rg_policy_decision;

/*
  The next fact (one RG_FACT_* bit) the decision depends on that ctx does
  not hold yet, or 0 when the decision is known. The glue gathers that
  fact, sets its bit in ctx->known and asks again.
*/
unsigned rg_policy_needs(const rg_policy_context *ctx);

/* Decides; fills *out and returns out->action. */
rg_decision rg_policy_decide(const rg_policy_context *ctx,
                             rg_policy_decision *out);

/* Upper-case names for tests and logs: "PASS", "NOT_GUARDED". */
const char *rg_decision_name(rg_decision decision);
const char *rg_reason_name(rg_reason reason);

/*
  The error-log line a decision writes: its event word ("refused",
  "warned", "allowed"; NULL when the decision is not logged), then its
  lead ("", "while fenced: ", "WARN mode, not refused: ", ...), followed
  there by rg_policy_kind() and the statement.
*/
const char *rg_policy_log_event(const rg_policy_decision *d);
const char *rg_policy_log_lead(const rg_policy_decision *d);

/* What was decided on, for the log line and the message: "CREATE
   TEMPORARY TABLE", "DROP", "dynamic SQL", "a write", "a read". */
void rg_policy_kind(const rg_policy_context *ctx,
                    const rg_policy_decision *d, char *out, size_t size);

/*
  The client's error message for a REFUSE decision, kind from
  rg_policy_kind(); empty for the other decisions (a FENCE carries the
  fence's own message). No backslash in it.
*/
void rg_policy_message(const rg_policy_decision *d, const char *kind,
                       char *out, size_t size);

#ifdef __cplusplus
}
#endif
#endif
