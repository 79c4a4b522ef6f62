// The SQLite backend: one case file (conventionally `case.reckon`) in WAL mode with foreign
// keys on, migrated forward on open. See store.h for the contract and
// docs/formats/case-schema.md for the tables.
#ifndef RECKON_STORE_SQLITE_SQLITE_STORE_H_
#define RECKON_STORE_SQLITE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "reckon/core/clock.h"
#include "reckon/store/store.h"

namespace reckon::store {

enum class OpenMode {
  kCreate,        // Make a new case; kAlreadyExists if the file exists.
  kOpenExisting,  // Open a case; kNotFound if there is no file.
};

struct StoreOptions {
  // The SQLite VFS to use; empty for the platform default. Tests name FaultVfs::kName.
  std::string vfs;
};

// Opens or creates the case at `path`. `clock` stamps the change log and must outlive the
// store. Returns kNotFound / kAlreadyExists per `mode`, kDataLoss when the file is not a reckon
// case (or is corrupt), kFailedPrecondition when it was written by a newer schema version, and
// kUnavailable when the file cannot be opened or locked.
[[nodiscard]] Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, OpenMode mode,
                                                             const Clock& clock,
                                                             const StoreOptions& options = {});

}  // namespace reckon::store

#endif  // RECKON_STORE_SQLITE_SQLITE_STORE_H_
