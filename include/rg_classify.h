/*
  replica_guard statement classifier: the pure-C core of the statement filter.

  Contract
  - Input is (pointer, length): the text need not end in NUL and may contain
    NUL bytes, invalid UTF-8, unterminated strings or comments; any byte
    sequence is valid input.
  - No allocation, no global state, no locks; every call is independent and
    thread-safe.  Work is linear in the input length (a bounded, fixed-size
    stack buffer is used to decode string literals of PREPARE/EXECUTE
    IMMEDIATE).
  - Tokenisation follows MariaDB 10.11's own lexer (sql/sql_lex.cc) for the
    session's character_set_client and sql_mode: comments, executable
    comments, quoting and escapes are handled exactly as the server does, so
    a statement is classified by what the server would execute.
  - The result is the first guarded statement found (in a multi-statement
    packet or inside a compound statement), or RG_VERB_NONE.
  - Fail closed: where a statement may start is over-approximated (after
    ';', and after every token that starts one inside a compound statement,
    also outside one), so text the server rejects as a syntax error may be
    reported; text the server runs is never missed. Where the server's
    reading depends on something the options do not say ("/ *!99997" runs
    on Galera nodes only), every reading is followed.
*/
#ifndef RG_CLASSIFY_H
#define RG_CLASSIFY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a guarded statement does. Bit (1 << verb) is its mask bit. */
typedef enum rg_verb
{
  RG_VERB_NONE= 0,     /* nothing guarded: let it run */
  RG_VERB_CREATE,
  RG_VERB_DROP,
  RG_VERB_ALTER,
  RG_VERB_RENAME,
  RG_VERB_TRUNCATE,
  RG_VERB_DYNAMIC      /* dynamic SQL whose text cannot be known (see below) */
} rg_verb;

#define RG_VERB_BIT(v) (1U << (v))
/* The verbs replica_guard_filtered_commands can name. */
#define RG_VERB_ALL_STATIC \
  (RG_VERB_BIT(RG_VERB_CREATE) | RG_VERB_BIT(RG_VERB_DROP) | \
   RG_VERB_BIT(RG_VERB_ALTER) | RG_VERB_BIT(RG_VERB_RENAME) | \
   RG_VERB_BIT(RG_VERB_TRUNCATE))

/* The object a guarded statement acts on, for messages. */
typedef enum rg_object
{
  RG_OBJ_UNKNOWN= 0,
  RG_OBJ_TABLE,
  RG_OBJ_TEMPORARY_TABLE,
  RG_OBJ_DATABASE,          /* DATABASE or SCHEMA */
  RG_OBJ_INDEX,
  RG_OBJ_VIEW,
  RG_OBJ_PROCEDURE,
  RG_OBJ_FUNCTION,          /* stored function or UDF (... SONAME) */
  RG_OBJ_TRIGGER,
  RG_OBJ_EVENT,
  RG_OBJ_SEQUENCE,
  RG_OBJ_USER,
  RG_OBJ_ROLE,
  RG_OBJ_SERVER,
  RG_OBJ_PACKAGE,
  RG_OBJ_PACKAGE_BODY,
  RG_OBJ_TABLESPACE,
  RG_OBJ_LOGFILE_GROUP,
  RG_OBJ__COUNT
} rg_object;

/*
  How the lexer treats the bytes of character_set_client.
  - RG_CS_SJIS, RG_CS_GBK, RG_CS_BIG5: a multi-byte character's trailing
    byte can be an ASCII byte such as '\\' (0x5C), '@' or '`'.
  - Every other character set MariaDB accepts as character_set_client only
    uses bytes >= 0x80 inside multi-byte characters. Most of them
    (utf8mb3, utf8mb4, ascii, binary, ujis, euckr, gb2312, koi8r, ...) give
    no byte >= 0x80 a lexical meaning: RG_CS_ASCII_SAFE.
  - The single-byte sets below make some byte >= 0x80 (or 0x7F) lexically
    special, per their ctype table: whitespace (0xA0 or 0xFF), or a control
    character that ends "--" and so opens a comment. Each class is named
    after one of its sets; rg_charset_from_name() knows them all.
*/
typedef enum rg_charset
{
  RG_CS_ASCII_SAFE= 0,
  RG_CS_SJIS,               /* sjis and cp932 */
  RG_CS_GBK,
  RG_CS_BIG5,
  RG_CS_LATIN1,             /* latin1 latin5 dec8 greek armscii8 geostd8 */
  RG_CS_LATIN2,             /* latin2 */
  RG_CS_LATIN7,             /* latin7 */
  RG_CS_CP1250,             /* cp1250 */
  RG_CS_HEBREW,             /* hebrew */
  RG_CS_CP852,              /* cp852 cp866 keybcs2 */
  RG_CS_CP1251,             /* cp1251 cp1257 macce */
  RG_CS_CP850,              /* cp850 */
  RG_CS_HP8,                /* hp8 */
  RG_CS_MACROMAN,           /* macroman */
  RG_CS_SWE7,               /* swe7: 7-bit; [ ] ^ { } ~ are letters (so
                               identifier bytes), and so are @ \ ` |
                               to my_isalnum() (user@host names); bytes
                               >= 0x80 are no letters */
  RG_CS__COUNT
} rg_charset;

/*
  Maps a MariaDB character set name ("sjis", "utf8mb4", ...), compared
  case-insensitively, to its class; unknown names give RG_CS_ASCII_SAFE.
*/
rg_charset rg_charset_from_name(const char *name, size_t length);

/* sql_mode bits that change tokenisation. */
#define RG_MODE_ANSI_QUOTES           (1U << 0)
#define RG_MODE_NO_BACKSLASH_ESCAPES  (1U << 1)
/* sql_mode bits that change what a statement does. Without
   NO_AUTO_CREATE_USER a GRANT of privileges creates the accounts it names
   that do not exist: reported as CREATE USER unless this bit is set and
   the GRANT is the first statement of the packet (no SET before it). */
#define RG_MODE_NO_AUTO_CREATE_USER   (1U << 8)

typedef struct rg_classify_options
{
  rg_charset charset;
  unsigned sql_mode;            /* RG_MODE_* bits */
  unsigned long server_version; /* MYSQL_VERSION_ID, e.g. 101118: decides
                                   which executable comments are executed */
  unsigned verbs;               /* RG_VERB_BIT()s to report; others pass */
  unsigned execute_names;       /* non-zero: report EXECUTE name as
                                   RG_DYN_PREPARED (for the statements of
                                   stored programs, where no event shows
                                   the prepared statement it runs) */
} rg_classify_options;

/* Why RG_VERB_DYNAMIC was reported. */
typedef enum rg_dynamic_kind
{
  RG_DYN_NONE= 0,
  RG_DYN_VARIABLE,    /* PREPARE ... FROM @var / EXECUTE IMMEDIATE @var:
                         var_offset/var_length name the variable (without
                         the '@' and without quotes) so the caller may look
                         its value up and classify that text instead. Only
                         for the first statement of the packet: a later one
                         could see a value set by an earlier statement, so
                         it is RG_DYN_EXPRESSION */
  RG_DYN_EXPRESSION,  /* FROM/IMMEDIATE an expression other than literals;
                         BINLOG 'base64' carrying a Query event, or any
                         BINLOG this reader cannot follow (escapes, bytes
                         that are not base64) */
  RG_DYN_TOO_LONG,    /* a literal whose decoded text does not fit the
                         decoding buffer, when its prefix does not decide
                         (the prefix holds no guarded statement and the
                         first statement does not start with a keyword that
                         rules one out, such as SELECT or INSERT) */
  RG_DYN_BINLOG,      /* BINLOG @a, @b (what mariadb-binlog writes for an
                         event too large for one statement): the events are
                         the two variables' values, concatenated; var_offset/
                         var_length name a, var2_offset/var2_length name b
                         (var_quoted: either was quoted). The caller checks
                         the values with rg_binlog_check(). Only for the
                         first statement of the packet; elsewhere
                         RG_DYN_EXPRESSION */
  RG_DYN_PREPARED     /* EXECUTE name, with opt->execute_names only:
                         var_offset/var_length name the prepared statement
                         (without quotes; var_quoted when it was quoted, a
                         doubled quote inside standing for one) so the
                         caller may look it up. Only for the first
                         statement of the packet, outside compound
                         statements; elsewhere RG_DYN_EXPRESSION */
} rg_dynamic_kind;

typedef struct rg_verdict
{
  rg_verb verb;
  rg_object object;
  rg_dynamic_kind dynamic;
  size_t stmt_offset;     /* the guarded statement within the input */
  size_t stmt_length;
  size_t var_offset;      /* RG_DYN_VARIABLE only: name within the input */
  size_t var_length;
  unsigned char var_quoted; /* the name was quoted: @`a b`, @'x', @"x" */
  size_t var2_offset;     /* RG_DYN_BINLOG only: the second variable */
  size_t var2_length;
  unsigned char after_settings; /* rg_classify_packet_rest() only: found
                                   under settings an earlier statement of
                                   the packet may set */
} rg_verdict;

/*
  name[0..length) (any ASCII case) is a table of the mysql schema that
  defines objects: mysql.proc, event, func, servers, plugin, global_priv,
  user and the other privilege tables. A row written to one creates,
  changes or drops what it defines, so DML on them counts as the CREATE
  (DELETE, TRUNCATE: the DROP) it amounts to. Returns 1 and sets *object
  to the kind of object it defines; 0 for any other name.
*/
int rg_object_table(const char *name, size_t length, rg_object *object);

/*
  Classifies the packet q[0..len).
  Fills *verdict and returns verdict->verb: RG_VERB_NONE when nothing in the
  packet is a statement whose verb is in opt->verbs (dynamic SQL is reported
  when RG_VERB_BIT(RG_VERB_DYNAMIC) is in opt->verbs).
  Which statement: the first one with a static verb (CREATE ... TRUNCATE)
  if any; otherwise the first RG_DYN_EXPRESSION or RG_DYN_TOO_LONG one;
  otherwise the RG_DYN_VARIABLE, RG_DYN_BINLOG or RG_DYN_PREPARED one. So
  a caller that replaces such a verdict by the verdict on the variable's value or on the
  prepared statement skips no other statement of the packet.
  String literals of PREPARE/EXECUTE IMMEDIATE are classified as the text
  they are (decoded as the server does); a guarded statement in them is
  reported with the offsets of the PREPARE/EXECUTE statement.
*/
rg_verb rg_classify(const char *q, size_t len, const rg_classify_options *opt,
                    rg_verdict *verdict);

/*
  The base64 text of a BINLOG statement, given as n_parts pieces to be read
  as one (BINLOG @a, @b: the two values): returns 1 when an event the
  server would apply runs statement text (a Query event), or when the text
  is not followed exactly (not base64); 0 when it carries only format
  description and row events up to the first event the server refuses.
  Linear, no allocation; a NULL part is empty.
*/
int rg_binlog_check(const char *const *parts, const size_t *lengths,
                    unsigned n_parts);

/* Upper-case names for messages: "CREATE", "TABLE", "TEMPORARY TABLE". */
const char *rg_verb_name(rg_verb verb);
const char *rg_object_name(rg_object object);

#ifdef __cplusplus
}
#endif
#endif
