// Core 2.0 §5.4 Instructions (binary/instructions.rst): lookups into the opcode table
#include "syntax/instructions.h"

#include <array>

namespace wasmref {
namespace {

constexpr OpInfo kOps[] = {
#define WASMREF_OP(name, prefix, code, text, imm, sig, width) \
  {Op::name, prefix, code, text, Imm::imm, sig, width},
#include "syntax/ops.def"
#undef WASMREF_OP
};
constexpr size_t kOpCount = sizeof(kOps) / sizeof(kOps[0]);

struct ByteTables {
  std::array<const OpInfo*, 256> single{};
  std::array<const OpInfo*, 32> fc{};   // 0xFC codes in 2.0 are 0..17
  std::array<const OpInfo*, 256> fd{};  // 0xFD codes in 2.0 are 0..255
  ByteTables() {
    for (const OpInfo& info : kOps) {
      if (info.prefix == 0) single[info.code] = &info;
      else if (info.prefix == 0xFC && info.code < fc.size()) fc[info.code] = &info;
      else if (info.prefix == 0xFD && info.code < fd.size()) fd[info.code] = &info;
    }
  }
};
const ByteTables& tables() {
  static const ByteTables t;
  return t;
}

}  // namespace

const OpInfo& op_info(Op op) { return kOps[static_cast<size_t>(op)]; }
std::string_view op_name(Op op) { return op_info(op).text; }

const OpInfo* op_by_byte(u8 byte) { return tables().single[byte]; }

const OpInfo* op_by_prefixed(u8 prefix, u32 code) {
  if (prefix == 0xFC && code < tables().fc.size()) return tables().fc[code];
  if (prefix == 0xFD && code < tables().fd.size()) return tables().fd[code];
  return nullptr;
}

static_assert(kOpCount == static_cast<size_t>(Op::f64x2_convert_low_i32x4_u) + 1,
              "table order = enum order");

}  // namespace wasmref
