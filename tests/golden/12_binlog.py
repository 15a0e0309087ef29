#!/usr/bin/env python3
# Writes 12_binlog.txt: golden cases of BINLOG statements, with binary-log
# events made here (v4 headers; bodies are only as real as the classifier
# needs: it reads each event's type and length). With --check, writes
# nothing and fails unless 12_binlog.txt is what it would write.
import base64, os, struct, sys
def ev(t, body=b'', ln=None):
    l = 19 + len(body) if ln is None else ln
    return struct.pack('<IBIIIH', 0, t, 1, l, 0, 0) + body
fd = ev(15, b'\x04\x00' + b'10.11.18-MariaDB'.ljust(50, b'\0') + b'\0'*4 + b'\x13' + bytes(40))
tm = ev(19, bytes(20))
wr = ev(30, bytes(25))
q = ev(2, b'\0'*13 + b'test\0DROP TABLE t1')
xid = ev(16, bytes(8))
short = ev(30, b'', ln=10)
def b64(x, width=76):
    s = base64.b64encode(x).decode()
    return '\n'.join(s[i:i+width] for i in range(0, len(s), width))
out = []
def case(title, text, exp):
    out.append('# %s\n--INPUT--\n%s\n--EXPECTED--\n%s\n' % (title, text, exp))
case('FD, table map and row events, as mariadb-binlog writes them: nothing to report',
     "BINLOG '\n%s\n'" % b64(fd+tm+wr), 'NONE')
case('the same in lower case, on one line, then a second statement',
     "binlog '%s'; SELECT 1" % b64(fd+tm+wr, 10**6), 'NONE')
case('a Query event carries statement text: reported as dynamic SQL',
     "BINLOG '\n%s\n'" % b64(fd+q), 'DYNAMIC EXPRESSION stmt=0+%d' % (len("BINLOG '\n%s\n'" % b64(fd+q))))
case('several base64 chunks (padding inside): the Query event in the second is found',
     "BINLOG '%s\n%s'" % (b64(fd+tm+wr+tm), b64(q)), 'DYNAMIC EXPRESSION')
assert len(fd+tm+wr+tm) % 3, 'the first chunk must end in padding'
case('the server stops at an event a BINLOG statement may not apply (XID): what follows never runs',
     "BINLOG '%s'" % b64(fd+xid+q, 10**6), 'NONE')
case('an event shorter than a header: the server stops there too',
     "BINLOG '%s'" % b64(fd+short+q, 10**6), 'NONE')
case('a Query event after a truncated one: fail closed',
     "BINLOG '%s'" % b64(fd+q[:15], 10**6), 'DYNAMIC EXPRESSION')
case('fragments in user variables (mariadb-binlog for huge events): the caller checks their values',
     "BINLOG @binlog_fragment_0, @binlog_fragment_1", 'DYNAMIC BINLOG name=binlog_fragment_0 name2=binlog_fragment_1 stmt=0+45')
case('quoted names', "BINLOG @`f 0`, @'f1';", 'DYNAMIC BINLOG name=f 0 name2=f1 quoted')
case('not the first statement: a variable may change before it runs',
     "SET @f= 1; BINLOG @f0, @f1", 'DYNAMIC EXPRESSION stmt=11+15')
case('one fragment only: a syntax error, nothing runs', "BINLOG @f0", 'DYNAMIC EXPRESSION')
case('an escape in the literal: not followed',
     "BINLOG 'AAAA\\nAAAA'", 'DYNAMIC EXPRESSION')
case('a byte that is not base64: not followed',
     "BINLOG 'AAAA*AAA'", 'DYNAMIC EXPRESSION')
case('only at a statement start: a SELECT of such a text runs',
     "SELECT 'BINLOG ''%s'''" % b64(fd+q, 10**6), 'NONE')
case('DYNAMIC not asked for: nothing reported', "BINLOG '%s'\n--OPTIONS--\nverbs=DROP" % b64(fd+q, 10**6), 'NONE')
out.append("""# While fenced, a BINLOG statement is a write, whatever its events.
--INPUT--
BINLOG 'AAAA'
--ACCESS--
WRITE
""")
hdr = """# Golden cases for rg_classify(): BINLOG 'base64' statements, checked by
# tests/test_golden.c, whose header describes the format. Written by
# tests/golden/12_binlog.py, which makes the events; a Query event inside is
# reported as dynamic SQL.
"""
text = hdr + '\n' + '\n'.join(out)
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '12_binlog.txt')
if sys.argv[1:] == ['--check']:
    # a ctest: the committed file is what this script writes
    if open(path).read() != text:
        sys.exit('tests/golden/12_binlog.txt is not what 12_binlog.py writes')
else:
    open(path, 'w').write(text)
