#include "reckon/stats/count.h"

#include <gtest/gtest.h>

namespace reckon::stats {
namespace {

TEST(AgeBands, DefaultBandsPlaceRangesThatFitOneBand) {
  auto bands = DefaultAgeBands();
  EXPECT_EQ(AgeBandOf(*AgeRange::Parse("17"), bands), "child");
  EXPECT_EQ(AgeBandOf(*AgeRange::Parse("18"), bands), "adult");
  EXPECT_EQ(AgeBandOf(*AgeRange::Parse("60"), bands), "elderly");
  EXPECT_EQ(AgeBandOf(*AgeRange::Parse("17-18"), bands), "unknown");  // Straddles two bands.
  EXPECT_EQ(AgeBandOf(AgeRange(), bands), "unknown");
}

TEST(AgeBands, ParsesLabelledAndPlainBands) {
  auto labelled = ParseAgeBands("child=0-14,youth=15-24,adult=25+");
  ASSERT_TRUE(labelled) << labelled.error().message;
  EXPECT_EQ(AgeBandOf(*AgeRange::Parse("20"), *labelled), "youth");
  auto plain = ParseAgeBands("0-4,5-100");
  ASSERT_FALSE(plain);  // Must end with an open band.
  EXPECT_EQ(ParseAgeBands("0-9,11+").error().code, ErrorCode::kInvalidArgument);  // A gap.
  EXPECT_TRUE(ParseAgeBands("0-17,18+"));
}

TEST(VictimAgeAt, GivenAgeWinsElseBirthAndActDates) {
  store::ActFact fact;
  fact.date_earliest = fact.date_latest = DaysFromCivil({2020, 6, 15});
  fact.victim_birth_earliest = DaysFromCivil({2010, 1, 1});
  fact.victim_birth_latest = DaysFromCivil({2010, 12, 31});
  AgeRange age = VictimAgeAt(fact);
  EXPECT_EQ(age.youngest, 9);
  EXPECT_EQ(age.oldest, 10);
  EXPECT_EQ(AgeBandOf(age, DefaultAgeBands()), "child");
  fact.victim_age = *AgeRange::Parse("34");
  EXPECT_EQ(VictimAgeAt(fact).youngest, 34);
  store::ActFact unknown;
  EXPECT_FALSE(VictimAgeAt(unknown).known());
}

TEST(Dimension, NamesAndAliases) {
  EXPECT_EQ(*DimensionFromName("age"), Dimension::kAgeBand);
  EXPECT_EQ(*DimensionFromName("Period"), Dimension::kMonth);
  EXPECT_EQ(DimensionName(Dimension::kSource), "source");
  EXPECT_EQ(DimensionFromName("colour").error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace reckon::stats
