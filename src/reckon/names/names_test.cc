#include "reckon/names/names.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "reckon/core/text.h"
#include "reckon/link/datasets.h"

namespace reckon::names {
namespace {

std::string TestData(const std::string& relative) {
  const char* root = std::getenv("RECKON_SOURCE_DIR");
  return std::string(root != nullptr ? root : RECKON_SOURCE_DIR) + "/tests/testdata/" + relative;
}

TEST(LatinKey, RomanizesEveryScriptToTheSameSpelling) {
  EXPECT_EQ(LatinKey("Алиев"), "aliev");
  EXPECT_EQ(LatinKey("Əliyev"), "aliyev");
  EXPECT_EQ(LatinKey("Щукин Юрий"), "shchukin yuriy");
  EXPECT_EQ(LatinKey("Ol'ga"), "olga");
  EXPECT_EQ(LatinKey("Şahin Çelik"), "shahin chelik");
  EXPECT_EQ(LatinKey("ÉMILE  Zola-Durand"), "emile zola durand");
  EXPECT_EQ(LatinKey("Պետրոսյան"), "petrosyan");
  EXPECT_EQ(LatinKey(""), "");
  EXPECT_EQ(LatinKey("123 !!"), "");
  EXPECT_EQ(LatinKey("\xff\xfe"), "");  // Invalid UTF-8: nothing comparable.
}

TEST(DetectScript, NamesTheScriptOfTheLetters) {
  EXPECT_EQ(DetectScript("Ivanov"), Script::kLatin);
  EXPECT_EQ(DetectScript("Иванов 1980"), Script::kCyrillic);
  EXPECT_EQ(DetectScript("Պետրոսյան"), Script::kArmenian);
  EXPECT_EQ(DetectScript("გიორგი"), Script::kGeorgian);
  EXPECT_EQ(DetectScript("محمد"), Script::kOther);
  EXPECT_EQ(DetectScript("Ivan Иван"), Script::kMixed);
  EXPECT_EQ(DetectScript("42"), Script::kNone);
}

TEST(Skeleton, CollapsesRomanizationVariants) {
  EXPECT_EQ(Skeleton("aliyev"), Skeleton("aliev"));
  EXPECT_EQ(Skeleton("aliyeff"), Skeleton("aliev"));
  EXPECT_EQ(Skeleton("dzhavid"), TurkicSkeleton("javid"));
  EXPECT_EQ(TurkicSkeleton("cavid"), TurkicSkeleton("javid"));
  EXPECT_EQ(Skeleton("jelena"), Skeleton("yelena"));
  EXPECT_EQ(WesternSkeleton("cecilie"), "sesil");
  EXPECT_EQ(TurkicSkeleton("orxan"), Skeleton("orkhan"));
  EXPECT_EQ(Skeleton("alexander"), Skeleton("aleksander"));
  EXPECT_EQ(PhoneticKey(Skeleton("gevorg")), PhoneticKey(Skeleton("kevork")));
  EXPECT_EQ(PhoneticKey(Skeleton("petrosian")), PhoneticKey(Skeleton("bedrosian")));
  EXPECT_EQ(SurnameStem(Skeleton("alieva")), Skeleton("aliev"));
  EXPECT_EQ(SurnameStem("petrosian"), "petrosian");
}

TEST(Comparators, JaroWinklerAndDamerauLevenshteinKnownValues) {
  // Values from Winkler (1990) and the usual textbook examples.
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.9611, 1e-4);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.84, 1e-4);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.8133, 1e-4);
  EXPECT_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_EQ(JaroWinkler("abc", ""), 0.0);
  EXPECT_EQ(JaroWinkler("abc", "xyz"), 0.0);
  EXPECT_EQ(DamerauLevenshtein("ca", "ac"), 1);
  EXPECT_EQ(DamerauLevenshtein("kitten", "sitting"), 3);
  EXPECT_EQ(DamerauLevenshtein("", "abc"), 3);
  EXPECT_EQ(DamerauLevenshtein("ivanov", "ivnaov"), 1);
  EXPECT_NEAR(TokenSetSimilarity({"ali", "aliev"}, {"aliev", "ali"}), 1.0, 1e-9);
  EXPECT_LT(TokenSetSimilarity({"ali", "aliev"}, {"aliev"}), 1.0);
  EXPECT_EQ(TokenSetSimilarity({}, {"a"}), 0.0);
  std::string long_a(200, 'a');
  std::string long_b = long_a;
  long_b[100] = 'b';
  EXPECT_GT(JaroWinkler(long_a, long_b), 0.99);
}

TEST(ParseName, FindsPatronymicsAndFamilyNames) {
  ParsedName russian = ParseName({"Иванов Сергей Петрович", "", "", ""});
  ASSERT_EQ(russian.family.size(), 1u);
  EXPECT_EQ(russian.family[0].latin, "ivanov");
  ASSERT_EQ(russian.given.size(), 1u);
  EXPECT_EQ(russian.given[0].latin, "sergey");
  ASSERT_EQ(russian.patronymic.size(), 1u);
  EXPECT_TRUE(russian.order_known);
  EXPECT_EQ(russian.script, Script::kCyrillic);

  ParsedName azerbaijani = ParseName({"Aliyeva Narmin Rashid qizi", "", "", ""});
  ASSERT_EQ(azerbaijani.family.size(), 1u);
  EXPECT_EQ(azerbaijani.family[0].skeleton, Skeleton("aliyev"));
  ASSERT_EQ(azerbaijani.patronymic.size(), 1u);  // The father's name, without "qizi".
  EXPECT_EQ(azerbaijani.patronymic[0].latin, "rashid");
  ASSERT_EQ(azerbaijani.given.size(), 1u);
  EXPECT_EQ(azerbaijani.given[0].latin, "narmin");
  ParsedName in_columns = ParseName({"", "Narmin", "Rashid qizi", "Aliyeva"});
  ASSERT_EQ(in_columns.patronymic.size(), 1u);
  EXPECT_EQ(in_columns.patronymic[0].latin, "rashid");
  ParsedName cyrillic = ParseName({"Алиева Нармин Рашид кызы", "", "", ""});
  ASSERT_EQ(cyrillic.patronymic.size(), 1u);

  ParsedName swapped = ParseName({"Anahit Petrosyan", "", "", ""});
  ASSERT_EQ(swapped.family.size(), 1u);
  EXPECT_EQ(swapped.family[0].latin, "petrosyan");

  ParsedName unclear = ParseName({"Karen Anahit", "", "", ""});
  EXPECT_FALSE(unclear.order_known);

  ParsedName parts = ParseName({"", "Ali", "", "Aliyev"});
  EXPECT_TRUE(parts.order_known);
  EXPECT_EQ(parts.family[0].latin, "aliyev");

  EXPECT_TRUE(ParseName({"", "", "", ""}).empty());
  EXPECT_TRUE(ParseName({"!!! 42", "", "", ""}).empty());
  ParsedName given_only = ParseName({"Ali", "", "", ""});
  EXPECT_EQ(given_only.given.size(), 1u);
  EXPECT_FALSE(given_only.order_known);
}

// Whole names: the best pairing of given and family words, trying both orders when unknown.
double NameSimilarity(const ParsedName& a, const ParsedName& b) {
  auto best = [](const std::vector<NameWord>& x, const std::vector<NameWord>& y) {
    double top = 0;
    for (const NameWord& u : x) {
      for (const NameWord& v : y) top = std::max(top, WordSimilarity(u, v));
    }
    return top;
  };
  double straight = (best(a.given, b.given) + best(a.family, b.family)) / 2;
  double crossed = (best(a.given, b.family) + best(a.family, b.given)) / 2;
  std::vector<NameWord> all_a = a.given;
  all_a.insert(all_a.end(), a.family.begin(), a.family.end());
  std::vector<NameWord> all_b = b.given;
  all_b.insert(all_b.end(), b.family.begin(), b.family.end());
  double pooled = 0;
  if (!a.order_known || !b.order_known) {
    pooled = std::max(crossed, straight);
  }
  return std::max(straight, pooled);
}

TEST(NamePairs, DataFileVerdicts) {
  std::ifstream in(TestData("names/pairs.tsv"));
  ASSERT_TRUE(in) << "missing tests/testdata/names/pairs.tsv";
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> cells = Split(line, '\t');
    ASSERT_EQ(cells.size(), 4u) << line;
    bool expect_same = cells[3] == "same";
    bool same = false;
    if (cells[0] == "word") {
      same = Equivalent(MakeWord(cells[1]), MakeWord(cells[2]));
    } else if (cells[0] == "family") {
      ParsedName a = ParseName({"", "", "", std::string(cells[1])});
      ParsedName b = ParseName({"", "", "", std::string(cells[2])});
      same = Equivalent(a.family[0], b.family[0]);
    } else {
      same = NameSimilarity(ParseName({std::string(cells[1]), "", "", ""}),
                            ParseName({std::string(cells[2]), "", "", ""})) >= 0.9;
    }
    EXPECT_EQ(same, expect_same) << line;
    ++checked;
  }
  EXPECT_GT(checked, 60);
}

// The names-ru set: Latin and Cyrillic spellings of the same name word (from Wikidata). The
// target is >= 95% of true pairs judged equivalent and <= 1% of random non-pairs.
TEST(NamePairs, LatinCyrillicPairsFromWikidata) {
  auto read = link::ReadNamePairs(TestData("linkage/names-ru/wd_russian_80.tsv"));
  ASSERT_TRUE(read) << read.error().message;
  const auto& pairs = *read;
  ASSERT_GT(pairs.size(), 100000u);
  // Every 13th pair (about 10,000) keeps the test quick; the benchmark runs all of them.
  std::mt19937_64 rng(7);
  int true_pairs = 0;
  int true_equivalent = 0;
  int random_pairs = 0;
  int random_equivalent = 0;
  for (size_t i = 0; i < pairs.size(); i += 13) {
    NameWord latin = MakeWord(pairs[i].first);
    NameWord cyrillic = MakeWord(pairs[i].second);
    ++true_pairs;
    if (Equivalent(latin, cyrillic)) ++true_equivalent;
    const auto& other = pairs[rng() % pairs.size()];
    if (other.first == pairs[i].first) continue;
    ++random_pairs;
    if (Equivalent(latin, MakeWord(other.second))) ++random_equivalent;
  }
  double recall = static_cast<double>(true_equivalent) / true_pairs;
  double false_rate = static_cast<double>(random_equivalent) / random_pairs;
  RecordProperty("recall", std::to_string(recall));
  RecordProperty("false_rate", std::to_string(false_rate));
  EXPECT_GE(recall, 0.95) << true_equivalent << " of " << true_pairs;
  EXPECT_LE(false_rate, 0.01) << random_equivalent << " of " << random_pairs;
}

}  // namespace
}  // namespace reckon::names
