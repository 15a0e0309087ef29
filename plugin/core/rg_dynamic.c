/*
  replica_guard classifier: the text of dynamic SQL, as both statement
  scanners read it (rg_scan.h): the heads of PREPARE ... FROM and EXECUTE
  IMMEDIATE, their string literals decoded as the server decodes them, and
  the names of user variables.
*/

#include "rg_scan.h"

int rg_dynamic_head(rg_cursor *C, int execute)
{
  const rg_tok *n= rg_peek(C, 0);
  if (execute)
  {
    if (!rg_is_kw(n, KW_IMMEDIATE))
      return 0;
    rg_skip(C, 1);
    return 1;
  }
  if (!rg_is_name(n) || rg_is_kw(n, KW_FROM) ||
      !rg_is_kw(rg_peek(C, 1), KW_FROM))
    return 0;
  rg_skip(C, 2);
  return 1;
}

int rg_var_name(const rg_cursor *C, const rg_tok *name, rg_var *v)
{
  if (name->type == T_HOST)
  {
    v->off= name->off;
    v->len= name->len;
    v->quoted= 0;
    /* my_isalnum() of a following byte >= 0x80 is charset specific */
    return v->len > 0 &&
           (v->off + v->len >= C->n || C->s[v->off + v->len] < 0x80);
  }
  if (name->type == T_STRING || name->type == T_QIDENT)
  {
    v->off= name->off + 1;
    v->len= name->len - 2;
    v->quoted= 1;
    return 1;
  }
  return 0;
}

/*
  my_unescape() of the literal token t into C->dbuf at *len; 1 when it did
  not fit (the prefix is kept).
*/
static int rg_decode(rg_cursor *C, const rg_tok *t, size_t *len)
{
  const unsigned char *p= C->s + t->off + (t->type == T_NSTRING ? 2 : 1);
  const unsigned char *end= C->s + t->off + t->len - 1;
  unsigned char *to= C->dbuf + *len, *to_end= C->dbuf + C->dcap;
  unsigned sep= t->ch;
  int full= 0;
  for (; p < end; p++)
  {
    unsigned c= *p;
    int l;
    if (to >= to_end)
    {
      full= 1;
      break;
    }
    if (c >= 0x80 && C->L.mb && (l= rg_charlen(C->L.mb, p, end)) > 1)
    {
      while (l-- && to < to_end)
        *to++= *p++;
      p--;
      continue;
    }
    if (C->L.backslash && c == '\\' && p + 1 != end)
    {
      c= *++p;
      switch (c)
      {
      case 'n': c= '\n'; break;
      case 't': c= '\t'; break;
      case 'r': c= '\r'; break;
      case 'b': c= '\b'; break;
      case '0': c= 0; break;
      case 'Z': c= 032; break;
      case '_': case '%':
        *to++= '\\';
        if (to >= to_end)
        {
          full= 1;
          goto done;
        }
        break;
      default:
        break;
      }
      *to++= (unsigned char) c;
    }
    else if (c == sep)
      *to++= *p++;                      /* doubled quote */
    else
      *to++= (unsigned char) c;
  }
done:
  *len= (size_t) (to - C->dbuf);
  return full;
}

int rg_literal_text(rg_cursor *C, int execute, rg_literal *lit)
{
  const rg_tok *t= rg_peek(C, 0);
  const rg_tok *e;
  int cls, converted= 0, have_high= 0, wide= 0;
  size_t i;

  cls= C->cs;
  if ((t->type == T_WORD || t->type == T_IDENT) && t->len > 1 &&
      C->s[t->off] == '_' && rg_peek(C, 1)->type == T_STRING)
  {
    cls= rg_charset_lookup(C->s + t->off + 1, t->len - 1);
    if (cls == RG_CS_NAME_UNKNOWN)
      return 0;                         /* the server reads an identifier */
    if (cls == RG_CS_NAME_WIDE)
      wide= 1;
    else if (cls == RG_CS_NAME_BINARY)
      cls= C->cs;                       /* _binary is not converted */
    else
      converted= 1;
    rg_skip(C, 1);
  }
  else if (t->type == T_NSTRING)
  {
    cls= RG_CS_ASCII_SAFE;              /* utf8mb3 */
    converted= 1;
  }
  else if (t->type != T_STRING)
    return 0;
  lit->len= 0;
  lit->full= 0;
  do
  {
    rg_tok l;
    rg_next(C, &l);
    if (!lit->full)
      lit->full= rg_decode(C, &l, &lit->len);
  } while (rg_peek(C, 0)->type == T_STRING);

  e= rg_peek(C, 0);
  lit->more= !rg_is_end(e) && !(execute && rg_is_kw(e, KW_USING));

  for (i= 0; i < lit->len && !have_high; i++)
    have_high= C->dbuf[i] >= 0x80;
  if (wide)
  {
    /*
      Converted from two or four bytes per character: the ASCII characters
      of the result are the non-zero bytes of theirs, so the words sought
      survive dropping the zero bytes.
    */
    size_t o= 0;
    for (i= 0; i < lit->len; i++)
      if (C->dbuf[i])
        C->dbuf[o++]= C->dbuf[i];
    lit->len= o;
    cls= -1;
  }
  else if (converted)
  {
    /*
      The value is converted from the introducer's set to
      character_set_client before it is parsed: ASCII stays ASCII and the
      introducer's multi-byte structure decides where characters are. In
      a client set where some byte >= 0x80 is whitespace or a control
      character, what the converted characters become is not known here.
    */
    if (!have_high)
      cls= C->cs;
    else if (C->cs >= RG_CS_LATIN1)
      cls= -1;
    else
      cls= rg_mb_of((rg_charset) cls);
  }
  lit->cls= C->depth + 1 >= RG_MAX_DEPTH ? -1 : cls;
  return 1;
}
