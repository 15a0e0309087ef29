/*
  replica_guard: the record of refusals behind
  information_schema.REPLICA_GUARD_REFUSALS (plugin/rg_refusals.c).

  Every statement the filter refuses (REFUSE: a guarded statement or
  dynamic SQL; FENCE: a statement the fence refuses) is recorded here,
  whatever the error log's rate limit dropped: the last RG_REFUSALS_MAX of
  them, numbered from 1 since the library was loaded, so a gap in ID shows
  how many older ones the ring no longer holds.

  Locking: one mutex of its own, never held while calling the server or
  taking another lock. A refusal holds it for one copy of an entry; a
  reader holds it for one entry at a time; a statement that passes never
  takes it.
*/
#ifndef RG_REFUSALS_H
#define RG_REFUSALS_H

#include <mysql/plugin.h>
#include "rg_policy.h"
#include "rg_redact.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RG_REFUSALS_MAX 1000
/* The excerpt every statement line, SIGNAL comment and refusal shows:
   at most this many bytes of the statement, redacted (rg_redact.h). */
#define RG_EXCERPT_SHOWN 200
#define RG_EXCERPT_SIZE RG_REDACT_SIZE(RG_EXCERPT_SHOWN)
/* User names: 128 characters of up to 3 bytes (the system charset). */
#define RG_REFUSAL_USER_LEN 385
#define RG_REFUSAL_HOST_LEN 256
#define RG_REFUSAL_KIND_LEN 64

typedef struct rg_refusal
{
  unsigned long long id;              /* set by rg_refusals_add() */
  long long time_us;                  /* wall clock, microseconds */
  unsigned long long connection_id;
  char user[RG_REFUSAL_USER_LEN];     /* login user name, as sent */
  char host[RG_REFUSAL_HOST_LEN];     /* client host name, else its IP */
  char priv_user[RG_REFUSAL_USER_LEN];/* the authenticated account */
  char priv_host[RG_REFUSAL_HOST_LEN];
  char kind[RG_REFUSAL_KIND_LEN];     /* rg_policy_kind() */
  rg_reason reason;
  char excerpt[RG_EXCERPT_SIZE];      /* rg_redact() */
} rg_refusal;

/* Records a refusal of thd's statement (fills id, time and who). */
void rg_refusals_add(MYSQL_THD thd, const char *kind, rg_reason reason,
                     const char *excerpt);
/* The ID of the newest refusal, 0 before the first. */
unsigned long long rg_refusals_last_id(void);
/* Copies refusal id to *out: 1, or 0 when the ring no longer (or not yet)
   holds it. */
int rg_refusals_copy(unsigned long long id, rg_refusal *out);

/* The authenticated account (CURRENT_USER) of thd's session, into
   user[RG_REFUSAL_USER_LEN] and host[RG_REFUSAL_HOST_LEN]
   (rg_is_tables.cc). */
void rg_refusal_account(MYSQL_THD thd, char *user, char *host);
/* information_schema.REPLICA_GUARD_REFUSALS (rg_is_tables.cc) */
int rg_is_refusals_init(void *p);

#ifdef __cplusplus
}
#endif
#endif
