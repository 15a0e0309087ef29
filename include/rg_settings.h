/*
  replica_guard settings: parsing and matching of replica_guard_exempt_users.

  Contract: no allocation, no global state; an rg_user_list is a plain value
  the caller owns. Parsing has no side effect on failure (the output is only
  written when the whole text is valid), so a check function can call it
  and reject a bad value while the current one stays in force.
*/
#ifndef RG_SETTINGS_H
#define RG_SETTINGS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RG_MAX_USER_PATTERNS 64
#define RG_USER_LEN   129    /* 128 bytes + NUL, as in mysql.user */
#define RG_HOSTPAT_LEN 256

/* One user@host pattern; '%' and '_' are wildcards as in account names. */
typedef struct rg_user_pattern
{
  char user[RG_USER_LEN];     /* "" matches the anonymous user only */
  char host[RG_HOSTPAT_LEN];
} rg_user_pattern;

typedef struct rg_user_list
{
  unsigned count;
  rg_user_pattern patterns[RG_MAX_USER_PATTERNS];
} rg_user_list;

/*
  Parses a comma-separated list of accounts in the forms MariaDB accepts in
  GRANT: user, user@host, 'user'@'host', `user`@`host`, "user"@"host"
  (a missing or empty host means '%'). Whitespace around items and '@' is
  ignored; an empty text is an empty list. Quoted names take doubled quotes
  and, inside '...' and "...", SQL backslash escapes (\% and \_ keep their
  backslash); unquoted names are limited to [A-Za-z0-9_$.%-] (and ':' in
  hosts). Returns 0 and fills *out, or returns -1 and writes a one-line
  reason ("item N at position P: ...", both 1-based) to err[0..err_len).
*/
int rg_user_list_parse(const char *text, size_t length, rg_user_list *out,
                       char *err, size_t err_len);

/*
  True when the authenticated account user@host (CURRENT_USER(): the user
  and host columns of the mysql.user row the server logged the session in
  as, so host may hold wildcards, as in 'dba'@'%') is named by the list: a
  pattern with exactly that user (case-sensitive; "" only for the
  anonymous account) whose host pattern admits every host the account's
  host admits (rg_wild_covers(), case-insensitive). The name a client
  typed at login plays no part: someone typing -u dba who is logged in as
  the anonymous ''@localhost is ''@localhost here. NULL user or host
  matches nothing.
*/
int rg_user_list_match_account(const rg_user_list *list, const char *user,
                               const char *host);

/* SQL LIKE-style match of '%' and '_' with '\\' escapes, ASCII case folded
   when fold_case is non-zero. */
int rg_wild_match(const char *pattern, const char *str, int fold_case);

/* True when every string host_pattern admits (itself a '%'/'_' pattern
   with '\\' escapes) is admitted by pattern; never true where one is not
   (exotic pairs that do cover may be refused). ASCII case folded when
   fold_case is non-zero. */
int rg_wild_covers(const char *pattern, const char *host_pattern,
                   int fold_case);

#ifdef __cplusplus
}
#endif
#endif
