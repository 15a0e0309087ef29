/*
  Table-driven tests of the statement classifier (include/rg_classify.h).

  Each case: input (with its length when it holds NUL bytes), options
  (character set class, sql_mode bits, verbs), the expected verb and the
  expected object (or, for RG_VERB_DYNAMIC, the expected dynamic kind).
  Every case also checks the invariants of any verdict: the statement and
  variable ranges lie within the input and a second call agrees.
*/
#include "rg_classify.h"
#include "rg_access.h"
#include "rg_test.h"

#include <string.h>
#include <stdlib.h>

#define ALL (RG_VERB_ALL_STATIC | RG_VERB_BIT(RG_VERB_DYNAMIC))
#define CD (RG_VERB_BIT(RG_VERB_CREATE) | RG_VERB_BIT(RG_VERB_DROP))
#define CDD (CD | RG_VERB_BIT(RG_VERB_DYNAMIC))
#define AQ RG_MODE_ANSI_QUOTES
#define NBE RG_MODE_NO_BACKSLASH_ESCAPES

#define NONE RG_VERB_NONE, 0
#define CREATE(o) RG_VERB_CREATE, RG_OBJ_##o
#define DROP(o) RG_VERB_DROP, RG_OBJ_##o
#define ALTER(o) RG_VERB_ALTER, RG_OBJ_##o
#define RENAME(o) RG_VERB_RENAME, RG_OBJ_##o
#define TRUNC RG_VERB_TRUNCATE, RG_OBJ_TABLE
#define DYN(k) RG_VERB_DYNAMIC, RG_DYN_##k

typedef struct tcase
{
  int line;
  const char *q;
  size_t len;                   /* 0: strlen(q) */
  rg_charset cs;
  unsigned mode;
  unsigned verbs;
  rg_verb verb;
  int obj;                      /* rg_object, or rg_dynamic_kind */
} tcase;

/* default options */
#define T(q, v) { __LINE__, q, 0, RG_CS_ASCII_SAFE, 0, ALL, v }
/* verbs */
#define TV(q, verbs, v) { __LINE__, q, 0, RG_CS_ASCII_SAFE, 0, verbs, v }
/* sql_mode */
#define TM(q, mode, v) { __LINE__, q, 0, RG_CS_ASCII_SAFE, mode, ALL, v }
/* character set class */
#define TC(q, cs, v) { __LINE__, q, 0, RG_CS_##cs, 0, ALL, v }
/* character set class and sql_mode */
#define TCM(q, cs, mode, v) { __LINE__, q, 0, RG_CS_##cs, mode, ALL, v }
/* binary input of sizeof(q) - 1 bytes */
#define TB(q, cs, v) { __LINE__, q, sizeof(q) - 1, RG_CS_##cs, 0, ALL, v }

static const tcase cases[]=
{
  /* Every object kind */
  T("CREATE TABLE t (a int)", CREATE(TABLE)),
  T("CREATE TABLE t LIKE u", CREATE(TABLE)),
  T("CREATE TABLE t AS SELECT 1", CREATE(TABLE)),
  T("CREATE TABLE t SELECT 1", CREATE(TABLE)),
  T("CREATE TABLE IF NOT EXISTS t (a int)", CREATE(TABLE)),
  T("CREATE OR REPLACE TABLE t (a int)", CREATE(TABLE)),
  T("CREATE TEMPORARY TABLE t (a int)", CREATE(TEMPORARY_TABLE)),
  T("CREATE OR REPLACE TEMPORARY TABLE t (a int)", CREATE(TEMPORARY_TABLE)),
  T("create temporary table if not exists t (a int)", CREATE(TEMPORARY_TABLE)),
  T("CREATE DATABASE d", CREATE(DATABASE)),
  T("CREATE DATABASE IF NOT EXISTS d", CREATE(DATABASE)),
  T("CREATE SCHEMA d", CREATE(DATABASE)),
  T("CREATE OR REPLACE DATABASE d", CREATE(DATABASE)),
  T("CREATE INDEX i ON t (a)", CREATE(INDEX)),
  T("CREATE UNIQUE INDEX i ON t (a)", CREATE(INDEX)),
  T("CREATE FULLTEXT INDEX i ON t (a)", CREATE(INDEX)),
  T("CREATE SPATIAL INDEX i ON t (a)", CREATE(INDEX)),
  T("CREATE ONLINE INDEX i ON t (a)", CREATE(INDEX)),
  T("CREATE OR REPLACE UNIQUE INDEX IF NOT EXISTS i ON t (a)", CREATE(INDEX)),
  T("CREATE VIEW v AS SELECT 1", CREATE(VIEW)),
  T("CREATE OR REPLACE VIEW v AS SELECT 1", CREATE(VIEW)),
  T("CREATE ALGORITHM = MERGE VIEW v AS SELECT 1", CREATE(VIEW)),
  T("CREATE ALGORITHM=TEMPTABLE DEFINER=root@localhost SQL SECURITY INVOKER "
    "VIEW v AS SELECT 1", CREATE(VIEW)),
  T("CREATE OR REPLACE ALGORITHM=UNDEFINED DEFINER='u'@'%' SQL SECURITY "
    "DEFINER VIEW v AS SELECT 1", CREATE(VIEW)),
  T("CREATE DEFINER=CURRENT_USER VIEW v AS SELECT 1", CREATE(VIEW)),
  T("CREATE DEFINER=CURRENT_USER() VIEW v AS SELECT 1", CREATE(VIEW)),
  T("CREATE DEFINER=CURRENT_ROLE VIEW v AS SELECT 1", CREATE(VIEW)),
  T("CREATE PROCEDURE p() SELECT 1", CREATE(PROCEDURE)),
  T("CREATE DEFINER=`root`@`localhost` PROCEDURE p() BEGIN SELECT 1; END",
    CREATE(PROCEDURE)),
  T("CREATE DEFINER=\"root\"@\"localhost\" PROCEDURE p() SELECT 1",
    CREATE(PROCEDURE)),
  T("CREATE DEFINER = root@127.0.0.1 PROCEDURE p() SELECT 1",
    CREATE(PROCEDURE)),
  T("CREATE OR REPLACE PROCEDURE IF NOT EXISTS p() SELECT 1",
    CREATE(PROCEDURE)),
  T("CREATE FUNCTION f() RETURNS INT RETURN 1", CREATE(FUNCTION)),
  T("CREATE FUNCTION f RETURNS INTEGER SONAME 'udf.so'", CREATE(FUNCTION)),
  T("CREATE AGGREGATE FUNCTION f RETURNS REAL SONAME 'udf.so'",
    CREATE(FUNCTION)),
  T("CREATE DEFINER=u@h FUNCTION f() RETURNS INT RETURN 1", CREATE(FUNCTION)),
  T("CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @a=1",
    CREATE(TRIGGER)),
  T("CREATE DEFINER=u@h TRIGGER tr AFTER DELETE ON t FOR EACH ROW BEGIN END",
    CREATE(TRIGGER)),
  T("CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1", CREATE(EVENT)),
  T("CREATE DEFINER=u@h EVENT IF NOT EXISTS e ON SCHEDULE AT NOW() DO DO 1",
    CREATE(EVENT)),
  T("CREATE SEQUENCE s", CREATE(SEQUENCE)),
  T("CREATE TEMPORARY SEQUENCE s", CREATE(SEQUENCE)),
  T("CREATE USER u@h IDENTIFIED BY 'x'", CREATE(USER)),
  T("CREATE OR REPLACE USER 'u'@'%'", CREATE(USER)),
  T("CREATE ROLE r", CREATE(ROLE)),
  T("CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (HOST 'h')",
    CREATE(SERVER)),
  T("CREATE PACKAGE p AS FUNCTION f RETURN INT; END", CREATE(PACKAGE)),
  T("CREATE PACKAGE BODY p AS END", CREATE(PACKAGE_BODY)),
  T("CREATE OR REPLACE DEFINER=u@h PACKAGE BODY p AS END",
    CREATE(PACKAGE_BODY)),
  T("CREATE TABLESPACE ts ADD DATAFILE 'x'", CREATE(TABLESPACE)),
  T("CREATE LOGFILE GROUP g ADD UNDOFILE 'x'", CREATE(LOGFILE_GROUP)),
  T("CREATE SOMETHING NEW", CREATE(UNKNOWN)),
  T("CREATE", CREATE(UNKNOWN)),
  T("CREATE;", CREATE(UNKNOWN)),
  T("CREATE 'x'", CREATE(UNKNOWN)),
  T("CREATE(", CREATE(UNKNOWN)),
  T("DROP TABLE t", DROP(TABLE)),
  T("DROP TABLE a, b, c", DROP(TABLE)),
  T("DROP TABLES a, b", DROP(TABLE)),
  T("DROP TABLE IF EXISTS db.t", DROP(TABLE)),
  T("DROP TABLE `db`.`t` CASCADE", DROP(TABLE)),
  T("DROP TEMPORARY TABLE t", DROP(TEMPORARY_TABLE)),
  T("DROP TEMPORARY TABLE IF EXISTS t", DROP(TEMPORARY_TABLE)),
  T("DROP DATABASE d", DROP(DATABASE)),
  T("DROP SCHEMA IF EXISTS d", DROP(DATABASE)),
  T("DROP INDEX i ON t", DROP(INDEX)),
  T("DROP VIEW v", DROP(VIEW)),
  T("DROP PROCEDURE IF EXISTS p", DROP(PROCEDURE)),
  T("DROP FUNCTION f", DROP(FUNCTION)),
  T("DROP TRIGGER tr", DROP(TRIGGER)),
  T("DROP EVENT e", DROP(EVENT)),
  T("DROP SEQUENCE s", DROP(SEQUENCE)),
  T("DROP TEMPORARY SEQUENCE s", DROP(SEQUENCE)),
  T("DROP USER u@h", DROP(USER)),
  T("DROP ROLE r", DROP(ROLE)),
  T("DROP SERVER s", DROP(SERVER)),
  T("DROP PACKAGE p", DROP(PACKAGE)),
  T("DROP PACKAGE BODY p", DROP(PACKAGE_BODY)),
  T("DROP TABLESPACE ts", DROP(TABLESPACE)),
  T("DROP LOGFILE GROUP g", DROP(LOGFILE_GROUP)),
  T("DROP WHATEVER x", DROP(UNKNOWN)),
  T("DROP", DROP(UNKNOWN)),
  T("ALTER TABLE t ADD c INT", ALTER(TABLE)),
  T("ALTER TABLE t DROP COLUMN c", ALTER(TABLE)),
  T("ALTER ONLINE TABLE t ENGINE=InnoDB", ALTER(TABLE)),
  T("ALTER IGNORE TABLE t ADD UNIQUE (a)", ALTER(TABLE)),
  T("ALTER DATABASE d CHARACTER SET utf8mb4", ALTER(DATABASE)),
  T("ALTER SCHEMA d COMMENT 'x'", ALTER(DATABASE)),
  T("ALTER ALGORITHM=MERGE DEFINER=u@h SQL SECURITY INVOKER VIEW v AS "
    "SELECT 1", ALTER(VIEW)),
  T("ALTER VIEW v AS SELECT 1", ALTER(VIEW)),
  T("ALTER PROCEDURE p COMMENT 'x'", ALTER(PROCEDURE)),
  T("ALTER FUNCTION f COMMENT 'x'", ALTER(FUNCTION)),
  T("ALTER DEFINER=u@h EVENT e DISABLE", ALTER(EVENT)),
  T("ALTER SERVER s OPTIONS (USER 'x')", ALTER(SERVER)),
  T("ALTER USER u@h ACCOUNT LOCK", ALTER(USER)),
  T("ALTER SEQUENCE s RESTART", ALTER(SEQUENCE)),
  T("ALTER TABLESPACE ts ADD DATAFILE 'x'", ALTER(TABLESPACE)),
  T("ALTER LOGFILE GROUP g ADD UNDOFILE 'x'", ALTER(LOGFILE_GROUP)),
  T("ALTER INSTANCE ROTATE INNODB MASTER KEY", ALTER(UNKNOWN)),
  T("RENAME TABLE a TO b", RENAME(TABLE)),
  T("RENAME TABLES a TO b, c TO d", RENAME(TABLE)),
  T("RENAME USER a TO b", RENAME(USER)),
  T("TRUNCATE TABLE t", TRUNC),
  T("TRUNCATE t", TRUNC),
  T("truncate table db.t", TRUNC),
  T("TRUNCATE `t`", TRUNC),

  /* Verbs filtered out, and statements never guarded */
  TV("ALTER TABLE t DROP COLUMN c", CD, NONE),
  TV("ALTER TABLE t ADD c INT, DROP d, RENAME TO u", CD, NONE),
  TV("RENAME TABLE a TO b", CD, NONE),
  TV("TRUNCATE TABLE t", CD, NONE),
  TV("CREATE TABLE t (a int)", RG_VERB_BIT(RG_VERB_DROP), NONE),
  TV("DROP TABLE t", RG_VERB_BIT(RG_VERB_CREATE), NONE),
  TV("CREATE TABLE t (a int); DROP TABLE t", RG_VERB_BIT(RG_VERB_DROP),
     DROP(TABLE)),
  TV("DROP TABLE t", 0, NONE),
  TV("PREPARE s FROM @v", CD, NONE),
  TV("EXECUTE IMMEDIATE CONCAT('DR', 'OP TABLE t')", CD, NONE),
  TV("PREPARE s FROM 'DROP TABLE t'", CD, DROP(TABLE)),
  TV("PREPARE s FROM 'DROP TABLE t'", RG_VERB_BIT(RG_VERB_DYNAMIC), NONE),
  T("SELECT 1", NONE),
  T("", NONE),
  T("   ", NONE),
  T(";", NONE),
  T(";;;", NONE),
  T("INSERT INTO t VALUES (1, 'drop table t')", NONE),
  T("UPDATE t SET a = 'create table x' WHERE id = 1", NONE),
  T("DELETE FROM t WHERE name = 'alter'", NONE),
  T("SHOW CREATE TABLE t", NONE),
  T("SHOW CREATE DATABASE d", NONE),
  TM("GRANT CREATE, DROP ON *.* TO u@h", RG_MODE_NO_AUTO_CREATE_USER, NONE),
  TM("GRANT CREATE, DROP, ALTER ON db.* TO u@h", RG_MODE_NO_AUTO_CREATE_USER,
     NONE),
  /* without NO_AUTO_CREATE_USER, GRANT creates the accounts it names */
  T("GRANT CREATE, DROP ON *.* TO u@h", CREATE(USER)),
  T("REVOKE DROP ON db.* FROM u@h", NONE),
  T("REVOKE CREATE TEMPORARY TABLES, DROP ON *.* FROM u", NONE),
  T("DEALLOCATE PREPARE s", NONE),
  T("DROP PREPARE s", NONE),
  T("drop prepare `s`", NONE),
  T("EXECUTE s", NONE),
  T("EXECUTE s USING @a, @b", NONE),
  T("SELECT 'drop table x'", NONE),
  T("SELECT \"drop table x\"", NONE),
  T("SELECT * FROM `create`", NONE),
  T("SELECT * FROM `drop` WHERE `truncate` = 1", NONE),
  T("SELECT drop FROM t", NONE),
  T("SELECT t.drop FROM t", NONE),
  T("SELECT t.create, t.alter FROM t", NONE),
  T("SELECT 1 FROM t WHERE x.drop = 1", NONE),
  T("/* drop table */ SELECT 1", NONE),
  T("SELECT 1 /* ; drop table t */", NONE),
  T("SELECT 1 -- ; drop table t", NONE),
  T("SELECT 1 # ; drop table t", NONE),
  T("-- drop table t", NONE),
  T("#drop table t", NONE),
  T("--\tdrop table t", NONE),
  T("SELECT TRUNCATE(1.5, 0)", NONE),
  T("SELECT truncate(1.5,0) FROM t", NONE),
  T("SELECT CASE WHEN a THEN TRUNCATE(x, 1) ELSE 0 END FROM t", NONE),
  T("SELECT CASE WHEN a THEN truncate ELSE 0 END FROM t", NONE),
  T("SELECT CASE WHEN a THEN truncate + 1 END FROM t", NONE),
  T("SELECT CASE a WHEN 1 THEN truncate WHEN 2 THEN 3 END FROM t", NONE),
  T("SELECT IF(a, TRUNCATE(b, 1), 0)", NONE),
  T("DO TRUNCATE(1.5, 0)", NONE),
  T("DO truncate (1.5, 0)", NONE),
  T("SELECT REPEAT('drop', 2)", NONE),
  T("SELECT do, begin, handler FROM t", NONE),
  T("SELECT a FROM handler FOR UPDATE", NONE),
  T("HANDLER t OPEN", NONE),
  T("BEGIN", NONE),
  T("BEGIN WORK", NONE),
  T("START TRANSACTION", NONE),
  T("COMMIT", NONE),
  T("SET @a = 'DROP TABLE t'", NONE),
  T("SET STATEMENT max_statement_time=1 FOR SELECT 1", NONE),
  T("SELECT @drop, @create, @`drop`", NONE),
  T("SELECT @@drop", NONE),
  T("CALL drop_everything()", NONE),
  T("SELECT 1 AS `x`; SELECT 2", NONE),
  T("SELECT a FROM t WHERE b = ? FOR UPDATE", NONE),
  T("SELECT JSON_VALUE('{\"a\":1}', '$.a')", NONE),
  T("SELECT 'it''s; drop table t'", NONE),
  T("SELECT 'it\\'s; drop table t'", NONE),
  T("SELECT \"\"\"; drop table t\"", NONE),
  T("SELECT `a``; drop table t`", NONE),
  T("SELECT x'64726f70', 0x64726f70, b'01'", NONE),
  T("SELECT N'drop table t'", NONE),
  T("SELECT _utf8mb4'drop table t'", NONE),
  T("SELECT 1 FROM dual WHERE 'a' LIKE 'drop%'", NONE),
  T("INSERT INTO t(drop_count) VALUES (1)", NONE),
  T("SELECT dropped FROM t", NONE),
  T("SELECT created_at, altered, renamed FROM t", NONE),

  /* Executable comments: run exactly when the server runs them */
  T("/*!DROP TABLE t*/", DROP(TABLE)),
  T("/*! DROP TABLE t */", DROP(TABLE)),
  T("/*!50001 DROP TABLE t*/", DROP(TABLE)),
  T("/*!40101 DROP TABLE t */", DROP(TABLE)),
  T("/*!00000 DROP TABLE t */", DROP(TABLE)),
  T("/*!50699 DROP TABLE t */", DROP(TABLE)),
  T("/*!50700 DROP TABLE t */", NONE),
  T("/*!57000 DROP TABLE t */", NONE),
  T("/*!80000 DROP TABLE t */", NONE),
  T("/*!99999 DROP TABLE t */", NONE),
  T("/*!099999 DROP TABLE t */", NONE),
  T("/*M!50700 DROP TABLE t */", DROP(TABLE)),
  T("/*M!099999 DROP TABLE t */", DROP(TABLE)),
  T("/*!100000 DROP TABLE t */", DROP(TABLE)),
  T("/*!101118 DROP TABLE t */", DROP(TABLE)),
  T("/*!101119 DROP TABLE t */", NONE),
  T("/*!110000 DROP TABLE t */ SELECT 1", NONE),
  T("/*!999999 DROP TABLE t */ SELECT 1", NONE),
  T("/*M!100100 DROP TABLE t */", DROP(TABLE)),
  T("/*M!999999 DROP TABLE t */", NONE),
  T("/*M!DROP TABLE t */", DROP(TABLE)),
  T("/*m!100100 DROP TABLE t */", NONE),
  T("/*!1000000 DROP TABLE t */", NONE),     /* "0 DROP ..." */
  T("/*!1234 DROP TABLE t */", NONE),        /* 4 digits: "1234 DROP" */
  T("/*!DROP/* a comment */ TABLE t*/", DROP(TABLE)),
  T("/*!99999 a /* nested */ DROP TABLE t */", NONE),
  T("/*!99999 a /* nested */ b */ DROP TABLE t", DROP(TABLE)),
  T("/*!99999 /* nested */ */ SELECT 1", NONE),
  T("/* /* */ DROP TABLE t", DROP(TABLE)),
  T("/* /* */ */ DROP TABLE t", NONE),       /* "* /" junk, not a start */
  T("/*!50000 /*!50000 DROP TABLE t */ */", DROP(TABLE)),
  T("/*!50000 SELECT 1 */; DROP TABLE t", DROP(TABLE)),
  T("SELECT 1 /*!50000 ; DROP TABLE t */", DROP(TABLE)),
  T("/*!50000 SELECT 1; DROP TABLE t */", DROP(TABLE)),
  T("/*!99997 DROP TABLE t */", DROP(TABLE)),              /* Galera */
  T("SELECT 1 /*!99997 ' */ ; DROP TABLE t; -- '", DROP(TABLE)),
  T("/*!50000 CREATE */ TABLE t (a int)", CREATE(TABLE)),
  T("/*", NONE),
  T("/*!", NONE),
  T("/*!5", NONE),
  T("/* DROP TABLE t", NONE),
  T("/*!99999 DROP TABLE t", NONE),
  T("/*!50000 DROP TABLE t", DROP(TABLE)),
  T("*/ DROP TABLE t", NONE),
  T("SELECT 2 */ DROP TABLE t", NONE),
  T("DROP/*!99999 x*/TABLE t", DROP(TABLE)),
  T("/*!50000 DR*/OP TABLE t", NONE),

  /* Comments and whitespace anywhere */
  T("CREATE/**/TABLE t (a int)", CREATE(TABLE)),
  T("DROP -- x\n TABLE t", DROP(TABLE)),
  T("DROP#x\nTABLE t", DROP(TABLE)),
  T("DROP/* x */TEMPORARY/**/TABLE t", DROP(TEMPORARY_TABLE)),
  T("-- comment\nDROP TABLE t", DROP(TABLE)),
  T("# comment\nDROP TABLE t", DROP(TABLE)),
  T("/* comment */ DROP TABLE t", DROP(TABLE)),
  T("--\nDROP TABLE t", DROP(TABLE)),
  T("--", NONE),
  T("-- DROP TABLE t\r\nSELECT 1", NONE),
  T("--DROP TABLE t", NONE),                 /* "--" needs a space */
  T("SELECT 1--1; DROP TABLE t", DROP(TABLE)),
  T("\t\r\n\f\v DROP TABLE t", DROP(TABLE)),
  T(" \n\n  dRoP tAbLe t", DROP(TABLE)),
  T("Create Table t (a int)", CREATE(TABLE)),
  T("cReAtE tEmPoRaRy TaBlE t (a int)", CREATE(TEMPORARY_TABLE)),

  /* Multi-statement packets */
  T("SELECT 1; DROP TABLE t", DROP(TABLE)),
  T("SELECT 1;DROP TABLE t", DROP(TABLE)),
  T("SELECT 1 ; ; DROP TABLE t", DROP(TABLE)),
  T("SELECT 'a;b'; DROP TABLE t", DROP(TABLE)),
  T("SELECT 'a;b; DROP TABLE t'", NONE),
  T("SELECT (1; DROP TABLE t)", DROP(TABLE)),
  T("INSERT INTO t VALUES (1); UPDATE t SET a=2; DROP TABLE t; SELECT 1",
    DROP(TABLE)),
  T("SELECT 1; CREATE TABLE t (a int); DROP TABLE t", CREATE(TABLE)),
  T("SELECT 1; SHOW CREATE TABLE t; REVOKE DROP ON *.* FROM u", NONE),

  /* SET STATEMENT ... FOR */
  T("SET STATEMENT max_statement_time=1 FOR DROP TABLE t", DROP(TABLE)),
  T("SET STATEMENT a=1, b=(SELECT 1 FOR UPDATE) FOR CREATE TABLE t (a int)",
    CREATE(TABLE)),
  T("set statement x = 1 for truncate t", TRUNC),
  T("SET STATEMENT sql_mode='' FOR ALTER TABLE t ADD c INT", ALTER(TABLE)),
  T("SET @a = 1 FOR DROP", NONE),

  /* Compound statements */
  T("BEGIN NOT ATOMIC DROP TABLE t; END", DROP(TABLE)),
  T("BEGIN NOT ATOMIC SELECT 1; DROP TABLE t; END", DROP(TABLE)),
  T("BEGIN NOT ATOMIC DECLARE a INT DEFAULT 1; CREATE TABLE t (a int); END",
    CREATE(TABLE)),
  T("lbl: BEGIN NOT ATOMIC DROP TABLE t; END lbl", DROP(TABLE)),
  T("lbl : BEGIN NOT ATOMIC DROP TABLE t; END", DROP(TABLE)),
  T("BEGIN NOT ATOMIC BEGIN DROP TABLE t; END; END", DROP(TABLE)),
  T("BEGIN NOT ATOMIC SELECT 1; END", NONE),
  T("IF 1 THEN CREATE TABLE t (a int); END IF", CREATE(TABLE)),
  T("IF 1 THEN SELECT 1; ELSE DROP TABLE t; END IF", DROP(TABLE)),
  T("IF 1 THEN SELECT 1; ELSEIF 2 THEN DROP TABLE t; END IF", DROP(TABLE)),
  T("IF (SELECT CASE WHEN 1 THEN 2 END) THEN DROP TABLE t; END IF",
    DROP(TABLE)),
  T("IF CASE WHEN 1 THEN 1 ELSE 2 END THEN DROP TABLE t; END IF",
    DROP(TABLE)),
  T("CASE 1 WHEN 1 THEN DROP TABLE t; END CASE", DROP(TABLE)),
  T("CASE WHEN 1 THEN SELECT 1; ELSE DROP TABLE t; END CASE", DROP(TABLE)),
  T("WHILE 0 DO DROP TABLE t; END WHILE", DROP(TABLE)),
  T("lbl: WHILE 0 DO DROP TABLE t; END WHILE lbl", DROP(TABLE)),
  T("REPEAT DROP TABLE t; UNTIL 1 END REPEAT", DROP(TABLE)),
  T("lbl: LOOP DROP TABLE t; LEAVE lbl; END LOOP", DROP(TABLE)),
  T("FOR i IN 1..3 DO DROP TABLE t; END FOR", DROP(TABLE)),
  T("FOR r IN (SELECT 1) DO CREATE TABLE t (a int); END FOR", CREATE(TABLE)),
  T("BEGIN NOT ATOMIC DECLARE CONTINUE HANDLER FOR SQLEXCEPTION DROP TABLE t;"
    " END", DROP(TABLE)),
  T("BEGIN NOT ATOMIC DECLARE EXIT HANDLER FOR SQLSTATE '23000' DROP TABLE t;"
    " END", DROP(TABLE)),
  T("BEGIN NOT ATOMIC DECLARE EXIT HANDLER FOR SQLSTATE VALUE '23000', "
    "NOT FOUND, SQLWARNING, 1062, my_cond DROP TABLE t; END", DROP(TABLE)),
  T("DECLARE EXIT HANDLER FOR my_cond TRUNCATE t", TRUNC),
  T("DECLARE EXIT HANDLER FOR truncate TRUNCATE t", TRUNC),
  T("DECLARE EXIT HANDLER FOR `c` BEGIN DROP TABLE t; END", DROP(TABLE)),
  T("BEGIN NOT ATOMIC IF 1 THEN BEGIN TRUNCATE TABLE t; END; END IF; END",
    TRUNC),
  T("IF a THEN TRUNCATE t; END IF", TRUNC),
  T("IF a THEN TRUNCATE TABLE t; END IF", TRUNC),
  T("IF a THEN TRUNCATE db.t WAIT 5; END IF", TRUNC),
  T("IF a THEN TRUNCATE t NOWAIT; END IF", TRUNC),
  T("IF a THEN TRUNCATE `my table`; END IF", TRUNC),
  T("IF a THEN TRUNCATE(t); END IF", NONE),
  T("WHILE a DO TRUNCATE t; END WHILE", TRUNC),
  T("REPEAT TRUNCATE t; UNTIL 1 END REPEAT", TRUNC),
  T("BEGIN NOT ATOMIC TRUNCATE t; END", TRUNC),
  T("SELECT CASE WHEN a THEN truncate END", TRUNC),   /* fail closed */
  T("IF a THEN SELECT CASE WHEN b THEN TRUNCATE(c, 1) END; END IF", NONE),
  T("BEGIN NOT ATOMIC SELECT CASE WHEN b THEN 1 END; DROP TABLE t; END",
    DROP(TABLE)),
  T("CREATE PROCEDURE p() BEGIN DROP TABLE t; END", CREATE(PROCEDURE)),
  TV("CREATE PROCEDURE p() BEGIN DROP TABLE t; END",
     RG_VERB_BIT(RG_VERB_DROP), DROP(TABLE)),
  TV("CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DROP TABLE t",
     RG_VERB_BIT(RG_VERB_DROP), DROP(TABLE)),

  /* PREPARE and EXECUTE IMMEDIATE */
  T("PREPARE s FROM 'DROP TABLE t'", DROP(TABLE)),
  T("PREPARE s FROM 'DR' 'OP TABLE t'", DROP(TABLE)),
  T("PREPARE s FROM 'D' 'R' 'O' 'P' ' TABLE t'", DROP(TABLE)),
  T("PREPARE s FROM \"DROP TABLE t\"", DROP(TABLE)),
  T("PREPARE `s` FROM 'DROP TABLE t'", DROP(TABLE)),
  T("prepare s from 'drop temporary table t'", DROP(TEMPORARY_TABLE)),
  T("PREPARE s FROM 'SELECT 1'", NONE),
  T("PREPARE s FROM 'SELECT ''drop table t'''", NONE),
  T("PREPARE s FROM 'SELECT \\'drop table t\\''", NONE),
  T("PREPARE s FROM 'D\\ROP TABLE t'", DROP(TABLE)),
  T("PREPARE s FROM 'DROP\\tTABLE t'", DROP(TABLE)),
  T("PREPARE s FROM 'DROP\\nTABLE t'", DROP(TABLE)),
  T("PREPARE s FROM 'SELECT 1 -- x\\nDROP TABLE t'", NONE),
  T("PREPARE s FROM 'SELECT 1 --\\n; DROP TABLE t'", DROP(TABLE)),
  T("PREPARE s FROM '/*!DROP TABLE t*/'", DROP(TABLE)),
  T("PREPARE s FROM '/*!99999 DROP TABLE t*/'", NONE),
  T("PREPARE s FROM 'PREPARE t FROM ''DROP TABLE x'''", DROP(TABLE)),
  T("PREPARE s FROM 'SELECT 1 /*!99997 x */; DROP TABLE t'", DROP(TABLE)),
  T("PREPARE s FROM '/*!99997 '' */ ; SELECT ''DROP'''", DROP(UNKNOWN)),
  T("PREPARE s FROM '/*!99997 '' */ ; SELECT ''x'''", NONE),
  T("PREPARE s FROM N'DROP TABLE t'", DROP(TABLE)),
  T("PREPARE s FROM _utf8mb4'DROP TABLE t'", DROP(TABLE)),
  T("PREPARE s FROM _latin1 'CREATE TABLE t (a int)'", CREATE(TABLE)),
  T("PREPARE s FROM _binary'DROP TABLE t'", DROP(TABLE)),
  T("PREPARE s FROM N'DR' 'OP TABLE t'", DROP(TABLE)),
  T("PREPARE s FROM _ucs2'DROP TABLE t'", DROP(UNKNOWN)),
  T("PREPARE s FROM _utf32'SELECT 1'", NONE),
  T("PREPARE s FROM _utf16le'SELECT 1'", NONE),
  T("PREPARE s FROM _nosuchset'DROP TABLE t'", DYN(EXPRESSION)),
  T("PREPARE s FROM 'DROP TABLE t' COLLATE utf8mb4_bin", DROP(TABLE)),
  T("PREPARE s FROM 'SELECT 1' COLLATE utf8mb4_bin", DYN(EXPRESSION)),
  T("PREPARE s FROM 'SELECT 1' || 'x'", DYN(EXPRESSION)),
  T("EXECUTE IMMEDIATE 'CREATE TABLE t (a int)'", CREATE(TABLE)),
  T("EXECUTE IMMEDIATE 'CREATE TABLE t SELECT ?' USING 1", CREATE(TABLE)),
  T("EXECUTE IMMEDIATE 'SELECT ?' USING 1", NONE),
  T("EXECUTE IMMEDIATE 'SELECT 1'", NONE),
  T("execute immediate 'alter table t add c int'", ALTER(TABLE)),
  T("EXECUTE IMMEDIATE 'BEGIN NOT ATOMIC DROP TABLE t; END'", DROP(TABLE)),
  T("PREPARE s FROM @v", DYN(VARIABLE)),
  T("PREPARE s FROM @`v`", DYN(VARIABLE)),
  T("PREPARE s FROM @'v'", DYN(VARIABLE)),
  T("PREPARE s FROM @\"v\"", DYN(VARIABLE)),
  T("EXECUTE IMMEDIATE @sql", DYN(VARIABLE)),
  T("EXECUTE IMMEDIATE @sql USING @a", DYN(VARIABLE)),
  T("/*!EXECUTE IMMEDIATE @sql*/", DYN(VARIABLE)),
  T("SET @sql = 'DROP TABLE t'; EXECUTE IMMEDIATE @sql", DYN(EXPRESSION)),
  T("SELECT 1; PREPARE s FROM @v", DYN(EXPRESSION)),
  T("PREPARE s FROM @v := 'DROP TABLE t'", DYN(EXPRESSION)),
  T("PREPARE s FROM @v; PREPARE u FROM @w", DYN(EXPRESSION)),
  T("PREPARE s FROM @v; DROP TABLE t", DROP(TABLE)),
  T("EXECUTE IMMEDIATE @v; EXECUTE IMMEDIATE CONCAT('a')", DYN(EXPRESSION)),
  T("PREPARE s FROM @@global.init_connect", DYN(EXPRESSION)),
  T("PREPARE s FROM @@init_connect", DYN(EXPRESSION)),
  T("PREPARE s FROM CONCAT('DR', 'OP TABLE t')", DYN(EXPRESSION)),
  T("PREPARE s FROM x'44524f50205441424c452074'", DYN(EXPRESSION)),
  T("PREPARE s FROM 0x44524f50205441424c452074", DYN(EXPRESSION)),
  T("PREPARE s FROM ?", DYN(EXPRESSION)),
  T("PREPARE s FROM (SELECT q FROM t)", DYN(EXPRESSION)),
  T("PREPARE s FROM", DYN(EXPRESSION)),
  T("EXECUTE IMMEDIATE", DYN(EXPRESSION)),
  T("PREPARE s FROM 'SELECT 1'; EXECUTE s; DEALLOCATE PREPARE s", NONE),
  T("IF 1 THEN PREPARE s FROM 'DROP TABLE t'; END IF", DROP(TABLE)),
  T("IF 1 THEN EXECUTE IMMEDIATE @v; END IF", DYN(EXPRESSION)),
  T("SET STATEMENT a=1 FOR EXECUTE IMMEDIATE 'DROP TABLE t'", DROP(TABLE)),
  TV("PREPARE s FROM @v; SELECT 1", CDD, DYN(VARIABLE)),
  TV("PREPARE s FROM CONCAT('x')", CD, NONE),

  /* Quoting and sql_mode */
  TM("SELECT \"a\"; DROP TABLE t", AQ, DROP(TABLE)),
  TM("SELECT \"a;\"; DROP TABLE t", AQ, DROP(TABLE)),
  TM("SELECT \"a\"\"; DROP TABLE t\"", AQ, NONE),
  TM("SELECT \"a\\\"; DROP TABLE t; -- \"", AQ, DROP(TABLE)),
  T("SELECT \"a\\\"; DROP TABLE t; -- \"", NONE),
  TM("SELECT 'a\\'; DROP TABLE t; -- '", NBE, DROP(TABLE)),
  T("SELECT 'a\\'; DROP TABLE t; -- '", NONE),
  TM("SELECT 'a\\\\'; DROP TABLE t", NBE, DROP(TABLE)),
  T("SELECT 'a\\\\'; DROP TABLE t", DROP(TABLE)),
  TM("PREPARE s FROM \"DROP TABLE t\"", AQ, DYN(EXPRESSION)),
  TM("PREPARE s FROM 'D\\ROP TABLE t'", NBE, NONE),
  TM("PREPARE s FROM 'DROP\\'' TABLE t'", NBE, DROP(UNKNOWN)),
  T("SELECT 1 AS [a'b]; DROP TABLE t", DROP(TABLE)),
  T("SELECT 1 AS [a]]; drop table t]", NONE),
  T("SELECT `a\\`; DROP TABLE t; -- `", DROP(TABLE)),
  T("SELECT `unterminated; DROP TABLE t", DROP(TABLE)),
  T("SELECT 'unterminated; DROP TABLE t", NONE),
  T("SELECT \"unterminated; DROP TABLE t", NONE),
  T("SELECT N'unterminated; DROP TABLE t", NONE),
  T("SELECT 'a' 'b'; DROP TABLE t", DROP(TABLE)),
  T("SELECT 'x\\", NONE),

  /* Identifiers, '.', numbers, '@' */
  T("SELECT t.`drop`; DROP TABLE t", DROP(TABLE)),
  T("SELECT 1 FROM t.drop; DROP TABLE t", DROP(TABLE)),
  T("SELECT 1 FROM db.drop.x; DROP TABLE t", DROP(TABLE)),
  T("drop.t", NONE),
  T("DROP .t", DROP(UNKNOWN)),
  T("create.x", NONE),
  T(".drop TABLE t", NONE),
  T("WHILE 1e1DO DROP TABLE t; END WHILE", DROP(TABLE)),
  T("WHILE 1.5DO DROP TABLE t; END WHILE", DROP(TABLE)),
  T("WHILE .5DO DROP TABLE t; END WHILE", DROP(TABLE)),
  T("WHILE 1e+1DO DROP TABLE t; END WHILE", DROP(TABLE)),
  T("WHILE 1DO DROP TABLE t; END WHILE", NONE),          /* "1DO": a name */
  T("WHILE 0x1DO DROP TABLE t; END WHILE", NONE),
  T("WHILE x'1'DO DROP TABLE t; END WHILE", NONE),       /* odd: error */
  T("WHILE x'01'DO DROP TABLE t; END WHILE", DROP(TABLE)),
  T("IF 1THEN DROP TABLE t; END IF", NONE),
  T("IF 1 THEN DROP TABLE t; END IF", DROP(TABLE)),
  T("SELECT @x:=1; DROP TABLE t", DROP(TABLE)),
  T("SELECT a:=1 FROM t", NONE),
  T("SELECT @then DROP", NONE),
  T("SELECT 1 FROM t WHERE a = @begin; SELECT 2", NONE),
  T("SELECT \\N; DROP TABLE t", DROP(TABLE)),
  T("SELECT 1 \\; DROP TABLE t", NONE),        /* "\\;" is one token */

  /* Labels and odd statement starts */
  T("x: DROP TABLE t", DROP(TABLE)),
  T("`x`: BEGIN NOT ATOMIC DROP TABLE t; END", DROP(TABLE)),
  T("(SELECT 1); DROP TABLE t", DROP(TABLE)),
  T("WITH a AS (SELECT 1) SELECT * FROM a; DROP TABLE t", DROP(TABLE)),
  T("EXPLAIN SELECT 1; DROP TABLE t", DROP(TABLE)),
};

/* Binary inputs: NUL bytes and bytes >= 0x80. */
static const tcase bin_cases[]=
{
  TB("DROP TABLE t\0", ASCII_SAFE, DROP(TABLE)),
  TB("\0DROP TABLE t", ASCII_SAFE, NONE),
  TB("SELECT 1\0; DROP TABLE t", ASCII_SAFE, DROP(TABLE)),   /* fail closed */
  TB("SELECT 'a\0b'; DROP TABLE t", ASCII_SAFE, DROP(TABLE)),
  TB("SELECT 'a\0; DROP TABLE t'", ASCII_SAFE, NONE),
  TB("/* \0 */ DROP TABLE t", ASCII_SAFE, DROP(TABLE)),
  TB("SELECT 1 # x\0\nDROP TABLE t", ASCII_SAFE, NONE),
  TB("DROP\0TABLE t", ASCII_SAFE, DROP(UNKNOWN)),
  TB("SELECT `a\0`; DROP TABLE t", ASCII_SAFE, DROP(TABLE)),

  /* sjis / cp932: 0x5C and 0x60 as trailing bytes */
  TB("SELECT '\x95\\'; DROP TABLE t; -- '", SJIS, DROP(TABLE)),
  TB("SELECT '\x95\\'; DROP TABLE t; -- '", ASCII_SAFE, NONE),
  TB("SELECT '\x95\\\\'; DROP TABLE t; -- '", SJIS, NONE),
  TB("SELECT '\\\x95\\'; DROP TABLE t; -- '", SJIS, NONE),
  TB("SELECT '\x81\x5C\x5C\x5C'; DROP TABLE t", SJIS, DROP(TABLE)),
  TB("SELECT '\x81\x5C\x5C'; DROP TABLE t", SJIS, NONE),
  TB("SELECT '\xA0\\'; DROP TABLE t; -- '", SJIS, NONE),   /* A0: no head */
  TB("SELECT '\xB1\\'; DROP TABLE t; -- '", SJIS, NONE),   /* kana */
  TB("SELECT '\xFD\\'; DROP TABLE t; -- '", SJIS, NONE),   /* FD: no head */
  TB("SELECT '\xFC\\'; DROP TABLE t; -- '", SJIS, DROP(TABLE)),
  TB("SELECT 1 AS x\x95`; DROP TABLE t; -- `", SJIS, DROP(TABLE)),
  TB("SELECT 1 AS x\x95`; DROP TABLE t; -- `", ASCII_SAFE, NONE),
  TB("SELECT 1 AS \x95`; DROP TABLE t; -- `", SJIS, DROP(TABLE)),
  TB("SELECT `\x95`; DROP TABLE t; -- `", SJIS, NONE),
  TB("SELECT `\x95``; DROP TABLE t", SJIS, DROP(TABLE)),
  TB("SELECT t.x\x95`; DROP TABLE t; -- `", SJIS, NONE),   /* byte-wise */
  TB("SELECT \"\x95\\\"; DROP TABLE t; -- \"", SJIS, DROP(TABLE)),
  TB("SELECT 1 AS x\xB1`; DROP TABLE t; -- `", SJIS, NONE),
  TB("PREPARE s FROM '\x95\\'' DROP TABLE t'", SJIS, NONE),
  TB("PREPARE s FROM 'SELECT ''\x95\\'''; DROP TABLE t; -- '", SJIS,
     DROP(TABLE)),
  TB("PREPARE s FROM 'SELECT \x95\\''; DROP TABLE t; -- ''; SELECT 1'", SJIS,
     NONE),
  TB("SELECT '\x95\\'; DROP TABLE t; -- '", GBK, DROP(TABLE)),
  TB("SELECT '\x81\\'; DROP TABLE t; -- '", GBK, DROP(TABLE)),
  TB("SELECT '\xFF\\'; DROP TABLE t; -- '", GBK, NONE),
  TB("SELECT 1 AS x\xFE`; DROP TABLE t; -- `", GBK, DROP(TABLE)),
  TB("SELECT '\xA4\\'; DROP TABLE t; -- '", BIG5, DROP(TABLE)),
  TB("SELECT '\x95\\'; DROP TABLE t; -- '", BIG5, NONE),
  TB("SELECT '\xF9\\'; DROP TABLE t", BIG5, DROP(TABLE)),
  TB("SELECT '\xF9\x7E\\'; DROP TABLE t", BIG5, NONE),
  TB("SELECT 1 AS x\xA4`; DROP TABLE t; -- `", BIG5, DROP(TABLE)),
  TB("\x95\\DROP TABLE t", SJIS, NONE),
  TB("DROP\x95\\TABLE t", SJIS, NONE),
  TB("SELECT 1;\x95", SJIS, NONE),
  TB("SELECT '\x95", SJIS, NONE),

  /* Single-byte sets with whitespace or control bytes >= 0x80 */
  TB("\xA0" "DROP TABLE t", LATIN1, DROP(TABLE)),
  TB("DROP\xA0TABLE t", LATIN1, DROP(TABLE)),
  TB("DROP\xA0TABLE t", ASCII_SAFE, NONE),
  TB("\xA0" "DROP TABLE t", ASCII_SAFE, NONE),
  TB("SELECT 1 --\xA0" "don't\n; DROP TABLE t", LATIN1, DROP(TABLE)),
  TB("SELECT 1 --\xA0" "don't\n; DROP TABLE t", ASCII_SAFE, NONE),
  TB("SELECT 1 --\xA0; DROP TABLE t", LATIN1, NONE),
  TB("SELECT 1 --\xFF; DROP TABLE t", LATIN1, DROP(TABLE)),
  TB("SELECT 1 --\xFF; DROP TABLE t", CP852, NONE),
  TB("\xFF" "DROP TABLE t", CP852, DROP(TABLE)),
  TB("SELECT 1 --\x7F; DROP TABLE t", LATIN1, NONE),
  TB("SELECT 1 --\x7F; DROP TABLE t", LATIN2, DROP(TABLE)),
  TB("SELECT 1 --\x7F; DROP TABLE t", CP1251, DROP(TABLE)),
  TB("SELECT 1 --\x80; DROP TABLE t", CP1250, NONE),
  TB("SELECT 1 --\x80; DROP TABLE t", LATIN1, DROP(TABLE)),
  TB("SELECT 1 --\xFD; DROP TABLE t", HEBREW, NONE),
  TB("SELECT 1 --\xA1; DROP TABLE t", LATIN7, NONE),
  TB("SELECT 1 --\xFF; DROP TABLE t", CP850, NONE),
  TB("SELECT 1 --\xB1; DROP TABLE t", HP8, NONE),
  TB("SELECT 1 --\xCB; DROP TABLE t", MACROMAN, NONE),
  TB("SELECT 1 --\xCB; DROP TABLE t", CP1251, DROP(TABLE)),
  TB("SELECT 1 FROM caf\xE9; DROP TABLE t", LATIN1, DROP(TABLE)),
  TB("SELECT 1 FROM caf\xC3\xA9; DROP TABLE t", ASCII_SAFE, DROP(TABLE)),
  TB("\xE9" "DROP TABLE t", LATIN1, NONE),
  TB("DROP\xE9 TABLE t", LATIN1, NONE),
  TB("PREPARE s FROM _latin1'DROP\xA0TABLE t'", ASCII_SAFE, NONE),
  TB("PREPARE s FROM 'DROP\xA0TABLE t'", LATIN1, DROP(TABLE)),
  TB("PREPARE s FROM N'DROP\xC2\xA0TABLE t'", LATIN1, DROP(UNKNOWN)),
  TB("PREPARE s FROM N'SELECT \xC2\xA0x'", LATIN1, NONE),
  TB("PREPARE s FROM @v\xE9", ASCII_SAFE, DYN(EXPRESSION)),
  TB("PREPARE s FROM @v \xE9", ASCII_SAFE, DYN(EXPRESSION)),
  TB("PREPARE s FROM @v;\xE9", ASCII_SAFE, DYN(VARIABLE)),
  TB("EXECUTE IMMEDIATE _ucs2'\0D\0R\0O\0P\0 \0T\0A\0B\0L\0E\0 \0t'",
     ASCII_SAFE, DROP(UNKNOWN)),
  TB("EXECUTE IMMEDIATE _utf16 '\0S\0E\0L\0E\0C\0T\0 \0001'",
     ASCII_SAFE, NONE),
};

/* One check of a case: verdict and invariants. */
static void check_case(const tcase *c)
{
  rg_classify_options o;
  rg_verdict v, w;
  size_t len= c->len ? c->len : strlen(c->q);
  rg_verb r;
  o.charset= c->cs;
  o.sql_mode= c->mode;
  o.server_version= 101118;
  o.execute_names= 0;
  o.verbs= c->verbs;
  r= rg_classify(c->q, len, &o, &v);
  RG_CHECK(r == v.verb, "line %d: return value %d, verdict %d", c->line,
           r, v.verb);
  RG_CHECK(v.verb == c->verb, "line %d: \"%.*s\": verb %s, expected %s",
           c->line, (int) len, c->q, rg_verb_name(v.verb),
           rg_verb_name(c->verb));
  if (v.verb == c->verb && c->verb != RG_VERB_NONE)
  {
    if (c->verb == RG_VERB_DYNAMIC)
      RG_CHECK((int) v.dynamic == c->obj, "line %d: dynamic kind %d, "
               "expected %d", c->line, v.dynamic, c->obj);
    else
      RG_CHECK((int) v.object == c->obj, "line %d: \"%.*s\": object %s, "
               "expected %s", c->line, (int) len, c->q,
               rg_object_name(v.object), rg_object_name(c->obj));
  }
  RG_CHECK(v.stmt_offset <= len && v.stmt_length <= len - v.stmt_offset,
           "line %d: statement %zu+%zu outside %zu bytes", c->line,
           v.stmt_offset, v.stmt_length, len);
  RG_CHECK(v.var_offset <= len && v.var_length <= len - v.var_offset,
           "line %d: variable outside the input", c->line);
  rg_classify(c->q, len, &o, &w);
  RG_CHECK(!memcmp(&v, &w, sizeof(v)) || (v.verb == w.verb &&
           v.object == w.object && v.dynamic == w.dynamic &&
           v.stmt_offset == w.stmt_offset && v.stmt_length == w.stmt_length),
           "line %d: second call differs", c->line);
}

static rg_verdict classify(const char *q, size_t len, rg_charset cs,
                           unsigned mode, unsigned verbs)
{
  rg_classify_options o;
  rg_verdict v;
  o.charset= cs;
  o.sql_mode= mode;
  o.server_version= 101118;
  o.execute_names= 0;
  o.verbs= verbs;
  rg_classify(q, len, &o, &v);
  return v;
}

#define CLASSIFY(q) classify(q, strlen(q), RG_CS_ASCII_SAFE, 0, ALL)

/* Statement and variable positions. */
static void test_offsets(void)
{
  const char *q;
  rg_verdict v;

  q= "SELECT 1; DROP TABLE t; SELECT 2";
  v= CLASSIFY(q);
  RG_CHECK(v.stmt_offset == 10 && v.stmt_length == 12,
           "offsets %zu+%zu", v.stmt_offset, v.stmt_length);

  q= "  DROP TABLE t";
  v= CLASSIFY(q);
  RG_CHECK(v.stmt_offset == 2 && v.stmt_length == 12, "leading blanks");

  q= "SET STATEMENT a=1 FOR DROP TABLE t;";
  v= CLASSIFY(q);
  RG_CHECK(v.stmt_offset == 0 && v.stmt_length == 34, "SET STATEMENT %zu+%zu",
           v.stmt_offset, v.stmt_length);

  q= "IF 1 THEN DROP TABLE t; END IF";
  v= CLASSIFY(q);
  RG_CHECK(v.stmt_offset == 10 && v.stmt_length == 12, "compound %zu+%zu",
           v.stmt_offset, v.stmt_length);

  q= "SELECT 1; PREPARE s FROM 'DROP ' 'TABLE t'; SELECT 2";
  v= CLASSIFY(q);
  RG_CHECK(v.verb == RG_VERB_DROP && v.stmt_offset == 10 &&
           v.stmt_length == 32, "PREPARE %zu+%zu", v.stmt_offset,
           v.stmt_length);

  q= "PREPARE s FROM @my_var";
  v= CLASSIFY(q);
  RG_CHECK(v.dynamic == RG_DYN_VARIABLE && v.var_offset == 16 &&
           v.var_length == 6 && !v.var_quoted, "variable %zu+%zu",
           v.var_offset, v.var_length);
  RG_CHECK(v.stmt_offset == 0 && v.stmt_length == strlen(q), "var stmt");

  q= "EXECUTE IMMEDIATE @`my var`;";
  v= CLASSIFY(q);
  RG_CHECK(v.dynamic == RG_DYN_VARIABLE && v.var_offset == 20 &&
           v.var_length == 6 && v.var_quoted, "quoted variable");
  RG_CHECK(v.stmt_length == strlen(q) - 1, "var stmt end");

  q= "EXECUTE IMMEDIATE @'v' USING 1";
  v= CLASSIFY(q);
  RG_CHECK(v.dynamic == RG_DYN_VARIABLE && v.var_offset == 20 &&
           v.var_length == 1 && v.var_quoted, "string variable");

  q= "PREPARE s FROM @a.b$c_d";
  v= CLASSIFY(q);
  RG_CHECK(v.dynamic == RG_DYN_VARIABLE && v.var_length == 7, "dotted name");

  q= "/*!DROP TABLE t*/";
  v= CLASSIFY(q);
  RG_CHECK(v.stmt_offset == 3, "in comment %zu", v.stmt_offset);
}

/* Literals longer than the decoding buffer. */
static void test_long_literals(void)
{
  size_t n= 40000, i;
  char *q= malloc(n + 100);
  rg_verdict v;

  /* the first keyword beyond the buffer */
  strcpy(q, "PREPARE s FROM '");
  for (i= strlen(q); i < n; i++)
    q[i]= ' ';
  strcpy(q + n, "DROP TABLE t'");
  v= classify(q, strlen(q), RG_CS_ASCII_SAFE, 0, ALL);
  RG_CHECK(v.verb == RG_VERB_DYNAMIC && v.dynamic == RG_DYN_TOO_LONG,
           "long literal: %d %d", v.verb, v.dynamic);
  v= classify(q, strlen(q), RG_CS_ASCII_SAFE, 0, CD);
  RG_CHECK(v.verb == RG_VERB_NONE, "long literal, no dynamic");

  /* a guarded statement within the prefix */
  memcpy(q + 16, "DROP TABLE t ", 13);
  v= classify(q, strlen(q), RG_CS_ASCII_SAFE, 0, ALL);
  RG_CHECK(v.verb == RG_VERB_DROP, "long literal, DROP first");

  /* a simple first statement decides */
  memcpy(q + 16, "SELECT 1     ", 13);
  v= classify(q, strlen(q), RG_CS_ASCII_SAFE, 0, ALL);
  RG_CHECK(v.verb == RG_VERB_NONE, "long SELECT: %d", v.verb);

  /* ... a compound one does not */
  memcpy(q + 16, "BEGIN NOT ATOMIC ", 17);
  v= classify(q, strlen(q), RG_CS_ASCII_SAFE, 0, ALL);
  RG_CHECK(v.verb == RG_VERB_DYNAMIC && v.dynamic == RG_DYN_TOO_LONG,
           "long compound: %d", v.verb);

  /* SET STATEMENT with the FOR beyond the buffer */
  memcpy(q + 16, "SET STATEMENT a=", 16);
  v= classify(q, strlen(q), RG_CS_ASCII_SAFE, 0, ALL);
  RG_CHECK(v.verb == RG_VERB_DYNAMIC && v.dynamic == RG_DYN_TOO_LONG,
           "long SET STATEMENT: %d", v.verb);
  free(q);
}

/* Long and deep inputs: linear time, bounded recursion. */
static void test_big_inputs(void)
{
  size_t n= 64u << 20, i;
  char *q= malloc(n + 64);
  rg_verdict v;
  static const char row[]= "(1,'abc',2.5,NULL),";

  memcpy(q, "INSERT INTO t VALUES ", 21);
  for (i= 21; i + sizeof(row) < n; i+= sizeof(row) - 1)
    memcpy(q + i, row, sizeof(row) - 1);
  memcpy(q + i, "(0); DROP TABLE t", 17);
  i+= 17;
  v= classify(q, i, RG_CS_ASCII_SAFE, 0, ALL);
  RG_CHECK(v.verb == RG_VERB_DROP, "64 MB INSERT then DROP");

  memset(q, '(', n);
  v= classify(q, n, RG_CS_ASCII_SAFE, 0, ALL);
  RG_CHECK(v.verb == RG_VERB_NONE, "64 MB of '('");

  memset(q, '\'', n);
  v= classify(q, n, RG_CS_SJIS, 0, ALL);
  RG_CHECK(v.verb == RG_VERB_NONE, "64 MB of quotes");

  /* nested PREPARE literals, each doubling the quotes */
  {
    char *a= malloc(1 << 16), *b= malloc(1 << 16);
    int depth;
    strcpy(a, "DROP TABLE t");
    for (depth= 0; depth < 10; depth++)
    {
      char *p= b, *s;
      p+= sprintf(p, "PREPARE s FROM '");
      for (s= a; *s; s++)
      {
        if (*s == '\'')
          *p++= '\'';
        *p++= *s;
      }
      strcpy(p, "'");
      strcpy(a, b);
      v= classify(a, strlen(a), RG_CS_ASCII_SAFE, 0, ALL);
      RG_CHECK(v.verb == RG_VERB_DROP, "nested PREPARE depth %d: %d",
               depth + 1, v.verb);
    }
    free(a);
    free(b);
  }

  /* many forks */
  {
    size_t m= 0;
    for (i= 0; i < 40; i++)
      m+= (size_t) sprintf(q + m, "SELECT 1 /*!99997 x */;");
    m+= (size_t) sprintf(q + m, "SELECT 'DROP TABLE t'");
    v= classify(q, m, RG_CS_ASCII_SAFE, 0, ALL);
    RG_CHECK(v.verb == RG_VERB_DROP, "fork overflow searches words");
    v= classify(q, m - 21, RG_CS_ASCII_SAFE, 0, ALL);
    RG_CHECK(v.verb == RG_VERB_NONE, "fork overflow, no words");
  }
  free(q);
}

/* Every whitespace byte of every class before a statement. */
static void test_whitespace(void)
{
  static const unsigned char ascii_ws[]= { 9, 10, 11, 12, 13, 32 };
  char q[32];
  unsigned i, cs, b;
  for (cs= 0; cs < RG_CS__COUNT; cs++)
    for (i= 0; i < sizeof(ascii_ws); i++)
    {
      rg_verdict v;
      q[0]= (char) ascii_ws[i];
      strcpy(q + 1, "DROP TABLE t");
      v= classify(q, strlen(q), (rg_charset) cs, 0, ALL);
      RG_CHECK(v.verb == RG_VERB_DROP, "class %u, byte %u", cs, ascii_ws[i]);
    }
  /* other bytes before DROP make it no statement start; '>' ends an
     ORACLE label <<l>> */
  for (b= 1; b < 256; b++)
  {
    rg_verdict v;
    int start= b == 9 || b == 10 || b == 11 || b == 12 || b == 13 ||
               b == 32 || b == ';' || b == ':' || b == '>';
    if (b == '#' || b == '-' || b == '/' || b == '\'' || b == '"' ||
        b == '`' || b == '[' || b == '\\')
      continue;
    q[0]= (char) b;
    strcpy(q + 1, " DROP TABLE t");
    v= classify(q, strlen(q), RG_CS_ASCII_SAFE, 0, ALL);
    RG_CHECK((v.verb == RG_VERB_DROP) == start,
             "byte %u before DROP: %d", b, v.verb);
  }
}

static void test_names(void)
{
  static const struct { const char *name; rg_charset cs; } names[]=
  {
    { "sjis", RG_CS_SJIS }, { "SJIS", RG_CS_SJIS }, { "cp932", RG_CS_SJIS },
    { "CP932", RG_CS_SJIS }, { "gbk", RG_CS_GBK }, { "Big5", RG_CS_BIG5 },
    { "utf8mb4", RG_CS_ASCII_SAFE }, { "utf8mb3", RG_CS_ASCII_SAFE },
    { "utf8", RG_CS_ASCII_SAFE }, { "ujis", RG_CS_ASCII_SAFE },
    { "euckr", RG_CS_ASCII_SAFE }, { "gb2312", RG_CS_ASCII_SAFE },
    { "binary", RG_CS_ASCII_SAFE }, { "", RG_CS_ASCII_SAFE },
    { "sjisx", RG_CS_ASCII_SAFE }, { "sji", RG_CS_ASCII_SAFE },
    { "latin1", RG_CS_LATIN1 }, { "LATIN1", RG_CS_LATIN1 },
    { "latin5", RG_CS_LATIN1 }, { "dec8", RG_CS_LATIN1 },
    { "greek", RG_CS_LATIN1 }, { "armscii8", RG_CS_LATIN1 },
    { "geostd8", RG_CS_LATIN1 }, { "latin2", RG_CS_LATIN2 },
    { "latin7", RG_CS_LATIN7 }, { "cp1250", RG_CS_CP1250 },
    { "hebrew", RG_CS_HEBREW }, { "cp852", RG_CS_CP852 },
    { "cp866", RG_CS_CP852 }, { "keybcs2", RG_CS_CP852 },
    { "cp1251", RG_CS_CP1251 }, { "cp1257", RG_CS_CP1251 },
    { "macce", RG_CS_CP1251 }, { "cp850", RG_CS_CP850 },
    { "hp8", RG_CS_HP8 }, { "macroman", RG_CS_MACROMAN },
    { "koi8r", RG_CS_ASCII_SAFE }, { "swe7", RG_CS_SWE7 }
  };
  unsigned i;
  for (i= 0; i < sizeof(names) / sizeof(names[0]); i++)
    RG_CHECK(rg_charset_from_name(names[i].name, strlen(names[i].name)) ==
             names[i].cs, "charset %s", names[i].name);
  RG_CHECK(rg_charset_from_name("sjis", 3) == RG_CS_ASCII_SAFE, "length");
  RG_CHECK(rg_charset_from_name("gbkXYZ", 3) == RG_CS_GBK, "prefix length");
  RG_CHECK(rg_charset_from_name(NULL, 0) == RG_CS_ASCII_SAFE, "NULL name");

  RG_CHECK(!strcmp(rg_verb_name(RG_VERB_CREATE), "CREATE"), "CREATE");
  RG_CHECK(!strcmp(rg_verb_name(RG_VERB_DROP), "DROP"), "DROP");
  RG_CHECK(!strcmp(rg_verb_name(RG_VERB_ALTER), "ALTER"), "ALTER");
  RG_CHECK(!strcmp(rg_verb_name(RG_VERB_RENAME), "RENAME"), "RENAME");
  RG_CHECK(!strcmp(rg_verb_name(RG_VERB_TRUNCATE), "TRUNCATE"), "TRUNCATE");
  RG_CHECK(!strcmp(rg_verb_name(RG_VERB_DYNAMIC), "DYNAMIC SQL"), "DYNAMIC");
  RG_CHECK(!strcmp(rg_verb_name(RG_VERB_NONE), ""), "NONE");
  RG_CHECK(!strcmp(rg_verb_name((rg_verb) 99), ""), "bad verb");
  RG_CHECK(!strcmp(rg_object_name(RG_OBJ_TABLE), "TABLE"), "TABLE");
  RG_CHECK(!strcmp(rg_object_name(RG_OBJ_TEMPORARY_TABLE), "TEMPORARY TABLE"),
           "TEMPORARY TABLE");
  RG_CHECK(!strcmp(rg_object_name(RG_OBJ_DATABASE), "DATABASE"), "DATABASE");
  RG_CHECK(!strcmp(rg_object_name(RG_OBJ_PACKAGE_BODY), "PACKAGE BODY"),
           "PACKAGE BODY");
  RG_CHECK(!strcmp(rg_object_name(RG_OBJ_LOGFILE_GROUP), "LOGFILE GROUP"),
           "LOGFILE GROUP");
  RG_CHECK(!strcmp(rg_object_name(RG_OBJ_UNKNOWN), "OBJECT"), "UNKNOWN");
  RG_CHECK(!strcmp(rg_object_name(RG_OBJ__COUNT), "OBJECT"), "bad object");
}

/* Executable comments against other server versions. */
static void test_versions(void)
{
  static const struct { unsigned long version; const char *q; rg_verb verb; }
  cases[]=
  {
    { 100000, "/*!100000 DROP TABLE t */", RG_VERB_DROP },
    { 100000, "/*!100001 DROP TABLE t */", RG_VERB_NONE },
    { 100000, "/*M!100000 DROP TABLE t */", RG_VERB_DROP },
    { 50699, "/*!50699 DROP TABLE t */", RG_VERB_DROP },
    { 50699, "/*!50700 DROP TABLE t */", RG_VERB_NONE },
    { 110401, "/*!110401 DROP TABLE t */", RG_VERB_DROP },
    { 110401, "/*!110402 DROP TABLE t */", RG_VERB_NONE },
    { 0, "/*!00000 DROP TABLE t */", RG_VERB_DROP },
    { 0, "/*!00001 DROP TABLE t */", RG_VERB_NONE },
    { 0, "/*!DROP TABLE t */", RG_VERB_DROP }
  };
  unsigned i;
  for (i= 0; i < sizeof(cases) / sizeof(cases[0]); i++)
  {
    rg_classify_options o= { RG_CS_ASCII_SAFE, 0, cases[i].version, ALL, 0 };
    rg_verdict v;
    rg_classify(cases[i].q, strlen(cases[i].q), &o, &v);
    RG_CHECK(v.verb == cases[i].verb, "version %lu: %s", cases[i].version,
             cases[i].q);
  }
}

/* Keyword spelling: every case mix of each verb. */
static void test_case_mix(void)
{
  static const char *const words[]=
  { "create", "drop", "alter", "rename", "truncate" };
  static const rg_verb verbs[]=
  { RG_VERB_CREATE, RG_VERB_DROP, RG_VERB_ALTER, RG_VERB_RENAME,
    RG_VERB_TRUNCATE };
  unsigned w, mask;
  for (w= 0; w < 5; w++)
  {
    size_t n= strlen(words[w]);
    for (mask= 0; mask < (1u << n); mask+= 7)
    {
      char q[64];
      size_t i;
      rg_verdict v;
      for (i= 0; i < n; i++)
        q[i]= (char) ((mask >> i) & 1 ? words[w][i] - 32 : words[w][i]);
      strcpy(q + n, " TABLE t");
      v= classify(q, strlen(q), RG_CS_ASCII_SAFE, 0, ALL);
      RG_CHECK(v.verb == verbs[w], "%s", q);
    }
  }
}

/* rg_classify_access() (rg_access.h) *************************************/

typedef struct acase
{
  int line;
  const char *q;
  size_t len;                   /* 0: strlen(q) */
  rg_charset cs;
  unsigned mode;
  unsigned long version;
  rg_access want;
} acase;

/* default options */
#define A(q, w) { __LINE__, q, 0, RG_CS_ASCII_SAFE, 0, 101118, RG_ACCESS_##w }
/* sql_mode */
#define AM(q, mode, w) { __LINE__, q, 0, RG_CS_ASCII_SAFE, mode, 101118, \
                         RG_ACCESS_##w }
/* server version */
#define AV(q, v, w) { __LINE__, q, 0, RG_CS_ASCII_SAFE, 0, v, RG_ACCESS_##w }
/* character set class; binary input of sizeof(q) - 1 bytes */
#define AB(q, cs, w) { __LINE__, q, sizeof(q) - 1, RG_CS_##cs, 0, 101118, \
                       RG_ACCESS_##w }

static const acase access_cases[]=
{
  /* INSPECT: SHOW */
  A("SHOW SLAVE STATUS", INSPECT),
  A("show all replicas status", INSPECT),
  A("SHOW GLOBAL STATUS LIKE 'Replica_guard%'", INSPECT),
  A("SHOW TABLES FROM db", INSPECT),
  A("SHOW COLUMNS FROM t FROM db", INSPECT),
  A("SHOW CREATE TABLE t", INSPECT),
  A("SHOW FULL PROCESSLIST", INSPECT),
  A("SHOW BINLOG EVENTS IN 'b.000001' FROM 4 LIMIT 1, 2", INSPECT),
  A("SHOW TABLES WHERE Tables_in_db IN (SELECT a FROM t)", READ),
  /* INSPECT: SELECT without tables or of system views only */
  A("SELECT 1", INSPECT),
  A("select @@replica_guard_fenced, @@global.read_only", INSPECT),
  A("SELECT @a := 1, NOW(), 'from t'", INSPECT),
  A("SELECT 1 FROM DUAL", INSPECT),
  A("SELECT * FROM information_schema.REPLICA_GUARD_STATUS", INSPECT),
  A("SELECT * FROM INFORMATION_SCHEMA.tables", INSPECT),
  A("SELECT * FROM `information_schema`.`TABLES`", INSPECT),
  A("SELECT * FROM `Performance_Schema`.threads", INSPECT),
  A("SELECT * FROM information_schema . tables", INSPECT),
  A("SELECT * FROM information_schema.tables AS t "
    "JOIN performance_schema.threads p ON t.a = p.b", INSPECT),
  A("SELECT * FROM information_schema.tables t1 LEFT OUTER JOIN "
    "information_schema.columns c USING (table_name), "
    "performance_schema.threads", INSPECT),
  A("SELECT * FROM (information_schema.tables, information_schema.columns)",
    INSPECT),
  A("SELECT * FROM (SELECT * FROM information_schema.tables) AS x", INSPECT),
  A("SELECT a FROM information_schema.tables WHERE a IN "
    "(SELECT b FROM performance_schema.threads)", INSPECT),
  A("SELECT TRIM(LEADING 'a' FROM 'abc'), EXTRACT(YEAR FROM NOW()), "
    "SUBSTRING('abc' FROM 2 FOR 1)", INSPECT),
  A("SELECT CASE WHEN @a THEN 1 ELSE 2 END", INSPECT),
  A("SELECT IF(1, REPLACE('a', 'b', 'c'), INSERT('a', 1, 1, 'b'))", INSPECT),
  A("SELECT a, b FROM information_schema.tables ORDER BY a, b LIMIT 1, 2",
    INSPECT),
  A("SELECT a INTO @x FROM information_schema.tables LIMIT 1", INSPECT),
  A("SELECT a FROM information_schema.tables INTO @x, @y", INSPECT),
  A("SELECT STRAIGHT_JOIN 1", INSPECT),
  A("(SELECT 1) UNION (SELECT 2)", INSPECT),
  A("((SELECT 1))", INSPECT),
  A("WITH x AS (SELECT 1) SELECT 2", INSPECT),
  A("VALUES (1), (2)", INSPECT),
  A("SELECT 1 UNION SELECT table_name FROM information_schema.tables",
    INSPECT),
  AM("SELECT * FROM \"information_schema\".tables", AQ, INSPECT),
  /* READ: SELECT of other tables */
  A("SELECT * FROM t", READ),
  A("SELECT * FROM db.t", READ),
  A("SELECT * FROM mysql.user", READ),
  A("SELECT * FROM information_schema_x.t", READ),
  A("SELECT * FROM `information_schema.tables`", READ),
  A("SELECT * FROM .tables", READ),
  A("SELECT * FROM information_schema.tables, t", READ),
  A("SELECT * FROM information_schema.tables JOIN t ON 1", READ),
  A("SELECT * FROM information_schema.tables NATURAL JOIN t", READ),
  A("SELECT * FROM information_schema.tables STRAIGHT_JOIN t", READ),
  A("SELECT * FROM information_schema.tables CROSS JOIN (t1, t2)", READ),
  A("SELECT * FROM information_schema.tables FOR SYSTEM_TIME ALL, t", READ),
  A("SELECT * FROM (SELECT 1) x, t", READ),
  A("SELECT * FROM information_schema.tables USE INDEX FOR ORDER BY (), t",
    READ),
  A("SELECT * FROM information_schema.tables FORCE INDEX FOR GROUP BY (a) "
    "JOIN t", READ),
  A("SELECT * FROM information_schema.tables IGNORE INDEX FOR JOIN (a)",
    INSPECT),
  A("SELECT * FROM information_schema.tables t USE INDEX FOR ORDER BY (a) "
    "ORDER BY a, b", INSPECT),
  A("SELECT * FROM (SELECT * FROM t) AS x", READ),
  A("SELECT (SELECT a FROM t)", READ),
  A("SELECT EXISTS (SELECT 1 FROM t)", READ),
  A("SELECT TRIM(LEADING 'a' FROM (SELECT a FROM t))", READ),
  A("SELECT a FROM information_schema.tables WHERE a IN (SELECT b FROM t)",
    READ),
  A("SELECT * FROM t FOR UPDATE", READ),
  A("SELECT * FROM t LOCK IN SHARE MODE", READ),
  A("SELECT * FROM t INTO OUTFILE '/tmp/x'", READ),
  A("SELECT 1 INTO DUMPFILE '/tmp/x'", READ),
  A("WITH x AS (SELECT 1) SELECT * FROM x", READ),      /* conservative */
  A("WITH x AS (SELECT * FROM t) SELECT 1", READ),
  A("(SELECT a FROM t) UNION (SELECT 2)", READ),
  A("SELECT 1 UNION SELECT a FROM t", READ),
  A("SELECT * FROM JSON_TABLE('[]', '$[*]' COLUMNS (a INT PATH '$')) j",
    READ),                                              /* conservative */
  AM("SELECT * FROM \"information_schema\".tables", 0, READ),
  /* READ: the other reading statements */
  A("DESCRIBE t", READ),
  A("DESC t", READ),
  A("EXPLAIN SELECT * FROM t", READ),
  A("EXPLAIN DELETE FROM t", READ),
  A("EXPLAIN FORMAT=JSON UPDATE t SET a = 1", READ),
  A("HELP 'contents'", READ),
  A("DO 1", READ),
  A("DO SLEEP(1)", READ),
  A("PREPARE s FROM 'SELECT 1'", READ),
  A("EXECUTE s", READ),
  A("EXECUTE s USING @a, @b", READ),
  A("DEALLOCATE PREPARE s", READ),
  A("DROP PREPARE s", READ),
  A("CHECK TABLE t", READ),
  A("CHECK TABLE t FOR UPGRADE", READ),
  A("CHECKSUM TABLE t", READ),
  A("LOCK TABLES t READ, u WRITE", READ),
  A("UNLOCK TABLES", READ),
  A("HANDLER t OPEN", READ),
  A("HANDLER t READ FIRST", READ),
  A("HANDLER t CLOSE", READ),
  A("XA START 'x'", READ),
  A("XA RECOVER", READ),
  A("GET DIAGNOSTICS @n = NUMBER", READ),
  A("GET CURRENT DIAGNOSTICS CONDITION 1 @m = MESSAGE_TEXT", READ),
  A("SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'x'", READ),
  A("RESIGNAL", READ),
  /* INSPECT: SET */
  A("SET GLOBAL replica_guard_fenced = OFF", INSPECT),
  A("SET GLOBAL replica_guard_fence_mode= WRITES", INSPECT),
  A("SET @x = 1", INSPECT),
  A("SET @x := 1, @y = 2", INSPECT),
  A("SET SESSION sql_mode = ''", INSPECT),
  A("SET @@session.sql_mode = '', @@global.read_only = 1", INSPECT),
  A("SET LOCAL x = 1", INSPECT),
  A("SET NAMES utf8mb4 COLLATE utf8mb4_bin", INSPECT),
  A("SET CHARACTER SET latin1", INSPECT),
  A("SET GLOBAL sql_slave_skip_counter = 1", INSPECT),
  A("SET TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY", INSPECT),
  A("SET @x = 'password'", INSPECT),
  A("SET @x = PASSWORD('a')", INSPECT),
  A("SET @x = (SELECT COUNT(*) FROM information_schema.tables)", INSPECT),
  A("SET @x = (SELECT a FROM t)", READ),
  /* WRITE: SET that writes the mysql tables */
  A("SET PASSWORD = PASSWORD('x')", WRITE),
  A("SET PASSWORD FOR u@h = 'x'", WRITE),
  A("set password='x'", WRITE),
  A("SET @x = 1, PASSWORD = 'x'", WRITE),
  A("SET ROLE r", WRITE),
  A("SET ROLE NONE", WRITE),
  A("SET DEFAULT ROLE r FOR u", WRITE),
  /* INSPECT: replication, transactions, KILL, USE, empty */
  A("START SLAVE", INSPECT),
  A("START SLAVE 'conn' SQL_THREAD", INSPECT),
  A("START REPLICA UNTIL MASTER_LOG_FILE = 'b', MASTER_LOG_POS = 4",
    INSPECT),
  A("START ALL SLAVES", INSPECT),
  A("STOP SLAVE", INSPECT),
  A("STOP REPLICA IO_THREAD", INSPECT),
  A("STOP ALL REPLICAS", INSPECT),
  A("RESET SLAVE", INSPECT),
  A("RESET REPLICA 'conn' ALL", INSPECT),
  A("CHANGE MASTER TO MASTER_HOST = 'h', MASTER_PORT = 3306", INSPECT),
  A("CHANGE MASTER 'conn' TO MASTER_USE_GTID = slave_pos", INSPECT),
  A("KILL 5", INSPECT),
  A("KILL QUERY 5", INSPECT),
  A("KILL CONNECTION USER u", INSPECT),
  A("BEGIN", INSPECT),
  A("BEGIN WORK", INSPECT),
  A("START TRANSACTION", INSPECT),
  A("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", INSPECT),
  A("COMMIT", INSPECT),
  A("COMMIT WORK AND NO CHAIN", INSPECT),
  A("ROLLBACK", INSPECT),
  A("ROLLBACK TO SAVEPOINT sp", INSPECT),
  A("SAVEPOINT sp", INSPECT),
  A("RELEASE SAVEPOINT sp", INSPECT),
  A("USE db", INSPECT),
  A("", INSPECT),
  A(";", INSPECT),
  A(" ; ;; ", INSPECT),
  A("/* only a comment */", INSPECT),
  A("-- a comment", INSPECT),
  A("# INSERT INTO t VALUES (1)", INSPECT),
  /* WRITE: everything else */
  A("INSERT INTO t VALUES (1)", WRITE),
  A("insert into t select * from information_schema.tables", WRITE),
  A("UPDATE t SET a = 1", WRITE),
  A("DELETE FROM t", WRITE),
  A("REPLACE INTO t VALUES (1)", WRITE),
  A("LOAD DATA INFILE 'f' INTO TABLE t", WRITE),
  A("CALL p()", WRITE),
  A("CREATE TABLE t (a INT)", WRITE),
  A("DROP TABLE t", WRITE),
  A("ALTER TABLE t ADD b INT", WRITE),
  A("RENAME TABLE t TO u", WRITE),
  A("TRUNCATE t", WRITE),
  A("GRANT ALL ON *.* TO u", WRITE),
  A("REVOKE ALL ON *.* FROM u", WRITE),
  A("OPTIMIZE TABLE t", WRITE),
  A("REPAIR TABLE t", WRITE),
  A("ANALYZE TABLE t", WRITE),
  A("ANALYZE SELECT * FROM t", WRITE),
  A("FLUSH TABLES", WRITE),
  A("FLUSH LOGS", WRITE),
  A("PURGE BINARY LOGS TO 'b.000002'", WRITE),
  A("RESET MASTER", WRITE),
  A("RESET QUERY CACHE", WRITE),
  A("RESET SLAVE, MASTER", WRITE),
  A("INSTALL SONAME 'x'", WRITE),
  A("UNINSTALL PLUGIN x", WRITE),
  A("BINLOG 'AAAA'", WRITE),
  A("CACHE INDEX t IN k", WRITE),
  A("LOAD INDEX INTO CACHE t", WRITE),
  A("SHUTDOWN", WRITE),
  A("BACKUP STAGE START", WRITE),
  A("TABLE t", WRITE),
  A("START", WRITE),
  A("STOP", WRITE),
  A("CHANGE REPLICATION FILTER x", WRITE),
  A("CHECK x", WRITE),
  A("LOCK x", WRITE),
  A("GET x", WRITE),
  A("RELEASE x", WRITE),
  A("(INSERT INTO t VALUES (1))", WRITE),
  A("frobnicate", WRITE),
  A("`SELECT` 1", WRITE),
  A("'SELECT 1'", WRITE),
  A("@x", WRITE),
  /* sequences write */
  A("SELECT NEXTVAL(s)", WRITE),
  A("SELECT a FROM t WHERE b = NEXTVAL(s)", WRITE),
  A("SELECT NEXT VALUE FOR s", WRITE),
  A("SELECT SETVAL(s, 10)", WRITE),
  A("DO NEXTVAL(s)", WRITE),
  A("SET @x = NEXT VALUE FOR s", WRITE),
  A("SELECT s.nextval", WRITE),                 /* sql_mode ORACLE */
  A("SELECT LASTVAL(s), PREVIOUS VALUE FOR s", INSPECT),
  A("SELECT nextval FROM information_schema.tables", INSPECT),
  /* multi-statement packets: the most demanding statement */
  A("SELECT 1; SHOW STATUS; SET @a = 1", INSPECT),
  A("SELECT 1; SELECT * FROM t", READ),
  A("SELECT 1; INSERT INTO t VALUES (1)", WRITE),
  A("SHOW STATUS; SELECT * FROM information_schema.tables; "
    "DELETE FROM t; SELECT 1", WRITE),
  A("SELECT 1;INSERT INTO t VALUES (1)", WRITE),
  A("SELECT 1 ; /* c */ UPDATE t SET a = 1", WRITE),
  A("BEGIN; INSERT INTO t VALUES (1); COMMIT", WRITE),
  A("BEGIN; SELECT * FROM t; COMMIT", READ),
  A("USE db; SELECT 1", INSPECT),
  /* comments and executable comments */
  A("/* INSERT INTO t VALUES (1) */ SELECT 1", INSPECT),
  A("SELECT 1 -- ; INSERT INTO t VALUES (1)", INSPECT),
  A("SELECT 1 #; INSERT INTO t VALUES (1)", INSPECT),
  A("SELECT 1 --; INSERT INTO t VALUES (1)", WRITE),
  A("/*!INSERT INTO t VALUES (1) */", WRITE),
  A("/*!40101 INSERT INTO t VALUES (1) */", WRITE),
  A("/*!40101 SET NAMES utf8 */", INSPECT),
  A("/*M!100000 INSERT INTO t VALUES (1) */ SELECT 1", WRITE),
  A("/*!999999 INSERT INTO t VALUES (1) */ SELECT 1", INSPECT),
  A("/*M!999999 INSERT INTO t VALUES (1) */ SELECT 1", INSPECT),
  A("/*!50700 INSERT INTO t VALUES (1) */ SELECT 1", INSPECT),
  A("SELECT 1 /*!; INSERT INTO t VALUES (1) */", WRITE),
  A("SELECT 1 /* ; INSERT INTO t VALUES (1) */", INSPECT),
  A("SELECT /*!FROM t */ 1", READ),
  A("SELECT 1 /*! FROM t*/", READ),
  A("SEL/**/ECT 1", WRITE),
  A("/*!SEL*/ECT 1", WRITE),
  A("/*!99997 INSERT INTO t VALUES (1) */ SELECT 1", WRITE),  /* Galera */
  A("/*!99997 SELECT 1 */ INSERT INTO t VALUES (1)", WRITE),  /* others */
  A("/*!99997 SELECT 1 */ SELECT 2", INSPECT),
  A("SELECT 1 /*!99997 FROM t */", READ),
  AV("/*!50000 INSERT INTO t VALUES (1) */ SELECT 1", 40000, INSPECT),
  AV("/*!50000 INSERT INTO t VALUES (1) */ SELECT 1", 50000, WRITE),
  /* compound statements */
  A("BEGIN NOT ATOMIC SELECT 1; END", INSPECT),
  A("BEGIN NOT ATOMIC SELECT * FROM t; END", READ),
  A("BEGIN NOT ATOMIC INSERT INTO t VALUES (1); END", WRITE),
  A("BEGIN NOT ATOMIC DECLARE x INT DEFAULT 0; SET x = 1; END", INSPECT),
  A("BEGIN NOT ATOMIC DECLARE x INT DEFAULT (SELECT a FROM t); END", READ),
  A("BEGIN NOT ATOMIC BEGIN UPDATE t SET a = 1; END; END", WRITE),
  A("lbl: BEGIN NOT ATOMIC SELECT 1; END lbl", INSPECT),
  A("lbl: BEGIN NOT ATOMIC DELETE FROM t; END lbl", WRITE),
  A("IF 1 THEN SELECT 1; END IF", INSPECT),
  A("IF 1 THEN SELECT 1; ELSE UPDATE t SET a = 1; END IF", WRITE),
  A("IF 1 THEN SELECT 1; ELSEIF 2 THEN INSERT INTO t VALUES (1); END IF",
    WRITE),
  A("IF (SELECT COUNT(*) FROM t) > 0 THEN SELECT 1; END IF", READ),
  A("IF CASE WHEN @a THEN 1 ELSE 0 END THEN SELECT 1; END IF", INSPECT),
  A("IF CASE WHEN @a THEN 1 ELSE 0 END THEN DELETE FROM t; END IF", WRITE),
  A("IF 1 THEN SELECT CASE WHEN 1 THEN 2 ELSE 3 END; END IF", INSPECT),
  A("CASE @a WHEN 1 THEN SELECT 1; ELSE SELECT 2; END CASE", INSPECT),
  A("CASE @a WHEN 1 THEN SELECT 1; WHEN 2 THEN TRUNCATE t; END CASE", WRITE),
  A("CASE WHEN @a THEN SELECT 1; ELSE DROP TABLE t; END CASE", WRITE),
  A("WHILE @a < 3 DO SET @a = @a + 1; END WHILE", INSPECT),
  A("WHILE @a < 3 DO INSERT INTO t VALUES (@a); END WHILE", WRITE),
  A("REPEAT SET @a = @a + 1; UNTIL @a > 3 END REPEAT", INSPECT),
  A("REPEAT SELECT 1; UNTIL 1 END REPEAT; INSERT INTO t VALUES (1)", WRITE),
  A("l: LOOP LEAVE l; END LOOP l", INSPECT),
  A("l: LOOP INSERT INTO t VALUES (1); LEAVE l; END LOOP l", WRITE),
  A("FOR i IN 1 .. 3 DO SELECT i; END FOR", INSPECT),
  A("FOR i IN 1 .. 3 DO DELETE FROM t; END FOR", WRITE),
  A("FOR r IN (SELECT a FROM t) DO SELECT 1; END FOR", READ),
  A("BEGIN NOT ATOMIC DECLARE EXIT HANDLER FOR SQLEXCEPTION SELECT 1; "
    "SELECT 2; END", INSPECT),
  A("BEGIN NOT ATOMIC DECLARE CONTINUE HANDLER FOR SQLSTATE VALUE '42S02', "
    "NOT FOUND, 1062, my_cond INSERT INTO t VALUES (1); END", WRITE),
  A("BEGIN NOT ATOMIC DECLARE EXIT HANDLER FOR SQLWARNING BEGIN "
    "UPDATE t SET a = 1; END; END", WRITE),
  A("BEGIN NOT ATOMIC DECLARE c CONDITION FOR SQLSTATE '45000'; "
    "SIGNAL c; END", READ),
  A("BEGIN NOT ATOMIC DECLARE c CURSOR FOR SELECT a FROM t; OPEN c; "
    "CLOSE c; END", READ),
  A("BEGIN NOT ATOMIC DECLARE c CURSOR FOR SELECT 1; END", INSPECT),
  A("BEGIN NOT ATOMIC PREPARE s FROM 'DELETE FROM t'; END", WRITE),
  A("BEGIN NOT ATOMIC END", INSPECT),
  A("END; INSERT INTO t VALUES (1)", WRITE),
  /* SET STATEMENT ... FOR */
  A("SET STATEMENT max_statement_time = 1 FOR SELECT 1", INSPECT),
  A("SET STATEMENT max_statement_time = 1 FOR SELECT * FROM t", READ),
  A("SET STATEMENT max_statement_time = 1 FOR DELETE FROM t", WRITE),
  A("SET STATEMENT a = 1, b = 2 FOR INSERT INTO t VALUES (1)", WRITE),
  A("set statement a=1 for show status", INSPECT),
  A("SET STATEMENT a = (1 FOR DELETE FROM t", WRITE),
  /* PREPARE and EXECUTE IMMEDIATE */
  A("PREPARE s FROM 'INSERT INTO t VALUES (1)'", WRITE),
  A("PREPARE s FROM 'SELECT * FROM t'", READ),
  A("PREPARE s FROM \"SHOW STATUS\"", READ),
  A("PREPARE s FROM 'SELECT 1; DELETE FROM t'", WRITE),
  A("PREPARE s FROM 'SEL' 'ECT 1'", READ),
  A("PREPARE s FROM 'DEL' 'ETE FROM t'", WRITE),
  A("PREPARE s FROM 'SELECT ''x''; INSERT INTO t VALUES (1)'", WRITE),
  A("PREPARE s FROM 'SELECT \\'; INSERT INTO t VALUES (1)\\''", READ),
  A("PREPARE s FROM 'SELECT 1 /*!; INSERT INTO t VALUES (1) */'", WRITE),
  A("PREPARE s FROM 'I\\NSERT INTO t VALUES (1)'", WRITE),
  A("PREPARE s FROM N'UPDATE t SET a = 1'", WRITE),
  A("PREPARE s FROM _utf8mb4'UPDATE t SET a = 1'", WRITE),
  A("PREPARE s FROM _latin1'SELECT 1'", READ),
  A("PREPARE s FROM _binary'SELECT 1'", READ),
  A("PREPARE s FROM _ucs2'SELECT 1'", WRITE),
  A("PREPARE s FROM _nosuchset'SELECT 1'", WRITE),
  A("PREPARE s FROM @q", WRITE),
  A("PREPARE s FROM CONCAT('SEL', 'ECT 1')", WRITE),
  A("PREPARE s FROM 'SELECT 1' + 1", WRITE),
  A("PREPARE s", WRITE),
  A("PREPARE s FROM 'PREPARE t FROM ''SELECT 1'''", READ),
  A("PREPARE s FROM 'PREPARE t FROM ''DELETE FROM t'''", WRITE),
  A("PREPARE s FROM 'PREPARE t FROM ''PREPARE u FROM ''''"
    "PREPARE v FROM ''''''''SELECT 1'''''''''''''", WRITE),  /* too deep */
  A("EXECUTE IMMEDIATE 'SELECT 1'", READ),
  A("EXECUTE IMMEDIATE 'DELETE FROM t'", WRITE),
  A("EXECUTE IMMEDIATE 'SELECT ?' USING 1", READ),
  A("EXECUTE IMMEDIATE @q", WRITE),
  A("EXECUTE IMMEDIATE CONCAT('DELETE', ' FROM t')", WRITE),
  A("SET @q = 'DELETE FROM t'; EXECUTE IMMEDIATE @q", WRITE),
  A("SET @q = 'DELETE FROM t'; PREPARE s FROM @q; EXECUTE s", WRITE),
  A("PREPARE s FROM '/*!99997 DELETE FROM t */ SELECT 1'", WRITE),
  /* sql_mode */
  A("SELECT \"a\"; INSERT INTO t VALUES (1)", WRITE),
  A("SELECT 'a\\'; INSERT INTO t VALUES (1) -- '", INSPECT),
  AM("SELECT 'a\\'; INSERT INTO t VALUES (1) -- '", NBE, WRITE),
  AM("SELECT \"a\\\"; INSERT INTO t VALUES (1) -- \"", AQ, WRITE),
  A("SELECT \"a\\\"; INSERT INTO t VALUES (1) -- \"", INSPECT),
  AM("PREPARE s FROM 'SELECT \\'; DELETE FROM t; -- '", NBE, WRITE),
  AM("PREPARE s FROM \"DELETE FROM t\"", AQ, WRITE),
  AM("SELECT * FROM `information_schema`.tables", AQ | NBE, INSPECT),
};

/* Character sets: the multi-byte trailing byte 0x5C, 8-bit whitespace and
   control characters, NUL bytes. */
static const acase access_bin_cases[]=
{
  AB("SELECT '\x95\\'; INSERT INTO t VALUES (1) -- '", GBK, WRITE),
  AB("SELECT '\x95\\'; INSERT INTO t VALUES (1) -- '", ASCII_SAFE, INSPECT),
  AB("SELECT '\x95\\'; INSERT INTO t VALUES (1) -- '", LATIN1, INSPECT),
  AB("SELECT '\x95\\' FROM t -- '", SJIS, READ),
  AB("SELECT '\x95\\' FROM t -- '", BIG5, INSPECT),    /* 0x95 no lead */
  AB("SELECT '\xA4\\'; DELETE FROM t -- '", BIG5, WRITE),
  AB("SELECT 1 FROM\xA0t", LATIN1, READ),
  AB("SELECT 1 FROM\xA0t", ASCII_SAFE, INSPECT),
  AB("SELECT 1;\xA0INSERT INTO t VALUES (1)", LATIN1, WRITE),
  AB("SELECT 1;\xA0INSERT INTO t VALUES (1)", ASCII_SAFE, WRITE),
  AB("SELECT 1 --\x81; INSERT INTO t VALUES (1)", LATIN7, INSPECT),
  AB("SELECT 1 --\x81; INSERT INTO t VALUES (1)", ASCII_SAFE, WRITE),
  AB("SELECT * FROM information_schema.t\xC3\xA9", ASCII_SAFE, INSPECT),
  AB("SELECT * FROM caf\xC3\xA9", ASCII_SAFE, READ),
  AB("PREPARE s FROM 'SELECT \x95\\'; DELETE FROM t; -- '", GBK, WRITE),
  AB("PREPARE s FROM _gbk'SELECT \x95\\'; DELETE FROM t; -- '", ASCII_SAFE,
     READ),                     /* 0x95 0x27: not a gbk character */
  AB("PREPARE s FROM _gbk'SELECT ''\x95\\\\''; DELETE FROM t; -- '''",
     ASCII_SAFE, WRITE),
  AB("PREPARE s FROM _latin1'SELECT ''\x95\\\\''; DELETE FROM t; -- '''",
     ASCII_SAFE, READ),
  AB("PREPARE s FROM _latin1'SELECT 1\xA0'", LATIN1, WRITE),
  AB("EXECUTE IMMEDIATE _ucs2'\0S\0E\0L\0E\0C\0T\0 \0001'", ASCII_SAFE,
     WRITE),
  AB("SELECT 1\0; INSERT INTO t VALUES (1)", ASCII_SAFE, WRITE),
  AB("SELECT 1;\0", ASCII_SAFE, INSPECT),
};

static void check_access_case(const acase *c)
{
  static const char *const names[]= { "INSPECT", "READ", "WRITE" };
  rg_classify_options o;
  size_t len= c->len ? c->len : strlen(c->q);
  rg_access a, b;
  o.charset= c->cs;
  o.sql_mode= c->mode;
  o.server_version= c->version;
  o.execute_names= 0;
  o.verbs= 0;
  a= rg_classify_access(c->q, len, &o);
  RG_CHECK((unsigned) a <= RG_ACCESS_WRITE, "line %d: access %d", c->line,
           (int) a);
  if ((unsigned) a > RG_ACCESS_WRITE)
    return;
  RG_CHECK(a == c->want, "line %d: \"%.*s\": access %s, expected %s",
           c->line, (int) len, c->q, names[a], names[c->want]);
  /* the verbs to report do not matter; a second call agrees */
  o.verbs= ALL;
  b= rg_classify_access(c->q, len, &o);
  RG_CHECK(a == b, "line %d: the verbs changed the access class", c->line);
}

/* Case mixes, big packets, options and degenerate input. */
static void test_access_misc(void)
{
  static const char *const inspect[]=
  { "show status", "select 1", "set @a = 1", "start slave", "kill 1",
    "commit", "select * from information_schema.tables" };
  rg_classify_options o;
  size_t n= (size_t) 1 << 20, i, k;
  char *big;
  unsigned w;

  o.charset= RG_CS_ASCII_SAFE;
  o.sql_mode= 0;
  o.server_version= 101118;
  o.execute_names= 0;
  o.verbs= 0;
  RG_CHECK(rg_classify_access(NULL, 5, &o) == RG_ACCESS_INSPECT, "NULL");
  RG_CHECK(rg_classify_access("SELECT 1", 8, NULL) == RG_ACCESS_WRITE,
           "no options: fail closed");
  RG_CHECK(rg_classify_access("SELECT 1; DELETE FROM t", 8, &o) ==
           RG_ACCESS_INSPECT, "only len bytes are read");
  o.charset= (rg_charset) 1000;
  RG_CHECK(rg_classify_access("SELECT 1", 8, &o) == RG_ACCESS_INSPECT,
           "out-of-range charset");
  o.charset= RG_CS_ASCII_SAFE;

  /* case mixes keep the class; a write appended makes the packet WRITE */
  for (w= 0; w < sizeof(inspect) / sizeof(inspect[0]); w++)
  {
    char q[80];
    size_t l= strlen(inspect[w]);
    unsigned mask;
    for (mask= 0; mask < 64; mask+= 5)
    {
      for (i= 0; i < l; i++)
      {
        char c= inspect[w][i];
        q[i]= (char) (((mask >> (i % 6)) & 1) && c >= 'a' && c <= 'z' ?
                      c - 32 : c);
      }
      q[l]= 0;
      RG_CHECK(rg_classify_access(q, l, &o) == RG_ACCESS_INSPECT, "%s", q);
      strcpy(q + l, "; insert into t values (1)");
      RG_CHECK(rg_classify_access(q, strlen(q), &o) == RG_ACCESS_WRITE,
               "%s", q);
    }
  }

  big= malloc(n + 64);
  if (!big)
    return;
  /* a PREPARE literal longer than the decoding buffer: fail closed */
  for (k= 4000; k <= 20000; k+= 4000)
  {
    memcpy(big, "PREPARE s FROM 'SELECT 1", 24);
    memset(big + 24, ' ', k);
    big[24 + k]= '\'';
    RG_CHECK(rg_classify_access(big, 25 + k, &o) ==
             (k + 8 <= 12288 ? RG_ACCESS_READ : RG_ACCESS_WRITE),
             "PREPARE literal of %zu bytes", k + 8);
  }
  /* a 1 MB SELECT of system views, and one write at its very end */
  memcpy(big, "SELECT 1", 8);
  k= 8;
  while (k + 48 < n)
  {
    memcpy(big + k, ", (SELECT a FROM information_schema.t WHERE b=1)", 48);
    k+= 48;
  }
  RG_CHECK(rg_classify_access(big, k, &o) == RG_ACCESS_INSPECT,
           "1 MB INSPECT select");
  memcpy(big + k, ";DELETE FROM t", 14);
  RG_CHECK(rg_classify_access(big, k + 14, &o) == RG_ACCESS_WRITE,
           "1 MB select then a write");
  /* 1 MB of parentheses: past 64 levels every FROM reads a table */
  memset(big, '(', n);
  RG_CHECK(rg_classify_access(big, n, &o) == RG_ACCESS_WRITE,
           "parentheses without SELECT");
  memcpy(big, "SELECT ", 7);
  memcpy(big + 100, "TRIM(LEADING 'a' FROM 'b')", 26);
  RG_CHECK(rg_classify_access(big, 126, &o) == RG_ACCESS_READ,
           "deep parentheses");
  memcpy(big + 7, "1 +", 3);
  memcpy(big + 20, "TRIM(LEADING 'a' FROM 'b')", 26);
  RG_CHECK(rg_classify_access(big, 46, &o) == RG_ACCESS_INSPECT,
           "shallow parentheses");
  memcpy(big + 100, "1 FROM information_schema.t", 27);
  RG_CHECK(rg_classify_access(big + 50, 77, &o) == RG_ACCESS_WRITE,
           "deep: no SELECT");
  RG_CHECK(rg_classify_access(big, 127, &o) == RG_ACCESS_INSPECT,
           "deep system view");
  memset(big, '(', 20);
  memcpy(big + 20, "SELECT 1", 8);
  RG_CHECK(rg_classify_access(big, 28, &o) == RG_ACCESS_WRITE,
           "(((...( SELECT: more than the look-ahead");
  RG_CHECK(rg_classify_access(big + 10, 18, &o) == RG_ACCESS_INSPECT,
           "(((...( SELECT: within the look-ahead");
  free(big);
}

static void test_access(void)
{
  unsigned i;
  for (i= 0; i < sizeof(access_cases) / sizeof(access_cases[0]); i++)
    check_access_case(&access_cases[i]);
  for (i= 0; i < sizeof(access_bin_cases) / sizeof(access_bin_cases[0]); i++)
    check_access_case(&access_bin_cases[i]);
  test_access_misc();
  printf("test_classify: %u access table cases\n",
         (unsigned) (sizeof(access_cases) / sizeof(access_cases[0]) +
                     sizeof(access_bin_cases) / sizeof(access_bin_cases[0])));
}

/* ---- rg_binlog_check(): events of BINLOG text, in pieces ---------------- */

/* Appends an event: a v4 header of the given type, then body zero bytes. */
static size_t put_event(unsigned char *p, unsigned type, size_t body)
{
  size_t len= 19 + body;
  memset(p, 0, len);
  p[4]= (unsigned char) type;
  p[9]= (unsigned char) len;
  p[10]= (unsigned char) (len >> 8);
  return len;
}

static size_t to_base64(const unsigned char *in, size_t n, char *out)
{
  static const char t[]=
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i, o= 0;
  for (i= 0; i < n; i+= 3)
  {
    unsigned v= (unsigned) in[i] << 16 |
                (i + 1 < n ? (unsigned) in[i + 1] << 8 : 0) |
                (i + 2 < n ? in[i + 2] : 0);
    out[o++]= t[v >> 18 & 63];
    out[o++]= t[v >> 12 & 63];
    out[o++]= i + 1 < n ? t[v >> 6 & 63] : '=';
    out[o++]= i + 2 < n ? t[v & 63] : '=';
    if (o % 77 == 76)
      out[o++]= '\n';                  /* as mariadb-binlog wraps lines */
  }
  return o;
}

/* Every split of the text into two pieces gives the verdict of the whole. */
static void check_binlog_splits(const char *what, const unsigned char *ev,
                                size_t n, int expected)
{
  char text[1024];
  size_t len= to_base64(ev, n, text), k;
  for (k= 0; k <= len; k++)
  {
    const char *parts[2]= { text, text + k };
    size_t lengths[2]= { k, len - k };
    RG_CHECK(rg_binlog_check(parts, lengths, 2) == expected,
             "%s: split at %zu of %zu: expected %d", what, k, len, expected);
  }
}

static void test_binlog_check(void)
{
  unsigned char ev[512];
  size_t n;
  const char *bad[1]= { "AAAA*AAA" };
  size_t bad_len[1]= { 8 };
  const char *none[2]= { NULL, NULL };
  size_t none_len[2]= { 5, 5 };

  n= put_event(ev, 15, 60);                          /* format description */
  n+= put_event(ev + n, 19, 20);                     /* table map */
  n+= put_event(ev + n, 30, 25);                     /* write rows */
  check_binlog_splits("row events", ev, n, 0);

  n= put_event(ev, 15, 60);
  n+= put_event(ev + n, 2, 40);                      /* Query */
  check_binlog_splits("a Query event", ev, n, 1);

  n= put_event(ev, 15, 60);
  n+= put_event(ev + n, 16, 8);                      /* XID: the server stops */
  n+= put_event(ev + n, 2, 40);
  check_binlog_splits("a Query event after XID", ev, n, 0);

  RG_CHECK(rg_binlog_check(bad, bad_len, 1) == 1, "not base64: reported");
  RG_CHECK(rg_binlog_check(none, none_len, 2) == 0, "NULL parts are empty");
}

int main(void)
{
  unsigned i;
  for (i= 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    check_case(&cases[i]);
  for (i= 0; i < sizeof(bin_cases) / sizeof(bin_cases[0]); i++)
    check_case(&bin_cases[i]);
  test_offsets();
  test_long_literals();
  test_big_inputs();
  test_whitespace();
  test_names();
  test_versions();
  test_case_mix();
  test_access();
  test_binlog_check();
  printf("test_classify: %u table cases\n",
         (unsigned) (sizeof(cases) / sizeof(cases[0]) +
                     sizeof(bin_cases) / sizeof(bin_cases[0])));
  return rg_test_summary("test_classify");
}
