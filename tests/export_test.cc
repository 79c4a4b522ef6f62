// The mentions export imports back into a new case and exports again byte for byte.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "reckon/service/service.h"

namespace reckon {
namespace {

namespace fs = std::filesystem;

TEST(Export, MentionsRoundTripThroughImport) {
  fs::path dir =
      fs::path(::testing::TempDir()) / ("export_round_trip_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  FixedClock clock(1700000000);
  {
    std::ofstream(dir / "list.csv")
        << "name,sex,age,birth_date,household,status,act,date,place,event,record_id\n"
           "Əliyev Əli,m,34,,H1,dead,killing,2031-03-02,Old Mill,Incident 1,A1\n"
           "\"Petrosyan, Anna\",f,~60,1971,H2,alive,injury,~2031-03,Riverside,,A2\n"
           "Иванов Иван,m,,before "
           "1990,,missing,enforced_disappearance,2031-03-01/2031-03-09,,,A3\n"
           "Mammadova Leyla,f,~30-35,,H3,dead,killing,2031-03-02,Old Mill,Incident 1,A4\n";
  }
  auto first = service::Case::Create((dir / "a.reckon").string(), clock);
  ASSERT_TRUE(first);
  service::ImportRequest request;
  request.file = (dir / "list.csv").string();
  request.source = "List";
  ASSERT_TRUE(service::Import(**first, request));
  service::ExportRequest out;
  out.out = (dir / "export1.csv").string();
  ASSERT_EQ(*service::Export(**first, out), 4);

  auto second = service::Case::Create((dir / "b.reckon").string(), clock);
  ASSERT_TRUE(second);
  request.file = out.out;
  auto reimported = service::Import(**second, request);
  ASSERT_TRUE(reimported) << reimported.error().message;
  out.out = (dir / "export2.csv").string();
  ASSERT_EQ(*service::Export(**second, out), 4);

  auto read = [](const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  std::string a = read(dir / "export1.csv");
  EXPECT_EQ(a, read(dir / "export2.csv"));
  EXPECT_NE(a.find("\"Petrosyan, Anna\""), std::string::npos);
  EXPECT_NE(a.find("before 1990"), std::string::npos);
  // An approximate age stays approximate (it was written as 28-37, which imports as exact).
  EXPECT_NE(a.find(",~30-35,"), std::string::npos);
  EXPECT_NE(a.find(",~60,"), std::string::npos);

  // JSON Lines round-trips the same way.
  out.format = "jsonl";
  out.out = (dir / "export1.jsonl").string();
  ASSERT_TRUE(service::Export(**first, out));
  auto third = service::Case::Create((dir / "c.reckon").string(), clock);
  request.file = out.out;
  ASSERT_TRUE(service::Import(**third, request));
  out.out = (dir / "export2.jsonl").string();
  ASSERT_TRUE(service::Export(**third, out));
  EXPECT_EQ(read(dir / "export1.jsonl"), read(dir / "export2.jsonl"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace reckon
