/*
  replica_guard classifier: the token cursor both statement scanners read
  through, and the token patterns both read alike (rg_scan.h).
*/

#include "rg_scan.h"
#include "rg_hot.h"

RG_HOT
void rg_cursor_init(rg_cursor *C, const rg_classify_options *opt,
                    const unsigned char *s, size_t n, rg_charset cs,
                    unsigned char *dbuf, size_t dcap, int depth, int wsrep,
                    unsigned max_forks, unsigned char *mapbuf)
{
  if ((unsigned) cs >= RG_CS__COUNT)
    cs= RG_CS_ASCII_SAFE;
  C->opt= opt;
  C->s= s;
  C->n= n;
  C->cs= cs;
  C->dbuf= dbuf;
  C->dcap= dcap;
  C->depth= depth;
  C->qh= C->qn= 0;
  C->ntok= 0;
  rg_lexer_init(&C->L, s, n, cs, opt->sql_mode, opt->server_version, wsrep,
                max_forks, mapbuf);
}

void rg_cursor_resume(rg_cursor *C, const rg_fork *f)
{
  rg_lexer_resume(&C->L, f);
  C->qh= C->qn= 0;
  C->ntok= 0;
}

void rg_condition_rest(rg_cursor *C, const rg_tok *t)
{
  if (rg_is_kw(t, KW_SQLSTATE))
  {
    if (rg_is_kw(rg_peek(C, 0), KW_VALUE))
      rg_skip(C, 1);
    if (rg_peek(C, 0)->type == T_STRING)
      rg_skip(C, 1);
  }
  else if (rg_is_kw(t, KW_NOT) && rg_is_kw(rg_peek(C, 0), KW_FOUND))
    rg_skip(C, 1);
}
