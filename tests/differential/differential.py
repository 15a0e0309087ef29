#!/usr/bin/python3
"""
Differential test of replica_guard's filter against the real mariadbd
(tests/differential/run starts the server and calls this).

Random multi-statement COM_QUERY packets, sent byte for byte, mix setting
changes (sql_mode, SET NAMES, SET CHARACTER SET, character_set_client by
name and by number), quotes, escapes, comments, executable comments and
statement separators with guarded statements (CREATE, DROP, ALTER, RENAME,
TRUNCATE of tables, views, routines, triggers, events, sequences, indexes,
databases) on the schemas victim*. They are sent by an account with every
privilege on victim%.* and no administrative one, on a server that is not
a report server, filter ENFORCE, every verb filtered, binary log on.

A finding is a guarded statement the server ran because the filter let it
through, seen two ways: the binary log grew (checked after every packet
the filter let through that holds a guarded word, and at the end: nothing
else in a run writes it), and the objects of victim* changed (a snapshot
of information_schema and of victim.t1's rows, compared every
--snapshot-every packets per worker and at the end). Each finding prints
the worker, the packet's index and bytes (hex), and the packets before it
on that session (the session keeps the settings earlier packets set).

The other way round, benign packets (setting changes and harmless
statements, no guarded word) must run: a refusal of one is a finding too.

With --fenced the fence is raised first (fence mode WRITES), writes
(INSERT, UPDATE, DELETE, REPLACE, NEXTVAL, SETVAL, FOR UPDATE) join the
guarded statements, and a write that runs is a finding the same way.

The packets of worker W are a function of --seed and W alone: rerun with
the printed seed and --workers to reproduce a run; --replay HEX sends one
packet on a fresh session and prints what happened.
"""
import argparse
import os
import random
import re
import sys
import time
import multiprocessing as mp

import pymysql
from pymysql.constants import COMMAND

ER_OPTION_PREVENTS_STATEMENT = 1290
GUARDED_WORD = re.compile(rb"create|drop|alter|rename|truncate", re.I)
# With --fenced, writes are what must not run.
WRITE_WORD = re.compile(rb"create|drop|alter|rename|truncate|insert|update|"
                        rb"delete|replace|nextval|setval|next value", re.I)
# Statements the filter may refuse by design where it cannot know the text
# (dynamic SQL, a compound statement after a settings change): a packet
# holding one is not counted as benign.
NOT_PLAIN = re.compile(rb"execute|prepare|begin|call", re.I)

# ---- what packets are made of ----------------------------------------------

SQL_MODES = [
    b"'NO_BACKSLASH_ESCAPES'", b"'ANSI_QUOTES'", b"'ANSI'", b"'ORACLE'",
    b"'MSSQL'", b"'DB2'", b"'POSTGRESQL'", b"'MAXDB'", b"'TRADITIONAL'",
    b"''", b"DEFAULT", b"'ANSI_QUOTES,NO_BACKSLASH_ESCAPES'",
    b"'TRADITIONAL,NO_BACKSLASH_ESCAPES'", b"concat('ANSI', '_QUOTES')",
    b"concat('NO_BACKSLASH', '_ESCAPES')", b"4", b"2097152", b"2097156",
    b"(SELECT 'ANSI_QUOTES')", b"@@global.sql_mode", b"'ORACLE,ANSI_QUOTES'",
    b"\"NO_BACKSLASH_ESCAPES\"", b"`ANSI`",
    b"'STRICT_TRANS_TABLES,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION'",
]

CHARSETS = [
    b"swe7", b"sjis", b"cp932", b"big5", b"gbk", b"latin1", b"binary",
    b"utf8mb4", b"utf8", b"utf8mb3", b"utf16", b"utf32", b"ucs2", b"ascii",
    b"hebrew", b"cp1250", b"cp1251", b"koi8r", b"euckr", b"ujis", b"gb2312",
    b"macroman", b"hp8", b"cp850", b"latin2", b"latin7", b"cp852",
    b"armscii8", b"geostd8", b"keybcs2", b"dec8", b"greek", b"latin5",
    b"tis620", b"cp1256", b"DEFAULT", b"'swe7'", b"`sjis`", b"\"gbk\"",
]


def charset_numbers(conn):
    """Collation ids by charset, as the server lists them."""
    with conn.cursor() as c:
        c.execute("SELECT CHARACTER_SET_NAME, ID FROM "
                  "information_schema.COLLATIONS WHERE ID IS NOT NULL")
        return [(n.encode() if isinstance(n, str) else n, int(i))
                for n, i in c.fetchall()]


class Generator:
    """The packets of one worker, from its own random stream."""

    def __init__(self, rng, worker, numbers, fenced=False):
        self.r = rng
        self.fenced = fenced
        self.guarded_word = WRITE_WORD if fenced else GUARDED_WORD
        self.worker = worker
        self.numbers = numbers      # (charset name, collation id)
        self.serial = 0

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def ws(self):
        return self.pick([b" ", b" ", b"  ", b"\t", b"\n", b"/**/", b"/* x */",
                          b" -- c\n", b"#c\n", b"\r\n"])

    def kw(self, word):
        """A keyword in a random letter case."""
        r = self.r.random()
        if r < 0.4:
            return word.upper()
        if r < 0.7:
            return word.lower()
        return bytes(c ^ 0x20 if 0x61 <= (c | 0x20) <= 0x7A and
                     self.r.random() < 0.5 else c for c in word)

    # -- statements that change (or may change) the settings
    def setting(self):
        k = self.r.randrange(16)
        scope = self.pick([b"", b"SESSION ", b"@@", b"@@session.",
                           b"LOCAL ", b"@@local."])
        if k < 4:
            return (self.kw(b"SET") + b" " + scope + b"sql_mode" +
                    self.pick([b"=", b" = ", b":=", b"= "]) +
                    self.pick(SQL_MODES))
        if k < 7:
            return self.kw(b"SET NAMES") + b" " + self.pick(CHARSETS)
        if k < 9:
            return (self.kw(b"SET") + self.pick([b" CHARACTER SET ",
                                                 b" CHARSET "]) +
                    self.pick(CHARSETS))
        if k < 11:
            return (self.kw(b"SET") + b" " + scope + b"character_set_client" +
                    self.pick([b"=", b" = "]) + self.pick(CHARSETS))
        if k < 13:
            name, num = self.pick(self.numbers)
            return (self.kw(b"SET") + b" " + scope +
                    b"character_set_client=" + str(num).encode())
        if k == 13:
            return (b"SET NAMES " + self.pick(CHARSETS) + b", sql_mode=" +
                    self.pick(SQL_MODES))
        if k == 14:
            return self.pick([
                b"/*!SET sql_mode=" + self.pick(SQL_MODES) + b"*/",
                b"/*!40101 SET NAMES " + self.pick(CHARSETS) + b" */",
                b"/*M!100100 SET character_set_client=" +
                self.pick(CHARSETS) + b"*/",
                b"SET STATEMENT sql_mode=" + self.pick(SQL_MODES) +
                b" FOR SELECT 1",
                b"SET @a= 1, sql_mode=" + self.pick(SQL_MODES),
                b"SET NAMES " + self.pick([b"latin1 COLLATE latin1_bin",
                                           b"sjis COLLATE sjis_bin",
                                           b"'swe7' COLLATE 'swe7_bin'",
                                           b"gbk COLLATE gbk_bin"]),
                b"SET @cs= " + self.pick([b"'swe7'", b"'sjis'", b"10",
                                          b"'big5'"]) +
                b"; SET character_set_client= @cs",
                b"SET character_set_client= (SELECT 'swe7')",
                b"SET @@session.sql_mode= CONCAT(@@sql_mode, " +
                self.pick([b"',ANSI_QUOTES')", b"',NO_BACKSLASH_ESCAPES')"]),
                b"SET SESSION character_set_client= "
                b"@@global.character_set_client",
            ])
        return self.pick([
            b"CALL victim.p_names()", b"CALL victim.p_mode()",
            b"PREPARE s FROM 'SET NAMES swe7'; EXECUTE s",
            b"EXECUTE IMMEDIATE 'SET sql_mode=''NO_BACKSLASH_ESCAPES'''",
            b"EXECUTE IMMEDIATE \"SET NAMES sjis\"",
            b"BEGIN NOT ATOMIC SET NAMES swe7; END",
            b"DO 1", b"SET @x= 'a'",
        ])

    # -- statements whose quotes read differently under other settings
    def hider(self):
        q = self.pick([b"'", b'"', b"`"])
        return self.pick([
            b"SELECT " + q + b"a\\" + q,
            b"SELECT " + q + b"\\" + q,
            b"SELECT 1, " + q + b"x\\" + q + b" AS c",
            b"SELECT @x\\", b"SELECT a[", b"SELECT @x`", b"SELECT @x|",
            b"SELECT @x]", b"SELECT a{", b"SELECT ~1",
            b"SELECT '\x95\\'", b"SELECT '\x81\\'", b"SELECT \"\xa4\\\"",
            b"SELECT '\xe0\\'", b"SELECT _binary'\\'", b"SELECT x'5c'",
            b"SELECT " + q + b"a" + q + q + b"b" + q,
            b"SELECT 1 -- " + q, b"SELECT 1 # " + q,
            b"SELECT 1 /* " + q + b" */", b"SELECT 1 --" + q,
            b"SELECT '\\\\'", b"SELECT N'a\\'", b"SELECT 1 /*! , 2 */",
            b"SELECT 1 /*!99999 , 2 */", b"SELECT @`a\\`",
            b"SELECT '\xa0'", b"SELECT 1\xa0", b"SELECT 1 --\xa0x",
            b"SELECT 1 -\x85- x", b"SELECT 1 --\x7f",
        ])

    def closer(self):
        q = self.pick([b"'", b'"', b"`", b"]", b""])
        return self.pick([b" -- " + q, b" #" + q, b" /* " + q + b" */",
                          b"; SELECT " + q + b" -- " + q, b"", b";",
                          b" -- " + q + b"\n"])

    def name(self, prefix):
        self.serial += 1
        return b"victim.%s_w%d_%d" % (prefix, self.worker, self.serial)

    def ident(self, qualified):
        """victim.t1 quoted in one of the ways the server may accept."""
        schema, obj = qualified.split(b".")
        k = self.r.randrange(5)
        if k == 0:
            return b"`%s`.`%s`" % (schema, obj)
        if k == 1:
            return b'"%s"."%s"' % (schema, obj)
        if k == 2:
            return b"%s . %s" % (schema, obj)
        return qualified

    def guarded_core(self):
        i = self.ident
        w = self.ws
        if self.fenced and self.r.random() < 0.5:
            return self.pick([
                b"INSERT INTO " + i(b"victim.t1") + b" VALUES (7)",
                b"UPDATE victim.t1 SET a= a + 1",
                b"DELETE FROM " + i(b"victim.t1") + b" WHERE a = 1",
                b"REPLACE INTO victim.t2 VALUES (1)",
                b"INSERT INTO victim.t2 SELECT 1",
                b"SELECT NEXTVAL(victim.s1)", b"DO SETVAL(victim.s1, 100)",
                b"SELECT a FROM victim.t1 FOR UPDATE",
                b"insert/**/into victim.t1 values (8)",
            ])
        k = self.r.randrange(32)
        return [
            lambda: self.kw(b"DROP") + w() + self.kw(b"TABLE") + w() +
            i(b"victim.t1"),
            lambda: b"DROP TABLE IF EXISTS " + i(b"victim.t2"),
            lambda: b"DROP TABLE " + i(b"victim.t1") + b", " + i(b"victim.t2"),
            lambda: self.kw(b"CREATE") + w() + self.kw(b"TABLE") + w() +
            i(self.name(b"n")) + b"(a INT)",
            lambda: b"CREATE TABLE IF NOT EXISTS " + i(self.name(b"n")) +
            b" LIKE victim.t1",
            lambda: b"CREATE TABLE " + self.name(b"n") +
            b" AS SELECT 1 AS a",
            lambda: b"CREATE OR REPLACE TABLE " + i(b"victim.t2") +
            b" (a INT)",
            lambda: b"CREATE TEMPORARY TABLE " + self.name(b"tmp") +
            b" (a INT)",
            lambda: b"ALTER TABLE " + i(b"victim.t1") + b" ADD COLUMN c" +
            str(self.serial).encode() + b" INT",
            lambda: b"ALTER TABLE victim.t1 COMMENT 'x'",
            lambda: b"RENAME TABLE " + i(b"victim.t2") + b" TO " +
            self.name(b"r"),
            lambda: self.kw(b"TRUNCATE") + w() + i(b"victim.t1"),
            lambda: b"TRUNCATE TABLE " + i(b"victim.t1"),
            lambda: b"DROP VIEW " + i(b"victim.v1"),
            lambda: b"CREATE VIEW " + self.name(b"v") + b" AS SELECT 1",
            lambda: b"CREATE OR REPLACE VIEW victim.v1 AS SELECT 2 AS b",
            lambda: b"ALTER VIEW victim.v1 AS SELECT 3 AS c",
            lambda: b"DROP PROCEDURE " + i(b"victim.p1"),
            lambda: b"CREATE PROCEDURE " + self.name(b"p") + b"() SELECT 1",
            lambda: b"DROP FUNCTION victim.f1",
            lambda: b"CREATE FUNCTION " + self.name(b"f") +
            b"() RETURNS INT RETURN 1",
            lambda: b"DROP TRIGGER victim.trg1",
            lambda: b"DROP EVENT victim.ev1",
            lambda: b"ALTER EVENT victim.ev1 COMMENT 'x'",
            lambda: b"CREATE INDEX ix" + str(self.serial).encode() +
            b" ON victim.t1 (a)",
            lambda: b"DROP INDEX i1 ON victim.t1",
            lambda: b"CREATE SEQUENCE " + self.name(b"s"),
            lambda: b"DROP SEQUENCE victim.s1",
            lambda: b"CREATE DATABASE victim_w%d_%d" % (self.worker,
                                                       self.serial),
            lambda: b"DROP DATABASE victim_d",
            lambda: b"ALTER DATABASE victim_d COMMENT 'x'",
            lambda: b"DROP DATABASE IF EXISTS victim_d",
        ][k]()

    def guarded(self):
        s = self.guarded_core()
        k = self.r.randrange(14)
        if k == 0:
            return b"/*!" + s + b"*/"
        if k == 1:
            return b"/*!50000 " + s + b" */"
        if k == 2:
            return b"/*M!100000 " + s + b" */"
        if k == 3:
            return b"PREPARE s FROM '" + s.replace(b"'", b"''") + \
                b"'; EXECUTE s"
        if k == 4:
            return b"EXECUTE IMMEDIATE '" + s.replace(b"'", b"''") + b"'"
        if k == 5:
            return b"BEGIN NOT ATOMIC " + s + b"; END"
        if k == 6:
            return b"SELECT 1 /*! ; " + s + b" */"
        if k == 7:
            return self.pick([
                b"DECLARE x INT; BEGIN " + s + b"; END",
                b"BEGIN " + s + b"; END",
                b"<<l>> BEGIN " + s + b"; END",
                b"l: BEGIN NOT ATOMIC " + s + b"; END",
                b"IF 1 THEN " + s + b"; END IF",
                b"BEGIN NOT ATOMIC DECLARE CONTINUE HANDLER FOR SQLEXCEPTION "
                b"BEGIN END; " + s + b"; END",
            ])
        return s

    def benign_stmt(self):
        return self.pick([
            b"SELECT 1", b"SELECT 'a''b', \"c\"", b"SELECT a FROM victim.t1",
            b"SELECT @@sql_mode", b"SELECT @@character_set_client",
            b"DO 1", b"SELECT 1 -- x", b"SELECT 'x' # c",
            b"SELECT /*! 1 */ 2", b"SELECT COUNT(*) FROM victim.t1",
            b"SHOW TABLES FROM victim", b"SELECT 'it\\'s'",
            b"SELECT \"\\\"\"", b"SELECT `a` FROM victim.t1",
            b"SELECT '\xc3\xa9'", b"SELECT 0x41", b"SET @v= 'x'",
        ])

    def sep(self):
        return self.pick([b";", b"; ", b";\n", b" ; ", b";;", b"; ;"])

    def join(self, parts):
        out = parts[0]
        for p in parts[1:]:
            out += self.sep() + p
        return out

    def packet(self):
        """(kind, bytes): kind 'attack' (a guarded word), 'benign' (none,
        nor anything refused by design) or 'other'."""
        kind, pkt = self.any_packet()
        if kind == "benign" and NOT_PLAIN.search(pkt):
            kind = "other"
        return kind, pkt

    def any_packet(self):
        r = self.r.random()
        if r < 0.15:
            parts = [self.setting() for _ in range(self.r.randrange(1, 3))]
            parts += [self.benign_stmt()
                      for _ in range(self.r.randrange(1, 3))]
            self.r.shuffle(parts) if self.r.random() < 0.3 else None
            pkt = self.join(parts)
            if not self.guarded_word.search(pkt):
                return "benign", pkt
            return "attack", pkt
        if r < 0.75:
            # the disguise: settings, a statement whose quote or escape
            # reads differently, the guarded statement, a closer
            parts = [self.setting() for _ in range(self.r.randrange(0, 3))]
            parts.append(self.hider())
            if self.r.random() < 0.3:
                parts.append(self.benign_stmt())
            pkt = self.join(parts) + self.sep() + self.guarded() + \
                self.closer()
            return "attack", pkt
        # anything in any order
        parts = []
        for _ in range(self.r.randrange(1, 6)):
            k = self.r.random()
            if k < 0.3:
                parts.append(self.setting())
            elif k < 0.55:
                parts.append(self.hider())
            elif k < 0.8:
                parts.append(self.guarded())
            else:
                parts.append(self.benign_stmt())
        pkt = self.join(parts)
        if self.r.random() < 0.5:
            pkt += self.closer()
        if self.r.random() < 0.05:
            pos = self.r.randrange(len(pkt) + 1)
            pkt = pkt[:pos] + self.pick([b"\0", b"\x5c", b"'", b'"', b"`",
                                          b"\xa0", b"/*", b"*/"]) + pkt[pos:]
            if not self.guarded_word.search(pkt):
                return "other", pkt
        if self.guarded_word.search(pkt):
            return "attack", pkt
        return "benign", pkt


BENIGN_FIXED = [
    b"SET NAMES utf8mb4; SELECT 1",
    b"SET NAMES latin1; SELECT 'a\\'b'",
    b"SET sql_mode='ANSI_QUOTES'; SELECT \"a\" FROM victim.t1",
    b"SET sql_mode='NO_BACKSLASH_ESCAPES'; SELECT 'a\\'",
    b"SET CHARACTER SET sjis; SELECT 1; SET NAMES utf8mb4",
    b"SET character_set_client=10; SELECT 1; SET NAMES utf8mb4",
    b"SET NAMES swe7; SELECT 1; SET NAMES utf8mb4",
    b"SET @a= 1; SELECT @a; SELECT a FROM victim.t1",
    b"SET sql_mode=DEFAULT; SET NAMES utf8mb4",
]

# ---- the server --------------------------------------------------------------


def connect(args, user, db=None):
    kw = dict(user=user, password=args.password if user != "root" else "",
              unix_socket=args.socket, autocommit=True, use_unicode=False, conv={},
              charset="utf8mb4", read_timeout=30, write_timeout=30,
              client_flag=pymysql.constants.CLIENT.MULTI_STATEMENTS)
    if user == "root":
        kw.pop("password")
    conn = pymysql.connect(**kw)
    # column names are decoded with it: any byte may come back
    conn.encoding = "latin1"
    return conn


def send(conn, pkt):
    """Sends pkt as one COM_QUERY and reads every result. Returns None when
    every statement ran, else (errno, message) of the first error."""
    try:
        conn._execute_command(COMMAND.COM_QUERY, pkt)
        conn._read_query_result()
        while conn._result is not None and conn._result.has_next:
            conn.next_result()
        return None
    except pymysql.err.MySQLError as e:
        code = e.args[0] if e.args else -1
        msg = e.args[1] if len(e.args) > 1 else ""
        if isinstance(msg, bytes):
            msg = msg.decode("utf-8", "replace")
        return (code, str(msg))


def refused_by_guard(err):
    return (err is not None and err[0] == ER_OPTION_PREVENTS_STATEMENT and
            "replica_guard" in err[1])


def binlog_position(mon):
    with mon.cursor() as c:
        c.execute("SHOW MASTER STATUS")
        row = c.fetchone()
        return (row[0], int(row[1]))


def binlog_events_since(mon, pos):
    """The Query and row events written since pos (file, offset)."""
    out = []
    with mon.cursor() as c:
        c.execute("SHOW BINARY LOGS")
        files = [r[0] for r in c.fetchall()]
        started = False
        for f in files:
            if f == pos[0]:
                started = True
            if not started:
                continue
            start = pos[1] if f == pos[0] else 4
            c.execute("SHOW BINLOG EVENTS IN '%s' FROM %d"
                      % (f.decode() if isinstance(f, bytes) else f, start))
            for row in c.fetchall():
                kind = row[2].decode() if isinstance(row[2], bytes) \
                    else row[2]
                info = row[5].decode("utf-8", "replace") \
                    if isinstance(row[5], bytes) else str(row[5])
                if kind in ("Gtid", "Format_desc", "Rotate", "Gtid_list",
                            "Binlog_checkpoint", "Xid"):
                    continue
                if kind == "Query" and info.strip().upper() in (
                        "BEGIN", "COMMIT"):
                    continue
                out.append("%s %s: %s" % (f.decode() if isinstance(f, bytes)
                                          else f, kind, info[:300]))
    return out


SNAPSHOT = [
    "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, SCHEMA_COMMENT FROM "
    "information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'victim%' ORDER BY 1",
    "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, CREATE_TIME, "
    "TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA LIKE "
    "'victim%' ORDER BY 1, 2",
    "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM "
    "information_schema.COLUMNS WHERE TABLE_SCHEMA LIKE 'victim%' "
    "ORDER BY 1, 2, 3",
    "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM "
    "information_schema.STATISTICS WHERE TABLE_SCHEMA LIKE 'victim%' "
    "ORDER BY 1, 2, 3",
    "SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, CREATED, "
    "LAST_ALTERED FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA "
    "LIKE 'victim%' ORDER BY 1, 2",
    "SELECT TRIGGER_NAME, CREATED FROM information_schema.TRIGGERS WHERE "
    "TRIGGER_SCHEMA LIKE 'victim%' ORDER BY 1",
    "SELECT EVENT_NAME, LAST_ALTERED, EVENT_COMMENT FROM "
    "information_schema.EVENTS WHERE EVENT_SCHEMA LIKE 'victim%' ORDER BY 1",
    "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS "
    "WHERE TABLE_SCHEMA LIKE 'victim%' ORDER BY 1",
    "SELECT COUNT(*), SUM(a) FROM victim.t1",
    "SELECT COUNT(*) FROM victim.t2",
]


def snapshot(mon):
    rows = []
    with mon.cursor() as c:
        for q in SNAPSHOT:
            try:
                c.execute(q)
                rows.append(repr(c.fetchall()))
            except pymysql.err.MySQLError as e:
                rows.append("error %r" % (e.args,))
    return rows


def setup(args):
    """The victim objects and the account; made by root with the logged
    session override and without the binary log."""
    root = connect(args, "root")
    setup_sql = [
        "SET SESSION replica_guard_allow_ddl= ON, SESSION sql_log_bin= 0",
        "DROP DATABASE IF EXISTS victim",
        "DROP DATABASE IF EXISTS victim_d",
        "CREATE DATABASE victim",
        "CREATE DATABASE victim_d",
        "CREATE TABLE victim.t1 (a INT, KEY i1 (a))",
        "INSERT INTO victim.t1 VALUES (1), (2), (3)",
        "CREATE TABLE victim.t2 (a INT)",
        "CREATE VIEW victim.v1 AS SELECT a FROM victim.t1",
        "CREATE PROCEDURE victim.p1() SELECT 1",
        "CREATE PROCEDURE victim.p_names() SET NAMES swe7",
        "CREATE PROCEDURE victim.p_mode() "
        "SET sql_mode='NO_BACKSLASH_ESCAPES'",
        "CREATE FUNCTION victim.f1() RETURNS INT RETURN 1",
        "CREATE TRIGGER victim.trg1 BEFORE INSERT ON victim.t2 "
        "FOR EACH ROW SET @t= 1",
        "CREATE EVENT victim.ev1 ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1",
        "CREATE SEQUENCE victim.s1",
        "DROP USER IF EXISTS 'fz'@'localhost'",
        "CREATE USER 'fz'@'localhost' IDENTIFIED BY '%s'" % args.password,
        "GRANT ALL PRIVILEGES ON `victim%`.* TO 'fz'@'localhost'",
        "SET SESSION replica_guard_allow_ddl= OFF",
    ]
    with root.cursor() as c:
        for q in setup_sql:
            c.execute(q)
    numbers = charset_numbers(root)
    root.close()
    return numbers


# ---- the workers -------------------------------------------------------------


def worker(args, w, numbers, base_pos, base_snap, count, queue):
    try:
        run_worker(args, w, numbers, base_pos, base_snap, count, queue)
    except Exception as e:                  # reported, never a hang
        queue.put((w, {}, ["worker %d failed: %r" % (w, e)]))


def run_worker(args, w, numbers, base_pos, base_snap, count, queue):
    rng = random.Random("%d/%d" % (args.seed, w))
    gen = Generator(rng, w, numbers, args.fenced)
    stats = dict(sent=0, refused=0, passed_guarded=0, benign=0,
                 benign_refused=0, errors=0, reconnects=0, binlog_checks=0)
    findings = []
    history = []
    conn = connect(args, "fz")
    mon = connect(args, "root")

    def finding(kind, detail, idx, pkt):
        text = ["FINDING (%s) worker %d packet %d: %s" % (kind, w, idx,
                                                           detail),
                "  packet hex: " + pkt.hex()]
        for j, (hidx, hp) in enumerate(history[-4:-1]):
            text.append("  earlier packet %d hex: %s" % (hidx, hp.hex()))
        findings.append("\n".join(text))

    state = dict(pos=base_pos, snap=base_snap)

    def check_binlog(idx, pkt):
        stats["binlog_checks"] += 1
        pos = binlog_position(mon)
        if pos != state["pos"]:
            events = binlog_events_since(mon, state["pos"])
            state["pos"] = pos
            if events:
                finding("binary log", "; ".join(events)[:1000], idx, pkt)

    def check_snapshot(idx, pkt):
        snap = snapshot(mon)
        if snap != state["snap"]:
            diff = [b for a, b in zip(state["snap"], snap) if a != b]
            finding("objects changed", " | ".join(diff)[:1000], idx, pkt)
            state["snap"] = snap

    for idx in range(count):
        kind, pkt = gen.packet()
        if rng.random() < 0.1:
            # a setting changed by a packet of its own: the filter knows it
            pre = gen.setting()
            history.append((-1, pre))
            if send(conn, pre) is None:
                pass
        history.append((idx, pkt))
        del history[:-8]
        err = send(conn, pkt)
        stats["sent"] += 1
        if kind == "benign":
            stats["benign"] += 1
        if refused_by_guard(err):
            stats["refused"] += 1
            if kind == "benign":
                stats["benign_refused"] += 1
                finding("benign packet refused", err[1][:300], idx, pkt)
        else:
            if err is not None:
                stats["errors"] += 1
            if kind == "attack":
                stats["passed_guarded"] += 1
                check_binlog(idx, pkt)
        if err is not None and err[0] in (-1, 2006, 2013, 2014, 0):
            # the session is in an unknown state: a fresh one
            stats["reconnects"] += 1
            try:
                conn.close()
            except Exception:
                pass
            conn = connect(args, "fz")
        if (idx + 1) % args.snapshot_every == 0:
            check_snapshot(idx, pkt)
        if len(findings) >= args.max_findings:
            break
    check_binlog(count - 1, pkt)
    check_snapshot(count - 1, pkt)
    conn.close()
    mon.close()
    queue.put((w, stats, findings))


def run_benign_fixed(args):
    """The fixed benign packets, each on a fresh session: they must run."""
    bad = []
    for pkt in BENIGN_FIXED:
        conn = connect(args, "fz")
        err = send(conn, pkt)
        if err is not None:
            bad.append("FINDING (benign packet refused or failed): %r: %r"
                       % (pkt, err))
        conn.close()
    return bad


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--socket", required=True)
    p.add_argument("--packets", type=int, default=100000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--snapshot-every", type=int, default=2000)
    p.add_argument("--max-findings", type=int, default=5)
    p.add_argument("--password", default="fz-pass")
    p.add_argument("--replay", default=None,
                   help="hex of one packet: send it on a fresh session")
    p.add_argument("--fenced", action="store_true",
                   help="raise the fence (fence mode WRITES) first: then "
                   "writes (INSERT, UPDATE, DELETE, NEXTVAL, ...) are "
                   "generated too, and any write that runs is a finding")
    p.add_argument("--expect-findings", action="store_true",
                   help="succeed only if the run finds guarded statements "
                   "that ran (a self-check against a filter in WARN mode)")
    p.add_argument("--show", type=int, default=0,
                   help="print the first N packets of worker 0 and exit")
    args = p.parse_args()
    if args.seed is None:
        args.seed = int.from_bytes(os.urandom(4), "little")

    numbers = setup(args)
    if args.fenced:
        root = connect(args, "root")
        with root.cursor() as c:
            c.execute("SET GLOBAL replica_guard_fence_mode= WRITES")
            c.execute("SET GLOBAL replica_guard_fenced= ON")
        root.close()
    if args.show:
        gen = Generator(random.Random("%d/0" % args.seed), 0, numbers,
                        args.fenced)
        for _ in range(args.show):
            print(gen.packet())
        return 0
    if args.replay:
        mon = connect(args, "root")
        pos = binlog_position(mon)
        conn = connect(args, "fz")
        err = send(conn, bytes.fromhex(args.replay))
        print("result:", err)
        print("binary log:", binlog_events_since(mon, pos))
        return 0

    print("differential: seed %d, %d packets, %d workers%s (rerun: --seed "
          "%d --workers %d%s)" % (args.seed, args.packets, args.workers,
                                  ", fenced" if args.fenced else "",
                                  args.seed, args.workers,
                                  " --fenced" if args.fenced else ""),
          flush=True)
    findings = run_benign_fixed(args)
    mon = connect(args, "root")
    base_pos = binlog_position(mon)
    base_snap = snapshot(mon)
    mon.close()
    t0 = time.time()
    queue = mp.Queue()
    per = [args.packets // args.workers + (1 if i < args.packets %
                                            args.workers else 0)
           for i in range(args.workers)]
    procs = [mp.Process(target=worker, args=(args, w, numbers, base_pos,
                                              base_snap, per[w], queue))
             for w in range(args.workers)]
    for pr in procs:
        pr.start()
    results = [queue.get() for _ in procs]
    for pr in procs:
        pr.join()
    elapsed = time.time() - t0
    total = {}
    for w, stats, f in sorted(results, key=lambda x: x[0]):
        for k, v in stats.items():
            total[k] = total.get(k, 0) + v
        findings += f
    # the whole binary log once more, from before the first packet
    mon = connect(args, "root")
    events = binlog_events_since(mon, base_pos)
    mon.close()
    if events and not any("binary log" in f for f in findings):
        findings.append("FINDING (binary log, end of run): " +
                        "; ".join(events)[:2000])
    for f in findings:
        print(f)
    crashed = [pr.exitcode for pr in procs if pr.exitcode]
    print("differential: %d packets sent in %.1f s (%.0f/s), %d refused by "
          "replica_guard, %d with guarded text let through (server errors "
          "or text the server does not run; binary log checked after each), "
          "%d benign packets (%d refused), %d server errors, %d "
          "reconnects; findings: %d"
          % (total.get("sent", 0), elapsed,
             total.get("sent", 0) / max(elapsed, 1e-9),
             total.get("refused", 0), total.get("passed_guarded", 0),
             total.get("benign", 0) + len(BENIGN_FIXED),
             total.get("benign_refused", 0), total.get("errors", 0),
             total.get("reconnects", 0), len(findings)), flush=True)
    if crashed:
        print("differential: a worker failed (exit %r)" % crashed)
        return 1
    if args.expect_findings:
        ran = [f for f in findings if "(binary log" in f or
               "(objects changed" in f]
        print("differential: self-check: %d findings of statements that ran "
              "(expected some)" % len(ran))
        return 0 if ran else 1
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
