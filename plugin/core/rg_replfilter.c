/* replica_guard replication filters: see include/rg_replfilter.h for the
   contract and the server rules emulated. */
#include <stdio.h>
#include <string.h>
#include "rg_replfilter.h"

#define HB_DB    "replica_guard"
#define HB_TABLE "heartbeat"
#define HB_KEY   HB_DB "." HB_TABLE

/* Longest db.table key matched against wild rules: two names of at most
   64 characters of at most 4 bytes, and the dot. Longer keys (no valid
   name is) are cut there. */
#define KEY_MAX (2 * 64 * 4 + 1)

/* ---- lists ------------------------------------------------------------ */

typedef struct list_iter
{
  const char *p;                    /* NULL: no more items */
} list_iter;

static int is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

/* The next item of the list as the server parses it: split at ',', empty
   items skipped, leading blanks skipped. 0 when there is none. */
static int next_item(list_iter *it, const char **item, size_t *len)
{
  while (it->p)
  {
    const char *start= it->p, *comma= strchr(start, ',');
    const char *end= comma ? comma : start + strlen(start);
    it->p= comma ? comma + 1 : NULL;
    if (end == start)
      continue;
    while (start < end && is_blank(*start))
      start++;
    *item= start;
    *len= (size_t) (end - start);
    return 1;
  }
  return 0;
}

static unsigned char fold(unsigned char c)
{
  return c >= 'A' && c <= 'Z' ? (unsigned char) (c + 'a' - 'A') : c;
}

static int equal_ci(const char *a, const char *b, size_t len)
{
  for (size_t i= 0; i < len; i++)
    if (fold((unsigned char) a[i]) != fold((unsigned char) b[i]))
      return 0;
  return 1;
}

/*
  1 when the list has an item: any item of a database list, an item with a
  '.' of a table list (the only valid ones there).
*/
static int has_items(const char *list, int table_list)
{
  list_iter it= { list };
  const char *item;
  size_t n;
  while (next_item(&it, &item, &n))
    if (!table_list || memchr(item, '.', n))
      return 1;
  return 0;
}

/*
  1 when the list has an item equal to name[0..len): byte for byte in a
  database list; in a table list ("db.table" items), case folded.
*/
static int list_has(const char *list, const char *name, size_t len,
                    int table_list)
{
  list_iter it= { list };
  const char *item;
  size_t n;
  while (next_item(&it, &item, &n))
    if (n == len &&
        (table_list ? memchr(item, '.', n) && equal_ci(item, name, n)
                    : !memcmp(item, name, n)))
      return 1;
  return 0;
}

/* ---- wild patterns ---------------------------------------------------- */

/* Bytes of the UTF-8 character starting at s (at least 1, at most what is
   left): '_' matches one character, as in the server's utf8 collation. */
static size_t char_len(const char *s, const char *end)
{
  size_t n= 1;
  while (s + n < end && ((unsigned char) s[n] & 0xC0) == 0x80)
    n++;
  return n;
}

/* LIKE match of [s, se) against pattern [w, we), escape '\'. */
static int wild_match(const char *s, const char *se, const char *w,
                      const char *we)
{
  while (w < we)
  {
    if (*w == '%')
    {
      /* A run of '%' and '_': each '_' still needs one character. */
      while (w < we && (*w == '%' || *w == '_'))
      {
        if (*w == '_')
        {
          if (s == se)
            return 0;
          s+= char_len(s, se);
        }
        w++;
      }
      if (w == we)
        return 1;
      for (;; s+= char_len(s, se))
      {
        if (wild_match(s, se, w, we))
          return 1;
        if (s == se)
          return 0;
      }
    }
    if (s == se)
      return 0;
    if (*w == '_')
    {
      s+= char_len(s, se);
      w++;
      continue;
    }
    if (*w == '\\' && w + 1 < we)
      w++;
    if (fold((unsigned char) *s) != fold((unsigned char) *w))
      return 0;
    s++;
    w++;
  }
  return s == se;
}

/* ---- the two steps ---------------------------------------------------- */

/* Rpl_filter::db_ok(): name NULL is "no database" and passes. */
static rg_repl_verdict db_step(const rg_repl_filters *f, const char *name,
                               size_t len)
{
  if (!name)
    return RG_REPL_PASS;
  if (has_items(f->do_db, 0))
    return list_has(f->do_db, name, len, 0) ? RG_REPL_PASS : RG_REPL_DO_DB;
  if (list_has(f->ignore_db, name, len, 0))
    return RG_REPL_IGNORE_DB;
  return RG_REPL_PASS;
}

/* The first item of a wild list matching key, or NULL; its length in
   *len. */
static const char *list_match_wild(const char *list, const char *key,
                                   size_t key_len, size_t *len)
{
  list_iter it= { list };
  const char *item;
  while (next_item(&it, &item, len))
    if (memchr(item, '.', *len) &&
        wild_match(key, key + key_len, item, item + *len))
      return item;
  return NULL;
}

/* Builds "db.table" into key (KEY_MAX + 1 bytes); returns its length. */
static size_t make_key(char *key, const char *db, size_t db_len,
                       const char *table, size_t table_len)
{
  size_t n= 0;
  for (size_t i= 0; i < db_len && n < KEY_MAX; i++)
    key[n++]= db[i];
  if (n < KEY_MAX)
    key[n++]= '.';
  for (size_t i= 0; i < table_len && n < KEY_MAX; i++)
    key[n++]= table[i];
  key[n]= '\0';
  return n;
}

/* Rpl_filter::tables_ok() for one changed table. The wild pattern that
   matched (if any) is returned in *pattern, *pattern_len. */
static rg_repl_verdict table_step(const rg_repl_filters *f, const char *key,
                                  size_t key_len, const char **pattern,
                                  size_t *pattern_len)
{
  int has_do= has_items(f->do_table, 1) || has_items(f->wild_do_table, 1);
  size_t len;
  *pattern= NULL;
  *pattern_len= 0;
  if (list_has(f->do_table, key, key_len, 1))
    return RG_REPL_PASS;
  if (list_has(f->ignore_table, key, key_len, 1))
    return RG_REPL_IGNORE_TABLE;
  if (list_match_wild(f->wild_do_table, key, key_len, &len))
    return RG_REPL_PASS;
  if ((*pattern= list_match_wild(f->wild_ignore_table, key, key_len, &len)))
  {
    *pattern_len= len;
    return RG_REPL_WILD_IGNORE_TABLE;
  }
  return has_do ? RG_REPL_NO_DO_TABLE : RG_REPL_PASS;
}

/* ---- the public functions --------------------------------------------- */

rg_repl_verdict rg_repl_filters_verdict(const rg_repl_filters *f,
                                        const char *db, size_t db_len,
                                        const char *table, size_t table_len,
                                        int statement_based,
                                        const char *default_db,
                                        size_t default_db_len)
{
  char key[KEY_MAX + 1];
  size_t key_len;
  const char *pattern;
  size_t pattern_len;
  rg_repl_verdict v;
  if (statement_based)
  {
    v= db_step(f, default_db_len ? default_db : NULL, default_db_len);
    if (!db_len)
    {
      db= default_db;
      db_len= default_db_len;
    }
  }
  else
    v= db_step(f, db ? db : "", db_len);
  if (v != RG_REPL_PASS || !table_len)
    return v;
  key_len= make_key(key, db, db_len, table, table_len);
  return table_step(f, key, key_len, &pattern, &pattern_len);
}

int rg_repl_filters_pass(const rg_repl_filters *f,
                         const char *db, size_t db_len,
                         const char *table, size_t table_len,
                         int statement_based,
                         const char *default_db, size_t default_db_len)
{
  return rg_repl_filters_verdict(f, db, db_len, table, table_len,
                                 statement_based, default_db,
                                 default_db_len) == RG_REPL_PASS;
}

const char *rg_repl_verdict_option(rg_repl_verdict v)
{
  switch (v)
  {
  case RG_REPL_PASS: return NULL;
  case RG_REPL_DO_DB: return "replicate-do-db";
  case RG_REPL_IGNORE_DB: return "replicate-ignore-db";
  case RG_REPL_IGNORE_TABLE: return "replicate-ignore-table";
  case RG_REPL_WILD_IGNORE_TABLE: return "replicate-wild-ignore-table";
  case RG_REPL_NO_DO_TABLE: return "replicate-do-table";
  }
  return NULL;
}

/* Appends to out[size] at *at, truncating; out stays NUL-terminated. */
static void append(char *out, size_t size, size_t *at, const char *fmt,
                   const char *a, int a_len, const char *b, int b_len)
{
  int n;
  if (*at >= size - 1)
    return;
  n= snprintf(out + *at, size - *at, fmt, a_len, a, b_len, b);
  if (n > 0)
    *at+= (size_t) n < size - *at ? (size_t) n : size - *at - 1;
}

#define STR(s) (s), (int) strlen(s)

const char *rg_repl_filters_heartbeat_advice_for(const rg_repl_filters *f,
                                                 const char *connection_name,
                                                 char *out, size_t size)
{
  char prefix[80];
  const char *pattern;
  size_t pattern_len, at= 0;
  rg_repl_verdict dv, tv;
  if (!size)
    return NULL;
  /* The writer's default database is the table's, so statement and row
     events meet the same rules: one evaluation of each step covers both. */
  dv= db_step(f, HB_DB, sizeof(HB_DB) - 1);
  tv= table_step(f, HB_KEY, sizeof(HB_KEY) - 1, &pattern, &pattern_len);
  if (dv == RG_REPL_PASS && tv == RG_REPL_PASS)
    return NULL;
  snprintf(prefix, sizeof(prefix), "%s%s",
           connection_name ? connection_name : "",
           connection_name && *connection_name ? "." : "");
  out[0]= '\0';
  switch (dv)
  {
  case RG_REPL_DO_DB:
    append(out, size, &at, "replicate-do-db=%.*s drops " HB_KEY
           ": add the my.cnf line %.*sreplicate-do-db=" HB_DB,
           STR(f->do_db), STR(prefix));
    break;
  case RG_REPL_IGNORE_DB:
    append(out, size, &at, "replicate-ignore-db=%.*s drops " HB_KEY
           ": remove the my.cnf line %.*sreplicate-ignore-db=" HB_DB,
           STR(f->ignore_db), STR(prefix));
    break;
  default:
    break;
  }
  if (tv != RG_REPL_PASS && at)
    append(out, size, &at, "%.*s%.*s", STR("; "), STR(""));
  switch (tv)
  {
  case RG_REPL_IGNORE_TABLE:
    append(out, size, &at, "replicate-ignore-table=%.*s drops " HB_KEY
           ": remove " HB_KEY " from %.*sreplicate-ignore-table",
           STR(f->ignore_table), STR(prefix));
    break;
  case RG_REPL_WILD_IGNORE_TABLE:
    if (has_items(f->do_table, 1) || has_items(f->wild_do_table, 1))
      append(out, size, &at, "replicate-wild-ignore-table=%.*s drops "
             HB_KEY ": add the my.cnf line %.*s"
             "replicate-wild-do-table=" HB_DB ".%%",
             pattern, (int) pattern_len, STR(prefix));
    else
      append(out, size, &at, "replicate-wild-ignore-table=%.*s drops "
             HB_KEY ": remove or narrow the my.cnf line "
             "%.*sreplicate-wild-ignore-table",
             pattern, (int) pattern_len, STR(prefix));
    break;
  case RG_REPL_NO_DO_TABLE:
    if (has_items(f->wild_do_table, 1))
      append(out, size, &at, "replicate-wild-do-table=%.*s drops " HB_KEY
             ": add the my.cnf line %.*sreplicate-wild-do-table="
             HB_DB ".%%", STR(f->wild_do_table), STR(prefix));
    else
      append(out, size, &at, "replicate-do-table=%.*s drops " HB_KEY
             ": add the my.cnf line %.*sreplicate-do-table=" HB_KEY,
             STR(f->do_table), STR(prefix));
    break;
  default:
    break;
  }
  return out;
}

const char *rg_repl_filters_heartbeat_advice(const rg_repl_filters *f,
                                             char *out, size_t size)
{
  return rg_repl_filters_heartbeat_advice_for(f, NULL, out, size);
}
