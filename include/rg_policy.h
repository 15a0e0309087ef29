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
    but that the context does not hold at its worst (a statement the
    server runs on a session's behalf, never exempt nor overridden; a
    write; naming the plugin's own schema; dynamic SQL that cannot be
    checked).
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

/* The plugin's own schema (its heartbeat table): written by replica_guard
   only. */
#define RG_OWN_SCHEMA "replica_guard"

/* Who runs the statement. */
typedef enum rg_thread_kind
{
  RG_THREAD_CLIENT= 0,      /* a client session */
  RG_THREAD_INTERNAL,       /* the plugin's own threads, the server's
                               bootstrap, and statements the server tells
                               of only after they ran (another plugin's
                               SQL service connection) */
  RG_THREAD_APPLIER,        /* a replication applier (SQL or worker
                               thread) applying what the primary sent */
  RG_THREAD_ON_BEHALF       /* a statement the server runs from a setting:
                               init_connect in a client's session before
                               its first command, init_slave in the
                               applier when it starts. Checked like a
                               client's, but never exempt nor overridden:
                               someone else wrote it */
} rg_thread_kind;

/* Facts gathered on demand (rg_policy_context.known). */
#define RG_FACT_THREAD   (1U << 0)  /* thread */
#define RG_FACT_EXEMPT   (1U << 1)  /* exempt */
#define RG_FACT_LEXER    (1U << 2)  /* lexer, in_program (text only) */
#define RG_FACT_ACCESS   (1U << 3)  /* access */
#define RG_FACT_VERDICT  (1U << 4)  /* verdict */
#define RG_FACT_OVERRIDE (1U << 5)  /* allow_ddl */
#define RG_FACT_SCHEMA   (1U << 6)  /* own_schema */
#define RG_FACT_WINDOW   (1U << 7)  /* window_open */

typedef struct rg_policy_context
{
  /* Server settings, read once per statement; always given. */
  unsigned char report_server;   /* replica_guard_report_server */
  rg_filter_mode filter_mode;    /* replica_guard_filter_mode */
  unsigned verbs;                /* RG_VERB_BIT()s refused (dynamic SQL
                                    included whenever any verb is) */
  unsigned char fence_up;        /* the fence is raised */
  rg_fence_mode fence_mode;      /* replica_guard_fence_mode */
  unsigned long update_elsewhere; /* the server_id of another server whose
                                    update window is open, while
                                    replica_guard_refuse_writes_during_update
                                    is ON here; 0 otherwise */

  /* The statement's path; always given. */
  unsigned char parsed;          /* already parsed: a prepared statement
                                    about to execute. 0: statement text
                                    (COM_QUERY, or a statement of a stored
                                    program) */
  unsigned char table_write;     /* a table of the plugin's own schema is
                                    being locked for writing (the server's
                                    table-lock event, before any row is
                                    written): rules 1 to 3, then rule 6
                                    for that table, whatever the statement
                                    (a view, a trigger, dynamic SQL) */
  const char *setting;           /* non-NULL: the text is the new value of
                                    this setting ("init_connect",
                                    "init_slave"), which the server will
                                    run later on sessions' behalf. Who sets
                                    it plays no part (no thread, exemption,
                                    override or fence), and the facts are
                                    about every reading of the text under
                                    any character set and sql_mode a
                                    session could have
                                    (rg_policy_setting_verdict()) */

  unsigned known;                /* RG_FACT_* bits of the facts below */
  rg_thread_kind thread;         /* RG_FACT_THREAD */
  unsigned char exempt;          /* RG_FACT_EXEMPT: the account is in
                                    replica_guard_exempt_users */
  rg_classify_options lexer;     /* RG_FACT_LEXER: charset, sql_mode and
                                    server version the text is read with */
  unsigned char in_program;      /* RG_FACT_LEXER: inside a stored program */
  rg_access access;              /* RG_FACT_ACCESS: for the fence */
  unsigned char access_after_settings; /* RG_FACT_ACCESS: access is that
                                    of statements an earlier statement of
                                    the packet may make the server read
                                    under other settings
                                    (rg_classify_packet_rest()); the
                                    packet's first reading is less */
  rg_verdict verdict;            /* RG_FACT_VERDICT: the first guarded
                                    statement, dynamic SQL resolved where
                                    its text is known */
  unsigned char allow_ddl;       /* RG_FACT_OVERRIDE: the session override
                                    replica_guard_allow_ddl */
  unsigned char own_schema;      /* RG_FACT_SCHEMA: the statement may write
                                    the plugin's own schema: DDL in text
                                    that names it or runs in it
                                    (rg_policy_text_own_schema()); a
                                    setting's value naming it; a parsed
                                    statement with a table of it. Needs
                                    the lexer options for text */
  unsigned char window_open;     /* RG_FACT_WINDOW: an update window is
                                    open on this server
                                    (replica_guard_update_window) */
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
  RG_REASON_OWN_SCHEMA,     /* REFUSE: a write that may reach the plugin's
                               own schema (any server, filter not OFF) */
  RG_REASON_SETTING,        /* REFUSE: a value for init_connect or
                               init_slave holding what the filter would
                               refuse when the server runs it */
  RG_REASON_WINDOW,         /* PASS, logged: a client's guarded static
                               statement in an update window
                               (replica_guard_update_window) */
  RG_REASON_UPDATE_ELSEWHERE, /* REFUSE: a client's write while another
                               server's update window is open
                               (replica_guard_refuse_writes_during_update) */
  RG_REASON_REPLICA_WRITE,  /* REFUSE: a direct change on a one-way
                               replica (rule 3, rg_writes.h: never
                               decided here; named for
                               REPLICA_GUARD_REFUSALS) */
  RG_REASON__COUNT
} rg_reason;

typedef struct rg_policy_decision
{
  rg_decision action;
  rg_reason reason;
  unsigned char own_schema;      /* decided by the own-schema rule (for
                                    rg_policy_kind()) */
  unsigned char after_settings;  /* the verdict (the access class, for
                                    the fence) was found only under
                                    settings an earlier statement of the
                                    packet may set (rg_verdict) */
  unsigned long update_server;   /* RG_REASON_UPDATE_ELSEWHERE: whose
                                    window (for the message) */
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
   TEMPORARY TABLE", "DROP", "dynamic SQL", "a write", "a read", "a write
   of schema replica_guard"; for a setting's value "SET GLOBAL
   init_connect holding DROP TABLE". */
void rg_policy_kind(const rg_policy_context *ctx,
                    const rg_policy_decision *d, char *out, size_t size);

/*
  The client's error message for a REFUSE decision, kind from
  rg_policy_kind(); empty for the other decisions (a FENCE carries the
  fence's own message). No backslash in it.
*/
void rg_policy_message(const rg_policy_decision *d, const char *kind,
                       char *out, size_t size);

/*
  The client's error message for a FENCE decision: the fence's message
  (already in out[0..size), as a NUL-terminated string), followed,
  when the packet was refused for what it may do after a settings change
  in it, by the advice to send its statements separately (space
  permitting: the fence's message is kept whole).
*/
void rg_policy_fence_message(const rg_policy_decision *d, char *out,
                             size_t size);

/*
  True when statement text q[0..len) may write the plugin's own schema by
  naming it: RG_OWN_SCHEMA as a whole word (no ASCII letter, digit, '_' or
  '$' right before or after it), in any ASCII case (lower_case_table_names
  may fold it), either qualifying a name (followed by '.' and an
  identifier, whatever stands between as the server allows: spaces,
  quotes, comments, executable-comment markers) or anywhere after the word
  USE, DATABASE or SCHEMA (USE makes it the default database of the
  packet's later statements; CREATE, ALTER, DROP DATABASE or SCHEMA).
  Over-approximated (fail closed): the bytes are found in string literals
  and comments too, and skipped generously between tokens; not found: the
  schema named alone (CALL f('replica_guard:')), or as replica_guard.*
  (GRANT). A database name is these bytes in every character set a client
  may use. Linear, no allocation.
*/
int rg_policy_names_own_schema(const char *q, size_t len);

/*
  The own-schema fact (RG_FACT_SCHEMA) of statement text a session runs:
  the text names the schema (rg_policy_names_own_schema()) or runs in it
  (in_schema: it is the default database), and holds DDL, a statement
  with any static verb under lexer (whatever verbs lexer names), or under
  any setting an earlier statement of the packet may set
  (rg_classify_packet_rest()). DDL takes
  no table lock the filter hears of; every write of rows is refused
  exactly at its table lock (rg_policy_context.table_write), so DML that
  names the schema in a string literal is not refused for it. A setting's
  value is judged by the name alone (it is not run yet).
*/
int rg_policy_text_own_schema(const char *q, size_t len, int in_schema,
                              const rg_classify_options *lexer);

/*
  The facts about a setting's value q[0..len) (rg_policy_context.setting),
  which runs later under whatever character set and sql_mode the session
  running it has: the verdict is the worst over every rg_charset and every
  combination of the RG_MODE_* bits (a filtered static verb if any reading
  finds one, else dynamic SQL if any finds it: a variable's value is
  unknown when the setting is made), and the access the most demanding.
  verbs as rg_policy_context.verbs; server_version as the lexer's.
*/
void rg_policy_setting_verdict(const char *q, size_t len, unsigned verbs,
                               unsigned long server_version,
                               rg_verdict *verdict);
rg_access rg_policy_setting_access(const char *q, size_t len,
                                   unsigned long server_version);

#ifdef __cplusplus
}
#endif
#endif
