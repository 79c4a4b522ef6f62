#include "reckon/synth/synth.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "reckon/synth/names.h"

namespace reckon::synth {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(Generate, SameSeedSameCaseAndTruthCoversEveryRow) {
  fs::path a = fs::path(::testing::TempDir()) / "synth_a";
  fs::path b = fs::path(::testing::TempDir()) / "synth_b";
  SynthOptions options;
  options.persons = 1500;
  options.lists = 5;
  options.seed = 3;
  options.out_dir = a.string();
  auto first = Generate(options);
  ASSERT_TRUE(first) << first.error().message;
  options.out_dir = b.string();
  ASSERT_TRUE(Generate(options));
  EXPECT_EQ(Read(a / "lists/civil_registry.csv"), Read(b / "lists/civil_registry.csv"));
  EXPECT_EQ(Read(a / "truth/rows.csv"), Read(b / "truth/rows.csv"));
  EXPECT_EQ(first->persons, 1500);

  std::int64_t list_rows = 0;
  for (const auto& file : first->files) {
    if (file.path != "lists/losses.csv" && file.path != "lists/claims.csv") list_rows += file.rows;
  }
  std::string truth = Read(a / "truth/rows.csv");
  EXPECT_EQ(static_cast<std::int64_t>(std::count(truth.begin(), truth.end(), '\n')) - 1, list_rows);
  // Lists overlap but differ: the relief list is written in Cyrillic.
  EXPECT_NE(Read(a / "lists/relief_network.csv").find("Ж"), std::string::npos);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(Generate, OnlyWomenCarryTheFeminineSurname) {
  fs::path dir = fs::path(::testing::TempDir()) / "synth_gender";
  SynthOptions options;
  options.persons = 2000;
  options.noise = 0;
  options.out_dir = dir.string();
  ASSERT_TRUE(Generate(options));
  std::istringstream rows(Read(dir / "lists/civil_registry.csv"));
  std::string line;
  int men = 0;
  while (std::getline(rows, line)) {
    // record_id,family_name,given_name,patronymic,sex,...
    std::vector<std::string> cells;
    std::stringstream cell_stream(line);
    for (std::string cell; std::getline(cell_stream, cell, ',');) cells.push_back(cell);
    if (cells.size() < 5 || cells[4] != "male") continue;
    ++men;
    const std::string& family = cells[1];
    EXPECT_FALSE(family.ends_with("ova") || family.ends_with("eva")) << line;
  }
  EXPECT_GT(men, 100);
  fs::remove_all(dir);
}

TEST(Generate, RejectsOptionsOutOfRange) {
  SynthOptions options;
  options.out_dir = ::testing::TempDir() + "/synth_bad";
  options.lists = 0;
  EXPECT_EQ(Generate(options).error().code, ErrorCode::kInvalidArgument);
  options.lists = 3;
  options.persons = 0;
  EXPECT_EQ(Generate(options).error().code, ErrorCode::kInvalidArgument);
  options.persons = 50;
  for (double killed : {-0.1, 1.5, std::nan(""), HUGE_VAL}) {
    options.killed = killed;
    auto result = Generate(options);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("--killed must be a share between 0 and 1"),
              std::string::npos);
  }
  options.killed = 0.8;  // With the default 30% expelled: more than everyone.
  EXPECT_NE(Generate(options).error().message.find("add up to at most 1"), std::string::npos);
  options.killed = 0.12;
  for (double noise : {-1.0, 11.0, HUGE_VAL}) {
    options.noise = noise;
    EXPECT_NE(Generate(options).error().message.find("--noise must be between"), std::string::npos);
  }
  options.noise = 1;
  options.events = 0;
  EXPECT_EQ(Generate(options).error().code, ErrorCode::kInvalidArgument);
}

TEST(Names, GenderedSurnamesAndPatronymics) {
  EXPECT_EQ(FeminineFamily(Tradition::kAzerbaijani, "Aliyev", Script::kLatin), "Aliyeva");
  EXPECT_EQ(FeminineFamily(Tradition::kRussian, "Иванов", Script::kCyrillic), "Иванова");
  EXPECT_EQ(FeminineFamily(Tradition::kArmenian, "Petrosyan", Script::kLatin), "Petrosyan");
  EXPECT_EQ(Patronymic(Tradition::kRussian, "Ivan", true, Script::kLatin), "Ivanovich");
  EXPECT_EQ(Patronymic(Tradition::kRussian, "Сергей", false, Script::kCyrillic), "Сергеевна");
  EXPECT_EQ(Patronymic(Tradition::kAzerbaijani, "Rashid", true, Script::kLatin), "Rashid oglu");
}

}  // namespace
}  // namespace reckon::synth
