/*
  replica_guard access classes: what a packet of statements may do, for the
  fence (replica_guard_fenced). Same lexer and input contract as
  rg_classify() (rg_classify.h): (pointer, length), no allocation, linear.
*/
#ifndef RG_ACCESS_H
#define RG_ACCESS_H

#include "rg_classify.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rg_access
{
  /* What a DBA needs to inspect and clear a fence (allowed even with
     replica_guard_fence_mode=ALL): SHOW ..., SELECT with no table or only
     information_schema / performance_schema tables, SET of variables
     (not SET PASSWORD, SET [DEFAULT] ROLE, which write), USE, replication
     control (START/STOP/RESET SLAVE, CHANGE MASTER), transaction control,
     KILL. */
  RG_ACCESS_INSPECT= 0,
  /* Reads data only: SELECT/DESCRIBE/EXPLAIN (not ANALYZE), HELP, DO,
     PREPARE/EXECUTE/DEALLOCATE (an executed statement is checked again
     when it runs), CHECK TABLE, CHECKSUM TABLE, LOCK/UNLOCK TABLES. A
     SELECT that changes a sequence (NEXTVAL) is a write. */
  RG_ACCESS_READ,
  /* Everything else, including anything not recognised (fail closed). */
  RG_ACCESS_WRITE
} rg_access;

/* The most demanding access class of any statement in q[0..len). */
rg_access rg_classify_access(const char *q, size_t len,
                             const rg_classify_options *opt);

/*
  The statements of the packet q[0..len) that follow one that may change
  character_set_client or sql_mode (SET, CALL, EXECUTE, a compound
  statement, ...; see rg_packet.c): the server parses them under settings
  not known before the packet runs, so they are read under every setting
  the classifier models. Returns 0 when there are none (*verdict is then
  RG_VERB_NONE and *access RG_ACCESS_INSPECT); otherwise 1, with *verdict
  the worst of every reading (a static verb in opt->verbs if any reading
  finds one, else dynamic SQL, whose variables are never resolved: an
  earlier statement may set them; after_settings set) and *access the most
  demanding. A packet with too many such statements to follow, or whose
  readings would read more than a small multiple of len (64 times, plus
  256 KiB), is dynamic SQL and a write (fail closed; the caller tells the
  client to send the statements separately). opt gives the settings in
  force when the packet arrives, the verbs and the server version. Linear
  in len; no allocation.
*/
int rg_classify_packet_rest(const char *q, size_t len,
                            const rg_classify_options *opt,
                            rg_verdict *verdict, rg_access *access);

#ifdef __cplusplus
}
#endif
#endif
