/*
  Unit tests of the statement filter's decision (rg_policy.h), from a table
  of {context, expected decision and reason, facts the decision asks for}.
  Each case is decided three ways:
  - with every fact given;
  - as the glue does it: starting from the settings alone and gathering
    each fact rg_policy_needs() asks for, which must be exactly the facts
    listed (nothing classified that the decision does not depend on) and
    none twice;
  - with every subset of the facts withheld, which must never give a more
    permissive decision (fail closed).
*/
#include "rg_policy.h"
#include "rg_test.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define ALL_FACTS (RG_FACT_THREAD | RG_FACT_EXEMPT | RG_FACT_LEXER | \
                   RG_FACT_ACCESS | RG_FACT_VERDICT | RG_FACT_OVERRIDE | \
                   RG_FACT_SCHEMA | RG_FACT_WINDOW)

/* replica_guard_filtered_commands' default, CREATE,DROP, as the glue
   hands it over (dynamic SQL added). */
#define V_DEFAULT (RG_VERB_BIT(RG_VERB_CREATE) | RG_VERB_BIT(RG_VERB_DROP) | \
                   RG_VERB_BIT(RG_VERB_DYNAMIC))
#define V_ALTER (V_DEFAULT | RG_VERB_BIT(RG_VERB_ALTER))

/* Short names for the table. */
#define ENF RG_FILTER_ENFORCE
#define WRN RG_FILTER_WARN
#define OFF RG_FILTER_OFF
#define WRITES RG_FENCE_WRITES
#define ALL RG_FENCE_ALL
#define CLIENT RG_THREAD_CLIENT
#define INTERNAL RG_THREAD_INTERNAL
#define APPLIER RG_THREAD_APPLIER
#define BEHALF RG_THREAD_ON_BEHALF
#define INSPECT RG_ACCESS_INSPECT
#define READ RG_ACCESS_READ
#define WRITE RG_ACCESS_WRITE
#define NONE RG_VERB_NONE
#define CREATE RG_VERB_CREATE
#define DROP RG_VERB_DROP
#define ALTER RG_VERB_ALTER
#define DYNAMIC RG_VERB_DYNAMIC
#define PASS RG_DECISION_PASS
#define WARN RG_DECISION_WARN
#define REFUSE RG_DECISION_REFUSE
#define FENCE RG_DECISION_FENCE
#define F_THREAD RG_FACT_THREAD
#define F_EXEMPT RG_FACT_EXEMPT
#define F_LEXER RG_FACT_LEXER
#define F_ACCESS RG_FACT_ACCESS
#define F_VERDICT RG_FACT_VERDICT
#define F_OVERRIDE RG_FACT_OVERRIDE
#define F_SCHEMA RG_FACT_SCHEMA
#define F_WINDOW RG_FACT_WINDOW
/* A client on a non-report server: who it is, then the text classified. */
#define F_WHO (F_THREAD | F_EXEMPT)
#define F_TEXT (F_WHO | F_LEXER | F_VERDICT)
/* ... and, with no filtered verb, whether it may write the own schema */
#define F_TEXT_OK (F_TEXT | F_SCHEMA)
#define F_FENCE_TEXT (F_WHO | F_LEXER | F_ACCESS)

typedef struct policy_case
{
  int line;
  /* settings */
  unsigned char report_server;
  rg_filter_mode mode;
  unsigned verbs;
  unsigned char fence_up;
  rg_fence_mode fence_mode;
  unsigned char parsed;
  /* facts */
  rg_thread_kind thread;
  unsigned char exempt;
  rg_access access;
  rg_verb verb;
  unsigned char allow_ddl;
  /* expected */
  rg_decision action;
  rg_reason reason;
  unsigned asks;             /* the RG_FACT_* bits rg_policy_needs() asks */
  /* optional (0 when left out) */
  unsigned char own_schema;  /* fact: may write the plugin's own schema */
  const char *setting;       /* path: a value for this setting */
  unsigned char table_write; /* path: a table of the schema locked for
                                writing */
  unsigned char window;      /* fact: an update window is open */
  unsigned long elsewhere;   /* setting: another server's window is open
                                and writes are refused meanwhile */
} policy_case;

/* The optional columns at the end are left out where they are 0. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#define C(...) { __LINE__, __VA_ARGS__ }

static const policy_case cases[]=
{
  /* rs mode verbs fence fmode parsed | thread ex access verb ddl |
     action reason asks */

  /* 1. no rule in force: nothing is gathered, nothing classified */
  C(1, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_WHO | F_LEXER | F_SCHEMA),
  C(0, OFF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DROP, 0,
    PASS, RG_REASON_NO_RULE, 0),
  C(1, OFF, V_DEFAULT, 0, ALL, 1, CLIENT, 0, WRITE, DROP, 0,
    PASS, RG_REASON_NO_RULE, 0),
  C(1, WRN, 0, 0, WRITES, 0, CLIENT, 0, WRITE, DYNAMIC, 0,
    PASS, RG_REASON_NOT_GUARDED, F_WHO | F_LEXER | F_SCHEMA),

  /* 2. applier and local connections: only the thread is looked at */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, APPLIER, 0, WRITE, CREATE, 0,
    PASS, RG_REASON_APPLIER, F_THREAD),
  C(0, ENF, V_DEFAULT, 0, WRITES, 1, APPLIER, 0, WRITE, DROP, 0,
    PASS, RG_REASON_APPLIER, F_THREAD),
  C(0, ENF, V_DEFAULT, 1, ALL, 0, APPLIER, 0, WRITE, DROP, 0,
    PASS, RG_REASON_APPLIER, F_THREAD),
  C(1, ENF, V_DEFAULT, 1, WRITES, 0, APPLIER, 0, WRITE, NONE, 0,
    PASS, RG_REASON_APPLIER, F_THREAD),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, INTERNAL, 0, WRITE, DROP, 0,
    PASS, RG_REASON_INTERNAL, F_THREAD),
  C(0, WRN, V_DEFAULT, 1, ALL, 1, INTERNAL, 0, WRITE, DYNAMIC, 0,
    PASS, RG_REASON_INTERNAL, F_THREAD),

  /* 3. exempt accounts: neither fenced nor filtered */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 1, WRITE, DROP, 0,
    PASS, RG_REASON_EXEMPT, F_WHO),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 1, WRITE, DYNAMIC, 0,
    PASS, RG_REASON_EXEMPT, F_WHO),
  C(1, OFF, V_DEFAULT, 1, ALL, 0, CLIENT, 1, WRITE, NONE, 0,
    PASS, RG_REASON_EXEMPT, F_WHO),
  C(0, ENF, V_DEFAULT, 1, WRITES, 1, CLIENT, 1, WRITE, CREATE, 0,
    PASS, RG_REASON_EXEMPT, F_WHO),

  /* 4. the fence, on any server, before the filter */
  C(1, ENF, V_DEFAULT, 1, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    FENCE, RG_REASON_FENCED_WRITE, F_FENCE_TEXT),
  C(1, ENF, V_DEFAULT, 1, WRITES, 0, CLIENT, 0, READ, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_FENCE_TEXT | F_SCHEMA),
  C(1, ENF, V_DEFAULT, 1, WRITES, 0, CLIENT, 0, INSPECT, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_FENCE_TEXT | F_SCHEMA),
  C(1, ENF, V_DEFAULT, 1, ALL, 0, CLIENT, 0, READ, NONE, 0,
    FENCE, RG_REASON_FENCED_READ, F_FENCE_TEXT),
  C(1, ENF, V_DEFAULT, 1, ALL, 0, CLIENT, 0, WRITE, NONE, 0,
    FENCE, RG_REASON_FENCED_WRITE, F_FENCE_TEXT),
  C(1, ENF, V_DEFAULT, 1, ALL, 0, CLIENT, 0, INSPECT, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_FENCE_TEXT | F_SCHEMA),
  C(0, OFF, V_DEFAULT, 1, WRITES, 0, CLIENT, 0, READ, CREATE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_FENCE_TEXT),
  /* a prepared statement: its parsed command, no lexer */
  C(1, ENF, V_DEFAULT, 1, WRITES, 1, CLIENT, 0, WRITE, NONE, 0,
    FENCE, RG_REASON_FENCED_WRITE, F_WHO | F_ACCESS),
  C(1, ENF, V_DEFAULT, 1, ALL, 1, CLIENT, 0, INSPECT, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_WHO | F_ACCESS | F_SCHEMA),
  /* fenced first: a guarded statement is not even classified */
  C(0, ENF, V_DEFAULT, 1, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    FENCE, RG_REASON_FENCED_WRITE, F_FENCE_TEXT),
  /* neither WARN mode nor the override lets a write through a fence */
  C(0, WRN, V_DEFAULT, 1, WRITES, 0, CLIENT, 0, WRITE, DROP, 1,
    FENCE, RG_REASON_FENCED_WRITE, F_FENCE_TEXT),
  C(0, ENF, V_DEFAULT, 1, ALL, 1, CLIENT, 0, READ, NONE, 1,
    FENCE, RG_REASON_FENCED_READ, F_WHO | F_ACCESS),
  /* through the fence, then the filter */
  C(0, ENF, V_DEFAULT, 1, WRITES, 0, CLIENT, 0, READ, CREATE, 0,
    REFUSE, RG_REASON_GUARDED, F_FENCE_TEXT | F_VERDICT | F_OVERRIDE | F_WINDOW),
  C(0, ENF, V_DEFAULT, 1, ALL, 0, CLIENT, 0, INSPECT, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_FENCE_TEXT | F_VERDICT | F_SCHEMA),

  /* 5. the filter: text */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    REFUSE, RG_REASON_GUARDED, F_TEXT | F_OVERRIDE | F_WINDOW),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DROP, 0,
    REFUSE, RG_REASON_GUARDED, F_TEXT | F_OVERRIDE | F_WINDOW),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_TEXT_OK),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DYNAMIC, 0,
    REFUSE, RG_REASON_DYNAMIC, F_TEXT),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 1,
    PASS, RG_REASON_OVERRIDE, F_TEXT | F_OVERRIDE),
  /* dynamic SQL is never overridden: the override is not asked */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DYNAMIC, 1,
    REFUSE, RG_REASON_DYNAMIC, F_TEXT),
  C(0, WRN, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    WARN, RG_REASON_WARN_MODE, F_TEXT | F_OVERRIDE | F_WINDOW),
  C(0, WRN, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DYNAMIC, 0,
    WARN, RG_REASON_WARN_MODE, F_TEXT),
  C(0, WRN, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DROP, 1,
    PASS, RG_REASON_OVERRIDE, F_TEXT | F_OVERRIDE),
  C(0, WRN, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_TEXT_OK),
  /* replica_guard_filtered_commands decides which verbs are guarded */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, ALTER, 0,
    PASS, RG_REASON_NOT_GUARDED, F_TEXT_OK),
  C(0, ENF, V_ALTER, 0, WRITES, 0, CLIENT, 0, WRITE, ALTER, 0,
    REFUSE, RG_REASON_GUARDED, F_TEXT | F_OVERRIDE | F_WINDOW),
  C(0, ENF, RG_VERB_BIT(CREATE) | RG_VERB_BIT(DYNAMIC), 0, WRITES, 0,
    CLIENT, 0, WRITE, DROP, 0, PASS, RG_REASON_NOT_GUARDED, F_TEXT_OK),
  C(0, ENF, 0, 0, WRITES, 0, CLIENT, 0, WRITE, DYNAMIC, 0,
    PASS, RG_REASON_NOT_GUARDED, F_TEXT_OK),

  /* 5. the filter: prepared statements, by their parsed command */
  C(0, ENF, V_DEFAULT, 0, WRITES, 1, CLIENT, 0, WRITE, DROP, 0,
    REFUSE, RG_REASON_GUARDED, F_WHO | F_VERDICT | F_OVERRIDE | F_WINDOW),
  C(0, ENF, V_DEFAULT, 0, WRITES, 1, CLIENT, 0, WRITE, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_WHO | F_VERDICT | F_SCHEMA),
  C(0, ENF, V_DEFAULT, 0, WRITES, 1, CLIENT, 0, WRITE, ALTER, 0,
    PASS, RG_REASON_NOT_GUARDED, F_WHO | F_VERDICT | F_SCHEMA),
  C(0, ENF, V_DEFAULT, 0, WRITES, 1, CLIENT, 0, WRITE, CREATE, 1,
    PASS, RG_REASON_OVERRIDE, F_WHO | F_VERDICT | F_OVERRIDE),
  C(0, WRN, V_DEFAULT, 0, WRITES, 1, CLIENT, 0, WRITE, CREATE, 0,
    WARN, RG_REASON_WARN_MODE, F_WHO | F_VERDICT | F_OVERRIDE | F_WINDOW),

  /* 6. the plugin's own schema: a write that may reach it, on any server
     (own_schema, the last column, is the fact) */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    REFUSE, RG_REASON_OWN_SCHEMA, F_TEXT_OK | F_ACCESS | F_OVERRIDE, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, READ, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_TEXT_OK | F_ACCESS, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, INSPECT, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_TEXT_OK | F_ACCESS, 1),
  C(1, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    REFUSE, RG_REASON_OWN_SCHEMA,
    F_WHO | F_SCHEMA | F_LEXER | F_ACCESS | F_OVERRIDE, 1),
  /* a report server allows CREATE, but not in the own schema */
  C(1, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    REFUSE, RG_REASON_OWN_SCHEMA,
    F_WHO | F_SCHEMA | F_LEXER | F_ACCESS | F_OVERRIDE, 1),
  C(1, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, NONE, 1,
    PASS, RG_REASON_OVERRIDE,
    F_WHO | F_SCHEMA | F_LEXER | F_ACCESS | F_OVERRIDE, 1),
  C(0, WRN, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    WARN, RG_REASON_WARN_MODE, F_TEXT_OK | F_ACCESS | F_OVERRIDE, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 1, WRITE, NONE, 0,
    PASS, RG_REASON_EXEMPT, F_WHO, 1),
  C(1, ENF, V_DEFAULT, 0, WRITES, 0, APPLIER, 0, WRITE, NONE, 0,
    PASS, RG_REASON_APPLIER, F_THREAD, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, INTERNAL, 0, WRITE, NONE, 0,
    PASS, RG_REASON_INTERNAL, F_THREAD, 1),
  C(1, OFF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    PASS, RG_REASON_NO_RULE, 0, 1),
  /* a guarded verb is refused for itself first */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    REFUSE, RG_REASON_GUARDED, F_TEXT | F_OVERRIDE | F_WINDOW, 1),
  /* the fence first */
  C(0, ENF, V_DEFAULT, 1, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    FENCE, RG_REASON_FENCED_WRITE, F_FENCE_TEXT, 1),
  C(0, ENF, V_DEFAULT, 1, WRITES, 0, CLIENT, 0, READ, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_FENCE_TEXT | F_VERDICT | F_SCHEMA, 1),
  /* a prepared statement, by its tables */
  C(0, ENF, V_DEFAULT, 0, WRITES, 1, CLIENT, 0, WRITE, NONE, 0,
    REFUSE, RG_REASON_OWN_SCHEMA,
    F_WHO | F_VERDICT | F_SCHEMA | F_ACCESS | F_OVERRIDE, 1),
  C(1, ENF, V_DEFAULT, 0, WRITES, 1, CLIENT, 0, READ, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_WHO | F_SCHEMA | F_ACCESS, 1),

  /* 7. on a session's behalf (init_connect, init_slave): like a client,
     but never exempt nor overridden (not even asked) */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, BEHALF, 1, WRITE, DROP, 1,
    REFUSE, RG_REASON_GUARDED, F_THREAD | F_LEXER | F_VERDICT),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, BEHALF, 1, WRITE, DYNAMIC, 1,
    REFUSE, RG_REASON_DYNAMIC, F_THREAD | F_LEXER | F_VERDICT),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, BEHALF, 1, WRITE, NONE, 1,
    PASS, RG_REASON_NOT_GUARDED, F_THREAD | F_LEXER | F_VERDICT | F_SCHEMA),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, BEHALF, 1, WRITE, NONE, 1,
    REFUSE, RG_REASON_OWN_SCHEMA,
    F_THREAD | F_LEXER | F_VERDICT | F_SCHEMA | F_ACCESS, 1),
  C(0, WRN, V_DEFAULT, 0, WRITES, 0, BEHALF, 0, WRITE, DROP, 0,
    WARN, RG_REASON_WARN_MODE, F_THREAD | F_LEXER | F_VERDICT),
  C(0, ENF, V_DEFAULT, 1, WRITES, 0, BEHALF, 1, WRITE, NONE, 0,
    FENCE, RG_REASON_FENCED_WRITE, F_THREAD | F_LEXER | F_ACCESS),
  C(1, ENF, V_DEFAULT, 0, WRITES, 0, BEHALF, 1, WRITE, DROP, 1,
    PASS, RG_REASON_NOT_GUARDED, F_THREAD | F_LEXER | F_SCHEMA),
  C(0, ENF, V_DEFAULT, 0, WRITES, 1, BEHALF, 1, WRITE, CREATE, 1,
    REFUSE, RG_REASON_GUARDED, F_THREAD | F_VERDICT),

  /* 8. a new value for init_connect or init_slave: rules 5 and 6 only, by
     every reading of the text; who sets it plays no part */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 1, WRITE, DROP, 1,
    REFUSE, RG_REASON_SETTING, F_VERDICT, 0, "init_connect"),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, INTERNAL, 1, WRITE, DYNAMIC, 1,
    REFUSE, RG_REASON_SETTING, F_VERDICT, 0, "init_slave"),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, APPLIER, 1, WRITE, NONE, 1,
    PASS, RG_REASON_NOT_GUARDED, F_VERDICT | F_SCHEMA, 0, "init_connect"),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 1, WRITE, NONE, 1,
    REFUSE, RG_REASON_SETTING, F_VERDICT | F_SCHEMA | F_ACCESS, 1,
    "init_connect"),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, READ, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_VERDICT | F_SCHEMA | F_ACCESS, 1,
    "init_connect"),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, ALTER, 0,
    PASS, RG_REASON_NOT_GUARDED, F_VERDICT | F_SCHEMA, 0, "init_slave"),
  C(0, WRN, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DROP, 0,
    WARN, RG_REASON_WARN_MODE, F_VERDICT, 0, "init_connect"),
  C(1, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DROP, 0,
    PASS, RG_REASON_NOT_GUARDED, F_SCHEMA, 0, "init_connect"),
  C(1, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    REFUSE, RG_REASON_SETTING, F_SCHEMA | F_ACCESS, 1, "init_slave"),
  C(1, OFF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DROP, 0,
    PASS, RG_REASON_NO_RULE, 0, 1, "init_connect"),
  /* the fence does not look at a setting's value */
  C(0, ENF, V_DEFAULT, 1, ALL, 0, CLIENT, 0, WRITE, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_VERDICT | F_SCHEMA, 0, "init_connect"),
  C(0, OFF, V_DEFAULT, 1, ALL, 0, CLIENT, 0, WRITE, DROP, 0,
    PASS, RG_REASON_NO_RULE, 0, 1, "init_connect"),

  /* 9. a table of the own schema locked for writing: who, then rule 6;
     neither the fence nor the verbs are asked again */
  C(0, ENF, V_DEFAULT, 1, ALL, 1, CLIENT, 0, READ, NONE, 0,
    REFUSE, RG_REASON_OWN_SCHEMA, F_WHO | F_OVERRIDE, 0, NULL, 1),
  C(1, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, READ, NONE, 0,
    REFUSE, RG_REASON_OWN_SCHEMA, F_WHO | F_OVERRIDE, 0, NULL, 1),
  C(1, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, READ, NONE, 1,
    PASS, RG_REASON_OVERRIDE, F_WHO | F_OVERRIDE, 0, NULL, 1),
  C(1, WRN, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, READ, NONE, 0,
    WARN, RG_REASON_WARN_MODE, F_WHO | F_OVERRIDE, 0, NULL, 1),
  C(1, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 1, READ, NONE, 0,
    PASS, RG_REASON_EXEMPT, F_WHO, 0, NULL, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, APPLIER, 0, READ, NONE, 0,
    PASS, RG_REASON_APPLIER, F_THREAD, 0, NULL, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, INTERNAL, 0, READ, NONE, 0,
    PASS, RG_REASON_INTERNAL, F_THREAD, 0, NULL, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, BEHALF, 1, READ, NONE, 1,
    REFUSE, RG_REASON_OWN_SCHEMA, F_THREAD, 0, NULL, 1),
  C(0, OFF, V_DEFAULT, 1, ALL, 0, CLIENT, 0, READ, NONE, 0,
    PASS, RG_REASON_NO_RULE, 0, 0, NULL, 1),

  /* 10. an update window open (the last column): a client's own static
     statement passes, logged, unless rule 6 refuses it; never dynamic
     SQL, a statement run on a session's behalf, a setting's value, the
     own schema, nor past the fence. The override, asked first, keeps its
     own reason. */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    PASS, RG_REASON_WINDOW, F_TEXT | F_OVERRIDE | F_WINDOW | F_SCHEMA,
    0, NULL, 0, 1),
  C(0, WRN, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DROP, 0,
    PASS, RG_REASON_WINDOW, F_TEXT | F_OVERRIDE | F_WINDOW | F_SCHEMA,
    0, NULL, 0, 1),
  C(0, ENF, V_ALTER, 0, WRITES, 1, CLIENT, 0, WRITE, ALTER, 0,
    PASS, RG_REASON_WINDOW, F_WHO | F_VERDICT | F_OVERRIDE | F_WINDOW |
    F_SCHEMA, 0, NULL, 0, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 1,
    PASS, RG_REASON_OVERRIDE, F_TEXT | F_OVERRIDE, 0, NULL, 0, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    REFUSE, RG_REASON_GUARDED, F_TEXT | F_OVERRIDE | F_WINDOW,
    0, NULL, 0, 0),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DYNAMIC, 0,
    REFUSE, RG_REASON_DYNAMIC, F_TEXT, 0, NULL, 0, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    REFUSE, RG_REASON_OWN_SCHEMA,
    F_TEXT | F_OVERRIDE | F_WINDOW | F_SCHEMA | F_ACCESS, 1, NULL, 0, 1),
  C(0, WRN, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    WARN, RG_REASON_WARN_MODE,
    F_TEXT | F_OVERRIDE | F_WINDOW | F_SCHEMA | F_ACCESS, 1, NULL, 0, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, BEHALF, 0, WRITE, CREATE, 0,
    REFUSE, RG_REASON_GUARDED, F_THREAD | F_LEXER | F_VERDICT,
    0, NULL, 0, 1),
  C(0, ENF, V_DEFAULT, 1, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    FENCE, RG_REASON_FENCED_WRITE, F_FENCE_TEXT, 0, NULL, 0, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DROP, 0,
    REFUSE, RG_REASON_SETTING, F_VERDICT, 0, "init_connect", 0, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, READ, NONE, 0,
    REFUSE, RG_REASON_OWN_SCHEMA, F_WHO | F_OVERRIDE, 0, NULL, 1, 1),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, READ, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_TEXT_OK, 0, NULL, 0, 1),
  C(1, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_WHO | F_LEXER | F_SCHEMA, 0, NULL, 0, 1),
  /* 11. another server's update window open, writes refused meanwhile
     (the last column: its server_id): a client's write is refused like
     a fence in mode WRITES; reads, the applier, exempt accounts and the
     plugin's own threads pass; the fence, when up, decides first; the
     filter applies as ever to what passes; even with the filter OFF */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    REFUSE, RG_REASON_UPDATE_ELSEWHERE, F_FENCE_TEXT, 0, NULL, 0, 0, 7),
  C(1, ENF, V_DEFAULT, 0, ALL, 0, CLIENT, 0, READ, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_FENCE_TEXT | F_SCHEMA, 0, NULL, 0, 0, 7),
  C(0, ENF, V_DEFAULT, 0, WRITES, 1, CLIENT, 0, WRITE, NONE, 0,
    REFUSE, RG_REASON_UPDATE_ELSEWHERE, F_WHO | F_ACCESS, 0, NULL, 0, 0, 7),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, APPLIER, 0, WRITE, CREATE, 0,
    PASS, RG_REASON_APPLIER, F_THREAD, 0, NULL, 0, 0, 7),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, INTERNAL, 0, WRITE, NONE, 0,
    PASS, RG_REASON_INTERNAL, F_THREAD, 0, NULL, 0, 0, 7),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 1, WRITE, NONE, 0,
    PASS, RG_REASON_EXEMPT, F_WHO, 0, NULL, 0, 0, 7),
  C(0, OFF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    REFUSE, RG_REASON_UPDATE_ELSEWHERE, F_FENCE_TEXT, 0, NULL, 0, 0, 7),
  C(0, OFF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, READ, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_FENCE_TEXT, 0, NULL, 0, 0, 7),
  C(0, ENF, V_DEFAULT, 1, ALL, 0, CLIENT, 0, READ, NONE, 0,
    FENCE, RG_REASON_FENCED_READ, F_FENCE_TEXT, 0, NULL, 0, 0, 7),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    REFUSE, RG_REASON_SETTING, F_VERDICT | F_SCHEMA | F_ACCESS, 1,
    "init_connect", 0, 0, 7),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, READ, NONE, 0,
    REFUSE, RG_REASON_OWN_SCHEMA, F_WHO | F_OVERRIDE, 0, NULL, 1, 0, 7),
};

static void fill_fact(rg_policy_context *ctx, const policy_case *c,
                      unsigned fact)
{
  switch (fact) {
  case RG_FACT_THREAD: ctx->thread= c->thread; break;
  case RG_FACT_EXEMPT: ctx->exempt= c->exempt; break;
  case RG_FACT_LEXER: ctx->in_program= 0; break;
  case RG_FACT_ACCESS: ctx->access= c->access; break;
  case RG_FACT_VERDICT:
    ctx->verdict.verb= c->verb;
    ctx->verdict.object= c->verb == NONE || c->verb == DYNAMIC
                         ? RG_OBJ_UNKNOWN : RG_OBJ_TABLE;
    break;
  case RG_FACT_OVERRIDE: ctx->allow_ddl= c->allow_ddl; break;
  case RG_FACT_SCHEMA: ctx->own_schema= c->own_schema; break;
  case RG_FACT_WINDOW: ctx->window_open= c->window; break;
  }
  ctx->known|= fact;
}

/* The settings and path of case c, no fact gathered yet. */
static void settings(rg_policy_context *ctx, const policy_case *c)
{
  memset(ctx, 0, sizeof(*ctx));
  ctx->report_server= c->report_server;
  ctx->filter_mode= c->mode;
  ctx->verbs= c->verbs;
  ctx->fence_up= c->fence_up;
  ctx->fence_mode= c->fence_mode;
  ctx->update_elsewhere= c->elsewhere;
  ctx->parsed= c->parsed;
  ctx->setting= c->setting;
  ctx->table_write= c->table_write;
}

/* Every fact of c but those in withheld. Unknown facts hold values that
   would let a statement through, so taking them at face value shows. */
static void with_facts(rg_policy_context *ctx, const policy_case *c,
                       unsigned withheld)
{
  settings(ctx, c);
  ctx->thread= RG_THREAD_APPLIER;
  ctx->exempt= 1;
  ctx->access= RG_ACCESS_INSPECT;
  ctx->allow_ddl= 1;
  ctx->window_open= 1;
  for (unsigned f= 1; f & ALL_FACTS; f<<= 1)
    if (!(withheld & f))
      fill_fact(ctx, c, f);
}

/* How much a decision refuses: PASS < WARN < REFUSE, FENCE. */
static int strictness(rg_decision d)
{
  return d == PASS ? 0 : d == WARN ? 1 : 2;
}

static void test_table(void)
{
  for (size_t i= 0; i < ARRAY_LEN(cases); i++)
  {
    const policy_case *c= &cases[i];
    rg_policy_context ctx;
    rg_policy_decision d;
    unsigned asked= 0, fact, withheld;
    int rounds= 0;

    /* every fact given */
    with_facts(&ctx, c, 0);
    rg_policy_decide(&ctx, &d);
    RG_CHECK(d.action == c->action && d.reason == c->reason,
             "line %d: %s %s, expected %s %s", c->line,
             rg_decision_name(d.action), rg_reason_name(d.reason),
             rg_decision_name(c->action), rg_reason_name(c->reason));
    RG_CHECK(rg_policy_needs(&ctx) == 0, "line %d: needs %#x with every "
             "fact given", c->line, rg_policy_needs(&ctx));

    /* gathered as the glue does */
    settings(&ctx, c);
    while ((fact= rg_policy_needs(&ctx)) && rounds++ < 10)
    {
      RG_CHECK(!(asked & fact), "line %d: fact %#x asked twice", c->line,
               fact);
      asked|= fact;
      fill_fact(&ctx, c, fact);
    }
    rg_policy_decide(&ctx, &d);
    RG_CHECK(asked == c->asks, "line %d: asked %#x, expected %#x", c->line,
             asked, c->asks);
    RG_CHECK(d.action == c->action && d.reason == c->reason,
             "line %d: gathered: %s %s", c->line,
             rg_decision_name(d.action), rg_reason_name(d.reason));

    /* fail closed: withholding facts never lets more through */
    for (withheld= 1; withheld <= ALL_FACTS; withheld++)
    {
      with_facts(&ctx, c, withheld);
      rg_policy_decide(&ctx, &d);
      RG_CHECK(strictness(d.action) >= strictness(c->action),
               "line %d: facts %#x withheld: %s %s", c->line, withheld,
               rg_decision_name(d.action), rg_reason_name(d.reason));
    }
  }
}

/* ---- what the glue logs and tells the client ---- */

typedef struct text_case
{
  rg_reason reason;
  rg_verb verb;
  rg_object object;
  const char *event;          /* NULL: not logged */
  const char *lead;
  const char *kind;
} text_case;

static const text_case text_cases[]=
{
  { RG_REASON_GUARDED, CREATE, RG_OBJ_TEMPORARY_TABLE, "refused", "",
    "CREATE TEMPORARY TABLE" },
  { RG_REASON_GUARDED, DROP, RG_OBJ_UNKNOWN, "refused", "", "DROP" },
  { RG_REASON_DYNAMIC, DYNAMIC, RG_OBJ_UNKNOWN, "refused", "",
    "dynamic SQL" },
  { RG_REASON_WARN_MODE, DROP, RG_OBJ_DATABASE, "warned",
    "WARN mode, not refused: ", "DROP DATABASE" },
  { RG_REASON_WARN_MODE, DYNAMIC, RG_OBJ_UNKNOWN, "warned",
    "WARN mode, not refused: ", "dynamic SQL" },
  { RG_REASON_OVERRIDE, CREATE, RG_OBJ_VIEW, "allowed",
    "by replica_guard_allow_ddl: ", "CREATE VIEW" },
  { RG_REASON_WINDOW, ALTER, RG_OBJ_TABLE, "allowed",
    "in the update window: ", "ALTER TABLE" },
  { RG_REASON_UPDATE_ELSEWHERE, NONE, RG_OBJ_UNKNOWN, "refused",
    "during another server's update window: ", "a write" },
  { RG_REASON_FENCED_WRITE, NONE, RG_OBJ_UNKNOWN, "refused",
    "while fenced: ", "a write" },
  { RG_REASON_FENCED_READ, NONE, RG_OBJ_UNKNOWN, "refused",
    "while fenced: ", "a read" },
  { RG_REASON_NOT_GUARDED, NONE, RG_OBJ_UNKNOWN, NULL, NULL, NULL },
  { RG_REASON_NO_RULE, NONE, RG_OBJ_UNKNOWN, NULL, NULL, NULL },
  { RG_REASON_EXEMPT, NONE, RG_OBJ_UNKNOWN, NULL, NULL, NULL },
  { RG_REASON_APPLIER, NONE, RG_OBJ_UNKNOWN, NULL, NULL, NULL },
  { RG_REASON_INTERNAL, NONE, RG_OBJ_UNKNOWN, NULL, NULL, NULL },
};

static void test_texts(void)
{
  char kind[64], message[512];
  for (size_t i= 0; i < ARRAY_LEN(text_cases); i++)
  {
    const text_case *t= &text_cases[i];
    rg_policy_context ctx;
    rg_policy_decision d= { RG_DECISION_PASS, t->reason, 0 };
    const char *event= rg_policy_log_event(&d);
    const char *lead= rg_policy_log_lead(&d);
    memset(&ctx, 0, sizeof(ctx));
    ctx.known= RG_FACT_VERDICT;
    ctx.verdict.verb= t->verb;
    ctx.verdict.object= t->object;
    RG_CHECK(t->event ? event && !strcmp(event, t->event) : !event,
             "%s: event '%s'", rg_reason_name(t->reason),
             event ? event : "(null)");
    RG_CHECK(t->lead ? lead && !strcmp(lead, t->lead) : !lead,
             "%s: lead '%s'", rg_reason_name(t->reason),
             lead ? lead : "(null)");
    if (!t->kind)
      continue;
    rg_policy_kind(&ctx, &d, kind, sizeof(kind));
    RG_CHECK(!strcmp(kind, t->kind), "%s: kind '%s', expected '%s'",
             rg_reason_name(t->reason), kind, t->kind);
  }

  /* The client's messages (as in the mtr results and the README). */
  {
    rg_policy_decision d= { RG_DECISION_REFUSE, RG_REASON_GUARDED, 0 };
    rg_policy_message(&d, "CREATE TEMPORARY TABLE", message,
                      sizeof(message));
    RG_CHECK(!strcmp(message, "replica_guard: CREATE TEMPORARY TABLE "
                     "refused: this server is not a report server "
                     "(replica_guard_report_server=OFF), and CREATE or DROP "
                     "here can break replication. Run this statement on "
                     "the report server instead"), "%s", message);
    d.reason= RG_REASON_DYNAMIC;
    rg_policy_message(&d, "dynamic SQL", message, sizeof(message));
    RG_CHECK(!strcmp(message, "replica_guard: dynamic SQL refused: its "
                     "statement text cannot be checked before it runs, and "
                     "this server is not a report server "
                     "(replica_guard_report_server=OFF). Use a literal "
                     "statement text, or run it on the report server"),
             "%s", message);
    RG_CHECK(!strchr(message, '\\'), "no backslash: %s", message);
    d.reason= RG_REASON_UPDATE_ELSEWHERE;
    d.update_server= 11;
    rg_policy_message(&d, "a write", message, sizeof(message));
    RG_CHECK(!strcmp(message, "replica_guard: a write refused: server 11 "
                     "is running an update in its update window, and this "
                     "server takes no client writes until the window "
                     "closes (replica_guard_refuse_writes_during_update=ON)."
                     " Try again once the update is done"), "%s", message);
    d.action= RG_DECISION_FENCE;
    d.reason= RG_REASON_FENCED_WRITE;
    rg_policy_message(&d, "a write", message, sizeof(message));
    RG_CHECK(message[0] == '\0', "FENCE has no policy message: %s", message);
  }

  /* Every reason has a name, and one action. */
  for (unsigned r= 0; r < RG_REASON__COUNT; r++)
    RG_CHECK(strcmp(rg_reason_name((rg_reason) r), "?"), "reason %u", r);
  RG_CHECK(!strcmp(rg_reason_name(RG_REASON__COUNT), "?"), "out of range");
}

/* With nothing gathered, a client is taken at its worst. */
static void test_fail_closed(void)
{
  rg_policy_context ctx;
  rg_policy_decision d;
  memset(&ctx, 0, sizeof(ctx));
  ctx.filter_mode= RG_FILTER_ENFORCE;
  ctx.verbs= V_DEFAULT;
  rg_policy_decide(&ctx, &d);
  RG_CHECK(d.action == REFUSE && d.reason == RG_REASON_DYNAMIC, "%s %s",
           rg_decision_name(d.action), rg_reason_name(d.reason));
  RG_CHECK(rg_policy_needs(&ctx) == RG_FACT_THREAD, "%#x",
           rg_policy_needs(&ctx));
  ctx.fence_up= 1;
  rg_policy_decide(&ctx, &d);
  RG_CHECK(d.action == FENCE && d.reason == RG_REASON_FENCED_WRITE, "%s %s",
           rg_decision_name(d.action), rg_reason_name(d.reason));
}

/* ---- the own schema, settings' values ---- */

static void test_names_own_schema(void)
{
  static const struct { const char *q; int want; } cases[]=
  {
    { "INSERT INTO replica_guard.heartbeat VALUES (1)", 1 },
    { "insert into REPLICA_GUARD.heartbeat values (1)", 1 },
    { "INSERT INTO `replica_guard`.`heartbeat` VALUES (1)", 1 },
    { "INSERT INTO \"replica_guard\".heartbeat VALUES (1)", 1 },
    { "INSERT INTO/**/replica_guard/**/./**/heartbeat VALUES (1)", 1 },
    { "INSERT INTO replica_guard -- x\n . # y\n heartbeat VALUES (1)", 1 },
    /* executable comments are read */
    { "INSERT INTO replica_guard/*!.heartbeat*/ VALUES (1)", 1 },
    { "INSERT INTO /*!replica_guard*/.heartbeat VALUES (1)", 1 },
    { "INSERT INTO replica_guard/*M!100000 .heartbeat*/ VALUES (1)", 1 },
    { "INSERT INTO replica_guard/*!50000.heartbeat*/ VALUES (1)", 1 },
    { "DELETE h FROM t JOIN replica_guard.heartbeat h", 1 },
    { "RENAME TABLE replica_guard.heartbeat TO t", 1 },
    { "LOAD DATA INFILE 'x' INTO TABLE replica_guard.h", 1 },
    { "TRUNCATE replica_guard.`h`", 1 },
    { "UPDATE replica_guard.1h SET a= 1", 1 },
    { "(replica_guard.heartbeat)", 1 },
    /* a byte >= 0x80 may be whitespace (latin1 0xA0), or start a name */
    { "INSERT INTO\xa0replica_guard\xa0.\xa0heartbeat", 1 },
    { "\xe9replica_guard.\xe9", 1 },
    /* the default database */
    { "USE replica_guard; INSERT INTO heartbeat VALUES (1)", 1 },
    { "use `replica_guard`", 1 },
    { "USE/**/replica_guard", 1 },
    /* the database itself */
    { "DROP DATABASE replica_guard", 1 },
    { "drop schema if exists `replica_guard`", 1 },
    { "ALTER DATABASE replica_guard CHARACTER SET utf8mb4", 1 },
    { "CREATE SCHEMA replica_guard", 1 },
    { "SELECT * FROM information_schema.tables WHERE a= 'replica_guard'", 0 },
    { "SELECT DATABASE_X, replica_guard", 0 },
    /* over-approximated: a string literal, any USE before */
    { "INSERT INTO t VALUES ('see replica_guard.heartbeat')", 1 },
    { "SELECT * FROM t USE INDEX (i) WHERE a= 'replica_guard'", 1 },
    /* named alone, or not as a schema */
    { "CALL mtr.add_suppression(\"replica_guard: refused: \")", 0 },
    { "CALL mtr.add_suppression(\"Plugin 'REPLICA_GUARD.*' is\")", 0 },
    { "GRANT SELECT ON replica_guard.* TO u", 0 },
    { "INSERT INTO t VALUES ('replica_guard')", 0 },
    { "UPDATE t SET a= 1 /* replica_guard */", 0 },
    { "replica_guard", 0 },
    { "replica_guard.", 0 },
    { "replica_guard /* .heartbeat */", 0 },
    { "replica_guard # .heartbeat", 0 },
    { "replica_guard -- .heartbeat", 0 },
    { "replica_guard /* .heartbeat", 0 },
    { "CREATE USER replica_guard", 0 },
    { "CAUSE replica_guard", 0 },
    { "replica_guard; USE x", 0 },
    { "SELECT * FROM t USE INDEX (i)", 0 },
    /* other identifiers */
    { "SET GLOBAL replica_guard_report_server= ON", 0 },
    { "SELECT @@replica_guard_fenced", 0 },
    { "INSERT INTO my_replica_guard.heartbeat VALUES (1)", 0 },
    { "INSERT INTO replica_guard2.heartbeat VALUES (1)", 0 },
    { "INSERT INTO $replica_guard.heartbeat VALUES (1)", 0 },
    { "INSERT INTO replica_guard$.heartbeat VALUES (1)", 0 },
    { "INSERT INTO replicaguard.heartbeat VALUES (1)", 0 },
    { "INSERT INTO replica__guard.heartbeat VALUES (1)", 0 },
    { "INSERT INTO t VALUES (1)", 0 },
    { "", 0 },
    { "_", 0 },
    { "eplica_guard.h", 0 },
    { "replica_guar.h", 0 },
  };
  for (size_t i= 0; i < ARRAY_LEN(cases); i++)
    RG_CHECK(rg_policy_names_own_schema(cases[i].q, strlen(cases[i].q)) ==
             cases[i].want, "'%s': want %d", cases[i].q, cases[i].want);
  /* the length is respected: no NUL needed, nothing read beyond */
  RG_CHECK(!rg_policy_names_own_schema("replica_guard.h", 12), "cut short");
  RG_CHECK(!rg_policy_names_own_schema("replica_guard.h", 14), "no name");
  RG_CHECK(rg_policy_names_own_schema("replica_guard.hx", 15), "cut");
  RG_CHECK(!rg_policy_names_own_schema("USE replica_guard", 16), "cut");
  RG_CHECK(!rg_policy_names_own_schema("areplica_guard", 0), "empty");
  /* linear: the name over and over, each time opening a comment or a
     line comment that never ends (8 MB, well under a second) */
  {
    static const char *const units[]= { "replica_guard/*", "replica_guard#",
                                        "replica_guard--", "replica_guard " };
    size_t size= 8 << 20;
    char *big= malloc(size);
    for (size_t u= 0; big && u < ARRAY_LEN(units); u++)
    {
      size_t n= strlen(units[u]), used= 0;
      clock_t start= clock();
      while (used + n <= size)
      {
        memcpy(big + used, units[u], n);
        used+= n;
      }
      RG_CHECK(!rg_policy_names_own_schema(big, used), "%s...", units[u]);
      RG_CHECK((double) (clock() - start) / CLOCKS_PER_SEC < 1.0,
               "%s... took %.2f s", units[u],
               (double) (clock() - start) / CLOCKS_PER_SEC);
    }
    free(big);
  }
}

static void test_text_own_schema(void)
{
  static const struct { const char *q; int in_schema; unsigned mode; int want; }
  cases[]=
  {
    /* rows are left to the table lock */
    { "INSERT INTO replica_guard.heartbeat VALUES (1)", 0, 0, 0 },
    { "INSERT INTO heartbeat VALUES (1)", 1, 0, 0 },
    { "CALL mtr.add_suppression('fence-file: replica_guard.fence')", 0, 0, 0 },
    { "INSERT INTO logs VALUES ('replica_guard.fence is not a file')", 0, 0,
      0 },
    /* DDL naming it, or run in it */
    { "TRUNCATE replica_guard.heartbeat", 0, 0, 1 },
    { "ALTER TABLE replica_guard.heartbeat ENGINE=InnoDB", 0, 0, 1 },
    { "RENAME TABLE t TO replica_guard.heartbeat2", 0, 0, 1 },
    { "CREATE TEMPORARY TABLE replica_guard.heartbeat (a INT)", 0, 0, 1 },
    { "DROP DATABASE replica_guard", 0, 0, 1 },
    { "USE replica_guard; DROP TABLE heartbeat", 0, 0, 1 },
    { "TRUNCATE heartbeat", 1, 0, 1 },
    { "PREPARE s FROM 'TRUNCATE replica_guard.heartbeat'", 0, 0, 1 },
    { "CREATE TRIGGER tr BEFORE INSERT ON replica_guard.heartbeat "
      "FOR EACH ROW SET NEW.origin_us= 0", 0, 0, 1 },
    /* over-approximated: DDL with the name in a literal */
    { "CREATE TABLE logs (a TEXT DEFAULT 'replica_guard.fence')", 0, 0, 1 },
    /* the lexer options decide what is a statement */
    { "SELECT 'a\\'; TRUNCATE replica_guard.heartbeat; -- '", 0, 0, 0 },
    { "SELECT 'a\\'; TRUNCATE replica_guard.heartbeat; -- '", 0,
      RG_MODE_NO_BACKSLASH_ESCAPES, 1 },
    { "TRUNCATE t", 0, 0, 0 },
  };
  rg_classify_options lexer;
  memset(&lexer, 0, sizeof(lexer));
  lexer.server_version= 101118;
  lexer.verbs= RG_VERB_BIT(CREATE);    /* ignored: every static verb */
  for (size_t i= 0; i < ARRAY_LEN(cases); i++)
  {
    lexer.sql_mode= cases[i].mode;
    RG_CHECK(rg_policy_text_own_schema(cases[i].q, strlen(cases[i].q),
                                       cases[i].in_schema, &lexer) ==
             cases[i].want, "'%s' (in schema %d, mode %u): want %d",
             cases[i].q, cases[i].in_schema, cases[i].mode, cases[i].want);
  }
}

static void test_setting_readings(void)
{
  static const struct
  {
    const char *q;
    rg_verb verb;
    rg_access access;
  } cases[]=
  {
    { "", NONE, INSPECT },
    { "SET NAMES utf8mb4", NONE, INSPECT },
    { "SET autocommit= 0; SET sql_mode= ''", NONE, INSPECT },
    { "DROP TABLE t", DROP, WRITE },
    { "SET @a= 1; CREATE TABLE t (a INT)", CREATE, WRITE },
    { "INSERT INTO log VALUES (CURRENT_USER())", NONE, WRITE },
    { "SELECT 1", NONE, INSPECT },
    { "SELECT a FROM t", NONE, READ },
    { "PREPARE s FROM @q", DYNAMIC, WRITE },
    { "EXECUTE IMMEDIATE CONCAT('DR', 'OP TABLE t')", DYNAMIC, WRITE },
    /* guarded under one reading only: NO_BACKSLASH_ESCAPES ends the
       string at the backslash, so DROP is a statement there */
    { "SELECT 'a\\'; DROP TABLE t; -- '", DROP, WRITE },
    /* ANSI_QUOTES: "..." is an identifier, the ; ends the statement */
    { "SELECT \"a\"; DROP TABLE t; -- \"", DROP, WRITE },
    /* sjis: 0x95 0x5C is one character, so the quote is closed there */
    { "SELECT '\x95\\'; DROP TABLE t; -- '", DROP, WRITE },
  };
  rg_verdict v;
  for (size_t i= 0; i < ARRAY_LEN(cases); i++)
  {
    const char *q= cases[i].q;
    rg_policy_setting_verdict(q, strlen(q), V_DEFAULT, 101118, &v);
    RG_CHECK(v.verb == cases[i].verb, "'%s': verb %d, want %d", q, v.verb,
             cases[i].verb);
    RG_CHECK(rg_policy_setting_access(q, strlen(q), 101118) ==
             cases[i].access, "'%s': access %d, want %d", q,
             rg_policy_setting_access(q, strlen(q), 101118),
             cases[i].access);
  }
  /* only the filtered verbs */
  rg_policy_setting_verdict("ALTER TABLE t ADD b INT", 23, V_DEFAULT, 101118,
                            &v);
  RG_CHECK(v.verb == NONE, "ALTER not filtered: %d", v.verb);
  rg_policy_setting_verdict("ALTER TABLE t ADD b INT", 23, V_ALTER, 101118,
                            &v);
  RG_CHECK(v.verb == ALTER, "ALTER filtered: %d", v.verb);
  /* a static verb wins over dynamic SQL in another statement */
  rg_policy_setting_verdict("PREPARE s FROM @q; DROP TABLE t", 31,
                            V_DEFAULT, 101118, &v);
  RG_CHECK(v.verb == DROP, "static first: %d", v.verb);
}

static void test_new_texts(void)
{
  char kind[96], message[512];
  rg_policy_context ctx;
  rg_policy_decision d= { RG_DECISION_REFUSE, RG_REASON_OWN_SCHEMA, 1 };
  memset(&ctx, 0, sizeof(ctx));
  rg_policy_kind(&ctx, &d, kind, sizeof(kind));
  RG_CHECK(!strcmp(kind, "a write of schema replica_guard"), "%s", kind);
  RG_CHECK(!strcmp(rg_policy_log_event(&d), "refused"), "event");
  rg_policy_message(&d, kind, message, sizeof(message));
  RG_CHECK(!strncmp(message, "replica_guard: a write of schema "
                    "replica_guard refused: only replica_guard writes its "
                    "own schema", 88) && !strchr(message, '\\'), "%s",
           message);
  /* a setting's value */
  ctx.setting= "init_connect";
  ctx.known= RG_FACT_VERDICT;
  ctx.verdict.verb= DROP;
  ctx.verdict.object= RG_OBJ_TABLE;
  d.reason= RG_REASON_SETTING;
  d.own_schema= 0;
  rg_policy_kind(&ctx, &d, kind, sizeof(kind));
  RG_CHECK(!strcmp(kind, "SET GLOBAL init_connect holding DROP TABLE"),
           "%s", kind);
  rg_policy_message(&d, kind, message, sizeof(message));
  RG_CHECK(!strncmp(message, "replica_guard: SET GLOBAL init_connect "
                    "holding DROP TABLE refused: the server runs this "
                    "value on sessions' behalf", 105) &&
           !strchr(message, '\\'), "%s", message);
  d.own_schema= 1;
  rg_policy_kind(&ctx, &d, kind, sizeof(kind));
  RG_CHECK(!strcmp(kind, "SET GLOBAL init_connect holding a write of "
                   "schema replica_guard"), "%s", kind);
  ctx.verdict.verb= DYNAMIC;
  d.own_schema= 0;
  ctx.setting= "init_slave";
  rg_policy_kind(&ctx, &d, kind, sizeof(kind));
  RG_CHECK(!strcmp(kind, "SET GLOBAL init_slave holding dynamic SQL"), "%s",
           kind);
  /* a short buffer is cut, never overrun */
  rg_policy_kind(&ctx, &d, kind, 8);
  RG_CHECK(!strcmp(kind, "SET GLO"), "%s", kind);
}

int main(void)
{
  test_table();
  test_texts();
  test_fail_closed();
  test_names_own_schema();
  test_text_own_schema();
  test_setting_readings();
  test_new_texts();
  return rg_test_summary("policy");
}
