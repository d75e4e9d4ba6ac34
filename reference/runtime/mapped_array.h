// Zero-initialised arrays kept in pages the operating system maps on demand: the byte vector
// of a memory instance (Core §4.2.8 "data") and the operand stack of the machine.
//
// Both start as zeros, only grow, and can be large: a memory of 65536 pages is 4 GiB, the
// operand stack holds up to ExecLimits::max_stack_values slots. Held in a std::vector, such
// an array is written with zeros up front (a minute for (memory 65536)), copied on every
// grow (the old and new blocks both resident at that moment), and on release returned to the
// C heap, where it stays as fragments for the rest of the process. A MappedArray is an
// anonymous mapping instead: fresh pages read as zero without being written, growing extends
// or moves the mapping (the kernel relinks the pages, nothing is copied), and destroying it
// unmaps it. Only the pages that are touched become resident.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include "syntax/types.h"

namespace wasmref {

namespace mapped {
// The byte-level operations (mapped_array.cc). Each throws std::bad_alloc when the system
// refuses; `grow` then leaves the mapping unchanged.
void* map_zeros(u64 bytes);
void* grow(void* p, u64 old_bytes, u64 new_bytes);  // p != nullptr, new_bytes > old_bytes
void unmap(void* p, u64 bytes);
}  // namespace mapped

template <class T>
class MappedArray {
  static_assert(std::is_trivially_copyable_v<T>, "pages are moved, not copy-constructed");

 public:
  MappedArray() = default;
  // `n` elements whose bytes are all zero. Throws std::bad_alloc when refused.
  explicit MappedArray(u64 n) {
    if (n != 0) items_ = static_cast<T*>(mapped::map_zeros(n * sizeof(T)));
    size_ = n;
  }
  ~MappedArray() { release(); }
  MappedArray(MappedArray&& other) noexcept
      : items_(std::exchange(other.items_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  MappedArray& operator=(MappedArray&& other) noexcept {
    if (this != &other) {
      release();
      items_ = std::exchange(other.items_, nullptr);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  MappedArray(const MappedArray&) = delete;
  MappedArray& operator=(const MappedArray&) = delete;
  void swap(MappedArray& other) noexcept {
    std::swap(items_, other.items_);
    std::swap(size_, other.size_);
  }

  T* data() { return items_; }
  const T* data() const { return items_; }
  u64 size() const { return size_; }
  T& operator[](u64 i) { return items_[i]; }
  const T& operator[](u64 i) const { return items_[i]; }

  // Grows to `n` elements; the new ones are all-zero bytes. Never shrinks (n <= size() does
  // nothing). Throws std::bad_alloc, leaving the array unchanged, when refused.
  void resize(u64 n) {
    if (n <= size_) return;
    items_ = static_cast<T*>(items_ == nullptr ? mapped::map_zeros(n * sizeof(T))
                                               : mapped::grow(items_, size_ * sizeof(T),
                                                              n * sizeof(T)));
    size_ = n;
  }

 private:
  void release() {
    if (items_ != nullptr) mapped::unmap(items_, size_ * sizeof(T));
    items_ = nullptr;
    size_ = 0;
  }
  T* items_ = nullptr;  // nullptr while size_ == 0
  u64 size_ = 0;
};

}  // namespace wasmref
