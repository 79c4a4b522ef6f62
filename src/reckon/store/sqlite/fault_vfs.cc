#include "reckon/store/sqlite/fault_vfs.h"

#include <sqlite3.h>

#include <atomic>
#include <cstring>
#include <mutex>

namespace reckon::store::sqlite {
namespace {

std::atomic<std::int64_t> g_allowed{-1};  // Writes still allowed; negative: no limit.
std::atomic<std::int64_t> g_seen{0};

sqlite3_vfs* g_base = nullptr;
sqlite3_vfs g_vfs;
sqlite3_io_methods g_methods;

// A file of the fault VFS: the base VFS's file follows this header in memory.
struct FaultFile {
  sqlite3_file base;
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

bool Fail() {
  ++g_seen;
  std::int64_t allowed = g_allowed.load();
  while (allowed > 0 && !g_allowed.compare_exchange_weak(allowed, allowed - 1)) {
  }
  return allowed == 0;
}

FaultFile* Cast(sqlite3_file* file) { return reinterpret_cast<FaultFile*>(file); }

int Close(sqlite3_file* f) { return Cast(f)->real()->pMethods->xClose(Cast(f)->real()); }
int Read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
  return Cast(f)->real()->pMethods->xRead(Cast(f)->real(), buffer, amount, offset);
}
int Write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
  if (Fail()) return SQLITE_IOERR_WRITE;
  return Cast(f)->real()->pMethods->xWrite(Cast(f)->real(), buffer, amount, offset);
}
int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (Fail()) return SQLITE_IOERR_TRUNCATE;
  return Cast(f)->real()->pMethods->xTruncate(Cast(f)->real(), size);
}
int Sync(sqlite3_file* f, int flags) {
  if (Fail()) return SQLITE_IOERR_FSYNC;
  return Cast(f)->real()->pMethods->xSync(Cast(f)->real(), flags);
}
int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  return Cast(f)->real()->pMethods->xFileSize(Cast(f)->real(), size);
}
int Lock(sqlite3_file* f, int level) {
  return Cast(f)->real()->pMethods->xLock(Cast(f)->real(), level);
}
int Unlock(sqlite3_file* f, int level) {
  return Cast(f)->real()->pMethods->xUnlock(Cast(f)->real(), level);
}
int CheckReservedLock(sqlite3_file* f, int* out) {
  return Cast(f)->real()->pMethods->xCheckReservedLock(Cast(f)->real(), out);
}
int FileControl(sqlite3_file* f, int op, void* arg) {
  return Cast(f)->real()->pMethods->xFileControl(Cast(f)->real(), op, arg);
}
int SectorSize(sqlite3_file* f) { return Cast(f)->real()->pMethods->xSectorSize(Cast(f)->real()); }
int DeviceCharacteristics(sqlite3_file* f) {
  return Cast(f)->real()->pMethods->xDeviceCharacteristics(Cast(f)->real());
}
int ShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return Cast(f)->real()->pMethods->xShmMap(Cast(f)->real(), region, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return Cast(f)->real()->pMethods->xShmLock(Cast(f)->real(), offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) { Cast(f)->real()->pMethods->xShmBarrier(Cast(f)->real()); }
int ShmUnmap(sqlite3_file* f, int delete_flag) {
  return Cast(f)->real()->pMethods->xShmUnmap(Cast(f)->real(), delete_flag);
}

int Open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  FaultFile* fault = Cast(file);
  int rc = g_base->xOpen(g_base, name, fault->real(), flags, out_flags);
  // Version 2 methods: no memory-mapped I/O through the shim, so every write is seen here.
  fault->base.pMethods = fault->real()->pMethods != nullptr ? &g_methods : nullptr;
  return rc;
}

int Delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return g_base->xDelete(g_base, name, sync_dir);
}
int Access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_base->xAccess(g_base, name, flags, out);
}
int FullPathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return g_base->xFullPathname(g_base, name, size, out);
}
int Randomness(sqlite3_vfs*, int size, char* out) { return g_base->xRandomness(g_base, size, out); }
int Sleep(sqlite3_vfs*, int micros) { return g_base->xSleep(g_base, micros); }
int CurrentTime(sqlite3_vfs*, double* out) { return g_base->xCurrentTime(g_base, out); }
int GetLastError(sqlite3_vfs*, int size, char* out) {
  return g_base->xGetLastError(g_base, size, out);
}
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
  return g_base->xCurrentTimeInt64(g_base, out);
}

}  // namespace

bool FaultVfs::Register() {
  static const bool kRegistered = [] {
    g_base = sqlite3_vfs_find(nullptr);
    if (g_base == nullptr) return false;
    std::memset(&g_methods, 0, sizeof g_methods);
    g_methods.iVersion = 2;
    g_methods.xClose = Close;
    g_methods.xRead = Read;
    g_methods.xWrite = Write;
    g_methods.xTruncate = Truncate;
    g_methods.xSync = Sync;
    g_methods.xFileSize = FileSize;
    g_methods.xLock = Lock;
    g_methods.xUnlock = Unlock;
    g_methods.xCheckReservedLock = CheckReservedLock;
    g_methods.xFileControl = FileControl;
    g_methods.xSectorSize = SectorSize;
    g_methods.xDeviceCharacteristics = DeviceCharacteristics;
    g_methods.xShmMap = ShmMap;
    g_methods.xShmLock = ShmLock;
    g_methods.xShmBarrier = ShmBarrier;
    g_methods.xShmUnmap = ShmUnmap;
    std::memset(&g_vfs, 0, sizeof g_vfs);
    g_vfs.iVersion = 2;
    g_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + g_base->szOsFile;
    g_vfs.mxPathname = g_base->mxPathname;
    g_vfs.zName = kName;
    g_vfs.xOpen = Open;
    g_vfs.xDelete = Delete;
    g_vfs.xAccess = Access;
    g_vfs.xFullPathname = FullPathname;
    g_vfs.xDlOpen = nullptr;
    g_vfs.xRandomness = Randomness;
    g_vfs.xSleep = Sleep;
    g_vfs.xCurrentTime = CurrentTime;
    g_vfs.xGetLastError = GetLastError;
    g_vfs.xCurrentTimeInt64 = CurrentTimeInt64;
    return sqlite3_vfs_register(&g_vfs, 0) == SQLITE_OK;
  }();
  return kRegistered;
}

void FaultVfs::FailAfter(std::int64_t writes) {
  g_seen = 0;
  g_allowed = writes;
}

std::int64_t FaultVfs::WritesSeen() { return g_seen.load(); }

}  // namespace reckon::store::sqlite
