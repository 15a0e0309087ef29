/*
  replica_guard replication filters: MariaDB 10.11's replicate-* rules
  (sql/rpl_filter.cc, and where the applier calls them) evaluated on the
  lists SHOW ALL SLAVES STATUS shows, so the plugin can tell whether its
  heartbeats pass a replica connection's filters and, when they do not,
  which my.cnf line fixes it.

  Contract: no allocation, no global state, no locks, no server header.
  Names are (pointer, length) and need not end in NUL; the lists are
  NUL-terminated strings or NULL.

  The server's rules, as emulated here
  - A statement-based event (Query_log_event) is tested against the
    replica's do/ignore-db lists with its DEFAULT database (USE), not the
    database of the tables it changes; with no default database it passes
    that step. A row event is tested with its table's database.
  - replicate-do-db, when non-empty, passes only the databases it lists;
    otherwise replicate-ignore-db drops the databases it lists. Database
    names compare byte for byte (strcmp), so case matters.
  - Then, when any table rule exists, the table (db.table; an unqualified
    table of a statement takes the default database) is tested in this
    order: replicate-do-table match: pass; replicate-ignore-table match:
    drop; replicate-wild-do-table match: pass; replicate-wild-ignore-table
    match: drop; no match: drop if any do-table or wild-do-table rule
    exists, else pass. Table rules compare without regard to case (the
    server uses utf8mb3_general_ci; here ASCII letters fold, other bytes
    must be equal).
  - Wild patterns are LIKE patterns over "db.table": '%' any run of
    characters, '_' one character, '\' makes the next character literal
    (a trailing '\' is itself literal).
  - A list is split at ',', empty items skipped, leading blanks skipped
    (as the server parses the options). Table items without a '.' are
    ignored (the server refuses them).
  Not emulated: replicate-rewrite-db, replicate-ignore-server-ids and the
  domain-id filters, which are not per-table.
*/
#ifndef RG_REPLFILTER_H
#define RG_REPLFILTER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Comma-separated lists exactly as the SHOW ALL SLAVES STATUS columns
   Replicate_Do_DB, Replicate_Ignore_DB, Replicate_Do_Table,
   Replicate_Ignore_Table, Replicate_Wild_Do_Table and
   Replicate_Wild_Ignore_Table show them; NULL or "" means none. */
typedef struct rg_repl_filters
{
  const char *do_db, *ignore_db, *do_table, *ignore_table, *wild_do_table,
    *wild_ignore_table;
} rg_repl_filters;

/* Which rule decided: RG_REPL_PASS, or the rule that drops the event. */
typedef enum rg_repl_verdict
{
  RG_REPL_PASS= 0,
  RG_REPL_DO_DB,             /* replicate-do-db is set and lacks the db */
  RG_REPL_IGNORE_DB,         /* replicate-ignore-db lists the db */
  RG_REPL_IGNORE_TABLE,      /* replicate-ignore-table lists the table */
  RG_REPL_WILD_IGNORE_TABLE, /* a replicate-wild-ignore-table matches */
  RG_REPL_NO_DO_TABLE        /* do-table / wild-do-table rules exist and
                                none matches */
} rg_repl_verdict;

/* The server's decision for one change of table db.table (see above).
   statement_based: the event is a statement, applied with default
   database default_db (length 0: none); otherwise a row event. A
   statement's unqualified table (db_len 0) is in default_db. table_len 0:
   a statement that changes no table (only the database rules apply). */
rg_repl_verdict rg_repl_filters_verdict(const rg_repl_filters *f,
                                        const char *db, size_t db_len,
                                        const char *table, size_t table_len,
                                        int statement_based,
                                        const char *default_db,
                                        size_t default_db_len);

/* 1 when rg_repl_filters_verdict() is RG_REPL_PASS, else 0. */
int rg_repl_filters_pass(const rg_repl_filters *f,
                         const char *db, size_t db_len,
                         const char *table, size_t table_len,
                         int statement_based,
                         const char *default_db, size_t default_db_len);

/* The option name of the deciding rule ("replicate-do-db", ...); NULL for
   RG_REPL_PASS. */
const char *rg_repl_verdict_option(rg_repl_verdict v);

/*
  Heartbeats are INSERTs into replica_guard.heartbeat written with default
  database replica_guard. Returns NULL when they pass f both as
  statements and as rows; else writes into out (size > 0, truncated, NUL-
  terminated) one line saying which rule drops them and the my.cnf
  line(s) that let them through without changing what else the filters
  pass, and returns out. Example:
    "replicate-do-db=practice drops replica_guard.heartbeat; add the
     my.cnf line replicate-do-db=replica_guard"
*/
const char *rg_repl_filters_heartbeat_advice(const rg_repl_filters *f,
                                             char *out, size_t size);

/* The same, for a named (multi-source) connection: the my.cnf lines are
   prefixed "connection_name." as the server requires for those. NULL or
   "" names the default connection. */
const char *rg_repl_filters_heartbeat_advice_for(const rg_repl_filters *f,
                                                 const char *connection_name,
                                                 char *out, size_t size);

#ifdef __cplusplus
}
#endif
#endif
