#include "reckon/store/schema.h"

namespace reckon::store {
namespace {

// Version 1: the foundation. Dates are stored three ways: the canonical text, and the earliest
// and latest day numbers (days since 1970-01-01) for range queries. Vocabulary fields hold codes.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  reliability TEXT NOT NULL CHECK (reliability IN ('A','B','C','D','E','F')),
  credibility INTEGER NOT NULL CHECK (credibility BETWEEN 1 AND 6),
  description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  mapping TEXT NOT NULL,
  rows INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (source_id, file_sha256)
);

CREATE TABLE raw_records (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  source_id INTEGER NOT NULL REFERENCES sources(id),
  line INTEGER NOT NULL,
  row INTEGER NOT NULL,
  content TEXT NOT NULL
);

CREATE TABLE places (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  folded_name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  parent_id INTEGER REFERENCES places(id),
  latitude REAL,
  longitude REAL
);
CREATE INDEX places_by_folded_name ON places(folded_name);

CREATE TABLE place_names (
  place_id INTEGER NOT NULL REFERENCES places(id),
  name TEXT NOT NULL,
  folded_name TEXT NOT NULL,
  language TEXT NOT NULL DEFAULT ''
);
CREATE INDEX place_names_by_folded_name ON place_names(folded_name);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  folded_name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  date_text TEXT NOT NULL DEFAULT '',
  date_earliest INTEGER,
  date_latest INTEGER,
  place_id INTEGER REFERENCES places(id),
  parent_id INTEGER REFERENCES events(id)
);
CREATE INDEX events_by_folded_name ON events(folded_name);

CREATE TABLE persons (
  id INTEGER PRIMARY KEY,
  full_name TEXT NOT NULL DEFAULT '',
  given_name TEXT NOT NULL DEFAULT '',
  patronymic TEXT NOT NULL DEFAULT '',
  family_name TEXT NOT NULL DEFAULT '',
  sex TEXT NOT NULL DEFAULT 'unknown',
  birth_text TEXT NOT NULL DEFAULT '',
  birth_earliest INTEGER,
  birth_latest INTEGER,
  age_youngest INTEGER,
  age_oldest INTEGER,
  age_approximate INTEGER NOT NULL DEFAULT 0,
  age_text TEXT NOT NULL DEFAULT '',
  household TEXT NOT NULL DEFAULT '',
  residence_place_id INTEGER REFERENCES places(id),
  status TEXT NOT NULL DEFAULT 'unknown',
  protection TEXT NOT NULL DEFAULT 'restricted'
);

CREATE TABLE person_mentions (
  id INTEGER PRIMARY KEY,
  raw_record_id INTEGER REFERENCES raw_records(id),
  source_id INTEGER NOT NULL REFERENCES sources(id),
  person_id INTEGER NOT NULL REFERENCES persons(id),
  full_name TEXT NOT NULL DEFAULT '',
  given_name TEXT NOT NULL DEFAULT '',
  patronymic TEXT NOT NULL DEFAULT '',
  family_name TEXT NOT NULL DEFAULT '',
  sex TEXT NOT NULL DEFAULT 'unknown',
  birth_text TEXT NOT NULL DEFAULT '',
  birth_earliest INTEGER,
  birth_latest INTEGER,
  age_youngest INTEGER,
  age_oldest INTEGER,
  age_approximate INTEGER NOT NULL DEFAULT 0,
  age_text TEXT NOT NULL DEFAULT '',
  household TEXT NOT NULL DEFAULT '',
  residence_place_id INTEGER REFERENCES places(id),
  status TEXT NOT NULL DEFAULT 'unknown',
  role TEXT NOT NULL DEFAULT 'victim',
  protection TEXT NOT NULL DEFAULT 'restricted',
  source_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_mentions_by_person ON person_mentions(person_id);

CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  folded_name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  parent_id INTEGER REFERENCES organizations(id)
);
CREATE INDEX organizations_by_folded_name ON organizations(folded_name);

CREATE TABLE organization_relations (
  id INTEGER PRIMARY KEY,
  from_id INTEGER NOT NULL REFERENCES organizations(id),
  to_id INTEGER NOT NULL REFERENCES organizations(id),
  relation TEXT NOT NULL,
  period_text TEXT NOT NULL DEFAULT '',
  source_id INTEGER REFERENCES sources(id)
);

CREATE TABLE memberships (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  position TEXT NOT NULL DEFAULT '',
  period_text TEXT NOT NULL DEFAULT '',
  source_id INTEGER REFERENCES sources(id)
);

CREATE TABLE acts (
  id INTEGER PRIMARY KEY,
  raw_record_id INTEGER REFERENCES raw_records(id),
  source_id INTEGER NOT NULL REFERENCES sources(id),
  type TEXT NOT NULL,
  victim_mention_id INTEGER REFERENCES person_mentions(id),
  group_size INTEGER NOT NULL DEFAULT 0,
  group_size_approximate INTEGER NOT NULL DEFAULT 0,
  group_description TEXT NOT NULL DEFAULT '',
  event_id INTEGER REFERENCES events(id),
  date_text TEXT NOT NULL DEFAULT '',
  date_earliest INTEGER,
  date_latest INTEGER,
  place_id INTEGER REFERENCES places(id),
  status TEXT NOT NULL DEFAULT 'alleged',
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX acts_by_victim ON acts(victim_mention_id);

CREATE TABLE act_perpetrators (
  act_id INTEGER NOT NULL REFERENCES acts(id),
  person_id INTEGER REFERENCES persons(id),
  organization_id INTEGER REFERENCES organizations(id),
  name_as_given TEXT NOT NULL DEFAULT '',
  involvement TEXT NOT NULL DEFAULT 'unknown'
);
CREATE INDEX act_perpetrators_by_act ON act_perpetrators(act_id);

CREATE TABLE investigative_actions (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  date_text TEXT NOT NULL DEFAULT '',
  date_earliest INTEGER,
  date_latest INTEGER,
  place_id INTEGER REFERENCES places(id),
  description TEXT NOT NULL DEFAULT '',
  source_id INTEGER REFERENCES sources(id)
);

CREATE TABLE action_persons (
  action_id INTEGER NOT NULL REFERENCES investigative_actions(id),
  person_id INTEGER NOT NULL REFERENCES persons(id)
);

CREATE TABLE action_documents (
  action_id INTEGER NOT NULL REFERENCES investigative_actions(id),
  reference TEXT NOT NULL
);

CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  raw_record_id INTEGER REFERENCES raw_records(id),
  source_id INTEGER NOT NULL REFERENCES sources(id),
  metric TEXT NOT NULL,
  value REAL NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL DEFAULT '',
  citation TEXT NOT NULL DEFAULT '',
  stated_text TEXT NOT NULL DEFAULT ''
);

CREATE TABLE losses (
  id INTEGER PRIMARY KEY,
  raw_record_id INTEGER REFERENCES raw_records(id),
  source_id INTEGER NOT NULL REFERENCES sources(id),
  kind TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  amount REAL,
  currency TEXT NOT NULL DEFAULT '',
  date_text TEXT NOT NULL DEFAULT '',
  owner_kind TEXT NOT NULL DEFAULT 'unknown',
  owner_mention_id INTEGER REFERENCES person_mentions(id),
  owner_household TEXT NOT NULL DEFAULT '',
  place_id INTEGER REFERENCES places(id),
  event_id INTEGER REFERENCES events(id)
);

-- The change log: one row per committed change, never updated or deleted.
CREATE TABLE changes (
  sequence INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  operation TEXT NOT NULL,
  kind TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  old_hash TEXT NOT NULL DEFAULT '',
  new_hash TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER changes_are_append_only_update BEFORE UPDATE ON changes
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
CREATE TRIGGER changes_are_append_only_delete BEFORE DELETE ON changes
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
CREATE TRIGGER raw_records_are_immutable BEFORE UPDATE ON raw_records
BEGIN SELECT RAISE(ABORT, 'raw records are never modified'); END;

-- Full-text index over names and texts, kept up to date from the change log on demand.
CREATE VIRTUAL TABLE search_index USING fts5(
  kind UNINDEXED, record_id UNINDEXED, text,
  tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO meta(key, value) VALUES ('search_index_sequence', '0');
)sql";

// Version 2: find the records an imported row yields from the row (verification recomputes each
// row's hash from them).
constexpr std::string_view kVersion2 = R"sql(
CREATE INDEX person_mentions_by_raw_record ON person_mentions(raw_record_id);
CREATE INDEX acts_by_raw_record ON acts(raw_record_id);
CREATE INDEX losses_by_raw_record ON losses(raw_record_id);
CREATE INDEX claims_by_raw_record ON claims(raw_record_id);
)sql";

// Version 3: the transparency log over the change log (docs/formats/merkle-log.md): one leaf per
// change, the hashes of its perfect subtrees, and signed checkpoints. All append-only.
constexpr std::string_view kVersion3 = R"sql(
CREATE TABLE log_leaves (
  leaf_index INTEGER PRIMARY KEY,
  change_sequence INTEGER NOT NULL UNIQUE REFERENCES changes(sequence),
  salt BLOB NOT NULL,
  leaf_hash BLOB NOT NULL
);
CREATE TABLE log_nodes (
  level INTEGER NOT NULL,
  node_index INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, node_index)
) WITHOUT ROWID;
CREATE TABLE log_checkpoints (
  id INTEGER PRIMARY KEY,
  size INTEGER NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TRIGGER log_leaves_are_append_only_update BEFORE UPDATE ON log_leaves
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_leaves_are_append_only_delete BEFORE DELETE ON log_leaves
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_nodes_are_append_only_update BEFORE UPDATE ON log_nodes
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_nodes_are_append_only_delete BEFORE DELETE ON log_nodes
BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_checkpoints_are_append_only_update BEFORE UPDATE ON log_checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER log_checkpoints_are_append_only_delete BEFORE DELETE ON log_checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
INSERT INTO meta(key, value) VALUES ('case_id', lower(hex(randomblob(16))));
)sql";

// Version 4: the evidence vault's records (the files themselves are blobs beside the case).
constexpr std::string_view kVersion4 = R"sql(
CREATE TABLE evidence_items (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  original_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  derived_from INTEGER REFERENCES evidence_items(id),
  derivation TEXT NOT NULL DEFAULT '',
  collected_by TEXT NOT NULL DEFAULT '',
  collected_at TEXT NOT NULL DEFAULT '',
  place_id INTEGER REFERENCES places(id),
  method TEXT NOT NULL DEFAULT '',
  source_url TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  capture_metadata TEXT NOT NULL DEFAULT ''
);
CREATE INDEX evidence_items_by_sha256 ON evidence_items(sha256);
CREATE TABLE evidence_links (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES evidence_items(id),
  kind TEXT NOT NULL,
  record_id INTEGER NOT NULL
);
CREATE INDEX evidence_links_by_item ON evidence_links(item_id);
CREATE TABLE custody_events (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES evidence_items(id),
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  purpose TEXT NOT NULL DEFAULT '',
  authority TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX custody_events_by_item ON custody_events(item_id);
CREATE TRIGGER custody_is_append_only_update BEFORE UPDATE ON custody_events
BEGIN SELECT RAISE(ABORT, 'the chain of custody is append-only'); END;
CREATE TRIGGER custody_is_append_only_delete BEFORE DELETE ON custody_events
BEGIN SELECT RAISE(ABORT, 'the chain of custody is append-only'); END;
CREATE TRIGGER evidence_items_are_immutable BEFORE UPDATE ON evidence_items
BEGIN SELECT RAISE(ABORT, 'evidence items are never modified'); END;
)sql";

// Version 5: record linkage. Each mention remembers the person made for it at import, so a
// merge can be undone; persons absorbed by a merge point to the person they joined. Decisions
// and runs are logged records; link_pairs is derived from the latest run (rebuilt by each run).
constexpr std::string_view kVersion5 = R"sql(
ALTER TABLE person_mentions ADD COLUMN own_person_id INTEGER REFERENCES persons(id);
UPDATE person_mentions SET own_person_id = person_id;
ALTER TABLE persons ADD COLUMN merged_into INTEGER REFERENCES persons(id);
CREATE INDEX person_mentions_by_own_person ON person_mentions(own_person_id);
CREATE TABLE link_decisions (
  id INTEGER PRIMARY KEY,
  mention_a INTEGER NOT NULL REFERENCES person_mentions(id),
  mention_b INTEGER NOT NULL REFERENCES person_mentions(id),
  verdict TEXT NOT NULL CHECK (verdict IN ('same', 'different')),
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE TABLE link_runs (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  mode TEXT NOT NULL,
  settings TEXT NOT NULL,
  model TEXT NOT NULL,
  summary TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  persons INTEGER NOT NULL,
  max_mention_id INTEGER NOT NULL,
  assignment_sha256 TEXT NOT NULL
);
CREATE TABLE link_pairs (
  run_id INTEGER NOT NULL REFERENCES link_runs(id),
  kind TEXT NOT NULL CHECK (kind IN ('link', 'review')),
  mention_a INTEGER NOT NULL REFERENCES person_mentions(id),
  mention_b INTEGER NOT NULL REFERENCES person_mentions(id),
  probability REAL NOT NULL,
  decided INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX link_pairs_by_a ON link_pairs(mention_a);
CREATE INDEX link_pairs_by_b ON link_pairs(mention_b);
CREATE TRIGGER link_decisions_are_append_only_update BEFORE UPDATE ON link_decisions
BEGIN SELECT RAISE(ABORT, 'link decisions are append-only'); END;
CREATE TRIGGER link_decisions_are_append_only_delete BEFORE DELETE ON link_decisions
BEGIN SELECT RAISE(ABORT, 'link decisions are append-only'); END;
CREATE TRIGGER link_runs_are_append_only_update BEFORE UPDATE ON link_runs
BEGIN SELECT RAISE(ABORT, 'link runs are append-only'); END;
CREATE TRIGGER link_runs_are_append_only_delete BEFORE DELETE ON link_runs
BEGIN SELECT RAISE(ABORT, 'link runs are append-only'); END;
)sql";

// Version 6: estimation runs, with the tables and settings that reproduce them. Append-only.
constexpr std::string_view kVersion6 = R"sql(
CREATE TABLE estimate_runs (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  act TEXT NOT NULL,
  by_dimensions TEXT NOT NULL DEFAULT '',
  method TEXT NOT NULL,
  settings TEXT NOT NULL,
  tables TEXT NOT NULL,
  results TEXT NOT NULL
);
CREATE TRIGGER estimate_runs_are_append_only_update BEFORE UPDATE ON estimate_runs
BEGIN SELECT RAISE(ABORT, 'estimate runs are append-only'); END;
CREATE TRIGGER estimate_runs_are_append_only_delete BEFORE DELETE ON estimate_runs
BEGIN SELECT RAISE(ABORT, 'estimate runs are append-only'); END;
)sql";

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "the foundation: sources, raw records, mentions, persons, acts, claims, losses",
       kVersion1},
      {2, "indexes from raw records to the records they yield", kVersion2},
      {3, "the transparency log: leaves, subtree hashes, checkpoints", kVersion3},
      {4, "the evidence vault: items, links, chain of custody", kVersion4},
      {5, "record linkage: decisions, runs, reversible merges", kVersion5},
      {6, "estimation runs", kVersion6},
  };
  return kMigrations;
}

int CurrentSchemaVersion() { return Migrations().back().version; }

}  // namespace reckon::store
