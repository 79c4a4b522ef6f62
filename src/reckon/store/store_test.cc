#include "reckon/store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <functional>

#include "reckon/core/sha256.h"
#include "reckon/store/schema.h"
#include "reckon/store/sqlite/sqlite_store.h"
#include "reckon/store/sqlite/statement.h"

namespace reckon::store {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "/store_test_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".reckon";
    RemoveFiles();
    auto opened = OpenSqliteStore(path_, OpenMode::kCreate, clock_);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }
  void TearDown() override {
    store_.reset();
    RemoveFiles();
  }
  void RemoveFiles() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path_ + suffix).c_str());
  }

  Id AddSource(const std::string& name) {
    auto write = store_->BeginWrite("tester", "add source");
    EXPECT_TRUE(write);
    model::Source source;
    source.name = name;
    auto id = (*write)->AddSource(source);
    EXPECT_TRUE(id);
    EXPECT_TRUE((*write)->Commit());
    return *id;
  }

  ImportedRow SampleRow(Id source, Id import) {
    ImportedRow row;
    row.raw = {0, import, source, 2, 1, "Əliyev Əli,male,34,2020-02-26"};
    model::PersonMention mention;
    mention.source_id = source;
    mention.name.full = "Əliyev Əli";
    mention.sex = "male";
    mention.age = *AgeRange::Parse("34");
    row.mention = mention;
    model::Act act;
    act.source_id = source;
    act.type = "killing";
    act.date = *UncertainDate::Parse("2020-02-26");
    row.act = act;
    return row;
  }

  // Imports `count` sample rows, each changed by `edit` if given, as one committed import.
  void ImportSampleRows(Id source, const std::string& sha256, int count,
                        const std::function<void(ImportedRow&)>& edit = {}) {
    auto write = store_->BeginWrite("tester", "import");
    ASSERT_TRUE(write);
    model::Import import;
    import.source_id = source;
    import.file_sha256 = sha256;
    auto import_id = (*write)->AddImport(import);
    ASSERT_TRUE(import_id);
    for (int i = 0; i < count; ++i) {
      ImportedRow row = SampleRow(source, *import_id);
      if (edit) edit(row);
      auto added = (*write)->AddImportedRow(row);
      ASSERT_TRUE(added) << added.error().message;
    }
    ASSERT_TRUE((*write)->Commit());
  }

  FixedClock clock_{1700000000};
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, NewCaseHasCurrentSchemaVersion) {
  EXPECT_EQ(*store_->SchemaVersion(), CurrentSchemaVersion());
}

TEST_F(StoreTest, ReopeningKeepsRecordsAndVersion) {
  AddSource("Ministry list");
  store_.reset();
  auto reopened = OpenSqliteStore(path_, OpenMode::kOpenExisting, clock_);
  ASSERT_TRUE(reopened);
  auto found = (*reopened)->FindSource("Ministry list");
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->reliability, 'F');
}

TEST_F(StoreTest, OpenErrorsAreExact) {
  EXPECT_EQ(OpenSqliteStore(path_, OpenMode::kCreate, clock_).error().code,
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(OpenSqliteStore(path_ + ".none", OpenMode::kOpenExisting, clock_).error().code,
            ErrorCode::kNotFound);
  std::string junk = path_ + ".junk";
  { std::ofstream(junk) << "this is not a database, just some text that is long enough......"; }
  auto opened = OpenSqliteStore(junk, OpenMode::kOpenExisting, clock_);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kDataLoss);
  std::remove(junk.c_str());
}

TEST_F(StoreTest, ForeignSqliteDatabaseIsNotACase) {
  std::string other = path_ + ".other";
  sqlite3* db = nullptr;
  sqlite3_open(other.c_str(), &db);
  sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto opened = OpenSqliteStore(other, OpenMode::kOpenExisting, clock_);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kDataLoss);
  std::remove(other.c_str());
}

TEST_F(StoreTest, NewerSchemaIsRefused) {
  store_.reset();
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  sqlite3_exec(db, "INSERT INTO schema_version VALUES (999, 'future', 'x')", nullptr, nullptr,
               nullptr);
  sqlite3_close(db);
  auto opened = OpenSqliteStore(path_, OpenMode::kOpenExisting, clock_);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(StoreTest, VersionOneCaseIsMigratedForwardOnOpen) {
  AddSource("List A");
  store_.reset();
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  // Make the file what version 1 wrote: no raw-record indexes, version 1 recorded.
  for (const char* sql :
       {"DROP INDEX person_mentions_by_raw_record", "DROP INDEX acts_by_raw_record",
        "DROP INDEX losses_by_raw_record", "DROP INDEX claims_by_raw_record",
        "DROP TABLE log_leaves", "DROP TABLE log_nodes", "DROP TABLE log_checkpoints",
        "DROP TABLE custody_events", "DROP TABLE evidence_links", "DROP TABLE evidence_items",
        "DROP TABLE link_pairs", "DROP TABLE link_runs", "DROP TABLE link_decisions",
        "DROP TABLE estimate_runs", "DROP INDEX person_mentions_by_own_person",
        "ALTER TABLE person_mentions DROP COLUMN own_person_id",
        "ALTER TABLE persons DROP COLUMN merged_into", "DELETE FROM meta WHERE key = 'case_id'",
        "DELETE FROM schema_version WHERE version > 1"}) {
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  }
  sqlite3_close(db);
  auto reopened = OpenSqliteStore(path_, OpenMode::kOpenExisting, clock_);
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_EQ(*(*reopened)->SchemaVersion(), CurrentSchemaVersion());
  EXPECT_TRUE((*reopened)->FindSource("List A")->has_value());
  EXPECT_EQ((*reopened)->CaseId()->size(), 32u);
  EXPECT_EQ(*(*reopened)->LogSize(), 0);
  reopened->reset();
  sqlite3_open(path_.c_str(), &db);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE '%_by_raw_record'", -1,
                     &statement, nullptr);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(statement, 0), 4);
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

TEST_F(StoreTest, DuplicateSourceNameIsAlreadyExists) {
  AddSource("NGO list");
  auto write = store_->BeginWrite("tester", "again");
  ASSERT_TRUE(write);
  model::Source source;
  source.name = "NGO list";
  auto id = (*write)->AddSource(source);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kAlreadyExists);
}

TEST_F(StoreTest, DroppedTransactionLeavesNothing) {
  Id source = AddSource("List A");
  {
    auto write = store_->BeginWrite("tester", "import");
    ASSERT_TRUE(write);
    model::Import import;
    import.source_id = source;
    import.file_name = "a.csv";
    import.file_sha256 = "00";
    auto import_id = (*write)->AddImport(import);
    ASSERT_TRUE(import_id);
    ASSERT_TRUE((*write)->AddImportedRow(SampleRow(source, *import_id)));
    // No commit.
  }
  EXPECT_EQ(*store_->CountRecords(RecordKind::kImport), 0);
  EXPECT_EQ(*store_->CountRecords(RecordKind::kRawRecord), 0);
  EXPECT_EQ(*store_->CountRecords(RecordKind::kPersonMention), 0);
  EXPECT_EQ(store_->ListChanges(0, 100)->size(), 1u);  // Only the source.
  // The store is usable again.
  EXPECT_TRUE(store_->BeginWrite("tester", "next"));
}

TEST_F(StoreTest, OnlyOneWriteAtATime) {
  auto first = store_->BeginWrite("a", "one");
  ASSERT_TRUE(first);
  auto second = store_->BeginWrite("b", "two");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kFailedPrecondition);
}

class RecordingObserver : public ChangeObserver {
 public:
  void OnCommit(std::span<const Change> changes) override {
    seen.insert(seen.end(), changes.begin(), changes.end());
  }
  std::vector<Change> seen;
};

TEST_F(StoreTest, ImportedRowIsOneChangeWhoseHashMatchesStoredContent) {
  RecordingObserver observer;
  store_->AddObserver(&observer);
  Id source = AddSource("List A");
  auto write = store_->BeginWrite("tester", "import a.csv");
  ASSERT_TRUE(write);
  model::Import import;
  import.source_id = source;
  import.file_name = "a.csv";
  import.file_sha256 = "ab";
  auto import_id = (*write)->AddImport(import);
  ASSERT_TRUE(import_id);
  auto ids = (*write)->AddImportedRow(SampleRow(source, *import_id));
  ASSERT_TRUE(ids) << ids.error().message;
  ASSERT_TRUE((*write)->Commit());

  ASSERT_EQ(observer.seen.size(), 3u);  // source, import, row
  const Change& row_change = observer.seen.back();
  EXPECT_EQ(row_change.kind, RecordKind::kRawRecord);
  EXPECT_EQ(row_change.record_id, ids->raw);
  EXPECT_EQ(row_change.actor, "tester");
  EXPECT_EQ(row_change.at, "2023-11-14T22:13:20Z");
  EXPECT_EQ(*store_->RecordHash(RecordKind::kRawRecord, ids->raw), row_change.new_hash);
  EXPECT_EQ(*store_->RecordHash(RecordKind::kSource, source), observer.seen[0].new_hash);

  auto changes = store_->ListChanges(0, 10);
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->size(), 3u);
  EXPECT_EQ((*changes)[2].new_hash, row_change.new_hash);

  auto mention = store_->GetPersonMention(ids->mention);
  ASSERT_TRUE(mention);
  EXPECT_EQ(mention->person_id, ids->person);
  EXPECT_EQ(mention->age.youngest, 34);
  auto act = store_->GetAct(ids->act);
  ASSERT_TRUE(act);
  EXPECT_EQ(act->victim_mention_id, ids->mention);
  EXPECT_EQ(act->date.ToString(), "2020-02-26");
}

TEST_F(StoreTest, TamperedRecordNoLongerMatchesItsHash) {
  Id source = AddSource("List A");
  auto before = store_->ListChanges(0, 10);
  ASSERT_TRUE(before);
  store_.reset();
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  sqlite3_exec(db, "UPDATE sources SET reliability = 'A'", nullptr, nullptr, nullptr);
  char* error = nullptr;
  int rc = sqlite3_exec(db, "UPDATE changes SET new_hash = 'x'", nullptr, nullptr, &error);
  EXPECT_NE(rc, SQLITE_OK);  // The change log refuses updates.
  sqlite3_free(error);
  sqlite3_close(db);
  store_ = std::move(*OpenSqliteStore(path_, OpenMode::kOpenExisting, clock_));
  EXPECT_NE(*store_->RecordHash(RecordKind::kSource, source), (*before)[0].new_hash);
}

TEST_F(StoreTest, UpdateSourceRecordsOldAndNewHash) {
  Id source = AddSource("List A");
  auto write = store_->BeginWrite("tester", "grade");
  ASSERT_TRUE(write);
  model::Source graded = *store_->GetSource(source);
  graded.reliability = 'B';
  graded.credibility = 2;
  ASSERT_TRUE((*write)->UpdateSource(graded));
  ASSERT_TRUE((*write)->Commit());
  auto changes = *store_->ListChanges(0, 10);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].operation, "update");
  EXPECT_EQ(changes[1].old_hash, changes[0].new_hash);
  EXPECT_EQ(changes[1].new_hash, *store_->RecordHash(RecordKind::kSource, source));
}

TEST_F(StoreTest, SearchFindsFoldedNamesAndIgnoresSyntax) {
  Id source = AddSource("List A");
  ImportSampleRows(source, "cd", 1);
  auto hits = store_->Search("ƏLİYEV", 10);
  ASSERT_TRUE(hits) << hits.error().message;
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].kind, RecordKind::kPersonMention);
  auto prefix = store_->Search("əli", 10);
  ASSERT_TRUE(prefix);
  EXPECT_EQ(prefix->size(), 1u);
  auto weird = store_->Search("\"OR AND (", 10);
  ASSERT_TRUE(weird) << weird.error().message;
  EXPECT_TRUE(weird->empty());
  EXPECT_EQ(store_->Search("   ", 10).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(StoreTest, ScanActsGivesTheBirthIntervalWhenAgeIsMissing) {
  Id source = AddSource("List A");
  ImportSampleRows(source, "ef", 1, [](ImportedRow& row) {
    row.mention->age = AgeRange();
    row.mention->birth = UncertainDate::Year(2010);
  });
  int seen = 0;
  ASSERT_TRUE(store_->ScanActs({}, [&](const ActFact& fact) -> Status {
    ++seen;
    EXPECT_EQ(fact.type, "killing");
    EXPECT_EQ(fact.victim_sex, "male");
    EXPECT_FALSE(fact.victim_age.known());
    EXPECT_EQ(FormatDay(fact.victim_birth_earliest), "2010-01-01");
    EXPECT_EQ(FormatDay(fact.victim_birth_latest), "2010-12-31");
    return {};
  }));
  EXPECT_EQ(seen, 1);
}

TEST_F(StoreTest, ScanActsFillsOnlyThePartsAskedFor) {
  Id source = AddSource("List A");
  // Every part set, so that a part left out shows as a default.
  Id place = model::kNoId;
  Id event = model::kNoId;
  {
    auto write = store_->BeginWrite("tester", "add place and event");
    ASSERT_TRUE(write);
    model::Place p;
    p.name = "Old Mill";
    place = *(*write)->AddPlace(p);
    model::Event e;
    e.name = "Incident 1";
    event = *(*write)->AddEvent(e);
    ASSERT_TRUE((*write)->Commit());
  }
  ImportSampleRows(source, "ab", 1, [&](ImportedRow& row) {
    row.act->place_id = place;
    row.act->event_id = event;
    row.act->status = "corroborated";
  });
  std::vector<ActFact> full;
  std::vector<std::string> texts;  // The views die with the callback.
  ASSERT_TRUE(store_->ScanActs({}, [&](const ActFact& fact) -> Status {
    full.push_back(fact);
    texts.emplace_back(fact.status);
    texts.emplace_back(fact.victim_sex);
    return {};
  }));
  ASSERT_EQ(full.size(), 1u);
  EXPECT_EQ(full[0].source_id, source);
  EXPECT_EQ(full[0].place_id, place);
  EXPECT_EQ(full[0].event_id, event);
  EXPECT_EQ(texts[0], "corroborated");
  EXPECT_TRUE(full[0].victim_age.known());
  // Each part alone: its fields as in the full scan, the others at their defaults.
  for (unsigned part :
       {kActStatus, kActSource, kActEvent, kActPlace, kActDates, kVictimSex, kVictimAge}) {
    ASSERT_TRUE(store_->ScanActs({{}, part}, [&](const ActFact& fact) -> Status {
      const ActFact none;
      EXPECT_EQ(fact.act_id, full[0].act_id);
      EXPECT_EQ(fact.type, "killing");
      EXPECT_EQ(fact.victim_person_id, full[0].victim_person_id);
      EXPECT_EQ(fact.group_size, full[0].group_size);
      EXPECT_EQ(fact.status, part == kActStatus ? texts[0] : none.status);
      EXPECT_EQ(fact.source_id, part == kActSource ? full[0].source_id : none.source_id);
      EXPECT_EQ(fact.event_id, part == kActEvent ? full[0].event_id : none.event_id);
      EXPECT_EQ(fact.place_id, part == kActPlace ? full[0].place_id : none.place_id);
      EXPECT_EQ(fact.date_earliest, part == kActDates ? full[0].date_earliest : none.date_earliest);
      EXPECT_EQ(fact.date_latest, part == kActDates ? full[0].date_latest : none.date_latest);
      EXPECT_EQ(fact.victim_sex, part == kVictimSex ? texts[1] : none.victim_sex);
      EXPECT_EQ(fact.victim_age.youngest,
                part == kVictimAge ? full[0].victim_age.youngest : none.victim_age.youngest);
      EXPECT_EQ(fact.victim_birth_latest,
                part == kVictimAge ? full[0].victim_birth_latest : none.victim_birth_latest);
      return {};
    })) << part;
  }
}

TEST_F(StoreTest, ScanActsKeepsToTheRangeAndAReaderSeesCommittedActs) {
  Id source = AddSource("List A");
  ImportSampleRows(source, "12", 5);
  auto ids = store_->ActIds();
  ASSERT_TRUE(ids);
  EXPECT_EQ(ids->second, 5);
  EXPECT_EQ(ids->first.last - ids->first.first, 4);
  std::vector<Id> seen;
  ASSERT_TRUE(store_->ScanActs({{ids->first.first + 1, ids->first.first + 2}},
                               [&](const ActFact& fact) -> Status {
                                 seen.push_back(fact.act_id);
                                 return {};
                               }));
  EXPECT_EQ(seen, (std::vector<Id>{ids->first.first + 1, ids->first.first + 2}));
  auto reader = store_->OpenReader();
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_EQ(*(*reader)->CountRecords(RecordKind::kAct), 5);
}

TEST_F(StoreTest, ListRecordsGivesReadableColumns) {
  AddSource("List A");
  auto table = store_->ListRecords(RecordKind::kSource, {});
  ASSERT_TRUE(table);
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->columns[1], "name");
  EXPECT_EQ(*table->rows[0][1], "List A");
  for (RecordKind kind : {RecordKind::kAct, RecordKind::kPerson, RecordKind::kPersonMention,
                          RecordKind::kLoss, RecordKind::kClaim, RecordKind::kEvent,
                          RecordKind::kPlace, RecordKind::kInvestigativeAction,
                          RecordKind::kMembership, RecordKind::kOrganizationRelation,
                          RecordKind::kOrganization, RecordKind::kImport, RecordKind::kRawRecord}) {
    auto listed = store_->ListRecords(kind, {});
    EXPECT_TRUE(listed) << RecordKindName(kind) << ": " << listed.error().message;
  }
}

// SQLite's errors say what happened and, where the user can act, what to do.
TEST(SqliteError, NamesTheKindAndWhatToDo) {
  Error corrupt = sqlite::SqliteError(SQLITE_CORRUPT, "database disk image is malformed");
  EXPECT_EQ(corrupt.code, ErrorCode::kDataLoss);
  EXPECT_EQ(corrupt.message,
            "case database: database disk image is malformed (the case file is damaged; 'reckon "
            "verify' shows what still checks, and a copy of the file from before the damage "
            "restores it)");
  Error busy = sqlite::SqliteError(SQLITE_BUSY, "database is locked");
  EXPECT_EQ(busy.code, ErrorCode::kUnavailable);
  EXPECT_NE(busy.message.find("another process is writing the case"), std::string::npos);
  Error full = sqlite::SqliteError(SQLITE_FULL, "database or disk is full");
  EXPECT_NE(full.message.find("check its free space"), std::string::npos);
  Error unique = sqlite::SqliteError(SQLITE_CONSTRAINT_UNIQUE, "UNIQUE constraint failed");
  EXPECT_EQ(unique.code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(unique.message, "case database: UNIQUE constraint failed");
}

TEST(RecordKind, NamesRoundTripIncludingPlurals) {
  EXPECT_EQ(*RecordKindFromName("acts"), RecordKind::kAct);
  EXPECT_EQ(*RecordKindFromName("losses"), RecordKind::kLoss);
  EXPECT_EQ(*RecordKindFromName("mention"), RecordKind::kPersonMention);
  EXPECT_EQ(RecordKindFromName("spaceships").error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace reckon::store
