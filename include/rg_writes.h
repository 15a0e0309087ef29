/*
  replica_guard rule 3: one-way replicas take no direct changes.

  On a server declared a one-way replica (replica_guard_replica_writes
  WARN or REFUSE), a client's write of a table that replication manages
  is what later stops the applier with error 1062 or 1032. The glue
  (plugin/rg_replica_writes.c) hears of every table a statement locks for
  writing, before any row is written, however the statement reached it
  (its text, a view, a trigger, a stored program, a prepared statement,
  LOAD DATA, multi-table forms); temporary tables take no such lock the
  glue hears of. rg_writes_decide() says what happens to that write.

  What replication manages: every table but those of the plugin's own
  schema and the system schemas (mysql, sys, performance_schema,
  information_schema: the statement filter's rule 1 guards what defines
  objects there), of the schemas listed in replica_guard_local_schemas
  (rg_schema_list), and the tables client sessions created on this server
  (rg_table_set: a report server's scratch tables).

  Contract
  - Pure: no server header, no allocation, no lock. The decision depends
    on its arguments only. rg_table_set is the one shared structure: its
    writers are serialised by the caller, its readers take no lock
    (a sequence counter; see rg_table_set_contains()).
  - Fail closed: a fact the decision depends on that the context does not
    hold is taken at its worst (the table is replicated, the account not
    exempt, no override).
*/
#ifndef RG_WRITES_H
#define RG_WRITES_H

#include <stddef.h>
#include "rg_policy.h"

#ifdef __cplusplus
extern "C" {
#endif

/* replica_guard_replica_writes */
typedef enum rg_writes_mode
{
  RG_WRITES_ALLOW= 0,       /* not a one-way replica: no rule */
  RG_WRITES_WARN,           /* count and log direct changes, let them run */
  RG_WRITES_REFUSE          /* refuse them (error 1290) */
} rg_writes_mode;

/* The longest schema or table name in bytes (the server's NAME_LEN: 64
   characters of utf8mb3). */
#define RG_NAME_BYTES 192

/* ---- replica_guard_local_schemas -------------------------------------- */

#define RG_LOCAL_SCHEMAS_MAX 32

/* A parsed replica_guard_local_schemas: names compared byte for byte, as
   the server stores them (lower_case_table_names=1 stores them in lower
   case: list them so). */
typedef struct rg_schema_list
{
  unsigned count;
  unsigned char length[RG_LOCAL_SCHEMAS_MAX];
  char name[RG_LOCAL_SCHEMAS_MAX][RG_NAME_BYTES];
} rg_schema_list;

/*
  Parses a comma-separated list of schema names (spaces around a name are
  ignored; a name may be quoted with backticks, `` standing for one).
  Returns 0 and fills *out, or 1 with a reason in err[0..err_len): an empty
  name, one longer than RG_NAME_BYTES, more than RG_LOCAL_SCHEMAS_MAX, a
  system schema or the plugin's own (always local anyway; listing one is
  taken for a mistake). An empty text is an empty list.
*/
int rg_schema_list_parse(const char *text, size_t len, rg_schema_list *out,
                         char *err, size_t err_len);

/* True when db[0..len) is in list. */
int rg_schema_list_has(const rg_schema_list *list, const char *db,
                       size_t len);

/* True when db[0..len) is the plugin's own schema or a system schema
   (mysql, sys, performance_schema, information_schema; any ASCII case). */
int rg_writes_schema_is_system(const char *db, size_t len);

/* ---- the tables client sessions created here --------------------------- */

/* How many tables are remembered; a client's CREATE TABLE beyond that is
   not, and writes to that table are then refused as replicated. */
#define RG_TABLE_SET_MAX 2048
#define RG_TABLE_SET_SLOTS 4096    /* a power of two, twice the maximum */

typedef struct rg_table_entry
{
  unsigned char used;
  unsigned char db_length, table_length;
  char db[RG_NAME_BYTES];
  char table[RG_NAME_BYTES];
} rg_table_entry;

/*
  An open-addressing hash set of (schema, table) names, compared byte for
  byte. Zero-initialised it is empty. Writers (add, remove) must be
  serialised by the caller; rg_table_set_contains() may run concurrently
  with them without a lock: every change makes `sequence` odd while it
  runs, and a reader that saw it odd or changed looks again.
*/
typedef struct rg_table_set
{
  unsigned sequence;
  unsigned count;
  rg_table_entry slot[RG_TABLE_SET_SLOTS];
} rg_table_set;

/* Adds db.table; 0 when added or already there, 1 when the set is full
   or a name is longer than RG_NAME_BYTES (not added). */
int rg_table_set_add(rg_table_set *set, const char *db, size_t db_length,
                     const char *table, size_t table_length);

/* Empties the set (a writer, as add and remove). */
void rg_table_set_clear(rg_table_set *set);

/* Removes db.table; returns 1 when it was there. */
int rg_table_set_remove(rg_table_set *set, const char *db, size_t db_length,
                        const char *table, size_t table_length);

/* True when db.table is in the set. Lock-free (see rg_table_set). */
int rg_table_set_contains(const rg_table_set *set, const char *db,
                          size_t db_length, const char *table,
                          size_t table_length);

/*
  The set as text, one table a line: "<db length>:<db><table length>:
  <table>\n" (names are any bytes, newlines included). Returns the number
  of bytes the text needs; writes at most size bytes. A writer's caller
  holds the writers' lock.
*/
size_t rg_table_set_format(const rg_table_set *set, char *out, size_t size);

/* Adds the tables of text in rg_table_set_format()'s form to set; returns
   the number of lines that could not be read or added (malformed, full). */
unsigned rg_table_set_load(rg_table_set *set, const char *text, size_t len);

/* ---- DDL of tables ------------------------------------------------------- */

/*
  DDL takes no table lock the glue hears of before it acts, so DROP TABLE,
  ALTER TABLE, RENAME TABLE, CREATE OR REPLACE TABLE and DROP DATABASE
  are read from their text (or their parsed form) for the tables they
  change; each existing one is then judged as a write of it.
*/
#define RG_DDL_TABLES_MAX 16

typedef struct rg_ddl_name
{
  unsigned char db_length;       /* 0: the default database */
  unsigned char table_length;    /* 0: the whole schema (DROP DATABASE) */
  unsigned char trigger;         /* 1: table is a trigger's name (DROP
                                    TRIGGER): the glue finds its table */
  char db[RG_NAME_BYTES];
  char table[RG_NAME_BYTES];
} rg_ddl_name;

typedef struct rg_ddl
{
  unsigned count;
  rg_ddl_name name[RG_DDL_TABLES_MAX];
} rg_ddl;

typedef enum rg_ddl_result
{
  RG_DDL_NONE= 0,           /* not DDL that changes an existing table
                               (DROP TEMPORARY TABLE, CREATE TABLE without
                               OR REPLACE, DROP VIEW, ...) */
  RG_DDL_TABLES,            /* the tables it changes are in the rg_ddl */
  RG_DDL_UNKNOWN            /* cannot tell which tables: refused (more
                               than RG_DDL_TABLES_MAX, a name with a byte
                               outside printable ASCII, too long, not an
                               identifier, a Galera-only comment) */
} rg_ddl_result;

/*
  Reads the statement that starts at q[from] (rg_classify()'s stmt_offset
  in the text q[0..len) it classified; the text is lexed from its start,
  so an executable comment the statement starts in is read as the server
  reads it; RG_DDL_UNKNOWN when no token starts at from) under opt's
  character set and sql_mode: DROP [TEMPORARY] TABLE[S]|SEQUENCE [IF
  EXISTS] names, ALTER [ONLINE] [IGNORE] TABLE|SEQUENCE name, RENAME
  TABLE[S] name TO name, ..., CREATE OR REPLACE [TEMPORARY]
  TABLE|SEQUENCE name, DROP DATABASE|SCHEMA [IF EXISTS] name, CREATE
  [OR REPLACE] [UNIQUE|FULLTEXT|SPATIAL] INDEX and DROP INDEX ... ON name,
  CREATE [OR REPLACE] [DEFINER = ...] TRIGGER ... ON name, DROP TRIGGER
  [IF EXISTS] name (the trigger's, marked trigger).
  Names are unquoted (`a``b` is a`b); a qualifier is kept apart. For
  RENAME the names renamed from. Adds to *out (count not reset).
*/
rg_ddl_result rg_writes_ddl(const char *q, size_t len, size_t from,
                            const rg_classify_options *opt, rg_ddl *out);

/* True when q[0..len) holds, in any ASCII case, DROP, ALTER, RENAME,
   REPLACE, INDEX or TRIGGER: no DDL of tables can be written without one
   of them (a
   keyword is contiguous bytes; dynamic SQL is judged when it runs). */
int rg_writes_may_be_ddl(const char *q, size_t len);

/* ---- the decision -------------------------------------------------------- */

/* Where the table being locked for writing stands (RG_WFACT_TABLE). */
typedef enum rg_table_kind
{
  RG_TABLE_REPLICATED= 0,   /* replication manages it (the worst case) */
  RG_TABLE_SYSTEM,          /* the plugin's own or a system schema */
  RG_TABLE_LOCAL_SCHEMA,    /* in replica_guard_local_schemas */
  RG_TABLE_SCRATCH          /* created here by a client session */
} rg_table_kind;

/* Facts gathered on demand (rg_writes_context.known). */
#define RG_WFACT_THREAD   (1U << 0)  /* thread */
#define RG_WFACT_TABLE    (1U << 1)  /* table */
#define RG_WFACT_EXEMPT   (1U << 2)  /* exempt */
#define RG_WFACT_OVERRIDE (1U << 3)  /* allow_writes */

typedef struct rg_writes_context
{
  rg_writes_mode mode;           /* always given */
  unsigned known;                /* RG_WFACT_* bits of the facts below */
  rg_thread_kind thread;         /* who locks the table */
  rg_table_kind table;           /* where the table stands */
  unsigned char exempt;          /* in replica_guard_exempt_users */
  unsigned char allow_writes;    /* replica_guard_allow_replica_writes */
} rg_writes_context;

typedef enum rg_writes_reason
{
  RG_WREASON_NO_RULE= 0,    /* PASS: replica_writes=ALLOW */
  RG_WREASON_APPLIER,       /* PASS: the replication applier */
  RG_WREASON_INTERNAL,      /* PASS: the plugin's own threads, bootstrap */
  RG_WREASON_LOCAL,         /* PASS: not a table replication manages */
  RG_WREASON_EXEMPT,        /* PASS, counted and logged: exempt account */
  RG_WREASON_OVERRIDE,      /* PASS, counted and logged: the override */
  RG_WREASON_WARN_MODE,     /* WARN, counted and logged */
  RG_WREASON_REPLICATED,    /* REFUSE: a direct change on a one-way
                               replica */
  RG_WREASON__COUNT
} rg_writes_reason;

typedef struct rg_writes_decision
{
  rg_decision action;            /* PASS, WARN or REFUSE */
  rg_writes_reason reason;
  unsigned char errant;          /* a direct change that runs: counted in
                                    Replica_guard_replica_writes, logged */
} rg_writes_decision;

/* The next RG_WFACT_* the decision depends on that ctx does not hold, or
   0 when the decision is known. */
unsigned rg_writes_needs(const rg_writes_context *ctx);

/* Decides; fills *out and returns out->action. */
rg_decision rg_writes_decide(const rg_writes_context *ctx,
                             rg_writes_decision *out);

/* "NO_RULE", "REPLICATED", ...; "ALLOW", "WARN", "REFUSE". */
const char *rg_writes_reason_name(rg_writes_reason reason);
const char *rg_writes_mode_name(rg_writes_mode mode);

/* The error-log line's lead for a decision that is logged ("WARN mode,
   not refused: ", "by an exempt account: ", ...), NULL when not logged. */
const char *rg_writes_log_lead(const rg_writes_decision *d);

/*
  The client's message for a refused write of db.table: says this server
  is a one-way replica and to connect to the primary. Names are shown as
  printable ASCII (other bytes '?'), cut to fit; no backslash or quote.
  db_length 0: DDL whose tables cannot be told (RG_DDL_UNKNOWN).
*/
void rg_writes_message(const char *db, size_t db_length, const char *table,
                       size_t table_length, char *out, size_t size);

/* A name as the log and the message show it: printable ASCII, other bytes
   '?', backslashes and quotes '?', at most 64 characters. */
void rg_writes_show_name(const char *name, size_t length, char *out,
                         size_t size);

#ifdef __cplusplus
}
#endif
#endif
