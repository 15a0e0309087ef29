/*
  replica_guard rule 3: one-way replicas take no direct changes (see
  rg_writes.h).

  The decision for one table a statement locks for writing, in order:
   1. replica_guard_replica_writes=ALLOW: PASS, no rule.
   2. The replication applier and the plugin's own threads: PASS. What the
      primary sends is applied as ever.
   3. A table replication does not manage (own or system schema, a local
      schema, a table a client created here): PASS.
   4. A client's own statement (not one the server runs on a session's
      behalf: init_connect, init_slave) by an exempt account, or under the
      session override: PASS, but an errant change: counted and logged.
   5. WARN: runs, counted and logged. REFUSE: refused.
*/
#include <stdio.h>
#include <string.h>
#include "rg_writes.h"
#include "rg_hot.h"
#include "rg_lexer.h"

/* ---- replica_guard_local_schemas -------------------------------------- */

static void set_error(char *err, size_t err_len, const char *what,
                      const char *name, size_t length)
{
  char shown[80];
  rg_writes_show_name(name, length, shown, sizeof(shown));
  snprintf(err, err_len, "%s '%s'", what, shown);
}

int rg_writes_schema_is_system(const char *db, size_t len)
{
  static const char *const names[]=
  { RG_OWN_SCHEMA, "mysql", "sys", "performance_schema",
    "information_schema" };
  for (size_t i= 0; i < sizeof(names) / sizeof(names[0]); i++)
  {
    size_t n= strlen(names[i]);
    size_t k;
    if (n != len)
      continue;
    for (k= 0; k < n; k++)
    {
      char c= db[k];
      if (c >= 'A' && c <= 'Z')
        c= (char) (c - 'A' + 'a');
      if (c != names[i][k])
        break;
    }
    if (k == n)
      return 1;
  }
  return 0;
}

int rg_schema_list_parse(const char *text, size_t len, rg_schema_list *out,
                         char *err, size_t err_len)
{
  size_t i= 0;
  out->count= 0;
  if (err_len)
    err[0]= '\0';
  while (i < len && (text[i] == ' ' || text[i] == '\t'))
    i++;
  if (i == len)
    return 0;                          /* empty: no local schema */
  for (;;)
  {
    char name[RG_NAME_BYTES];
    size_t n= 0;
    int too_long= 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t'))
      i++;
    if (i < len && text[i] == '`')
    {
      for (i++;; i++)
      {
        if (i == len)
        {
          snprintf(err, err_len, "unterminated quoted name");
          return 1;
        }
        if (text[i] == '`')
        {
          if (i + 1 < len && text[i + 1] == '`')
            i++;
          else
          {
            i++;
            break;
          }
        }
        if (n < sizeof(name))
          name[n++]= text[i];
        else
          too_long= 1;
      }
    }
    else
      for (; i < len && text[i] != ','; i++)
      {
        if (n < sizeof(name))
          name[n++]= text[i];
        else
          too_long= 1;
      }
    while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
      n--;
    while (i < len && (text[i] == ' ' || text[i] == '\t'))
      i++;
    if (too_long)
    {
      set_error(err, err_len, "name too long:", name, n);
      return 1;
    }
    if (!n)
    {
      snprintf(err, err_len, "empty schema name");
      return 1;
    }
    if (i < len && text[i] != ',')
    {
      snprintf(err, err_len, "expected ',' after a quoted name");
      return 1;
    }
    if (rg_writes_schema_is_system(name, n))
    {
      set_error(err, err_len, "a system schema is always local:", name, n);
      return 1;
    }
    if (out->count == RG_LOCAL_SCHEMAS_MAX)
    {
      snprintf(err, err_len, "more than %d schemas", RG_LOCAL_SCHEMAS_MAX);
      return 1;
    }
    if (!rg_schema_list_has(out, name, n))
    {
      memcpy(out->name[out->count], name, n);
      out->length[out->count++]= (unsigned char) n;
    }
    if (i == len)
      return 0;
    i++;                               /* the comma */
  }
}

int rg_schema_list_has(const rg_schema_list *list, const char *db,
                       size_t len)
{
  for (unsigned i= 0; i < list->count; i++)
    if (list->length[i] == len && memcmp(list->name[i], db, len) == 0)
      return 1;
  return 0;
}

/* ---- the set of tables created here -------------------------------------- */

static unsigned hash_name(const char *db, size_t db_length,
                          const char *table, size_t table_length)
{
  unsigned h= 2166136261u;                   /* FNV-1a */
  for (size_t i= 0; i < db_length; i++)
    h= (h ^ (unsigned char) db[i]) * 16777619u;
  h= (h ^ 0xFFu) * 16777619u;                /* the separator */
  for (size_t i= 0; i < table_length; i++)
    h= (h ^ (unsigned char) table[i]) * 16777619u;
  return h;
}

static int entry_is(const rg_table_entry *e, const char *db,
                    size_t db_length, const char *table, size_t table_length)
{
  return e->db_length == db_length && e->table_length == table_length &&
         memcmp(e->db, db, db_length) == 0 &&
         memcmp(e->table, table, table_length) == 0;
}

/* The slot holding db.table, or the empty slot where probing stopped;
   writers only (readers go through rg_table_set_contains()). */
static unsigned find_slot(const rg_table_set *set, const char *db,
                          size_t db_length, const char *table,
                          size_t table_length)
{
  unsigned i= hash_name(db, db_length, table, table_length) &
              (RG_TABLE_SET_SLOTS - 1);
  while (set->slot[i].used &&
         !entry_is(&set->slot[i], db, db_length, table, table_length))
    i= (i + 1) & (RG_TABLE_SET_SLOTS - 1);
  return i;
}

static void begin_change(rg_table_set *set)
{
  __atomic_add_fetch(&set->sequence, 1, __ATOMIC_RELAXED);
  __atomic_thread_fence(__ATOMIC_RELEASE);
}

static void end_change(rg_table_set *set)
{
  __atomic_add_fetch(&set->sequence, 1, __ATOMIC_RELEASE);
}

int rg_table_set_add(rg_table_set *set, const char *db, size_t db_length,
                     const char *table, size_t table_length)
{
  unsigned i;
  rg_table_entry *e;
  if (db_length > RG_NAME_BYTES || table_length > RG_NAME_BYTES)
    return 1;
  i= find_slot(set, db, db_length, table, table_length);
  if (set->slot[i].used)
    return 0;
  if (set->count >= RG_TABLE_SET_MAX)
    return 1;
  begin_change(set);
  e= &set->slot[i];
  memcpy(e->db, db, db_length);
  memcpy(e->table, table, table_length);
  e->db_length= (unsigned char) db_length;
  e->table_length= (unsigned char) table_length;
  e->used= 1;
  set->count++;
  end_change(set);
  return 0;
}

void rg_table_set_clear(rg_table_set *set)
{
  begin_change(set);
  for (unsigned i= 0; i < RG_TABLE_SET_SLOTS; i++)
    set->slot[i].used= 0;
  set->count= 0;
  end_change(set);
}

int rg_table_set_remove(rg_table_set *set, const char *db, size_t db_length,
                        const char *table, size_t table_length)
{
  unsigned hole, i;
  if (db_length > RG_NAME_BYTES || table_length > RG_NAME_BYTES)
    return 0;
  hole= find_slot(set, db, db_length, table, table_length);
  if (!set->slot[hole].used)
    return 0;
  begin_change(set);
  set->slot[hole].used= 0;
  set->count--;
  /* Linear probing without tombstones: move back every later entry of the
     run whose home slot does not lie cyclically in (hole, i]. */
  for (i= (hole + 1) & (RG_TABLE_SET_SLOTS - 1); set->slot[i].used;
       i= (i + 1) & (RG_TABLE_SET_SLOTS - 1))
  {
    const rg_table_entry *e= &set->slot[i];
    unsigned home= hash_name(e->db, e->db_length, e->table,
                             e->table_length) & (RG_TABLE_SET_SLOTS - 1);
    int stays= hole <= i ? (hole < home && home <= i)
                         : (hole < home || home <= i);
    if (stays)
      continue;
    set->slot[hole]= *e;
    set->slot[i].used= 0;
    hole= i;
  }
  end_change(set);
  return 1;
}

int rg_table_set_contains(const rg_table_set *set, const char *db,
                          size_t db_length, const char *table,
                          size_t table_length)
{
  unsigned home, before, i, probes;
  int found;
  if (db_length > RG_NAME_BYTES || table_length > RG_NAME_BYTES)
    return 0;
  home= hash_name(db, db_length, table, table_length) &
        (RG_TABLE_SET_SLOTS - 1);
  for (;;)
  {
    before= __atomic_load_n(&set->sequence, __ATOMIC_ACQUIRE);
    found= 0;
    if (!(before & 1))
    {
      /* A torn entry read during a change is at worst a wrong answer
         thrown away below: lengths never exceed the arrays. */
      for (i= home, probes= 0; probes < RG_TABLE_SET_SLOTS;
           i= (i + 1) & (RG_TABLE_SET_SLOTS - 1), probes++)
      {
        const rg_table_entry *e= &set->slot[i];
        if (!__atomic_load_n(&e->used, __ATOMIC_RELAXED))
          break;
        if (entry_is(e, db, db_length, table, table_length))
        {
          found= 1;
          break;
        }
      }
    }
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (!(before & 1) &&
        __atomic_load_n(&set->sequence, __ATOMIC_RELAXED) == before)
      return found;
  }
}

size_t rg_table_set_format(const rg_table_set *set, char *out, size_t size)
{
  size_t n= 0;
  for (unsigned i= 0; i < RG_TABLE_SET_SLOTS; i++)
  {
    const rg_table_entry *e= &set->slot[i];
    char head[16];
    int h;
    if (!e->used)
      continue;
    h= snprintf(head, sizeof(head), "%u:", (unsigned) e->db_length);
    if (n + (size_t) h <= size)
      memcpy(out + n, head, (size_t) h);
    n+= (size_t) h;
    if (n + e->db_length <= size)
      memcpy(out + n, e->db, e->db_length);
    n+= e->db_length;
    h= snprintf(head, sizeof(head), "%u:", (unsigned) e->table_length);
    if (n + (size_t) h <= size)
      memcpy(out + n, head, (size_t) h);
    n+= (size_t) h;
    if (n + e->table_length <= size)
      memcpy(out + n, e->table, e->table_length);
    n+= e->table_length;
    if (n < size)
      out[n]= '\n';
    n++;
  }
  return n;
}

/* Reads "<length>:<bytes>" at text[*i..len); 0 on success. */
static int read_name(const char *text, size_t len, size_t *i,
                     const char **name, size_t *length)
{
  size_t n= 0, digits= 0;
  while (*i < len && text[*i] >= '0' && text[*i] <= '9' && digits < 4)
  {
    n= n * 10 + (size_t) (text[*i] - '0');
    (*i)++;
    digits++;
  }
  if (!digits || *i >= len || text[*i] != ':' || n > RG_NAME_BYTES ||
      len - *i - 1 < n)
    return 1;
  *name= text + *i + 1;
  *length= n;
  *i+= 1 + n;
  return 0;
}

unsigned rg_table_set_load(rg_table_set *set, const char *text, size_t len)
{
  unsigned bad= 0;
  size_t i= 0;
  while (i < len)
  {
    const char *db, *table;
    size_t db_length, table_length;
    if (read_name(text, len, &i, &db, &db_length) ||
        read_name(text, len, &i, &table, &table_length) ||
        i >= len || text[i] != '\n')
    {
      bad++;
      while (i < len && text[i] != '\n')   /* skip to the next line */
        i++;
      i++;
      continue;
    }
    i++;
    bad+= (unsigned) rg_table_set_add(set, db, db_length, table,
                                      table_length);
  }
  return bad;
}

/* ---- DDL of tables ------------------------------------------------------- */

RG_HOT
int rg_writes_may_be_ddl(const char *q, size_t len)
{
  static const char *const words[]= { "DROP", "ALTER", "RENAME", "REPLACE",
                                      "INDEX", "TRIGGER" };
  const unsigned char *s= (const unsigned char *) q;
  for (size_t i= 0; i + 4 <= len; i++)
  {
    unsigned c= s[i] | 0x20;
    if (c != 'd' && c != 'a' && c != 'r' && c != 'i' && c != 't')
      continue;
    for (size_t w= 0; w < sizeof(words) / sizeof(words[0]); w++)
    {
      size_t n= strlen(words[w]);
      if (i + n <= len && rg_ascii_ieq(s + i, words[w], n))
        return 1;
    }
  }
  return 0;
}

typedef struct ddl_reader
{
  rg_lexer L;
  const unsigned char *s;
  rg_tok t;
} ddl_reader;

static void next(ddl_reader *r)
{
  rg_lex(&r->L, &r->t);
}

/* The current token is the word w (any ASCII case, keyword or not). */
static int is_word(const ddl_reader *r, const char *w)
{
  size_t n= strlen(w);
  return r->t.type == T_WORD && r->t.len == n &&
         rg_ascii_ieq(r->s + r->t.off, w, n);
}

/* Copies the identifier token into out (unquoted); 0 on success, 1 when
   it is not an identifier or cannot be compared (see rg_ddl_result). */
static int take_ident(const ddl_reader *r, char *out, unsigned char *length)
{
  const unsigned char *p= r->s + r->t.off;
  size_t n= r->t.len, k= 0;
  unsigned char quote= 0;
  if (r->t.type == T_QIDENT)
  {
    if (n < 2)
      return 1;
    quote= p[n - 1];             /* ` or " (ANSI_QUOTES) or ] */
    p++;
    n-= 2;
  }
  else if (r->t.type != T_WORD && r->t.type != T_IDENT)
    return 1;
  for (size_t i= 0; i < n; i++)
  {
    if (p[i] < 0x20 || p[i] > 0x7E || k == RG_NAME_BYTES)
      return 1;
    out[k++]= (char) p[i];
    if (quote && p[i] == quote && i + 1 < n && p[i + 1] == quote)
      i++;                       /* a doubled quote stands for one */
  }
  if (!k)
    return 1;
  *length= (unsigned char) k;
  return 0;
}

/* Reads [db.]name at the current token into a new entry of out. */
static int take_name(ddl_reader *r, rg_ddl *out, int whole_schema)
{
  rg_ddl_name *name;
  if (out->count == RG_DDL_TABLES_MAX)
    return 1;
  name= &out->name[out->count];
  name->db_length= name->table_length= name->trigger= 0;
  if (whole_schema)
  {
    if (take_ident(r, name->db, &name->db_length))
      return 1;
    next(r);
  }
  else
  {
    if (take_ident(r, name->table, &name->table_length))
      return 1;
    next(r);
    if (r->t.type == T_CHAR && r->t.ch == '.')
    {
      memcpy(name->db, name->table, name->table_length);
      name->db_length= name->table_length;
      next(r);
      if (take_ident(r, name->table, &name->table_length))
        return 1;
      next(r);
    }
  }
  out->count++;
  return 0;
}

/* Skips IF EXISTS (IF NOT EXISTS with not_exists) at the current token;
   1 when IF is not followed by the rest of it. */
static int skip_if_exists(ddl_reader *r, int not_exists)
{
  if (!is_word(r, "IF"))
    return 0;
  next(r);
  if (not_exists)
  {
    if (!is_word(r, "NOT"))
      return 1;
    next(r);
  }
  if (!is_word(r, "EXISTS"))
    return 1;
  next(r);
  return 0;
}

/* The statement's one name (a table, or whole_schema), and its result. */
static rg_ddl_result one_name(ddl_reader *r, rg_ddl *out, int whole_schema)
{
  return r->L.saw_wsrep || take_name(r, out, whole_schema) ? RG_DDL_UNKNOWN
                                                           : RG_DDL_TABLES;
}

static int is_char(const ddl_reader *r, unsigned char c)
{
  return r->t.type == T_CHAR && r->t.ch == c;
}

/* Skips an index's or a trigger's own [db.]name; 1 when it is not one. */
static int skip_name(ddl_reader *r)
{
  rg_ddl unused;
  unused.count= 0;
  return take_name(r, &unused, 0);
}

/* ON [db.]table at the current token: the table an index or a trigger
   changes. */
static rg_ddl_result on_table(ddl_reader *r, rg_ddl *out)
{
  if (!is_word(r, "ON"))
    return RG_DDL_UNKNOWN;
  next(r);
  return one_name(r, out, 0);
}

/* After INDEX (CREATE or DROP): [IF [NOT] EXISTS] name [USING|TYPE kind]
   ON table. */
static rg_ddl_result index_table(ddl_reader *r, rg_ddl *out, int create)
{
  next(r);
  if (skip_if_exists(r, create) || skip_name(r))
    return RG_DDL_UNKNOWN;
  if (is_word(r, "USING") || is_word(r, "TYPE"))
  {
    next(r);
    next(r);
  }
  return on_table(r, out);
}

/*
  After CREATE [OR REPLACE]: an index or a trigger changes the table it is
  ON (a trigger changes what every later write to it does, replicated
  statements included), so that table is returned; other objects are
  RG_DDL_NONE. A DEFINER clause is skipped up to the object's word; one
  that does not end within a few tokens cannot be told.
*/
static rg_ddl_result created_on_table(ddl_reader *r, rg_ddl *out)
{
  static const char *const others[]=
  { "VIEW", "PROCEDURE", "FUNCTION", "EVENT", "PACKAGE", "AGGREGATE", "SQL" };
  if (is_word(r, "UNIQUE") || is_word(r, "FULLTEXT") ||
      is_word(r, "SPATIAL"))
  {
    next(r);
    if (!is_word(r, "INDEX"))
      return RG_DDL_UNKNOWN;
  }
  if (is_word(r, "INDEX"))
    return index_table(r, out, 1);
  if (is_word(r, "DEFINER"))
    for (unsigned n= 0; !is_word(r, "TRIGGER"); n++, next(r))
    {
      if (r->t.type == T_EOF || n == 16)
        return RG_DDL_UNKNOWN;
      for (size_t k= 0; k < sizeof(others) / sizeof(others[0]); k++)
        if (is_word(r, others[k]))
          return RG_DDL_NONE;
    }
  if (!is_word(r, "TRIGGER"))
    return RG_DDL_NONE;
  next(r);
  if (skip_if_exists(r, 1) || skip_name(r) ||
      !(is_word(r, "BEFORE") || is_word(r, "AFTER")))
    return RG_DDL_UNKNOWN;
  next(r);
  if (!(is_word(r, "INSERT") || is_word(r, "UPDATE") ||
        is_word(r, "DELETE")))
    return RG_DDL_UNKNOWN;
  next(r);
  return on_table(r, out);
}

rg_ddl_result rg_writes_ddl(const char *q, size_t len, size_t from,
                            const rg_classify_options *opt, rg_ddl *out)
{
  ddl_reader r;
  unsigned char map[256];
  rg_charset cs= (unsigned) opt->charset < RG_CS__COUNT ? opt->charset
                                                        : RG_CS_ASCII_SAFE;
  int rename= 0;
  r.s= (const unsigned char *) q;
  rg_lexer_init(&r.L, r.s, len, cs, opt->sql_mode, opt->server_version,
                RG_WSREP_FORK, 0, map);
  /* read from q's start, so comments around from are read as they are */
  do
    next(&r);
  while (r.t.type != T_EOF && r.t.off < from);
  if (r.t.off != from && from)
    return RG_DDL_UNKNOWN;       /* from is not where a token starts */
  if (is_word(&r, "DROP"))
  {
    next(&r);
    if (is_word(&r, "DATABASE") || is_word(&r, "SCHEMA"))
    {
      next(&r);
      if (skip_if_exists(&r, 0))
        return RG_DDL_UNKNOWN;
      return one_name(&r, out, 1);
    }
    if (is_word(&r, "TEMPORARY"))
      return RG_DDL_NONE;
    if (is_word(&r, "INDEX"))
      return index_table(&r, out, 0);
    if (is_word(&r, "TRIGGER"))
    {
      rg_ddl_result result;
      next(&r);
      if (skip_if_exists(&r, 0))
        return RG_DDL_UNKNOWN;
      if ((result= one_name(&r, out, 0)) == RG_DDL_TABLES)
        out->name[out->count - 1].trigger= 1;
      return result;
    }
    if (!is_word(&r, "TABLE") && !is_word(&r, "TABLES") &&
        !is_word(&r, "SEQUENCE"))
      return RG_DDL_NONE;
    next(&r);
    if (skip_if_exists(&r, 0))
      return RG_DDL_UNKNOWN;
  }
  else if (is_word(&r, "ALTER"))
  {
    next(&r);
    if (is_word(&r, "ONLINE"))
      next(&r);
    if (is_word(&r, "IGNORE"))
      next(&r);
    if (!is_word(&r, "TABLE") && !is_word(&r, "SEQUENCE"))
      return RG_DDL_NONE;
    next(&r);
    if (skip_if_exists(&r, 0))      /* ALTER TABLE IF EXISTS t */
      return RG_DDL_UNKNOWN;
    return one_name(&r, out, 0);
  }
  else if (is_word(&r, "RENAME"))
  {
    next(&r);
    if (!is_word(&r, "TABLE") && !is_word(&r, "TABLES"))
      return RG_DDL_NONE;
    next(&r);
    if (skip_if_exists(&r, 0))
      return RG_DDL_UNKNOWN;
    rename= 1;
  }
  else if (is_word(&r, "CREATE"))
  {
    next(&r);
    if (!is_word(&r, "OR"))
      return created_on_table(&r, out);
    next(&r);
    if (!is_word(&r, "REPLACE"))
      return RG_DDL_UNKNOWN;
    next(&r);
    if (is_word(&r, "TEMPORARY"))
      return RG_DDL_NONE;
    if (r.t.type != T_WORD)
      return RG_DDL_UNKNOWN;
    if (!is_word(&r, "TABLE") && !is_word(&r, "SEQUENCE"))
      return created_on_table(&r, out);   /* OR REPLACE TRIGGER, ... */
    next(&r);
    return one_name(&r, out, 0);
  }
  else
    return RG_DDL_NONE;
  /* DROP TABLE and RENAME TABLE: a list */
  for (;;)
  {
    if (take_name(&r, out, 0))
      return RG_DDL_UNKNOWN;
    if (rename)
    {
      rg_ddl target;             /* the new name: checked by the server */
      target.count= 0;
      if (!is_word(&r, "TO"))
        return RG_DDL_UNKNOWN;
      next(&r);
      if (take_name(&r, &target, 0))
        return RG_DDL_UNKNOWN;
    }
    if (!is_char(&r, ','))
      break;
    next(&r);
  }
  return r.L.saw_wsrep ? RG_DDL_UNKNOWN : RG_DDL_TABLES;
}

/* ---- the decision -------------------------------------------------------- */

static const struct
{
  const char *name;
  rg_decision action;
  unsigned char errant;
  const char *log_lead;     /* NULL: not logged */
} reasons[RG_WREASON__COUNT]=
{
  { "NO_RULE", RG_DECISION_PASS, 0, NULL },
  { "APPLIER", RG_DECISION_PASS, 0, NULL },
  { "INTERNAL", RG_DECISION_PASS, 0, NULL },
  { "LOCAL", RG_DECISION_PASS, 0, NULL },
  { "EXEMPT", RG_DECISION_PASS, 1, "by an exempt account, not refused: " },
  { "OVERRIDE", RG_DECISION_PASS, 1,
    "by replica_guard_allow_replica_writes, not refused: " },
  { "WARN_MODE", RG_DECISION_WARN, 1, "WARN mode, not refused: " },
  { "REPLICATED", RG_DECISION_REFUSE, 0, "" }
};

static int holds(const rg_writes_context *ctx, unsigned fact,
                 unsigned *missing)
{
  if (ctx->known & fact)
    return 1;
  if (!*missing)
    *missing= fact;
  return 0;
}

static unsigned walk(const rg_writes_context *ctx, rg_writes_decision *out)
{
  unsigned missing= 0;
  /* at their worst: a statement run on a session's behalf (never exempt
     nor overridden), a replicated table */
  rg_thread_kind thread= RG_THREAD_ON_BEHALF;
  rg_table_kind table= RG_TABLE_REPLICATED;
  if (ctx->mode == RG_WRITES_ALLOW)
    out->reason= RG_WREASON_NO_RULE;
  else
  {
    if (holds(ctx, RG_WFACT_THREAD, &missing))
      thread= ctx->thread;
    if (thread == RG_THREAD_APPLIER)
      out->reason= RG_WREASON_APPLIER;
    else if (thread == RG_THREAD_INTERNAL)
      out->reason= RG_WREASON_INTERNAL;
    else
    {
      if (holds(ctx, RG_WFACT_TABLE, &missing))
        table= ctx->table;
      if (table != RG_TABLE_REPLICATED)
        out->reason= RG_WREASON_LOCAL;
      else if (thread == RG_THREAD_CLIENT &&
               holds(ctx, RG_WFACT_EXEMPT, &missing) && ctx->exempt)
        out->reason= RG_WREASON_EXEMPT;
      else if (thread == RG_THREAD_CLIENT &&
               holds(ctx, RG_WFACT_OVERRIDE, &missing) && ctx->allow_writes)
        out->reason= RG_WREASON_OVERRIDE;
      else if (ctx->mode == RG_WRITES_WARN)
        out->reason= RG_WREASON_WARN_MODE;
      else
        out->reason= RG_WREASON_REPLICATED;
    }
  }
  out->action= reasons[out->reason].action;
  out->errant= reasons[out->reason].errant;
  return missing;
}

unsigned rg_writes_needs(const rg_writes_context *ctx)
{
  rg_writes_decision unused;
  return walk(ctx, &unused);
}

rg_decision rg_writes_decide(const rg_writes_context *ctx,
                             rg_writes_decision *out)
{
  walk(ctx, out);
  return out->action;
}

const char *rg_writes_reason_name(rg_writes_reason reason)
{
  return (unsigned) reason < RG_WREASON__COUNT ? reasons[reason].name : "?";
}

const char *rg_writes_mode_name(rg_writes_mode mode)
{
  static const char *const names[]= { "ALLOW", "WARN", "REFUSE" };
  return (unsigned) mode < 3 ? names[mode] : "?";
}

const char *rg_writes_log_lead(const rg_writes_decision *d)
{
  return (unsigned) d->reason < RG_WREASON__COUNT
         ? reasons[d->reason].log_lead : NULL;
}

void rg_writes_show_name(const char *name, size_t length, char *out,
                         size_t size)
{
  size_t n= 0;
  if (!size)
    return;
  for (size_t i= 0; i < length && i < 64 && n + 1 < size; i++)
  {
    unsigned char c= (unsigned char) name[i];
    out[n++]= c >= 0x20 && c < 0x7F && c != '\\' && c != '\'' &&
              c != '"' ? (char) c : '?';
  }
  out[n]= '\0';
}

void rg_writes_message(const char *db, size_t db_length, const char *table,
                       size_t table_length, char *out, size_t size)
{
  char db_shown[80], table_shown[80];
  if (!db_length)
  {
    snprintf(out, size,
             "replica_guard: this server is a one-way replica and the "
             "tables this DDL changes cannot be told before it runs "
             "(replica_guard_replica_writes=REFUSE). Send it as a statement "
             "of its own naming its tables, or connect to the primary");
    return;
  }
  rg_writes_show_name(db, db_length, db_shown, sizeof(db_shown));
  rg_writes_show_name(table, table_length, table_shown, sizeof(table_shown));
  snprintf(out, size,
           "replica_guard: this server is a one-way replica: direct changes "
           "to %s.%s are refused here (replica_guard_replica_writes=REFUSE). "
           "Connect to the primary instead",
           db_shown, table_shown);
}
