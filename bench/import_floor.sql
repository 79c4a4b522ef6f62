-- The floor under `reckon import`: the rows one import of the benchmark file writes, written by
-- SQLite alone with INSERT ... SELECT from the plain table that sqlite3's `.import` made, into a
-- case made by `reckon init` (its schema, indexes and triggers), with the settings reckon opens a
-- case with. No parsing, mapping, canonical forms or hashing: the hashes are random blobs.
-- No implementation of the same rows can be faster than this.
-- Usage (bench/run.sh does this): sqlite3 CASE ".read bench/import_floor.sql" with plain.db, the
-- table `plain` made by `.import` of the benchmark file, in the current directory.
PRAGMA foreign_keys = ON;
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -131072;
PRAGMA temp_store = MEMORY;
ATTACH 'plain.db' AS p;
BEGIN;
INSERT INTO sources(id, name, kind, reliability, credibility) VALUES (1, 'Bench list', 'list', 'F', 6);
INSERT INTO imports(id, source_id, file_name, file_sha256, format, mapping, imported_at, actor)
  VALUES (1, 1, 'big.csv', '', 'csv', '{}', '2026-01-01T00:00:00Z', 'reckon');
INSERT INTO places(id, name, folded_name) VALUES (1, 'Northfield', 'northfield');
INSERT INTO events(id, name, folded_name) VALUES (1, 'Incident 1', 'incident 1');
-- One raw record per line, verbatim.
INSERT INTO raw_records(id, import_id, source_id, line, row, content)
  SELECT rowid, 1, 1, rowid + 1, rowid,
         record_id || ',' || family_name || ',' || given_name || ',' || patronymic || ',' ||
         sex || ',' || birth_year || ',' || date || ',' || place || ',' || event || ',' || act ||
         ',' || status || ',' || household
  FROM p.plain;
-- Until linkage, each mention is its own person.
INSERT INTO persons(id, full_name, given_name, patronymic, family_name, sex, birth_text,
                    birth_earliest, birth_latest, household, status)
  SELECT rowid, family_name || ' ' || given_name, given_name, patronymic, family_name, sex,
         birth_year, 2557, 2921, household, status
  FROM p.plain;
INSERT INTO person_mentions(id, raw_record_id, source_id, person_id, full_name, given_name,
                            patronymic, family_name, sex, birth_text, birth_earliest,
                            birth_latest, household, status, source_key, own_person_id)
  SELECT rowid, rowid, 1, rowid, family_name || ' ' || given_name, given_name, patronymic,
         family_name, sex, birth_year, 2557, 2921, household, status, record_id, rowid
  FROM p.plain;
INSERT INTO acts(id, raw_record_id, source_id, type, victim_mention_id, event_id, date_text,
                 date_earliest, date_latest, place_id)
  SELECT rowid, rowid, 1, act, rowid, 1, date, 22339, 22339, 1 FROM p.plain;
-- One change per line, naming the raw record and the hash of its canonical form.
INSERT INTO changes(sequence, at, actor, operation, kind, record_id, old_hash, new_hash, reason)
  SELECT rowid, '2026-01-01T00:00:00Z', 'reckon', 'create', 'raw_record', rowid, '',
         hex(randomblob(32)), 'import big.csv as Bench list'
  FROM p.plain;
COMMIT;
-- The transparency log: one leaf per change and the perfect subtrees above them.
BEGIN;
INSERT INTO log_leaves(leaf_index, change_sequence, salt, leaf_hash)
  SELECT sequence - 1, sequence, randomblob(32), randomblob(32) FROM changes;
INSERT INTO log_nodes(level, node_index, hash)
  SELECT l.value, i.value, randomblob(32)
  FROM generate_series(1, 20) AS l
  JOIN generate_series(0, (SELECT count(*) FROM changes) - 1) AS i
    ON i.value < ((SELECT count(*) FROM changes) >> l.value);
COMMIT;
