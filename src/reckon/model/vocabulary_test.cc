#include "reckon/model/vocabulary.h"

#include <gtest/gtest.h>

namespace reckon::model {
namespace {

TEST(Vocabulary, BuiltinHasTheActTypesTheCaseNeeds) {
  const Vocabulary& vocabulary = Vocabulary::Builtin();
  for (const char* code :
       {"killing", "injury", "hostage_taking", "arbitrary_detention", "enforced_disappearance",
        "torture", "sexual_violence", "forced_displacement", "property_destruction", "pillage"}) {
    EXPECT_NE(vocabulary.Find("act", code), nullptr) << code;
  }
  EXPECT_EQ(vocabulary.Find("act", "killing")->fate, "dead");
}

TEST(Vocabulary, ResolvesAliasesInSeveralScriptsAfterFolding) {
  const Vocabulary& vocabulary = Vocabulary::Builtin();
  EXPECT_EQ(*vocabulary.Resolve("act", "KILLED"), "killing");
  EXPECT_EQ(*vocabulary.Resolve("act", "Убит"), "killing");
  EXPECT_EQ(*vocabulary.Resolve("act", "girov"), "hostage_taking");
  EXPECT_EQ(*vocabulary.Resolve("sex", "Ж"), "female");
  EXPECT_EQ(*vocabulary.Resolve("sex", "M"), "male");
  EXPECT_EQ(*vocabulary.Resolve("person_status", "пропал без вести"), "missing");
}

TEST(Vocabulary, UnknownTermListsWhatIsAccepted) {
  auto result = Vocabulary::Builtin().Resolve("sex", "robot");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(result.error().message.find("male, female, unknown"), std::string::npos);
  auto missing = Vocabulary::Builtin().Resolve("colour", "red");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(Vocabulary, RejectsMalformedDocuments) {
  EXPECT_EQ(Vocabulary::FromJson("[]", "{}").error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(Vocabulary::FromJson(R"({"acts":[{"label":"x"}]})", R"({"vocabularies":{}})"));
  EXPECT_FALSE(
      Vocabulary::FromJson(R"({"acts":[{"code":"a"},{"code":"a"}]})", R"({"vocabularies":{}})"));
  EXPECT_TRUE(Vocabulary::FromJson(R"({"acts":[{"code":"a"}]})", R"({"vocabularies":{}})"));
}

}  // namespace
}  // namespace reckon::model
