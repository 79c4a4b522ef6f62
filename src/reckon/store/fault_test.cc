// Fault tests for the SQLite store: damaged case files are detected, and failed writes leave the
// case exactly as it was before the transaction.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "reckon/store/sqlite/fault_vfs.h"
#include "reckon/store/sqlite/sqlite_store.h"

namespace reckon::store {
namespace {

namespace fs = std::filesystem;

class FaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "/fault_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".reckon";
    Remove();
  }
  void TearDown() override {
    sqlite::FaultVfs::Reset();
    Remove();
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }

  // Adds `rows` imported rows for a new source named `source` in one transaction.
  static Status AddRows(Store& store, const std::string& source_name, int rows) {
    RECKON_ASSIGN_OR_RETURN(auto write, store.BeginWrite("tester", "rows"));
    model::Source source;
    source.name = source_name;
    RECKON_ASSIGN_OR_RETURN(Id source_id, write->AddSource(source));
    model::Import import;
    import.source_id = source_id;
    import.file_sha256 = source_name;
    RECKON_ASSIGN_OR_RETURN(Id import_id, write->AddImport(import));
    for (int i = 0; i < rows; ++i) {
      ImportedRow row;
      row.raw = {0,         import_id,
                 source_id, i + 2,
                 i + 1,     "Person " + std::to_string(i) + ",killing," + std::string(40, 'x')};
      model::PersonMention mention;
      mention.source_id = source_id;
      mention.name.full = "Person " + std::to_string(i);
      row.mention = mention;
      model::Act act;
      act.source_id = source_id;
      act.type = "killing";
      row.act = act;
      RECKON_TRY(write->AddImportedRow(row));
    }
    return write->Commit();
  }

  // Builds a case of `rows` rows and closes it.
  void BuildCase(int rows) {
    auto store = OpenSqliteStore(path_, OpenMode::kCreate, clock_);
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE(AddRows(**store, "Base list", rows));
  }

  // Opens the case and reports the first kDataLoss met while checking and reading it.
  std::optional<Error> FirstDataLoss() {
    auto store = OpenSqliteStore(path_, OpenMode::kOpenExisting, clock_);
    if (!store) return store.error();
    if (auto checked = (*store)->CheckIntegrity(); !checked) return checked.error();
    for (RecordKind kind : {RecordKind::kRawRecord, RecordKind::kPersonMention, RecordKind::kAct}) {
      if (auto counted = (*store)->CountRecords(kind); !counted) return counted.error();
    }
    return std::nullopt;
  }

  FixedClock clock_{1700000000};
  std::string path_;
};

TEST_F(FaultTest, IntactCasePassesTheIntegrityCheck) {
  BuildCase(500);
  EXPECT_FALSE(FirstDataLoss().has_value());
}

TEST_F(FaultTest, TruncatedCaseFileIsDataLoss) {
  BuildCase(3000);
  auto size = fs::file_size(path_);
  fs::resize_file(path_, size / 2);
  auto problem = FirstDataLoss();
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(problem->code, ErrorCode::kDataLoss) << problem->message;
}

TEST_F(FaultTest, FlippedBytesInAPageAreDataLoss) {
  BuildCase(3000);
  auto size = static_cast<std::streamoff>(fs::file_size(path_));
  {
    std::fstream file(path_, std::ios::in | std::ios::out | std::ios::binary);
    // Damage the page headers of several pages after the first (page size 4096).
    for (std::streamoff page = 3; page * 4096 < size; page += 7) {
      file.seekp(page * 4096);
      file.write("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 8);
    }
  }
  auto problem = FirstDataLoss();
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(problem->code, ErrorCode::kDataLoss) << problem->message;
}

TEST_F(FaultTest, NotACaseAtAllIsDataLoss) {
  { std::ofstream(path_) << std::string(10000, 'z'); }
  auto problem = FirstDataLoss();
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(problem->code, ErrorCode::kDataLoss);
}

// A write or sync that fails at any point of a transaction leaves the case as it was: the
// transaction's rows are all there (it committed) or none are, and the file is intact.
TEST_F(FaultTest, FailedWriteAtAnyPointChangesNothing) {
  ASSERT_TRUE(sqlite::FaultVfs::Register());
  StoreOptions options;
  options.vfs = sqlite::FaultVfs::kName;
  {
    auto store = OpenSqliteStore(path_, OpenMode::kCreate, clock_, options);
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE(AddRows(**store, "Base list", 200));
  }
  // How many writes a clean transaction takes, to spread the failure points over it.
  std::int64_t writes_per_transaction = 0;
  {
    auto store = OpenSqliteStore(path_, OpenMode::kOpenExisting, clock_, options);
    ASSERT_TRUE(store);
    sqlite::FaultVfs::FailAfter(-1);
    ASSERT_TRUE(AddRows(**store, "Measure list", 300));
    writes_per_transaction = sqlite::FaultVfs::WritesSeen();
  }
  ASSERT_GT(writes_per_transaction, 3);
  std::int64_t expected_mentions = 500;
  int failures = 0;
  // Past the commit's own writes, failures hit the checkpoint when the store closes: the
  // committed rows must survive those.
  int successes = 0;
  for (std::int64_t fail_after = 0; fail_after <= 3 * writes_per_transaction;
       fail_after += std::max<std::int64_t>(1, writes_per_transaction / 10)) {
    SCOPED_TRACE("failing after " + std::to_string(fail_after) + " writes");
    std::string source = "List " + std::to_string(fail_after);
    Status added;
    {
      auto store = OpenSqliteStore(path_, OpenMode::kOpenExisting, clock_, options);
      ASSERT_TRUE(store) << store.error().message;
      sqlite::FaultVfs::FailAfter(fail_after);
      added = AddRows(**store, source, 300);
      sqlite::FaultVfs::Reset();
    }
    if (added) {
      ++successes;
      expected_mentions += 300;
    } else {
      ++failures;
      EXPECT_EQ(added.error().code, ErrorCode::kUnavailable) << added.error().message;
    }
    auto store = OpenSqliteStore(path_, OpenMode::kOpenExisting, clock_);
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_TRUE((*store)->CheckIntegrity());
    EXPECT_EQ(*(*store)->CountRecords(RecordKind::kPersonMention), expected_mentions);
    auto found = (*store)->FindSource(source);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->has_value(), static_cast<bool>(added));
    auto changes = (*store)->ListChanges(0, 1'000'000);
    ASSERT_TRUE(changes);
    // One change per source, per import and per row: nothing is logged that was not written.
    std::int64_t sources = *(*store)->CountRecords(RecordKind::kSource);
    EXPECT_EQ(static_cast<std::int64_t>(changes->size()), expected_mentions + 2 * sources);
    for (const auto& change : *changes) {
      if (change.operation != "create") continue;
      auto hash = (*store)->RecordHash(change.kind, change.record_id);
      ASSERT_TRUE(hash);
      if (change.kind == RecordKind::kRawRecord) {
        EXPECT_EQ(*hash, change.new_hash);
      }
    }
  }
  EXPECT_GT(failures, 0);
  EXPECT_GT(successes, 0);
}

}  // namespace
}  // namespace reckon::store
