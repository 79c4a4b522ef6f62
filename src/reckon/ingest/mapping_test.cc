#include "reckon/ingest/mapping.h"

#include <gtest/gtest.h>

namespace reckon::ingest {
namespace {

TEST(FieldFromName, AcceptsAliasesInAnyCase) {
  EXPECT_EQ(FieldFromName("Surname"), Field::kFamilyName);
  EXPECT_EQ(FieldFromName("Last Name"), Field::kFamilyName);
  EXPECT_EQ(FieldFromName("date-of-birth"), Field::kBirthDate);
  EXPECT_EQ(FieldFromName("ФИО"), Field::kName);
  EXPECT_FALSE(FieldFromName("shoe size"));
}

TEST(Mapping, YieldsFollowTheFields) {
  Mapping mapping;
  auto person_and_act = mapping.Resolve({"name", "age", "act", "date"});
  ASSERT_TRUE(person_and_act);
  EXPECT_EQ(mapping.Yields(*person_and_act),
            (std::set<RecordYield>{RecordYield::kPerson, RecordYield::kAct}));
  auto claim = mapping.Resolve({"metric", "value", "scope_act"});
  ASSERT_TRUE(claim);
  EXPECT_EQ(mapping.Yields(*claim), (std::set<RecordYield>{RecordYield::kClaim}));
}

TEST(Mapping, RejectsTwoColumnsForOneField) {
  auto fields = Mapping().Resolve({"surname", "last_name"});
  ASSERT_FALSE(fields);
  EXPECT_EQ(fields.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(fields.error().message.find("another column"), std::string::npos);
}

TEST(Mapping, ParsesAndRoundTripsThroughJson) {
  auto mapping = Mapping::FromJson(
      R"({"delimiter": "tab", "date_order": "mdy", "columns": {"X": "name", "Y": "ignore"},
          "constants": {"act": "killing"}, "values": {"sex": {"M": "male"}}})");
  ASSERT_TRUE(mapping) << mapping.error().message;
  EXPECT_EQ(mapping->delimiter(), '\t');
  EXPECT_EQ(mapping->date_order(), DateOrder::kMonthDayYear);
  EXPECT_EQ(mapping->Translate(Field::kSex, "M"), "male");
  auto again = Mapping::FromJson(mapping->ToJson());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->ToJson(), mapping->ToJson());
}

TEST(Mapping, ErrorsNameTheKey) {
  EXPECT_NE(Mapping::FromJson(R"({"colums": {}})").error().message.find("'colums'"),
            std::string::npos);
  EXPECT_NE(Mapping::FromJson(R"({"delimiter": ",,"})").error().message.find("one character"),
            std::string::npos);
  EXPECT_EQ(Mapping::FromJson("not json").error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace reckon::ingest
