#include "reckon/core/date.h"

#include <gtest/gtest.h>

namespace reckon {
namespace {

TEST(CivilDate, RoundTripsOverFourCenturies) {
  for (DayNumber d = DaysFromCivil({1800, 1, 1}); d < DaysFromCivil({2200, 1, 1}); d += 7) {
    CivilDate c = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(c), d);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(FormatDay(DaysFromCivil({2000, 2, 29})), "2000-02-29");
}

TEST(UncertainDate, ParsesExactDayInIsoAndDottedForms) {
  auto iso = UncertainDate::Parse("2020-02-26");
  auto dotted = UncertainDate::Parse("26.02.2020");
  auto compact = UncertainDate::Parse("20200226");
  ASSERT_TRUE(iso && dotted && compact);
  EXPECT_EQ(iso->precision(), DatePrecision::kDay);
  EXPECT_EQ(iso->earliest(), dotted->earliest());
  EXPECT_EQ(iso->earliest(), compact->earliest());
  EXPECT_EQ(iso->ToString(), "2020-02-26");
}

TEST(UncertainDate, MonthFirstOrderFollowsTheSetting) {
  auto date = UncertainDate::Parse("02/26/2020", DateOrder::kMonthDayYear);
  ASSERT_TRUE(date);
  EXPECT_EQ(date->ToString(), "2020-02-26");
  auto wrong = UncertainDate::Parse("02/26/2020", DateOrder::kDayMonthYear);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
}

TEST(UncertainDate, MonthAndYearCoverTheirDays) {
  auto month = UncertainDate::Parse("2020-02");
  ASSERT_TRUE(month);
  EXPECT_EQ(month->precision(), DatePrecision::kMonth);
  EXPECT_EQ(FormatDay(month->earliest()), "2020-02-01");
  EXPECT_EQ(FormatDay(month->latest()), "2020-02-29");
  auto year = UncertainDate::Parse("1992");
  ASSERT_TRUE(year);
  EXPECT_EQ(FormatDay(year->latest()), "1992-12-31");
  EXPECT_EQ(year->ToString(), "1992");
}

TEST(UncertainDate, RangesBeforeAfterAndApproximate) {
  auto range = UncertainDate::Parse("2020-02-01/2020-02-10");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->precision(), DatePrecision::kRange);
  EXPECT_EQ(range->ToString(), "2020-02-01/2020-02-10");
  auto dots = UncertainDate::Parse("2020-02-01..2020-02-10");
  ASSERT_TRUE(dots);
  EXPECT_EQ(*dots, *range);

  auto before = UncertainDate::Parse("before 2020-03-01");
  ASSERT_TRUE(before);
  EXPECT_EQ(FormatDay(before->latest()), "2020-02-29");
  EXPECT_EQ(before->ToString(), "before 2020-03-01");

  auto after = UncertainDate::Parse(">2020-03");
  ASSERT_TRUE(after);
  EXPECT_EQ(FormatDay(after->earliest()), "2020-04-01");
  EXPECT_EQ(after->ToString(), "after 2020-03");

  auto about = UncertainDate::Parse("~2020-03-10");
  ASSERT_TRUE(about);
  EXPECT_EQ(FormatDay(about->earliest()), "2020-03-03");
  EXPECT_EQ(FormatDay(about->latest()), "2020-03-17");
  auto again = UncertainDate::Parse(about->ToString());
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *about);
}

TEST(UncertainDate, ImpossibleDatesSayWhy) {
  auto leap = UncertainDate::Parse("2021-02-29");
  ASSERT_FALSE(leap);
  EXPECT_EQ(leap.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(leap.error().message.find("February 2021 has 28 days"), std::string::npos);
  EXPECT_FALSE(UncertainDate::Parse("2020-13-01"));
  EXPECT_FALSE(UncertainDate::Parse("yesterday"));
  EXPECT_FALSE(UncertainDate::Parse("2020-02-10/2020-02-01"));
  EXPECT_FALSE(UncertainDate::Parse("12345678901234"));
}

TEST(UncertainDate, EmptyIsUnknown) {
  auto empty = UncertainDate::Parse("  ");
  ASSERT_TRUE(empty);
  EXPECT_FALSE(empty->known());
  EXPECT_EQ(empty->ToString(), "");
}

TEST(AgeRange, ParsesNumbersRangesAndApproximations) {
  EXPECT_EQ(AgeRange::Parse("34")->youngest, 34);
  auto range = AgeRange::Parse("30-35");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->oldest, 35);
  auto approx = AgeRange::Parse("34?");
  ASSERT_TRUE(approx);
  EXPECT_EQ(approx->youngest, 32);
  EXPECT_EQ(approx->oldest, 36);
  EXPECT_EQ(approx->ToString(), "~34");
  EXPECT_FALSE(AgeRange::Parse("old"));
  EXPECT_FALSE(AgeRange::Parse("250"));
  // Found by fuzzing: a minus sign made a negative age.
  EXPECT_FALSE(AgeRange::Parse("-135"));
  EXPECT_FALSE(AgeRange::Parse("~-3"));
  EXPECT_FALSE(AgeRange::Parse("3--1"));
  EXPECT_EQ(AgeRange::Parse("abc").error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(AgeRange::Parse("")->known());
}

// What export writes must import as the same age, approximate ones included (found by fuzzing:
// "~0" and "~30-35" came back exact, "0-2" and "28-37").
TEST(AgeRange, TextOfEveryAgeParsesBackToIt) {
  for (std::string_view text : {"~0", "~1", "~0-1", "~30-35", "34?", "~129", "~130", "~128-130",
                                "0", "130", "12-14", "~2"}) {
    auto age = AgeRange::Parse(text);
    ASSERT_TRUE(age) << text;
    auto again = AgeRange::Parse(age->ToString());
    ASSERT_TRUE(again) << text;
    EXPECT_EQ(*again, *age) << text << " -> " << age->ToString();
  }
  EXPECT_EQ(AgeRange::Parse("~30-35")->ToString(), "~30-35");
  EXPECT_EQ(AgeRange::Parse("~0")->ToString(), "~0");
  EXPECT_EQ(AgeRange::Parse("~2")->ToString(), "~2");
  EXPECT_EQ(AgeRange::Parse("~129")->ToString(), "~129");
  EXPECT_EQ(AgeRange::Parse("~1")->ToString(), "~1");
  EXPECT_EQ(AgeRange::Parse("~0-8")->ToString(), "~2-8");  // Both are 0-10, about.
  // Two years each way from 0-130 is every age: unknown, as the empty text is.
  EXPECT_EQ(*AgeRange::Parse("~0-130"), *AgeRange::Parse(""));
}

TEST(AgeAt, BirthYearAndEventDayGiveTwoPossibleAges) {
  auto age = AgeAt(UncertainDate::Year(1980), *UncertainDate::Parse("2020-06-15"));
  EXPECT_EQ(age.youngest, 39);
  EXPECT_EQ(age.oldest, 40);
  auto exact = AgeAt(*UncertainDate::Parse("1980-01-01"), *UncertainDate::Parse("2020-06-15"));
  EXPECT_EQ(exact.youngest, 40);
  EXPECT_EQ(exact.oldest, 40);
  EXPECT_FALSE(AgeAt(UncertainDate(), *UncertainDate::Parse("2020")).known());
}

}  // namespace
}  // namespace reckon
