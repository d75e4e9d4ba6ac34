// The mappings behind MappedArray (see mapped_array.h).
#include "runtime/mapped_array.h"

#include <sys/mman.h>
#include <unistd.h>

#include <new>

namespace wasmref::mapped {
namespace {

// A mapping's length for `bytes`: whole system pages. The pages past `bytes` in the last one
// are never written (every access is bounds-checked against the array's size), so they are
// still zero when a grow makes them part of the array.
u64 mapped_length(u64 bytes) {
  static const u64 page = static_cast<u64>(sysconf(_SC_PAGESIZE));
  return (bytes + page - 1) / page * page;
}

}  // namespace

// MAP_NORESERVE: pages are counted against the system when written, not when mapped, so a
// large memory that is never touched costs nothing.
void* map_zeros(u64 bytes) {
  void* p = mmap(nullptr, mapped_length(bytes), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  return p;
}

void* grow(void* p, u64 old_bytes, u64 new_bytes) {
  const u64 old_length = mapped_length(old_bytes);
  const u64 new_length = mapped_length(new_bytes);
  if (new_length == old_length) return p;
  // The kernel extends the mapping in place or moves its pages elsewhere; the added pages
  // are zero. Either way no byte is copied.
  void* q = mremap(p, old_length, new_length, MREMAP_MAYMOVE);
  if (q == MAP_FAILED) throw std::bad_alloc();
  return q;
}

void unmap(void* p, u64 bytes) { munmap(p, mapped_length(bytes)); }

}  // namespace wasmref::mapped
