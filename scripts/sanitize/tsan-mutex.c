// Tells ThreadSanitizer about Synchronization.Mutex's contended path on Linux.
//
// Mutex.withLock inlines an atomic compare-exchange into the caller (instrumented, so TSan
// sees it), but under contention it calls _MutexHandle._lockSlow / _unlockSlow in
// libswiftSynchronization.so, which is not instrumented: a PI futex hands the lock over
// in the kernel. TSan then sees no happens-before between the previous owner's writes and
// the new owner's reads, and reports a "Swift access race" on every value a contended
// Mutex protects (reproduced with four threads appending to a Mutex<[Int]>; NSLock, which
// is pthread_mutex and intercepted, is clean). See the Swift sources:
// stdlib/public/Synchronization/Mutex/LinuxImpl.swift (swiftlang/swift).
//
// scripts/sanitize.sh LD_PRELOADs this library in the TSan run only. It overrides the three
// slow-path entry points, calls the real ones (dlsym RTLD_NEXT) and adds the acquire /
// release TSan would have seen from a pthread mutex, on the lock word's address (the same
// address the inlined fast path's atomics use). In a process without TSan the weak
// __tsan_* symbols are null and it only forwards.
//
// Swift ABI: `self` (the borrowed _MutexHandle, i.e. the address of its Atomic<UInt32>) is
// passed in the swiftself register, `selfId` as the first argument.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#define SWIFTCALL __attribute__((swiftcall))
#define SWIFTSELF __attribute__((swift_context)) // clang: the swiftself register (r13)

extern void __tsan_acquire(void *addr) __attribute__((weak));
extern void __tsan_release(void *addr) __attribute__((weak));

#define LOCK_SLOW "$s15Synchronization12_MutexHandleV9_lockSlowyys6UInt32VF"
#define TRY_LOCK_SLOW "$s15Synchronization12_MutexHandleV12_tryLockSlowSbyF"
#define UNLOCK_SLOW "$s15Synchronization12_MutexHandleV11_unlockSlowyyF"

typedef SWIFTCALL void (*lock_slow_fn)(uint32_t, void *SWIFTSELF);
typedef SWIFTCALL bool (*try_lock_slow_fn)(void *SWIFTSELF);
typedef SWIFTCALL void (*unlock_slow_fn)(void *SWIFTSELF);

// The real entry point, looked up once per name (racing first calls find the same one).
static void *real(void **cache, const char *name) {
  void *f = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
  if (f) return f;
  f = dlsym(RTLD_NEXT, name);
  if (!f) abort(); // only called by code that links libswiftSynchronization
  __atomic_store_n(cache, f, __ATOMIC_RELEASE);
  return f;
}

SWIFTCALL void tsan_mutex_lock_slow(uint32_t self_id, void *SWIFTSELF handle) __asm__(LOCK_SLOW);
SWIFTCALL void tsan_mutex_lock_slow(uint32_t self_id, void *SWIFTSELF handle) {
  static void *cache;
  ((lock_slow_fn)real(&cache, LOCK_SLOW))(self_id, handle);
  if (__tsan_acquire) __tsan_acquire(handle);
}

SWIFTCALL bool tsan_mutex_try_lock_slow(void *SWIFTSELF handle) __asm__(TRY_LOCK_SLOW);
SWIFTCALL bool tsan_mutex_try_lock_slow(void *SWIFTSELF handle) {
  static void *cache;
  bool locked = ((try_lock_slow_fn)real(&cache, TRY_LOCK_SLOW))(handle);
  if (locked && __tsan_acquire) __tsan_acquire(handle);
  return locked;
}

SWIFTCALL void tsan_mutex_unlock_slow(void *SWIFTSELF handle) __asm__(UNLOCK_SLOW);
SWIFTCALL void tsan_mutex_unlock_slow(void *SWIFTSELF handle) {
  static void *cache;
  if (__tsan_release) __tsan_release(handle);
  ((unlock_slow_fn)real(&cache, UNLOCK_SLOW))(handle);
}
