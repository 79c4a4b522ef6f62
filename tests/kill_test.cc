// A process killed in the middle of an import loses nothing committed and leaves nothing
// half-written: each import is in the case whole, or not at all.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "reckon/service/service.h"

namespace reckon {
namespace {

namespace fs = std::filesystem;

TEST(KillDuringImport, EachImportIsWholeOrAbsent) {
  fs::path dir = fs::path(::testing::TempDir()) / ("kill_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const int rows = 20000;
  {
    std::ofstream list(dir / "list.csv");
    list << "name,sex,age,date,place,act\n";
    for (int i = 0; i < rows; ++i) {
      list << "Person " << i << ",f," << i % 90 << ",2031-03-02,Old Mill,killing\n";
    }
  }
  const std::string case_path = (dir / "case.reckon").string();
  FixedClock clock(1700000000);
  ASSERT_TRUE(service::Case::Create(case_path, clock));

  int killed_before_commit = 0;
  int completed = 0;
  std::int64_t committed_mentions = 0;
  for (int attempt = 0; attempt < 8; ++attempt) {
    const std::string source = "List " + std::to_string(attempt);
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto c = service::Case::Open(case_path, clock);
      if (!c) ::_exit(2);
      service::ImportRequest request;
      request.file = (dir / "list.csv").string();
      request.source = source;
      ::_exit(service::Import(**c, request) ? 0 : 1);
    }
    // Kill at a different moment each time: early, mid-import, near or after the commit. The
    // last attempt is left to finish, so that a commit happens however loaded the machine is
    // (other tests run beside this one).
    if (attempt < 7) {
      std::this_thread::sleep_for(std::chrono::milliseconds(15 + attempt * 45));
      ::kill(child, SIGKILL);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    if (WIFEXITED(status)) {
      ASSERT_EQ(WEXITSTATUS(status), 0);
    }

    auto c = service::Case::Open(case_path, clock);
    ASSERT_TRUE(c) << c.error().message;
    ASSERT_TRUE((*c)->store().CheckIntegrity());
    auto found = (*c)->store().FindSource(source);
    ASSERT_TRUE(found);
    std::int64_t mentions = *(*c)->store().CountRecords(store::RecordKind::kPersonMention);
    if (found->has_value()) {
      ++completed;
      committed_mentions += rows;
    } else {
      ++killed_before_commit;
    }
    EXPECT_EQ(mentions, committed_mentions) << "attempt " << attempt;
    auto changes = (*c)->store().ListChanges(0, 10'000'000);
    ASSERT_TRUE(changes);
    // One change per row written, and none for rows that were not.
    std::int64_t row_changes = 0;
    for (const auto& change : *changes) row_changes += change.kind == store::RecordKind::kRawRecord;
    EXPECT_EQ(row_changes, committed_mentions);
    // The log may lag the changes (its append is the step after the import's commit) but
    // never holds a half-written leaf or a leaf that does not match its change.
    auto report = service::Verify(**c, {});
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->ok()) << "attempt " << attempt;
    EXPECT_TRUE(service::SyncLog(**c));
  }
  // Both outcomes happened: kills landed before commits, and imports completed.
  EXPECT_GT(killed_before_commit, 0);
  EXPECT_GT(completed, 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace reckon
