#include "reckon/ingest/importer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "reckon/store/sqlite/sqlite_store.h"

namespace reckon::ingest {
namespace {

namespace fs = std::filesystem;

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("importer_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = std::move(
        *store::OpenSqliteStore((dir_ / "case.reckon").string(), store::OpenMode::kCreate, clock_));
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  Result<ImportReport> Import(const std::string& path, const std::string& source,
                              bool skip_invalid = false) {
    ImportOptions options;
    options.path = path;
    options.source_name = source;
    options.skip_invalid = skip_invalid;
    return ImportFile(*store_, options, model::Vocabulary::Builtin());
  }
  void ExpectEmptyCase() {
    for (auto kind :
         {store::RecordKind::kSource, store::RecordKind::kImport, store::RecordKind::kRawRecord,
          store::RecordKind::kPersonMention, store::RecordKind::kAct, store::RecordKind::kPlace}) {
      EXPECT_EQ(*store_->CountRecords(kind), 0) << store::RecordKindName(kind);
    }
    EXPECT_TRUE(store_->ListChanges(0, 10)->empty());
  }

  FixedClock clock_{1700000000};
  fs::path dir_;
  std::unique_ptr<store::Store> store_;
};

std::string FromHex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return out;
}

// Runs every case in tests/testdata/ingest: adding a case needs no C++.
TEST_F(ImporterTest, DataFileCases) {
  fs::path cases = fs::path(RECKON_SOURCE_DIR) / "tests/testdata/ingest";
  int run = 0;
  for (const auto& entry : fs::directory_iterator(cases)) {
    if (entry.path().extension() != ".json") continue;
    SCOPED_TRACE(entry.path().filename().string());
    std::ifstream in(entry.path());
    nlohmann::json spec = nlohmann::json::parse(in);
    store_.reset();
    fs::remove(dir_ / "case.reckon");
    fs::remove(dir_ / "case.reckon-wal");
    fs::remove(dir_ / "case.reckon-shm");
    store_ = std::move(
        *store::OpenSqliteStore((dir_ / "case.reckon").string(), store::OpenMode::kCreate, clock_));
    std::string content = spec.contains("content_hex") ? FromHex(spec["content_hex"])
                                                       : spec["content"].get<std::string>();
    std::string path = Write(spec["file_name"], content);
    const nlohmann::json& expect = spec["expect"];
    ImportOptions options;
    options.path = path;
    options.source_name = "Test source";
    Result<ImportReport> report = MakeError(ErrorCode::kInternal, "not run");
    if (spec.contains("mapping")) {
      auto mapping = Mapping::FromJson(spec["mapping"].dump());
      if (!mapping) {
        report = tl::unexpected(mapping.error());
      } else {
        options.mapping = *mapping;
        report = ImportFile(*store_, options, model::Vocabulary::Builtin());
      }
    } else {
      report = ImportFile(*store_, options, model::Vocabulary::Builtin());
    }
    ++run;
    if (expect.contains("code")) {
      ASSERT_FALSE(report) << "expected an error";
      EXPECT_EQ(ErrorCodeName(report.error().code), expect["code"].get<std::string>());
      for (const auto& part : expect["message_contains"]) {
        EXPECT_NE(report.error().message.find(part.get<std::string>()), std::string::npos)
            << "missing '" << part.get<std::string>() << "' in:\n"
            << report.error().message;
      }
      ExpectEmptyCase();
      continue;
    }
    ASSERT_TRUE(report) << report.error().message;
    for (const auto& [key, value] : expect.items()) {
      std::int64_t actual = -1;
      if (key == "rows_imported") actual = report->rows_imported;
      if (key == "mentions") actual = report->mentions;
      if (key == "acts") actual = report->acts;
      if (key == "claims") actual = report->claims;
      if (key == "losses") actual = report->losses;
      if (key == "places_created") actual = report->places_created;
      EXPECT_EQ(actual, value.get<std::int64_t>()) << key;
    }
  }
  EXPECT_GE(run, 15);
}

TEST_F(ImporterTest, RowsAreKeptVerbatimWithLineNumbers) {
  std::string path =
      Write("list.csv", "name,act,place\n\"Ivanov, Ivan\",killing,\"River\nside\"\nB,killing,X\n");
  auto report = Import(path, "List");
  ASSERT_TRUE(report) << report.error().message;
  auto first = store_->GetRawRecord(1);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->content, "\"Ivanov, Ivan\",killing,\"River\nside\"");
  EXPECT_EQ(first->line, 2);
  EXPECT_EQ(first->row, 1);
  auto second = store_->GetRawRecord(2);
  EXPECT_EQ(second->line, 4);
  EXPECT_EQ(second->row, 2);
  auto mention = store_->GetPersonMention(1);
  EXPECT_EQ(mention->name.full, "Ivanov, Ivan");
  auto place = store_->FindPlace("river\nside");
  ASSERT_TRUE(place);
}

TEST_F(ImporterTest, SameFileAgainIsANoOpThatSaysSo) {
  std::string path = Write("list.csv", "name,act\nA,killing\nB,killing\n");
  auto first = Import(path, "List");
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->already_imported);
  auto changes_before = store_->ListChanges(0, 1000)->size();
  auto second = Import(path, "List");
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->already_imported);
  EXPECT_EQ(second->import_id, first->import_id);
  EXPECT_EQ(store_->ListChanges(0, 1000)->size(), changes_before);
  EXPECT_EQ(*store_->CountRecords(store::RecordKind::kPersonMention), 2);
  // The same file from another source is a separate import.
  auto other = Import(path, "Other list");
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->already_imported);
  EXPECT_EQ(*store_->CountRecords(store::RecordKind::kPersonMention), 4);
}

TEST_F(ImporterTest, SkipInvalidImportsValidRowsAndWritesRejects) {
  std::string path = Write("list.csv", "name,age,act\nA,34,killing\nB,abc,killing\nC,,killing\n");
  auto report = Import(path, "List", /*skip_invalid=*/true);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->rows_imported, 2);
  EXPECT_EQ(report->rejected, 1);
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].line, 3);
  std::ifstream rejects(report->rejects_path);
  std::stringstream text;
  text << rejects.rdbuf();
  EXPECT_EQ(text.str().substr(0, 31), "name,age,act,reckon_error\nB,abc");
}

TEST_F(ImporterTest, FailedImportLeavesEarlierImportsIntact) {
  ASSERT_TRUE(Import(Write("a.csv", "name,act\nA,killing\n"), "List"));
  auto bad = Import(Write("b.csv", "name,act\nB,flying\n"), "List");
  ASSERT_FALSE(bad);
  EXPECT_EQ(*store_->CountRecords(store::RecordKind::kPersonMention), 1);
  EXPECT_EQ(*store_->CountRecords(store::RecordKind::kImport), 1);
}

TEST_F(ImporterTest, ClaimScopeUsesTheStoredNameOfAPlace) {
  ASSERT_TRUE(Import(Write("a.csv", "name,act,place\nA,killing,Old Mill\n"), "List"));
  auto claims = Import(
      Write("c.csv", "metric,value,scope_act,scope_place\nvictims,5,killing,OLD MILL\n"), "Press");
  ASSERT_TRUE(claims) << claims.error().message;
  EXPECT_EQ(claims->places_created, 0);
  auto listed = store_->ListClaims();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].scope, "act=killing;place=Old Mill");
}

TEST_F(ImporterTest, MissingFileIsNotFound) {
  auto report = Import((dir_ / "nope.csv").string(), "List");
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kNotFound);
}

TEST_F(ImporterTest, GarbageBytesNeverCrash) {
  // Deterministic pseudo-random inputs: the importer must answer, never crash.
  std::uint32_t state = 12345;
  for (int i = 0; i < 200; ++i) {
    std::string content = "name,act\n";
    int length = static_cast<int>(state % 200);
    for (int k = 0; k < length; ++k) {
      state = state * 1103515245u + 12345u;
      const char alphabet[] = "ab,\"\n\r;\xff\xc3\xa9 killing";
      content += alphabet[(state >> 16) % (sizeof(alphabet) - 1)];
    }
    auto report = Import(Write("fuzz.csv", content), "Fuzz " + std::to_string(i), true);
    if (!report) {
      EXPECT_FALSE(report.error().message.empty());
    }
  }
}

}  // namespace
}  // namespace reckon::ingest
