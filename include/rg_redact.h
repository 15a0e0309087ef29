/*
  replica_guard redaction: the excerpt of a statement that people may see.
  Every place that shows statement text (the error log's refused, warned
  and allowed lines, the comment a refused statement's SIGNAL carries into
  server_audit, the slow log and performance_schema, and
  information_schema.REPLICA_GUARD_REFUSALS) shows rg_redact()'s output and
  nothing else of the statement.

  Contract
  - Input is (pointer, length): any bytes, in any character set the client
    may use and under any sql_mode; it need not end in NUL.
  - No allocation, no global state, no lock; linear in the input.
  - Fail safe, without lexing: the excerpt ends, with the marker
    "<redacted>", before
      - the first ' or " byte anywhere (every string literal of every
        charset and sql_mode starts with one: 'x', "x", N'x', X'..', B'..',
        _charset'x'; so does every password and every patient name written
        as a literal, and the text of dynamic SQL);
      - the first password keyword, PASSWORD or IDENTIFIED, matched
        case-insensitively anywhere, even inside a longer word (IDENTIFIED
        BY/VIA/WITH ... USING/AS, PASSWORD(...), OLD_PASSWORD(...), SET
        PASSWORD, MASTER_PASSWORD=, OPTIONS (PASSWORD ...)).
    A number (a digit that does not continue a word: decimal, 0x.. hex,
    0b.. bits, 1e5, an executable comment's version) is shown as a single '?',
    with the letters, digits, '_', '$' and '.' that follow it: no digit of
    a literal value (CHAR(112, 119), 0x7077) reaches the output.
  - The output is printable ASCII only (0x20..0x7E): a control byte
    becomes a space (one byte, one space: the excerpt stays one line), any
    other byte (>= 0x80: multi-byte characters of every charset, whose
    trailing bytes the excerpt never lets pair with anything) a '?'. It
    never holds "/" next to "*" in either order (a space is put between):
    placed inside a comment, nothing of it can close that comment or open
    another one.
  - At most RG_REDACT_SHOWN(size) bytes of excerpt, then the marker when
    cut, then a NUL; always NUL-terminated when size > 0.
*/
#ifndef RG_REDACT_H
#define RG_REDACT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RG_REDACT_MARKER "<redacted>"
/* " <redacted>": the room always kept for the marker. */
#define RG_REDACT_MARKER_ROOM (sizeof(RG_REDACT_MARKER))
/* The excerpt bytes an output buffer of size bytes can show. */
#define RG_REDACT_SHOWN(size) \
  ((size) > RG_REDACT_MARKER_ROOM + 1 ? (size) - RG_REDACT_MARKER_ROOM - 1 : 0)
/* The output size that shows n bytes of excerpt. */
#define RG_REDACT_SIZE(n) ((n) + RG_REDACT_MARKER_ROOM + 1)

/* rg_redact()'s result bits. */
#define RG_REDACT_CUT       (1U << 0) /* a literal or password keyword was
                                         reached: the marker ends the
                                         output */
#define RG_REDACT_TRUNCATED (1U << 1) /* the room ran out first: more of
                                         the statement was not shown */

/*
  Writes the redacted excerpt of q[0..len) to out[0..size) (see the
  contract above) and returns its RG_REDACT_* bits; *out_len, when not
  NULL, gets the output's length (without the NUL).
*/
unsigned rg_redact(const char *q, size_t len, char *out, size_t size,
                   size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif
