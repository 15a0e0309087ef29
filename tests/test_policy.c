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

#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define ALL_FACTS (RG_FACT_THREAD | RG_FACT_EXEMPT | RG_FACT_LEXER | \
                   RG_FACT_ACCESS | RG_FACT_VERDICT | RG_FACT_OVERRIDE)

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
/* A client on a non-report server: who it is, then the text classified. */
#define F_WHO (F_THREAD | F_EXEMPT)
#define F_TEXT (F_WHO | F_LEXER | F_VERDICT)
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
} policy_case;

#define C(...) { __LINE__, __VA_ARGS__ }

static const policy_case cases[]=
{
  /* rs mode verbs fence fmode parsed | thread ex access verb ddl |
     action reason asks */

  /* 1. no rule in force: nothing is gathered, nothing classified */
  C(1, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    PASS, RG_REASON_NO_RULE, 0),
  C(0, OFF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DROP, 0,
    PASS, RG_REASON_NO_RULE, 0),
  C(1, OFF, V_DEFAULT, 0, ALL, 1, CLIENT, 0, WRITE, DROP, 0,
    PASS, RG_REASON_NO_RULE, 0),
  C(1, WRN, 0, 0, WRITES, 0, CLIENT, 0, WRITE, DYNAMIC, 0,
    PASS, RG_REASON_NO_RULE, 0),

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
    PASS, RG_REASON_NOT_GUARDED, F_FENCE_TEXT),
  C(1, ENF, V_DEFAULT, 1, WRITES, 0, CLIENT, 0, INSPECT, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_FENCE_TEXT),
  C(1, ENF, V_DEFAULT, 1, ALL, 0, CLIENT, 0, READ, NONE, 0,
    FENCE, RG_REASON_FENCED_READ, F_FENCE_TEXT),
  C(1, ENF, V_DEFAULT, 1, ALL, 0, CLIENT, 0, WRITE, NONE, 0,
    FENCE, RG_REASON_FENCED_WRITE, F_FENCE_TEXT),
  C(1, ENF, V_DEFAULT, 1, ALL, 0, CLIENT, 0, INSPECT, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_FENCE_TEXT),
  C(0, OFF, V_DEFAULT, 1, WRITES, 0, CLIENT, 0, READ, CREATE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_FENCE_TEXT),
  /* a prepared statement: its parsed command, no lexer */
  C(1, ENF, V_DEFAULT, 1, WRITES, 1, CLIENT, 0, WRITE, NONE, 0,
    FENCE, RG_REASON_FENCED_WRITE, F_WHO | F_ACCESS),
  C(1, ENF, V_DEFAULT, 1, ALL, 1, CLIENT, 0, INSPECT, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_WHO | F_ACCESS),
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
    REFUSE, RG_REASON_GUARDED, F_FENCE_TEXT | F_VERDICT | F_OVERRIDE),
  C(0, ENF, V_DEFAULT, 1, ALL, 0, CLIENT, 0, INSPECT, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_FENCE_TEXT | F_VERDICT),

  /* 5. the filter: text */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    REFUSE, RG_REASON_GUARDED, F_TEXT | F_OVERRIDE),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DROP, 0,
    REFUSE, RG_REASON_GUARDED, F_TEXT | F_OVERRIDE),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_TEXT),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DYNAMIC, 0,
    REFUSE, RG_REASON_DYNAMIC, F_TEXT),
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 1,
    PASS, RG_REASON_OVERRIDE, F_TEXT | F_OVERRIDE),
  /* dynamic SQL is never overridden: the override is not asked */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DYNAMIC, 1,
    REFUSE, RG_REASON_DYNAMIC, F_TEXT),
  C(0, WRN, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, CREATE, 0,
    WARN, RG_REASON_WARN_MODE, F_TEXT | F_OVERRIDE),
  C(0, WRN, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DYNAMIC, 0,
    WARN, RG_REASON_WARN_MODE, F_TEXT),
  C(0, WRN, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, DROP, 1,
    PASS, RG_REASON_OVERRIDE, F_TEXT | F_OVERRIDE),
  C(0, WRN, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_TEXT),
  /* replica_guard_filtered_commands decides which verbs are guarded */
  C(0, ENF, V_DEFAULT, 0, WRITES, 0, CLIENT, 0, WRITE, ALTER, 0,
    PASS, RG_REASON_NOT_GUARDED, F_TEXT),
  C(0, ENF, V_ALTER, 0, WRITES, 0, CLIENT, 0, WRITE, ALTER, 0,
    REFUSE, RG_REASON_GUARDED, F_TEXT | F_OVERRIDE),
  C(0, ENF, RG_VERB_BIT(CREATE) | RG_VERB_BIT(DYNAMIC), 0, WRITES, 0,
    CLIENT, 0, WRITE, DROP, 0, PASS, RG_REASON_NOT_GUARDED, F_TEXT),
  C(0, ENF, 0, 0, WRITES, 0, CLIENT, 0, WRITE, DYNAMIC, 0,
    PASS, RG_REASON_NOT_GUARDED, F_TEXT),

  /* 5. the filter: prepared statements, by their parsed command */
  C(0, ENF, V_DEFAULT, 0, WRITES, 1, CLIENT, 0, WRITE, DROP, 0,
    REFUSE, RG_REASON_GUARDED, F_WHO | F_VERDICT | F_OVERRIDE),
  C(0, ENF, V_DEFAULT, 0, WRITES, 1, CLIENT, 0, WRITE, NONE, 0,
    PASS, RG_REASON_NOT_GUARDED, F_WHO | F_VERDICT),
  C(0, ENF, V_DEFAULT, 0, WRITES, 1, CLIENT, 0, WRITE, ALTER, 0,
    PASS, RG_REASON_NOT_GUARDED, F_WHO | F_VERDICT),
  C(0, ENF, V_DEFAULT, 0, WRITES, 1, CLIENT, 0, WRITE, CREATE, 1,
    PASS, RG_REASON_OVERRIDE, F_WHO | F_VERDICT | F_OVERRIDE),
  C(0, WRN, V_DEFAULT, 0, WRITES, 1, CLIENT, 0, WRITE, CREATE, 0,
    WARN, RG_REASON_WARN_MODE, F_WHO | F_VERDICT | F_OVERRIDE),
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
  ctx->parsed= c->parsed;
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
    rg_policy_decision d= { RG_DECISION_PASS, t->reason };
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
    rg_policy_decision d= { RG_DECISION_REFUSE, RG_REASON_GUARDED };
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

int main(void)
{
  test_table();
  test_texts();
  test_fail_closed();
  return rg_test_summary("policy");
}
