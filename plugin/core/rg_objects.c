/*
  replica_guard classifier: the object of a guarded statement, read from
  the words after its verb, and the names used in messages (rg_scan.h).
  The verb scanner (rg_scanner.c) calls these once it took a verb at a
  statement start.
*/

#include "rg_scan.h"

#include <string.h>

/* [=] value after ALGORITHM / SQL SECURITY: skipped. */
static void rg_skip_option_value(rg_cursor *C)
{
  if (rg_is_char(rg_peek(C, 0), '='))
    rg_skip(C, 1);
  if (rg_peek(C, 0)->type != T_EOF)
    rg_skip(C, 1);
}

/* DEFINER = user | CURRENT_USER [()] | CURRENT_ROLE: skipped. */
static void rg_skip_definer(rg_cursor *C)
{
  const rg_tok *t;
  if (rg_is_char(rg_peek(C, 0), '='))
    rg_skip(C, 1);
  t= rg_peek(C, 0);
  if (rg_is_kw(t, KW_CURRENT_USER))
  {
    rg_skip(C, 1);
    if (rg_is_char(rg_peek(C, 0), '(') && rg_is_char(rg_peek(C, 1), ')'))
      rg_skip(C, 2);
    return;
  }
  if (rg_is_kw(t, KW_CURRENT_ROLE))
  {
    rg_skip(C, 1);
    return;
  }
  if (!rg_is_name(t) && t->type != T_STRING)
    return;
  rg_skip(C, 1);
  if (!rg_is_char(rg_peek(C, 0), '@'))
    return;
  rg_skip(C, 1);
  t= rg_peek(C, 0);
  if (rg_is_name(t) || t->type == T_STRING || t->type == T_HOST)
    rg_skip(C, 1);
}

rg_object rg_parse_object(rg_cursor *C, rg_verb verb, int *deallocate)
{
  int temporary= 0;
  *deallocate= 0;
  if (verb == RG_VERB_TRUNCATE)
    return RG_OBJ_TABLE;
  for (;;)
  {
    const rg_tok *t= rg_peek(C, 0);
    if (t->type != T_WORD)
      return RG_OBJ_UNKNOWN;
    rg_skip(C, 1);
    switch (t->kw)
    {
    case KW_OR:
      if (rg_is_kw(rg_peek(C, 0), KW_REPLACE))
        rg_skip(C, 1);
      continue;
    case KW_TEMPORARY:
      temporary= 1;
      continue;
    case KW_UNIQUE: case KW_FULLTEXT: case KW_SPATIAL: case KW_ONLINE:
    case KW_OFFLINE: case KW_AGGREGATE: case KW_IGNORE:
      continue;
    case KW_ALGORITHM:
      rg_skip_option_value(C);
      continue;
    case KW_SQL:
      if (rg_is_kw(rg_peek(C, 0), KW_SECURITY))
      {
        rg_skip(C, 1);
        rg_skip_option_value(C);
      }
      continue;
    case KW_DEFINER:
      rg_skip_definer(C);
      continue;
    case KW_PREPARE:
      *deallocate= verb == RG_VERB_DROP;
      return RG_OBJ_UNKNOWN;
    case KW_TABLE: case KW_TABLES:
      return temporary && verb != RG_VERB_RENAME ? RG_OBJ_TEMPORARY_TABLE :
             RG_OBJ_TABLE;
    case KW_DATABASE: case KW_SCHEMA:
      return RG_OBJ_DATABASE;
    case KW_INDEX:
      return RG_OBJ_INDEX;
    case KW_VIEW:
      return RG_OBJ_VIEW;
    case KW_PROCEDURE:
      return RG_OBJ_PROCEDURE;
    case KW_FUNCTION:
      return RG_OBJ_FUNCTION;
    case KW_TRIGGER:
      return RG_OBJ_TRIGGER;
    case KW_EVENT:
      return RG_OBJ_EVENT;
    case KW_SEQUENCE:
      return RG_OBJ_SEQUENCE;
    case KW_USER:
      return RG_OBJ_USER;
    case KW_ROLE:
      return RG_OBJ_ROLE;
    case KW_SERVER:
      return RG_OBJ_SERVER;
    case KW_TABLESPACE:
      return RG_OBJ_TABLESPACE;
    case KW_PACKAGE:
      if (rg_is_kw(rg_peek(C, 0), KW_BODY))
      {
        rg_skip(C, 1);
        return RG_OBJ_PACKAGE_BODY;
      }
      return RG_OBJ_PACKAGE;
    case KW_LOGFILE:
      if (rg_is_kw(rg_peek(C, 0), KW_GROUP))
        rg_skip(C, 1);
      return RG_OBJ_LOGFILE_GROUP;
    default:
      return RG_OBJ_UNKNOWN;
    }
  }
}

int rg_truncate_statement(rg_cursor *C, int strict)
{
  const rg_tok *t= rg_peek(C, 0);
  unsigned k= 0;
  if (rg_is_char(t, '('))
    return 0;
  if (!strict)
    return 1;
  if (rg_is_kw(t, KW_TABLE))
    k++;
  if (rg_is_char(rg_peek(C, k), '.'))
    k++;
  else
  {
    if (!rg_is_name(rg_peek(C, k)))
      return 0;
    k++;
    if (!rg_is_char(rg_peek(C, k), '.'))
      goto options;
    k++;
  }
  if (!rg_is_name(rg_peek(C, k)))
    return 0;
  k++;
options:
  t= rg_peek(C, k);
  if (rg_is_kw(t, KW_WAIT))
  {
    t= rg_peek(C, k + 1);
    if (t->type != T_NUM && t->type != T_HEX)
      return 0;
    k+= 2;
  }
  else if (rg_is_kw(t, KW_NOWAIT))
    k++;
  t= rg_peek(C, k);
  if ((rg_is_kw(t, KW_DROP) || rg_is_kw(t, KW_REUSE)) &&
      rg_is_kw(rg_peek(C, k + 1), KW_STORAGE))
    k+= 2;
  return rg_is_end(rg_peek(C, k));
}

const char *rg_verb_name(rg_verb verb)
{
  switch (verb)
  {
  case RG_VERB_CREATE: return "CREATE";
  case RG_VERB_DROP: return "DROP";
  case RG_VERB_ALTER: return "ALTER";
  case RG_VERB_RENAME: return "RENAME";
  case RG_VERB_TRUNCATE: return "TRUNCATE";
  case RG_VERB_DYNAMIC: return "DYNAMIC SQL";
  default: return "";
  }
}

const char *rg_object_name(rg_object object)
{
  static const char *const names[RG_OBJ__COUNT]=
  {
    "OBJECT", "TABLE", "TEMPORARY TABLE", "DATABASE", "INDEX", "VIEW",
    "PROCEDURE", "FUNCTION", "TRIGGER", "EVENT", "SEQUENCE", "USER", "ROLE",
    "SERVER", "PACKAGE", "PACKAGE BODY", "TABLESPACE", "LOGFILE GROUP"
  };
  if ((unsigned) object >= RG_OBJ__COUNT)
    return "OBJECT";
  return names[object];
}

/* The mysql schema's tables that define objects (rg_classify.h). */
static const struct
{
  const char *name;
  rg_object object;
} rg_object_tables[]=
{
  { "proc", RG_OBJ_PROCEDURE }, { "event", RG_OBJ_EVENT },
  { "func", RG_OBJ_FUNCTION }, { "servers", RG_OBJ_SERVER },
  { "plugin", RG_OBJ_UNKNOWN }, { "global_priv", RG_OBJ_USER },
  { "user", RG_OBJ_USER }, { "db", RG_OBJ_USER },
  { "tables_priv", RG_OBJ_USER }, { "columns_priv", RG_OBJ_USER },
  { "procs_priv", RG_OBJ_USER }, { "proxies_priv", RG_OBJ_USER },
  { "roles_mapping", RG_OBJ_ROLE }
};

int rg_object_table(const char *name, size_t length, rg_object *object)
{
  size_t i;
  if (!name)
    return 0;
  for (i= 0; i < sizeof(rg_object_tables) / sizeof(rg_object_tables[0]); i++)
    if (strlen(rg_object_tables[i].name) == length &&
        rg_ascii_ieq((const unsigned char *) name, rg_object_tables[i].name,
                     length))
    {
      *object= rg_object_tables[i].object;
      return 1;
    }
  return 0;
}

/* The text of name token t, without the quotes of a quoted one. */
static void rg_name_text(const rg_cursor *C, const rg_tok *t,
                         const char **p, size_t *n)
{
  size_t q= t->type == T_QIDENT && t->len >= 2;
  *p= (const char *) C->s + t->off + q;
  *n= t->len - 2 * q;
}

int rg_truncate_object_table(rg_cursor *C, rg_object *object)
{
  unsigned k= rg_is_kw(rg_peek(C, 0), KW_TABLE) ? 1 : 0;
  const rg_tok *name= rg_peek(C, k);
  const char *p;
  size_t n;
  if (rg_is_char(name, '.'))
    name= rg_peek(C, k + 1);            /* .name: the default database */
  else if (rg_is_char(rg_peek(C, k + 1), '.'))
  {
    rg_name_text(C, name, &p, &n);
    if (!rg_is_name(name) || n != 5 ||
        !rg_ascii_ieq((const unsigned char *) p, "mysql", 5))
      return 0;
    name= rg_peek(C, k + 2);
  }
  if (!rg_is_name(name))
    return 0;
  rg_name_text(C, name, &p, &n);
  return rg_object_table(p, n, object);
}
