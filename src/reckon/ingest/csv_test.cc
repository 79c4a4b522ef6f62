#include "reckon/ingest/csv.h"

#include <gtest/gtest.h>

namespace reckon::ingest {
namespace {

TEST(CsvReader, ReadsQuotedFieldsAndCountsLines) {
  CsvReader reader("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\r\n", ',');
  CsvRecord record;
  ASSERT_TRUE(*reader.Next(record));
  EXPECT_EQ(record.fields, (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(*reader.Next(record));
  EXPECT_EQ(record.fields, (std::vector<std::string>{"x, y", "say \"hi\""}));
  EXPECT_EQ(record.line, 2);
  ASSERT_TRUE(*reader.Next(record));
  EXPECT_EQ(record.fields[0], "multi\nline");
  EXPECT_EQ(record.line, 3);
  EXPECT_EQ(record.raw, "\"multi\nline\",z");
  EXPECT_FALSE(*reader.Next(record));
}

TEST(CsvReader, SkipsBomAndKeepsEmptyFields) {
  CsvReader reader("\xEF\xBB\xBFx;;y", ';');
  CsvRecord record;
  ASSERT_TRUE(*reader.Next(record));
  EXPECT_EQ(record.fields, (std::vector<std::string>{"x", "", "y"}));
  EXPECT_EQ(record.FieldColumn(0), 1);
  EXPECT_EQ(record.FieldColumn(1), 3);
  EXPECT_EQ(record.FieldColumn(2), 4);
}

TEST(CsvReader, UnclosedQuoteIsAnError) {
  CsvReader reader("a\n\"open", ',');
  CsvRecord record;
  ASSERT_TRUE(*reader.Next(record));
  auto result = reader.Next(record);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(result.error().message.find("line 2, column 1"), std::string::npos);
}

TEST(GuessDelimiter, PicksTheMostFrequentOutsideQuotes) {
  EXPECT_EQ(GuessDelimiter("a;b;c\n1,2"), ';');
  EXPECT_EQ(GuessDelimiter("a\tb\n"), '\t');
  EXPECT_EQ(GuessDelimiter("\"a;b;c\",d\n"), ',');
  EXPECT_EQ(GuessDelimiter("single"), ',');
}

TEST(CsvQuote, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvQuote("plain"), "plain");
  EXPECT_EQ(CsvQuote("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvQuote("say \"x\""), "\"say \"\"x\"\"\"");
}

}  // namespace
}  // namespace reckon::ingest
