/*
  replica_guard: the few calls into server internals (THD, LEX, privileges)
  that the public plugin API does not offer. Everything here is called from
  the C glue through rg_glue.h; nothing here decides policy.
*/
#define MYSQL_SERVER 1
#include <my_global.h>
#include <sql_class.h>
#include <sql_lex.h>
#include <sql_acl.h>
#include <sql_prepare.h>
#include <sql_parse.h>
#include <sql_db.h>
#include <set_var.h>
#include <mysqld_error.h>
#include <event_parse_data.h>
#include <sp_head.h>
#include <sql_trigger.h>
#include "rg_glue.h"

/*
  Who runs the statement, from state a client cannot change:
  - init_connect and init_slave are run by execute_init_command()
    (sql_parse.cc) through dispatch_command(COM_QUERY), which sets the
    thread's command to COM_QUERY: in a client's session before its first
    command, with net.vio set to NULL meanwhile (prepare_new_connection_
    state(), sql_connect.cc), and in the replica's SQL thread when it
    starts (handle_slave_sql(), slave.cc), before it sets COM_SLAVE_SQL.
    A replication thread applying events is COM_SLAVE_SQL (COM_SLAVE_WORKER
    for parallel workers), and no path of the applier sets COM_QUERY; a
    client's own statements come with its network handle. The statements
    of stored programs they call keep that command.
  - Another plugin's SQL service connection (mysql_real_connect_local(),
    sql_prepare.cc) is a THD without network whose command stays
    COM_CONNECT; its statements run through execute_server_code(), which
    tells of a statement only after it ran: there is nothing left to
    refuse, and for statement_event it is internal. Its table locks come
    before anything is written: a client's, as are the statements of
    stored programs it calls, told before they run.
  - The server's bootstrap (mariadb-install-db) is the server's own.
  - The plugin's own threads are marked by rg_internal_thread.
*/
extern "C" RG_HOT
rg_thread_kind rg_thd_thread_kind(MYSQL_THD thd, int statement_event)
{
  if (thd->slave_thread || thd->rgi_slave)
    return thd->get_command() == COM_QUERY ? RG_THREAD_ON_BEHALF
                                           : RG_THREAD_APPLIER;
  if (thd->net.vio == NULL)
  {
    /* The plugin's own threads (rg_thread_enter()) run statements through
       local connections only, which have no network: a client's session
       never pays for reading the thread-local marker. */
    if (rg_internal_thread)
      return RG_THREAD_INTERNAL;
    if (thd->get_command() == COM_QUERY)
      return RG_THREAD_ON_BEHALF;
    if (thd->bootstrap ||
        (statement_event && thd->system_thread == NON_SYSTEM_THREAD &&
         thd->spcont == NULL))
      return RG_THREAD_INTERNAL;
  }
  return RG_THREAD_CLIENT;
}

extern "C" RG_HOT
int rg_thd_in_stored_program(MYSQL_THD thd)
{
  return thd->spcont != NULL;
}

/*
  The classifier's class of each character set, by the set's number: found
  by name once (rg_charset_from_name() compares it with some 40 names) and
  kept in one word with the set's address, (class + 1) << 56 | address
  (user-space addresses fit in 48 bits; 0: not looked up yet). A set is
  read by the class found for that very set: were two sets ever to share
  a number, each would still be read by its own name. Whole words are
  stored and loaded, so relaxed atomics are enough.
*/
#define RG_CS_CLASS_SHIFT 56
static unsigned long long charset_class[MY_ALL_CHARSETS_SIZE];
static_assert(RG_CS__COUNT < 255, "a class + 1 fits in the top byte");

static rg_charset charset_class_of(const CHARSET_INFO *cs)
{
  const unsigned long long address= (unsigned long long) (uintptr_t) cs;
  unsigned long long known;
  rg_charset cls;
  if (cs->number >= MY_ALL_CHARSETS_SIZE || address >> RG_CS_CLASS_SHIFT)
    return rg_charset_from_name(cs->cs_name.str, cs->cs_name.length);
  known= __atomic_load_n(&charset_class[cs->number], __ATOMIC_RELAXED);
  if (known >> RG_CS_CLASS_SHIFT &&
      (known & ((1ULL << RG_CS_CLASS_SHIFT) - 1)) == address)
    return (rg_charset) ((known >> RG_CS_CLASS_SHIFT) - 1);
  cls= rg_charset_from_name(cs->cs_name.str, cs->cs_name.length);
  __atomic_store_n(&charset_class[cs->number],
                   (unsigned long long) (cls + 1) << RG_CS_CLASS_SHIFT |
                   address, __ATOMIC_RELAXED);
  return cls;
}

extern "C" RG_HOT
void rg_thd_lexer_options(MYSQL_THD thd, rg_classify_options *opt)
{
  opt->charset= charset_class_of(thd->variables.character_set_client);
  opt->sql_mode= 0;
  if (thd->variables.sql_mode & MODE_ANSI_QUOTES)
    opt->sql_mode|= RG_MODE_ANSI_QUOTES;
  if (thd->variables.sql_mode & MODE_NO_BACKSLASH_ESCAPES)
    opt->sql_mode|= RG_MODE_NO_BACKSLASH_ESCAPES;
  if (thd->variables.sql_mode & MODE_NO_AUTO_CREATE_USER)
    opt->sql_mode|= RG_MODE_NO_AUTO_CREATE_USER;
  opt->server_version= MYSQL_VERSION_ID;
}

/* The command's own guarded verb and object. */
RG_HOT
static rg_verb command_own_verb(const LEX *lex, rg_object *object)
{
  rg_verb verb;
#define VERB(cmd, v, obj) case cmd: verb= v; *object= obj; break;
  switch (lex->sql_command) {
  VERB(SQLCOM_CREATE_TABLE, RG_VERB_CREATE, RG_OBJ_TABLE)
  VERB(SQLCOM_CREATE_INDEX, RG_VERB_CREATE, RG_OBJ_INDEX)
  VERB(SQLCOM_CREATE_DB, RG_VERB_CREATE, RG_OBJ_DATABASE)
  VERB(SQLCOM_CREATE_VIEW, RG_VERB_CREATE, RG_OBJ_VIEW)
  VERB(SQLCOM_CREATE_PROCEDURE, RG_VERB_CREATE, RG_OBJ_PROCEDURE)
  VERB(SQLCOM_CREATE_SPFUNCTION, RG_VERB_CREATE, RG_OBJ_FUNCTION)
  VERB(SQLCOM_CREATE_FUNCTION, RG_VERB_CREATE, RG_OBJ_FUNCTION)
  VERB(SQLCOM_CREATE_TRIGGER, RG_VERB_CREATE, RG_OBJ_TRIGGER)
  VERB(SQLCOM_CREATE_EVENT, RG_VERB_CREATE, RG_OBJ_EVENT)
  VERB(SQLCOM_CREATE_SEQUENCE, RG_VERB_CREATE, RG_OBJ_SEQUENCE)
  VERB(SQLCOM_CREATE_USER, RG_VERB_CREATE, RG_OBJ_USER)
  VERB(SQLCOM_CREATE_ROLE, RG_VERB_CREATE, RG_OBJ_ROLE)
  VERB(SQLCOM_CREATE_SERVER, RG_VERB_CREATE, RG_OBJ_SERVER)
  VERB(SQLCOM_CREATE_PACKAGE, RG_VERB_CREATE, RG_OBJ_PACKAGE)
  VERB(SQLCOM_CREATE_PACKAGE_BODY, RG_VERB_CREATE, RG_OBJ_PACKAGE_BODY)
  VERB(SQLCOM_DROP_TABLE, RG_VERB_DROP, RG_OBJ_TABLE)
  VERB(SQLCOM_DROP_INDEX, RG_VERB_DROP, RG_OBJ_INDEX)
  VERB(SQLCOM_DROP_DB, RG_VERB_DROP, RG_OBJ_DATABASE)
  VERB(SQLCOM_DROP_VIEW, RG_VERB_DROP, RG_OBJ_VIEW)
  VERB(SQLCOM_DROP_PROCEDURE, RG_VERB_DROP, RG_OBJ_PROCEDURE)
  VERB(SQLCOM_DROP_FUNCTION, RG_VERB_DROP, RG_OBJ_FUNCTION)
  VERB(SQLCOM_DROP_TRIGGER, RG_VERB_DROP, RG_OBJ_TRIGGER)
  VERB(SQLCOM_DROP_EVENT, RG_VERB_DROP, RG_OBJ_EVENT)
  VERB(SQLCOM_DROP_SEQUENCE, RG_VERB_DROP, RG_OBJ_SEQUENCE)
  VERB(SQLCOM_DROP_USER, RG_VERB_DROP, RG_OBJ_USER)
  VERB(SQLCOM_DROP_ROLE, RG_VERB_DROP, RG_OBJ_ROLE)
  VERB(SQLCOM_DROP_SERVER, RG_VERB_DROP, RG_OBJ_SERVER)
  VERB(SQLCOM_DROP_PACKAGE, RG_VERB_DROP, RG_OBJ_PACKAGE)
  VERB(SQLCOM_DROP_PACKAGE_BODY, RG_VERB_DROP, RG_OBJ_PACKAGE_BODY)
  VERB(SQLCOM_ALTER_TABLE, RG_VERB_ALTER, RG_OBJ_TABLE)
  VERB(SQLCOM_ALTER_DB, RG_VERB_ALTER, RG_OBJ_DATABASE)
  VERB(SQLCOM_ALTER_DB_UPGRADE, RG_VERB_ALTER, RG_OBJ_DATABASE)
  VERB(SQLCOM_ALTER_EVENT, RG_VERB_ALTER, RG_OBJ_EVENT)
  VERB(SQLCOM_ALTER_FUNCTION, RG_VERB_ALTER, RG_OBJ_FUNCTION)
  VERB(SQLCOM_ALTER_PROCEDURE, RG_VERB_ALTER, RG_OBJ_PROCEDURE)
  VERB(SQLCOM_ALTER_SEQUENCE, RG_VERB_ALTER, RG_OBJ_SEQUENCE)
  VERB(SQLCOM_ALTER_SERVER, RG_VERB_ALTER, RG_OBJ_SERVER)
  VERB(SQLCOM_ALTER_USER, RG_VERB_ALTER, RG_OBJ_USER)
  VERB(SQLCOM_RENAME_TABLE, RG_VERB_RENAME, RG_OBJ_TABLE)
  VERB(SQLCOM_RENAME_USER, RG_VERB_RENAME, RG_OBJ_USER)
  VERB(SQLCOM_TRUNCATE, RG_VERB_TRUNCATE, RG_OBJ_TABLE)
  default:
    *object= RG_OBJ_UNKNOWN;
    return RG_VERB_NONE;
  }
#undef VERB
  /* ALTER VIEW is parsed as SQLCOM_CREATE_VIEW. */
  if (lex->sql_command == SQLCOM_CREATE_VIEW && lex->create_view &&
      lex->create_view->mode == VIEW_ALTER)
    return RG_VERB_ALTER;
  if (*object == RG_OBJ_TABLE && verb != RG_VERB_ALTER && lex->tmp_table())
    *object= RG_OBJ_TEMPORARY_TABLE;
  return verb;
}

/*
  The CREATE or DROP a parsed command amounts to beside its own verb, as
  the text path reads it (rg_scanner.c, rg_effect()): ALTER TABLE ...
  CONVERT PARTITION ... TO TABLE creates a table, ALTER TABLE ... CONVERT
  TABLE ... TO PARTITION drops one, ALTER EVENT ... ON COMPLETION NOT
  PRESERVE has the server binlog a DROP EVENT, and a GRANT may create the
  accounts it names: with IDENTIFIED (whether they exist is not known
  before it runs), or any GRANT of privileges run without sql_mode
  NO_AUTO_CREATE_USER. mode: the sql_mode the command runs with.
*/
RG_HOT
static rg_verb command_effect(const LEX *lex, sql_mode_t mode,
                              rg_object *object)
{
  switch (lex->sql_command) {
  case SQLCOM_ALTER_TABLE:
    *object= RG_OBJ_TABLE;
    if (lex->alter_info.partition_flags & ALTER_PARTITION_CONVERT_OUT)
      return RG_VERB_CREATE;
    if (lex->alter_info.partition_flags & ALTER_PARTITION_CONVERT_IN)
      return RG_VERB_DROP;
    break;
  case SQLCOM_ALTER_EVENT:
    *object= RG_OBJ_EVENT;
    if (lex->event_parse_data &&
        lex->event_parse_data->on_completion ==
          Event_parse_data::ON_COMPLETION_DROP)
      return RG_VERB_DROP;
    break;
  case SQLCOM_GRANT:
  case SQLCOM_GRANT_ROLE:
    {
      *object= RG_OBJ_USER;
      if (lex->sql_command == SQLCOM_GRANT &&
          !(mode & MODE_NO_AUTO_CREATE_USER))
        return RG_VERB_CREATE;
      List_iterator_fast<LEX_USER> it(const_cast<LEX *>(lex)->users_list);
      while (LEX_USER *user= it++)
        if (user->has_auth())
          return RG_VERB_CREATE;
    }
    break;
  default:
    break;
  }
  return RG_VERB_NONE;
}

extern "C" int rg_thd_object_table(const char *db, size_t db_length,
                                   const char *name, size_t length,
                                   rg_object *object)
{
  return db && db_length == 5 && !strncasecmp(db, "mysql", 5) &&
         rg_object_table(name, length, object);
}

/*
  DML that writes a system table that defines objects (rg_object_table()):
  RG_VERB_DROP for DELETE and TRUNCATE, else the first of CREATE, DROP
  and ALTER in verbs (an UPDATE may rename, that is create and drop, or
  change), with the object the table defines; RG_VERB_NONE for anything
  else. Every table the statement locks for writing counts (at its table
  lock, those of views, triggers and stored functions too).
*/
RG_HOT
static rg_verb object_table_write(const LEX *lex, unsigned verbs,
                                  rg_object *object)
{
  bool drop;
  switch (lex->sql_command) {
  case SQLCOM_DELETE: case SQLCOM_DELETE_MULTI: case SQLCOM_TRUNCATE:
    drop= true;
    break;
  case SQLCOM_INSERT: case SQLCOM_INSERT_SELECT: case SQLCOM_REPLACE:
  case SQLCOM_REPLACE_SELECT: case SQLCOM_LOAD: case SQLCOM_UPDATE:
  case SQLCOM_UPDATE_MULTI:
    drop= false;
    break;
  default:
    return RG_VERB_NONE;
  }
  for (const TABLE_LIST *t= lex->query_tables; t; t= t->next_global)
  {
    if (t->lock_type < TL_FIRST_WRITE ||
        !rg_thd_object_table(t->db.str, t->db.length, t->table_name.str,
                             t->table_name.length, object))
      continue;
    if (!drop && (verbs & RG_VERB_BIT(RG_VERB_CREATE)))
      return RG_VERB_CREATE;
    return drop || (verbs & RG_VERB_BIT(RG_VERB_DROP)) ? RG_VERB_DROP
                                                        : RG_VERB_ALTER;
  }
  return RG_VERB_NONE;
}

/*
  The guarded verb and object of a parsed command. A switch, not a table
  scan: this runs on every execution of a prepared statement. Where the
  command's own verb is not in verbs (RG_VERB_BIT()s) but the CREATE or
  DROP it amounts to (command_effect()) is, that one.
*/
RG_HOT
static rg_verb command_verb(const LEX *lex, sql_mode_t mode, unsigned verbs,
                            rg_object *object)
{
  rg_verb verb= command_own_verb(lex, object), effect;
  rg_object effect_object= RG_OBJ_UNKNOWN;
  if (verb != RG_VERB_NONE && (verbs & RG_VERB_BIT(verb)))
    return verb;
  effect= command_effect(lex, mode, &effect_object);
  if (effect == RG_VERB_NONE)
    effect= object_table_write(lex, verbs, &effect_object);
  if (effect != RG_VERB_NONE && (verbs & RG_VERB_BIT(effect)))
  {
    *object= effect_object;
    return effect;
  }
  return verb;
}

extern "C" RG_HOT
rg_verb rg_thd_parsed_verb(MYSQL_THD thd, rg_object *object)
{
  return command_verb(thd->lex, thd->variables.sql_mode, rg_filtered_verbs(),
                      object);
}

/* A sequence whose next value the statement takes (NEXTVAL, SETVAL): a
   write wherever it stands (SELECT, SET, DO). */
static bool takes_a_sequence(const TABLE_LIST *t)
{
  return t->sequence && t->lock_type >= TL_FIRST_WRITE;
}

/* True when the statement reads no table outside information_schema and
   performance_schema (or none): derived tables and common table
   expressions are their own tables' reads, listed as well; LASTVAL reads
   the session's value, not its sequence. */
static bool only_system_views(const LEX *lex)
{
  for (const TABLE_LIST *t= lex->query_tables; t; t= t->next_global)
  {
    if (t->derived || t->with || (t->sequence && !takes_a_sequence(t)))
      continue;
    if (!t->db.str ||
        (my_strcasecmp(system_charset_info, t->db.str, "information_schema") &&
         my_strcasecmp(system_charset_info, t->db.str, "performance_schema")))
      return false;
  }
  return true;
}

static bool takes_a_sequence(const LEX *lex)
{
  for (const TABLE_LIST *t= lex->query_tables; t; t= t->next_global)
    if (takes_a_sequence(t))
      return true;
  return false;
}

/* True when a SET assigns something stored, as the text path reads it
   (rg_access.h): a password, a role, a default role. */
static bool set_writes(const LEX *lex)
{
  List_iterator_fast<set_var_base> it(const_cast<LEX *>(lex)->var_list);
  while (set_var_base *v= it++)
    if (dynamic_cast<set_var_password *>(v) ||
        dynamic_cast<set_var_role *>(v) ||
        dynamic_cast<set_var_default_role *>(v))
      return true;
  return false;
}

/*
  The access class of the parsed statement, as rg_access.h describes the
  classes and the text path's rg_classify_access() reads them: the golden
  cases of tests/golden/11_access.txt are checked against both paths (ctest
  for the text, mtr guard_access_prepared for this one). Where a parsed
  command stands for statements the text tells apart, the stricter class
  is taken (SHOW COLUMNS and DESCRIBE are one command: READ). A compound
  statement prepared whole is WRITE: its expressions are not told one by
  one (its statements are, each when it runs).
*/
extern "C" rg_access rg_thd_parsed_access(MYSQL_THD thd)
{
  const LEX *lex= thd->lex;
  if (takes_a_sequence(lex))
    return RG_ACCESS_WRITE;
  if (lex->describe && !lex->analyze_stmt)
    return RG_ACCESS_READ;                 /* EXPLAIN, not ANALYZE */
  switch (lex->sql_command) {
  case SQLCOM_SELECT:
    return only_system_views(lex) ? RG_ACCESS_INSPECT : RG_ACCESS_READ;
  case SQLCOM_SET_OPTION:
    if (set_writes(lex))
      return RG_ACCESS_WRITE;
    return only_system_views(lex) ? RG_ACCESS_INSPECT : RG_ACCESS_READ;
  case SQLCOM_RESET:
    /* RESET SLAVE is replication control; RESET MASTER, QUERY CACHE ...
       are not */
    return lex->type == REFRESH_SLAVE ? RG_ACCESS_INSPECT : RG_ACCESS_WRITE;
  case SQLCOM_SLAVE_START: case SQLCOM_SLAVE_STOP:
  case SQLCOM_SLAVE_ALL_START: case SQLCOM_SLAVE_ALL_STOP:
  case SQLCOM_CHANGE_MASTER: case SQLCOM_KILL:
  case SQLCOM_BEGIN: case SQLCOM_COMMIT: case SQLCOM_ROLLBACK:
  case SQLCOM_SAVEPOINT: case SQLCOM_RELEASE_SAVEPOINT:
  case SQLCOM_ROLLBACK_TO_SAVEPOINT: case SQLCOM_EMPTY_QUERY:
  case SQLCOM_CHANGE_DB:
    return RG_ACCESS_INSPECT;
  case SQLCOM_DO: case SQLCOM_HELP: case SQLCOM_CHECK: case SQLCOM_CHECKSUM:
  case SQLCOM_LOCK_TABLES: case SQLCOM_UNLOCK_TABLES:
  case SQLCOM_PREPARE: case SQLCOM_EXECUTE: case SQLCOM_DEALLOCATE_PREPARE:
  case SQLCOM_SIGNAL: case SQLCOM_RESIGNAL: case SQLCOM_GET_DIAGNOSTICS:
  case SQLCOM_SHOW_FIELDS:
  case SQLCOM_HA_OPEN: case SQLCOM_HA_READ: case SQLCOM_HA_CLOSE:
  case SQLCOM_XA_START: case SQLCOM_XA_END: case SQLCOM_XA_PREPARE:
  case SQLCOM_XA_COMMIT: case SQLCOM_XA_ROLLBACK: case SQLCOM_XA_RECOVER:
    return RG_ACCESS_READ;
  default:
    /* SHOW ... of every kind; anything else may write (fail closed). */
    return sql_command_flags[lex->sql_command] & CF_STATUS_COMMAND
           ? RG_ACCESS_INSPECT : RG_ACCESS_WRITE;
  }
}

/*
  s[0..length) in charset to: *out is s itself when no conversion is
  needed, else a converted copy on the statement's memory. Returns false
  when out of memory (*out is then s).
*/
static bool in_charset(THD *thd, const char *s, size_t length,
                       CHARSET_INFO *from, CHARSET_INFO *to, LEX_CSTRING *out)
{
  uint32 unused;
  size_t converted_length;
  char *converted;
  *out= { s, length };
  if (!String::needs_conversion(length, from, to, &unused))
    return true;
  if (!(converted= sql_strmake_with_convert(thd, s, length, from, UINT_MAX32,
                                            to, &converted_length)))
    return false;
  *out= { converted, converted_length };
  return true;
}

extern "C" rg_verb rg_thd_prepared_verb(MYSQL_THD thd, const char *name,
                                        size_t length, rg_object *object)
{
  LEX_CSTRING key= { name, length };
  /* Names are kept in the system character set, as the parser converts
     them from character_set_client (ASCII-compatible, so an ASCII name
     needs no conversion). */
  bool ascii= true;
  for (size_t i= 0; i < length; i++)
    ascii= ascii && (uchar) name[i] < 0x80;
  *object= RG_OBJ_UNKNOWN;
  if (!ascii &&
      !in_charset(thd, name, length, thd->variables.character_set_client,
                  system_charset_info, &key))
    return RG_VERB_DYNAMIC;      /* out of memory: the name is unknown */
  Statement *stmt= thd->stmt_map.find_by_name(&key);
  if (!stmt || !stmt->lex)
    return RG_VERB_NONE;
  return command_verb(stmt->lex, thd->variables.sql_mode,
                      rg_filtered_verbs(), object);
}

extern "C" int rg_thd_user_variable(MYSQL_THD thd, const char *name,
                                    size_t length, const char **value,
                                    size_t *value_length)
{
  user_var_entry *entry= (user_var_entry *)
    my_hash_search(&thd->user_vars, (const uchar *) name, length);
  LEX_CSTRING text;
  if (!entry || !entry->value ||
      entry->type_handler()->result_type() != STRING_RESULT)
    return 0;
  /*
    The server converts the value to character_set_client before parsing it
    (Lex_prepared_stmt::get_dynamic_sql_string): classify the same text. A
    ucs2/utf16/utf32 value, or one whose bytes the client character set
    reads differently, would otherwise be classified as raw bytes.
  */
  if (!in_charset(thd, entry->value, entry->length, entry->charset(),
                  thd->variables.character_set_client, &text))
    return -1;             /* out of memory: the value is unknown */
  *value= text.str;
  *value_length= text.length;
  return 1;
}

/* The plugin's own schema in any ASCII case, as the text path reads it
   (rg_policy_names_own_schema()): lower_case_table_names may fold names,
   and REPLICA_GUARD is another database only where it does not. */
static bool is_own_schema(const char *db, size_t length)
{
  return db && length == sizeof(RG_OWN_SCHEMA) - 1 &&
         !strncasecmp(db, RG_OWN_SCHEMA, length);
}

extern "C" RG_HOT
int rg_thd_db_is_own_schema(MYSQL_THD thd)
{
  return is_own_schema(thd->db.str, thd->db.length);
}

/*
  A parsed statement that names a table of the own schema (every table it
  opens directly; a view is opened at execution, so a view in another
  schema over it is not seen), or is CREATE/ALTER/DROP DATABASE of it.
*/
extern "C" RG_HOT
int rg_thd_parsed_own_schema(MYSQL_THD thd)
{
  const LEX *lex= thd->lex;
  for (const TABLE_LIST *t= lex->query_tables; t; t= t->next_global)
    if (is_own_schema(t->db.str, t->db.length))
      return 1;
  switch (lex->sql_command) {
  case SQLCOM_CREATE_DB: case SQLCOM_ALTER_DB: case SQLCOM_DROP_DB:
  case SQLCOM_ALTER_DB_UPGRADE:
    return is_own_schema(lex->name.str, lex->name.length);
  default:
    return 0;
  }
}

/*
  Rule 3, DDL (rg_replica_writes.c): the tables a parsed DROP TABLE, ALTER
  TABLE, RENAME TABLE (both sides: a new name exists only when the server
  will refuse it anyway), CREATE OR REPLACE TABLE or DROP DATABASE
  changes, as the server will resolve them (default database applied,
  lower_case_table_names folded).
*/
static int add_ddl_name(rg_ddl *out, const char *db, size_t db_length,
                        const char *table, size_t table_length)
{
  rg_ddl_name *n;
  if (out->count == RG_DDL_TABLES_MAX || db_length > RG_NAME_BYTES ||
      table_length > RG_NAME_BYTES)
    return 1;
  n= &out->name[out->count++];
  memcpy(n->db, db, db_length);
  n->db_length= (unsigned char) db_length;
  memcpy(n->table, table, table_length);
  n->table_length= (unsigned char) table_length;
  n->trigger= 0;
  return 0;
}

extern "C" rg_ddl_result rg_thd_parsed_ddl(MYSQL_THD thd, rg_ddl *out)
{
  const LEX *lex= thd->lex;
  switch (lex->sql_command) {
  case SQLCOM_DROP_DB:
    return add_ddl_name(out, lex->name.str, lex->name.length, "", 0)
           ? RG_DDL_UNKNOWN : RG_DDL_TABLES;
  case SQLCOM_CREATE_TABLE: case SQLCOM_CREATE_SEQUENCE:
    if (!lex->create_info.or_replace() || lex->tmp_table())
      return RG_DDL_NONE;
    break;
  case SQLCOM_DROP_TABLE: case SQLCOM_DROP_SEQUENCE:
    if (lex->tmp_table())
      return RG_DDL_NONE;
    break;
  case SQLCOM_ALTER_TABLE: case SQLCOM_RENAME_TABLE:
  case SQLCOM_ALTER_SEQUENCE: case SQLCOM_CREATE_INDEX:
  case SQLCOM_DROP_INDEX: case SQLCOM_CREATE_TRIGGER:
    break;
  case SQLCOM_DROP_TRIGGER:           /* its table is found at judging */
    if (!lex->spname ||
        add_ddl_name(out, lex->spname->m_db.str, lex->spname->m_db.length,
                     lex->spname->m_name.str, lex->spname->m_name.length))
      return RG_DDL_UNKNOWN;
    out->name[out->count - 1].trigger= 1;
    return RG_DDL_TABLES;
  default:
    return RG_DDL_NONE;
  }
  /* CREATE ... SELECT, ALTER, an index and a trigger: the first table is
     the one changed (the others are read); DROP and RENAME: every one */
  for (const TABLE_LIST *t= lex->query_tables; t; t= t->next_global)
  {
    if (add_ddl_name(out, t->db.str, t->db.length, t->table_name.str,
                     t->table_name.length))
      return RG_DDL_UNKNOWN;
    if (lex->sql_command != SQLCOM_DROP_TABLE &&
        lex->sql_command != SQLCOM_DROP_SEQUENCE &&
        lex->sql_command != SQLCOM_RENAME_TABLE)
      break;
  }
  return RG_DDL_TABLES;
}

extern "C" int rg_thd_ddl_resolve(MYSQL_THD thd, rg_ddl_name *name)
{
  if (!name->db_length)
  {
    if (!thd->db.str || thd->db.length > RG_NAME_BYTES)
      return 1;
    memcpy(name->db, thd->db.str, thd->db.length);
    name->db_length= (unsigned char) thd->db.length;
  }
  if (lower_case_table_names)
  {
    for (unsigned i= 0; i < name->db_length; i++)
      name->db[i]= (char) my_tolower(system_charset_info,
                                     (uchar) name->db[i]);
    for (unsigned i= 0; i < name->table_length; i++)
      name->table[i]= (char) my_tolower(system_charset_info,
                                        (uchar) name->table[i]);
  }
  return 0;
}

/*
  For a name marked trigger (resolved): replaces the trigger's name with
  its table's, read from the trigger's .TRN file as DROP TRIGGER itself
  reads it. Returns 0 when found, 1 when there is no such trigger (the
  statement fails by itself), -1 when it cannot be read.
*/
extern "C" int rg_thd_trigger_table(MYSQL_THD thd, rg_ddl_name *name)
{
  char db[RG_NAME_BYTES + 1], trigger[RG_NAME_BYTES + 1];
  char path_buffer[FN_REFLEN];
  LEX_STRING path= { path_buffer, 0 };
  LEX_CSTRING db_name= { db, name->db_length };
  LEX_CSTRING trigger_name= { trigger, name->table_length };
  LEX_CSTRING table= null_clex_str;
  memcpy(db, name->db, name->db_length);
  db[name->db_length]= '\0';
  memcpy(trigger, name->table, name->table_length);
  trigger[name->table_length]= '\0';
  sp_name trg(&db_name, &trigger_name, true);
  build_trn_path(thd, &trg, &path);
  if (check_trn_exists((LEX_CSTRING *) &path))
    return 1;
  if (load_table_name_for_trigger(thd, &trg, (LEX_CSTRING *) &path, &table) ||
      !table.length || table.length > RG_NAME_BYTES)
    return -1;
  memcpy(name->table, table.str, table.length);
  name->table_length= (unsigned char) table.length;
  name->trigger= 0;
  return 0;
}

extern "C" int rg_thd_ddl_target(MYSQL_THD thd, const rg_ddl_name *name)
{
  char db[RG_NAME_BYTES + 1], table[RG_NAME_BYTES + 1];
  memcpy(db, name->db, name->db_length);
  db[name->db_length]= '\0';
  memcpy(table, name->table, name->table_length);
  table[name->table_length]= '\0';
  if (!name->table_length)
    return check_db_dir_existence(db) ? 0 : 1;
  if (thd->find_temporary_table(db, table, THD::TMP_TABLE_ANY))
    return 2;
  LEX_CSTRING d= { db, name->db_length }, t= { table, name->table_length };
  return ha_table_exists(thd, &d, &t) ? 1 : 0;
}

extern "C" int rg_thd_replace_query(MYSQL_THD thd, const char *text,
                                    size_t length)
{
  char *copy= (char *) thd->memdup_w_gap(text, length, 1);
  if (!copy)
    return 1;
  copy[length]= '\0';
  thd->set_query(copy, length);
  return 0;
}

/*
  Refusing a statement that is already parsed.

  The server offers no veto once a statement is parsed, so the refusal uses
  the first check mysql_execute_command() makes, before any implicit commit
  or table access: a session whose password has expired may run nothing but
  SET, PREPARE, EXECUTE and DEALLOCATE. The flag is raised on the security
  context in force and an internal error handler turns the resulting
  ER_MUST_CHANGE_PASSWORD into replica_guard's own error, then restores the
  flag. rg_thd_end_statement() restores it if the statement ended without
  reaching that check (it then did not execute a guarded command).

  The state is per OS thread: a statement runs on one thread from its
  general-log event to its status event, even under the thread pool.
  rg_event_flags.refusals_raised counts the threads whose refusal is
  raised and not yet restored, so that the end of every other statement
  reads one shared word instead of its thread's refusal (a C++
  thread_local with a constructor: a call into the dynamic linker and an
  initialisation check).
*/
class Refusal_handler : public Internal_error_handler
{
public:
  THD *thd= NULL;
  Security_context *ctx= NULL;
  bool saved_expired= false;
  bool pushed= false;
  char message[MYSQL_ERRMSG_SIZE];

  void restore()
  {
    if (thd)
      __atomic_fetch_sub(&rg_event_flags.refusals_raised, 1,
                         __ATOMIC_RELAXED);
    if (ctx)
      ctx->password_expired= saved_expired;
    ctx= NULL;
    if (pushed && thd->get_internal_handler() == this)
      thd->pop_internal_handler();
    pushed= false;
    thd= NULL;
  }

  bool handle_condition(THD *, uint sql_errno, const char *,
                        Sql_condition::enum_warning_level *level,
                        const char *, Sql_condition **) override
  {
    if (sql_errno != ER_MUST_CHANGE_PASSWORD ||
        *level != Sql_condition::WARN_LEVEL_ERROR || !ctx)
      return false;
    restore();
    my_printf_error(ER_OPTION_PREVENTS_STATEMENT, "%s", MYF(0), message);
    return true;
  }
};

static thread_local Refusal_handler refusal;

extern "C" void rg_thd_refuse_parsed(MYSQL_THD thd, const char *message)
{
  if (refusal.thd)
    refusal.restore();
  refusal.thd= thd;
  __atomic_fetch_add(&rg_event_flags.refusals_raised, 1, __ATOMIC_RELAXED);
  refusal.ctx= thd->security_ctx;
  refusal.saved_expired= refusal.ctx->password_expired;
  refusal.ctx->password_expired= true;
  strmake(refusal.message, message, sizeof(refusal.message) - 1);
  thd->push_internal_handler(&refusal);
  refusal.pushed= true;
}

extern "C" RG_HOT
void rg_thd_end_statement(MYSQL_THD thd)
{
  if (refusal.thd == thd)
    refusal.restore();
}

/*
  init_connect and init_slave hold statements the server runs later on
  sessions' behalf, unchecked by anything that checks the SET itself (the
  statements are a string there). Every assignment of them, whatever its
  form (SET GLOBAL, SET @@global., a prepared statement, a stored
  program), goes through the variable's check function with the value
  already evaluated and converted to the variable's character set: the
  bytes the server will run. The filter's init chains a check of its own
  in front of the server's (sys_var::on_check is protected: reached through
  a pointer to member formed in a derived class, the standard's way), and
  its deinit puts the server's back. The list of compiled-in variables,
  all_sys_vars, is fixed once the server runs, so finding them takes no
  lock. A check in progress when the deinit restores the pointer is waited
  for (checks_in_flight), so the library is not unloaded under it.
*/
class Rg_sys_var_access : public sys_var
{
public:
  typedef on_check_function check_function;
  static check_function sys_var::*check_member()
  {
    return &Rg_sys_var_access::on_check;
  }
};

extern sys_var_chain all_sys_vars;

static struct guarded_setting
{
  const char *name;
  sys_var *var;
  Rg_sys_var_access::check_function server_check;
} guarded_settings[]= { { "init_connect", NULL, NULL },
                        { "init_slave", NULL, NULL } };
static int checks_in_flight;

static bool check_statement_setting(sys_var *self, THD *thd, set_var *var)
{
  bool failed= true;
  __atomic_add_fetch(&checks_in_flight, 1, __ATOMIC_ACQ_REL);
  for (guarded_setting &g : guarded_settings)
  {
    if (g.var != self)
      continue;
    failed= g.server_check && g.server_check(self, thd, var);
    if (!failed)
    {
      /* The server's check made a NULL (DEFAULT) value "". */
      const LEX_STRING *value= &var->save_result.string_value;
      char message[MYSQL_ERRMSG_SIZE];
      if (rg_filter_check_setting(thd, g.name, value->str ? value->str : "",
                                  value->str ? value->length : 0, message,
                                  sizeof(message)))
      {
        my_printf_error(ER_OPTION_PREVENTS_STATEMENT, "%s", MYF(0),
                        message);
        failed= true;
      }
    }
  }
  __atomic_sub_fetch(&checks_in_flight, 1, __ATOMIC_ACQ_REL);
  return failed;
}

extern "C" void rg_thd_guard_settings(int on)
{
  auto member= Rg_sys_var_access::check_member();
  for (guarded_setting &g : guarded_settings)
  {
    if (on && !g.var)
    {
      for (sys_var *v= all_sys_vars.first; v && !g.var; v= v->next)
        if (!strcmp(v->name.str, g.name))
          g.var= v;
      if (g.var)
      {
        g.server_check= g.var->*member;
        __atomic_store_n(&(g.var->*member), &check_statement_setting,
                         __ATOMIC_RELEASE);
      }
    }
    else if (!on && g.var)
    {
      __atomic_store_n(&(g.var->*member), g.server_check, __ATOMIC_RELEASE);
      g.var= NULL;
    }
  }
  if (!on)
    while (__atomic_load_n(&checks_in_flight, __ATOMIC_ACQUIRE))
      my_sleep(1000);
}

extern "C" unsigned long long rg_thd_query_id(MYSQL_THD thd)
{
  return (unsigned long long) thd->query_id;
}

extern "C" void rg_thd_query(MYSQL_THD thd, const char **q, size_t *length)
{
  *q= thd->query() ? thd->query() : "";
  *length= thd->query() ? thd->query_length() : 0;
}

/*
  Refusing at a table lock: the statement is killed (KILL_QUERY, with our
  error and message), which mysql_lock_tables() checks right after it
  locked the tables; it then unlocks them and fails the statement before
  any row is touched. The kill is the statement's only: the server resets
  it when the statement ends (dispatch_command()).
*/
extern "C" void rg_thd_refuse_locked(MYSQL_THD thd, const char *message)
{
  thd->set_killed(KILL_QUERY, ER_OPTION_PREVENTS_STATEMENT, message);
}

/*
  The server record of a plugin of this library. Looked up with a
  reference that is dropped at once: a reference kept would keep the plugin
  busy, and UNINSTALL PLUGIN would never finish.
*/
extern "C" const void *rg_plugin_find(const char *name, int type)
{
  LEX_CSTRING n= { name, strlen(name) };
  plugin_ref ref= plugin_lock_by_name(NULL, &n, type);
  const st_plugin_int *plugin= plugin_ref_to_int(ref);
  if (ref)
    plugin_unlock(NULL, ref);
  return plugin;
}

/* The state is written under LOCK_plugin, which a status variable's
   reader had better not take: one aligned word, read atomically. */
extern "C" int rg_plugin_is_ready(const void *plugin)
{
  return __atomic_load_n(&((const st_plugin_int *) plugin)->state,
                         __ATOMIC_RELAXED) == PLUGIN_IS_READY;
}

extern "C" void rg_thd_account(MYSQL_THD thd, const char **user,
                               const char **host, const char **ip)
{
  Security_context *sctx= thd->main_security_ctx.user
                          ? &thd->main_security_ctx : thd->security_ctx;
  *user= sctx->user ? sctx->user : "";
  *host= sctx->host;
  *ip= sctx->ip;
}

/*
  The login's authenticated account: main_security_ctx, not security_ctx,
  which is the definer's inside SQL SECURITY DEFINER programs and views
  (and another plugin's empty context while it runs SQL through the SQL
  service). priv_user/priv_host are the mysql.user row matched at
  authentication (for a proxy user, the proxied account), so an anonymous
  login typed as -u dba is '' here.
*/
extern "C" void rg_thd_authenticated_account(MYSQL_THD thd, const char **user,
                                             const char **host)
{
  const Security_context *sctx= &thd->main_security_ctx;
  *user= sctx->priv_user;
  *host= sctx->priv_host;
}

/*
  True when the SET being checked assigns the GLOBAL value of a variable:
  save is the &set_var::save_result the server hands the check function.
*/
extern "C" int rg_thd_set_is_global(MYSQL_THD thd, const void *save)
{
  List_iterator_fast<set_var_base> it(thd->lex->var_list);
  while (set_var_base *v= it++)
  {
    if (!v->is_system())
      continue;
    set_var *sv= static_cast<set_var *>(v);
    if ((const void *) &sv->save_result == save)
      return sv->type == OPT_GLOBAL;
  }
  return 0;
}

extern "C" int rg_thd_has_super(MYSQL_THD thd)
{
  return (thd->security_ctx->master_access & SUPER_ACL) != NO_ACL;
}

/*
  C entry points to the server's error log (sql_print_* have C++ linkage).
  Every line is "replica_guard: <event>: <text>" and one line: control
  characters (a replication error's newlines, a statement's tabs) become
  spaces here, whatever the caller passes.
*/
static void one_line(char *s)
{
  for (; *s; s++)
    if ((unsigned char) *s < 0x20)
      *s= ' ';
}

#define RG_LOG_FORWARD(name, sink)                                       \
  extern "C" void name(const char *event, const char *format, ...)       \
  {                                                                      \
    char buf[1024];                                                      \
    va_list args;                                                        \
    va_start(args, format);                                              \
    vsnprintf(buf, sizeof(buf), format, args);                           \
    va_end(args);                                                        \
    one_line(buf);                                                       \
    sink("replica_guard: %s: %s", event, buf);                           \
  }
RG_LOG_FORWARD(rg_log_note, sql_print_information)
RG_LOG_FORWARD(rg_log_warning, sql_print_warning)
RG_LOG_FORWARD(rg_log_error, sql_print_error)
