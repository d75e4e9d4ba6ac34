// Core 3.0 §5.4 Instructions (binary/instructions.rst): lookups into the opcode table
#include "syntax/instructions.h"

#include <array>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wasmref {
namespace {

constexpr OpInfo kOps[] = {
#define WASMREF_OP(name, prefix, code, text, imm, sig, width, feature) \
  {Op::name, prefix, code, text, Imm::imm, sig, width, OpFeature::feature},
#include "syntax/ops.def"
#undef WASMREF_OP
};
constexpr size_t kOpCount = sizeof(kOps) / sizeof(kOps[0]);

// Every row, whatever its feature, indexed by its encoding. The table has at most one row per
// (prefix, code) (instructions_test checks it), so each slot holds at most one row.
struct ByteTables {
  std::array<const OpInfo*, 256> single{};
  std::array<const OpInfo*, 32> fb{};     // 0xFB (GC) codes are 0..30
  std::array<const OpInfo*, 32> fc{};     // 0xFC codes are 0..17
  std::array<const OpInfo*, 0x130> fd{};  // 0xFD: 0..255 in 2.0, relaxed SIMD 0x100..0x12F
  std::array<const OpInfo*, 0x50> fe{};   // 0xFE (threads) codes are 0..0x4E
  ByteTables() {
    for (const OpInfo& info : kOps) {
      if (info.prefix == 0) {
        single[info.code] = &info;
      } else if (const OpInfo** s = slot(*this, info.prefix, info.code)) {
        *s = &info;
      }
    }
  }
  // The row of a prefixed code, nullptr when there is none.
  const OpInfo* prefixed(u8 prefix, u32 code) const {
    const OpInfo* const* s = slot(*this, prefix, code);
    return s != nullptr ? *s : nullptr;
  }

 private:
  // The table slot of a prefixed code (const or not, as `self`), nullptr when out of range.
  template <class Self>
  static auto slot(Self& self, u8 prefix, u32 code) -> decltype(&self.fb[0]) {
    switch (prefix) {
      case 0xFB: return code < self.fb.size() ? &self.fb[code] : nullptr;
      case 0xFC: return code < self.fc.size() ? &self.fc[code] : nullptr;
      case 0xFD: return code < self.fd.size() ? &self.fd[code] : nullptr;
      case 0xFE: return code < self.fe.size() ? &self.fe[code] : nullptr;
      default: return nullptr;
    }
  }
};
const ByteTables& tables() {
  static const ByteTables t;
  return t;
}

// §6.5 the text reader's index: mnemonic -> rows in table order.
struct TextTable {
  std::unordered_map<std::string_view, std::vector<const OpInfo*>> by_text;
  TextTable() {
    by_text.reserve(kOpCount);
    for (const OpInfo& info : kOps) by_text[info.text].push_back(&info);
  }
};
const TextTable& text_table() {
  static const TextTable t;
  return t;
}

const OpInfo* only_core(const OpInfo* info) {
  return info != nullptr && info->feature == OpFeature::core ? info : nullptr;
}
const OpInfo* only_enabled(const OpInfo* info, const Features& features) {
  return info != nullptr && op_enabled(*info, features) ? info : nullptr;
}
const OpInfo* any_prefixed(u8 prefix, u32 code) { return tables().prefixed(prefix, code); }

}  // namespace

const OpInfo& op_info(Op op) { return kOps[static_cast<size_t>(op)]; }
std::string_view op_name(Op op) { return op_info(op).text; }

bool op_enabled(const OpInfo& info, const Features& features) {
  switch (info.feature) {
    case OpFeature::core: return true;
    case OpFeature::tail_call: return features.tail_call;
    case OpFeature::exceptions:
      // legacy-exceptions/binary.rst keeps `throw x` (0x08) beside try/catch/delegate/rethrow.
      if (info.op == Op::throw_) return features.exceptions || features.legacy_exceptions;
      return features.exceptions;
    case OpFeature::legacy_exceptions: return features.legacy_exceptions;
    // 3.0: the GC proposal builds on typed function references.
    case OpFeature::function_references: return features.function_references || features.gc;
    case OpFeature::gc: return features.gc;
    case OpFeature::relaxed_simd: return features.relaxed_simd;
    case OpFeature::threads: return features.threads;
  }
  return false;
}

const OpInfo* op_by_byte(u8 byte) { return only_core(tables().single[byte]); }

const OpInfo* op_by_prefixed(u8 prefix, u32 code) { return only_core(any_prefixed(prefix, code)); }

const OpInfo* op_by_byte(u8 byte, const Features& features) {
  return only_enabled(tables().single[byte], features);
}

const OpInfo* op_by_prefixed(u8 prefix, u32 code, const Features& features) {
  return only_enabled(any_prefixed(prefix, code), features);
}

std::span<const OpInfo* const> ops_by_text(std::string_view text) {
  const auto& m = text_table().by_text;
  const auto it = m.find(text);
  if (it == m.end()) return {};
  return {it->second.data(), it->second.size()};
}

static_assert(kOpCount == static_cast<size_t>(Op::i64_atomic_rmw32_cmpxchg_u) + 1,
              "table order = enum order");

}  // namespace wasmref
