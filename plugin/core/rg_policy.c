/*
  replica_guard policy: the statement filter's decision (see rg_policy.h).

  The rules, in the order they are applied (walk() below):
   1. No rule in force (report server or filter OFF, and no fence): PASS.
   2. The replication applier and local connections without network:
      PASS. What the primary sends is applied, DDL included.
   3. Exempt accounts: PASS.
   4. While fenced: INSPECT statements pass; READ passes in fence mode
      WRITES; anything else is refused with the fence's message (FENCE).
      Neither WARN mode nor the override lets it through.
   5. Filter (not a report server, filter mode not OFF): a statement with
      no filtered verb passes. A filtered static verb passes, logged, under
      the session override replica_guard_allow_ddl. Otherwise WARN mode
      logs and lets it run, ENFORCE refuses it; dynamic SQL whose text
      cannot be checked is refused like a filtered verb, never overridden.
*/
#include <stdio.h>
#include "rg_policy.h"

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
  { "FENCED_READ", RG_DECISION_FENCE, "refused", "while fenced: " }
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

/*
  Applies the rules to ctx and fills *out. Returns the first fact the
  decision depended on that ctx does not hold (*out then takes it at its
  worst), or 0.
*/
static unsigned walk(const rg_policy_context *ctx, rg_policy_decision *out)
{
  unsigned missing= 0;
  int filtering= ctx->filter_mode != RG_FILTER_OFF && !ctx->report_server;
  rg_verb verb;
  rg_access access;
  out->reason= RG_REASON_NOT_GUARDED;

  if (!filtering && !ctx->fence_up)
    out->reason= RG_REASON_NO_RULE;
  else if (holds(ctx, RG_FACT_THREAD, &missing) &&
           ctx->thread != RG_THREAD_CLIENT)
    out->reason= ctx->thread == RG_THREAD_APPLIER ? RG_REASON_APPLIER
                                                  : RG_REASON_INTERNAL;
  else if (holds(ctx, RG_FACT_EXEMPT, &missing) && ctx->exempt)
    out->reason= RG_REASON_EXEMPT;
  else
  {
    /* Reading the text needs the lexer options first. */
    if (!ctx->parsed)
      holds(ctx, RG_FACT_LEXER, &missing);
    if (ctx->fence_up)
    {
      access= holds(ctx, RG_FACT_ACCESS, &missing) ? ctx->access
                                                   : RG_ACCESS_WRITE;
      if (access == RG_ACCESS_WRITE ||
          (access == RG_ACCESS_READ && ctx->fence_mode == RG_FENCE_ALL))
        out->reason= access == RG_ACCESS_WRITE ? RG_REASON_FENCED_WRITE
                                               : RG_REASON_FENCED_READ;
    }
    if (filtering && out->reason == RG_REASON_NOT_GUARDED)
    {
      verb= holds(ctx, RG_FACT_VERDICT, &missing) ? ctx->verdict.verb
                                                  : RG_VERB_DYNAMIC;
      if (verb == RG_VERB_NONE || !(ctx->verbs & RG_VERB_BIT(verb)))
        ;                                          /* not filtered */
      else if (verb != RG_VERB_DYNAMIC &&
               holds(ctx, RG_FACT_OVERRIDE, &missing) && ctx->allow_ddl)
        out->reason= RG_REASON_OVERRIDE;
      else if (ctx->filter_mode == RG_FILTER_WARN)
        out->reason= RG_REASON_WARN_MODE;
      else
        out->reason= verb == RG_VERB_DYNAMIC ? RG_REASON_DYNAMIC
                                             : RG_REASON_GUARDED;
    }
  }
  out->action= reasons[out->reason].action;
  return missing;
}

unsigned rg_policy_needs(const rg_policy_context *ctx)
{
  rg_policy_decision unused;
  return walk(ctx, &unused);
}

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
  if (d->reason == RG_REASON_FENCED_WRITE)
    snprintf(out, size, "a write");
  else if (d->reason == RG_REASON_FENCED_READ)
    snprintf(out, size, "a read");
  else if (!(ctx->known & RG_FACT_VERDICT) || v->verb == RG_VERB_DYNAMIC)
    snprintf(out, size, "dynamic SQL");
  else if (v->object == RG_OBJ_UNKNOWN)
    snprintf(out, size, "%s", rg_verb_name(v->verb));
  else
    snprintf(out, size, "%s %s", rg_verb_name(v->verb),
             rg_object_name(v->object));
}

void rg_policy_message(const rg_policy_decision *d, const char *kind,
                       char *out, size_t size)
{
  if (d->reason == RG_REASON_DYNAMIC)
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
  else if (size)
    out[0]= '\0';
}
