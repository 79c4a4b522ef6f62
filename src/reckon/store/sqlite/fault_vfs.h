// A fault-injection seam for the SQLite store, in the spirit of leveldb's Env: an SQLite VFS
// named "reckon-fault" that passes everything to the platform's default VFS but can be told to
// fail writes and syncs, as a full or failing disk would. Tests open a case with it
// (StoreOptions::vfs) to check that a failed write changes nothing. Register() is idempotent
// and thread-safe; the fault settings are process-wide atomics.
#ifndef RECKON_STORE_SQLITE_FAULT_VFS_H_
#define RECKON_STORE_SQLITE_FAULT_VFS_H_

#include <cstdint>

namespace reckon::store::sqlite {

class FaultVfs {
 public:
  static constexpr const char* kName = "reckon-fault";

  // Registers the VFS (not as the default). Returns false if SQLite refused.
  static bool Register();
  // From now on, let `writes` more write or sync calls succeed, then fail every one with an I/O
  // error until Reset(). A negative count never fails.
  static void FailAfter(std::int64_t writes);
  static void Reset() { FailAfter(-1); }
  // Write and sync calls seen since the last FailAfter/Reset.
  static std::int64_t WritesSeen();
};

}  // namespace reckon::store::sqlite

#endif  // RECKON_STORE_SQLITE_FAULT_VFS_H_
