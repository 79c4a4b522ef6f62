#include "reckon/store/canonical.h"

#include <gtest/gtest.h>

#include "reckon/core/sha256.h"

namespace reckon::store {
namespace {

// The canonical form is a published format (docs/formats/record-hash.md): these bytes must not
// change without a new format version.
TEST(CanonicalForm, SourceBytesAreExactlyAsDocumented) {
  model::Source source;
  source.id = 7;
  source.name = "List \\ A\nsecond line";
  source.kind = "list";
  source.reliability = 'B';
  source.credibility = 2;
  EXPECT_EQ(CanonicalForm(source),
            "reckon-record/1\nkind=source\nid=7\nname=List \\\\ A\\nsecond line\nkind=list\n"
            "reliability=B\ncredibility=2\ndescription=\n");
}

TEST(CanonicalForm, ImportedRowConcatenatesItsRecords) {
  ImportedRow row;
  row.raw = {3, 1, 2, 5, 4, "a,b"};
  model::PersonMention mention;
  mention.id = 9;
  mention.raw_record_id = 3;
  mention.source_id = 2;
  mention.name.full = "A";
  mention.age = *AgeRange::Parse("~34");
  mention.birth = *UncertainDate::Parse("1990");
  row.mention = mention;
  std::string form = CanonicalForm(row);
  EXPECT_EQ(form.rfind("reckon-record/1\nkind=raw_record\nid=3\nimport_id=1\nsource_id=2\nline=5\n"
                       "row=4\ncontent=a,b\n",
                       0),
            0u);
  EXPECT_NE(form.find("kind=mention\nid=9\n"), std::string::npos);
  EXPECT_NE(form.find("\nbirth=1990\nage=32-36~\n"), std::string::npos);
  // Any change to a field changes the hash.
  ImportedRow changed = row;
  changed.mention->name.full = "B";
  EXPECT_NE(Sha256Hex(CanonicalForm(changed)), Sha256Hex(form));
}

}  // namespace
}  // namespace reckon::store
