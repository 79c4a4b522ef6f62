#include "reckon/evidence/log.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "reckon/evidence/verify.h"
#include "reckon/store/sqlite/fault_vfs.h"
#include "reckon/store/sqlite/sqlite_store.h"

namespace reckon::evidence {
namespace {

namespace fs = std::filesystem;

class CaseLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "/log_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".reckon";
    Remove();
    store_ = std::move(*store::OpenSqliteStore(path_, store::OpenMode::kCreate, clock_));
    key_ = *SignerKey::Generate("reckon-test");
  }
  void TearDown() override {
    store::sqlite::FaultVfs::Reset();
    store_.reset();
    Remove();
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }
  // Adds `count` sources in one transaction each.
  void AddSources(int count, int first = 0) {
    for (int i = first; i < first + count; ++i) {
      auto write = store_->BeginWrite("tester", "add");
      model::Source source;
      source.name = "Source " + std::to_string(i);
      ASSERT_TRUE((*write)->AddSource(source));
      ASSERT_TRUE((*write)->Commit());
    }
  }
  void Sql(const std::string& sql) {
    store_.reset();
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
    sqlite3_close(db);
    store_ = std::move(*store::OpenSqliteStore(path_, store::OpenMode::kOpenExisting, clock_));
  }
  const VerifyCheck& CheckNamed(const VerifyReport& report, const std::string& name) {
    for (const auto& check : report.checks) {
      if (check.name == name) return check;
    }
    static VerifyCheck none;
    ADD_FAILURE() << "no check " << name;
    return none;
  }

  FixedClock clock_{1700000000};
  std::string path_;
  std::unique_ptr<store::Store> store_;
  SignerKey key_;
};

TEST_F(CaseLogTest, SyncLogsEveryChangeAndProofsVerify) {
  AddSources(37);
  CaseLog log(*store_);
  ASSERT_EQ(*log.Sync(), 37);
  EXPECT_EQ(*log.Sync(), 37);  // Nothing new.
  AddSources(6, 37);
  ASSERT_EQ(*log.Sync(), 43);
  MemoryTree tree;
  auto leaves = store_->ListLogLeaves(0, 100);
  ASSERT_TRUE(leaves);
  for (const auto& leaf : *leaves) tree.Append(leaf.hash);
  for (std::int64_t size : {1, 2, 37, 43}) {
    Hash root = *log.Root(size);
    EXPECT_EQ(root, *RootOf(tree, static_cast<std::uint64_t>(size)));
    for (std::int64_t leaf = 0; leaf < size; leaf += 5) {
      auto proof = log.InclusionProof(leaf, size);
      ASSERT_TRUE(proof) << proof.error().message;
      EXPECT_TRUE(VerifyInclusion(*log.LeafHash(leaf), static_cast<std::uint64_t>(leaf),
                                  static_cast<std::uint64_t>(size), *proof, root));
    }
  }
  auto consistency = log.ConsistencyProof(37, 43);
  ASSERT_TRUE(consistency);
  EXPECT_TRUE(VerifyConsistency(37, 43, *consistency, *log.Root(37), *log.Root(43)));
  // Leaves hold no names: the source names appear nowhere in the leaf data.
  auto changes = store_->ListChanges(0, 1);
  EXPECT_EQ(LeafData((*changes)[0], (*leaves)[0].salt).find("Source"), std::string::npos);
}

TEST_F(CaseLogTest, IntactCaseVerifiesWithItsCheckpoints) {
  AddSources(10);
  CaseLog log(*store_);
  auto first = log.SignCheckpoint(key_);
  ASSERT_TRUE(first) << first.error().message;
  AddSources(5, 10);
  ASSERT_TRUE(log.SignCheckpoint(key_));
  auto report = VerifyCase(*store_, {key_.Verifier()});
  ASSERT_TRUE(report);
  for (const auto& check : report->checks) {
    EXPECT_EQ(check.failed, 0) << check.name << ": "
                               << (check.failures.empty() ? "" : check.failures[0]);
  }
  EXPECT_EQ(CheckNamed(*report, "checkpoints").checked, 2);
  EXPECT_EQ(CheckNamed(*report, "log leaves").checked, 15);
}

TEST_F(CaseLogTest, AlteredRecordIsFound) {
  AddSources(4);
  ASSERT_TRUE(CaseLog(*store_).SignCheckpoint(key_));
  Sql("UPDATE sources SET reliability = 'A' WHERE name = 'Source 2'");
  auto report = VerifyCase(*store_, {key_.Verifier()});
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->ok());
  const auto& records = CheckNamed(*report, "records");
  ASSERT_EQ(records.failed, 1);
  EXPECT_NE(records.failures[0].find("source 3"), std::string::npos) << records.failures[0];
}

TEST_F(CaseLogTest, RecordWrittenAroundTheChangeLogIsFound) {
  AddSources(2);
  ASSERT_TRUE(CaseLog(*store_).SignCheckpoint(key_));
  Sql("INSERT INTO sources(name, kind, reliability, credibility) VALUES ('Sneaked', 'list', 'A', "
      "1)");
  auto report = VerifyCase(*store_, {key_.Verifier()});
  ASSERT_TRUE(report);
  const auto& records = CheckNamed(*report, "records");
  ASSERT_EQ(records.failed, 1);
  EXPECT_NE(records.failures[0].find("never logged"), std::string::npos) << records.failures[0];
}

TEST_F(CaseLogTest, AlteredLeafOrChangeIsFound) {
  AddSources(8);
  ASSERT_TRUE(CaseLog(*store_).SignCheckpoint(key_));
  Sql("DROP TRIGGER log_leaves_are_append_only_update; UPDATE log_leaves SET leaf_hash = "
      "randomblob(32) WHERE leaf_index = 3");
  auto report = VerifyCase(*store_, {key_.Verifier()});
  ASSERT_TRUE(report);
  EXPECT_EQ(CheckNamed(*report, "log leaves").failed, 1);
  EXPECT_GT(CheckNamed(*report, "log subtree hashes").failed, 0);
  EXPECT_EQ(CheckNamed(*report, "checkpoints").failed, 1);

  Sql("DROP TRIGGER changes_are_append_only_update; UPDATE changes SET actor = 'someone else' "
      "WHERE sequence = 5");
  report = VerifyCase(*store_, {key_.Verifier()});
  EXPECT_EQ(CheckNamed(*report, "log leaves").failed, 2);
}

TEST_F(CaseLogTest, ReplacedCheckpointIsFound) {
  AddSources(3);
  ASSERT_TRUE(CaseLog(*store_).SignCheckpoint(key_));
  // A checkpoint signed by someone else, and one whose body was edited after signing.
  auto stranger = *SignerKey::Generate("reckon-test");
  Checkpoint forged;
  forged.origin = *CaseLog(*store_).Origin();
  forged.size = 3;
  forged.root = HashLeaf("not the log");
  ASSERT_TRUE(store_->AddCheckpoint(3, *SignNote(forged.Body(), stranger)));
  auto report = VerifyCase(*store_, {key_.Verifier()});
  ASSERT_TRUE(report);
  EXPECT_EQ(CheckNamed(*report, "checkpoints").failed, 1);
  // Without keys the forged root is still caught.
  auto unsigned_report = VerifyCase(*store_, {});
  EXPECT_EQ(CheckNamed(*unsigned_report, "checkpoints").failed, 1);
  EXPECT_NE(CheckNamed(*unsigned_report, "checkpoints").note.find("not checked"),
            std::string::npos);
}

TEST_F(CaseLogTest, FailedWriteDuringSyncLeavesNoHalfLeafAndSyncResumes) {
  AddSources(30);
  ASSERT_TRUE(store::sqlite::FaultVfs::Register());
  store::StoreOptions options;
  options.vfs = store::sqlite::FaultVfs::kName;
  store_.reset();
  int failures = 0;
  for (std::int64_t fail_after = 0; fail_after < 12; fail_after += 2) {
    {
      auto faulty = store::OpenSqliteStore(path_, store::OpenMode::kOpenExisting, clock_, options);
      ASSERT_TRUE(faulty);
      store::sqlite::FaultVfs::FailAfter(fail_after);
      auto synced = CaseLog(**faulty).Sync();
      store::sqlite::FaultVfs::Reset();
      failures += synced ? 0 : 1;
    }
    auto reopened = store::OpenSqliteStore(path_, store::OpenMode::kOpenExisting, clock_);
    ASSERT_TRUE(reopened);
    std::int64_t size = *(*reopened)->LogSize();
    EXPECT_TRUE(size == 0 || size == 30) << size;  // One batch: all or nothing.
  }
  EXPECT_GT(failures, 0);
  store_ = std::move(*store::OpenSqliteStore(path_, store::OpenMode::kOpenExisting, clock_));
  EXPECT_EQ(*CaseLog(*store_).Sync(), 30);
  auto report = VerifyCase(*store_, {});
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok());
}

}  // namespace
}  // namespace reckon::evidence
