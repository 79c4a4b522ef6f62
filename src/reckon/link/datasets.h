// Readers for the public record-linkage benchmark sets reckon is measured on (FEBRL 1-3,
// Splink's fake_1000 and the names-ru pairs; tests/testdata/linkage/README.md gives their
// origin), turning each row into a LinkRecord and its ground-truth person label. Used by tests and
// benchmarks to run Link() with its default settings on data reckon was not built around.
// Thread-safe.
#ifndef RECKON_LINK_DATASETS_H_
#define RECKON_LINK_DATASETS_H_

#include <string>
#include <utility>
#include <vector>

#include "reckon/core/result.h"
#include "reckon/link/link.h"

namespace reckon::link {

struct Dataset {
  std::vector<LinkRecord> records;
  std::vector<std::string> truth;        // Person label per record.
  std::vector<std::string> extra_names;  // Names of the records' extra fields.
};

// A FEBRL file: `rec_id, given_name, surname, street_number, address_1, address_2, suburb,
// postcode, state, date_of_birth, soc_sec_id`, values separated by ", ". The truth label is N of
// rec-N-org / rec-N-dup-k. soc_sec_id is not used (it is almost an identifier). Extra fields:
// postcode, address_1, street_number, suburb, state. Returns kNotFound when the file cannot be
// read and kInvalidArgument (with the line) when a row has the wrong number of fields.
[[nodiscard]] Result<Dataset> ReadFebrl(const std::string& path);

// Splink's fake_1000: `unique_id,first_name,surname,dob,city,email,cluster`. The city is the
// place; the email is an extra field; the truth label is the cluster. Errors as ReadFebrl.
[[nodiscard]] Result<Dataset> ReadFake1000(const std::string& path);

// RecordLinkage's RLdata500: `"fname_c1","fname_c2","lname_c1","lname_c2","by","bm","bd",
// "true_id"`, values quoted, second name parts often empty. No place and no extra field; the
// truth label is true_id. Errors as ReadFebrl.
[[nodiscard]] Result<Dataset> ReadRlData(const std::string& path);

// The names-ru set: one Latin and one Cyrillic spelling of the same name word per line,
// separated by a tab (further columns ignored); spaces inside the Cyrillic spelling are dropped.
// kNotFound when the file cannot be read.
[[nodiscard]] Result<std::vector<std::pair<std::string, std::string>>> ReadNamePairs(
    const std::string& path);

}  // namespace reckon::link

#endif  // RECKON_LINK_DATASETS_H_
