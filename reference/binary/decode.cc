// Core 2.0 §5.3 Types, §5.4 Instructions and §5.5 Modules (binary/types.rst,
// binary/instructions.rst, binary/modules.rst): bytes -> the abstract syntax of syntax/module.h
#include "binary/decode.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "binary/reader.h"
#include "syntax/instructions.h"
#include "syntax/messages.h"

namespace wasmref {
namespace {

using binary::malformed;
using binary::Reader;

std::string hex_byte(u32 b) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%02x", b);
  return buf;
}

// The position of each non-custom section id in the order §5.5.2 prescribes: type, import,
// function, table, memory, tag (core 3.0 binary/modules.rst: id 13, between the memory and
// global sections), global, export, start, element, data count, code, data.
int section_rank(u8 id) {
  switch (id) {
    case 1: return 1;
    case 2: return 2;
    case 3: return 3;
    case 4: return 4;
    case 5: return 5;
    case 13: return 6;
    case 6: return 7;
    case 7: return 8;
    case 8: return 9;
    case 9: return 10;
    case 12: return 11;
    case 10: return 12;
    case 11: return 13;
    default: return 0;
  }
}

class Decoder {
 public:
  Decoder(std::span<const u8> bytes, const Features& features) : r_(bytes), features_(features) {}

  Result<Module> module();

 private:
  // §5.3 Types
  Result<ValType> valtype();
  Result<ValType> reftype();
  Result<HeapType> heaptype();
  std::optional<AbsHeap> abs_heap(u8 b) const;
  bool typed_refs() const { return features_.function_references || features_.gc; }
  Result<FuncType> functype();
  Result<FuncType> functype_body();
  Result<FieldType> fieldtype();
  Result<CompType> comptype();
  Result<SubType> subtype();
  Result<std::pair<AddrType, Limits>> limits();
  Result<void> memarg(Instr& in);
  Result<u32> memidx();
  Result<TableType> tabletype();
  Result<MemType> memtype();
  Result<GlobalType> globaltype();
  Result<TypeIdx> tagtype();
  // §5.4 Instructions. A function body's br_table label vectors and try_table catch clauses
  // go to the Func's own lists (Instr::x/y index them).
  Result<Expr> expr(std::vector<u32>& br_table_labels, std::vector<CatchClause>& catches);
  Result<void> immediates(const OpInfo& info, Instr& in, std::vector<u32>& br_table_labels,
                          std::vector<CatchClause>& catches);
  Result<void> try_table_catches(Instr& in, std::vector<CatchClause>& catches);
  Result<BlockType> blocktype();
  Result<void> zero_byte();
  Result<u32> v128_immediate();
  // §5.5 Sections
  Result<void> typesec();
  Result<void> importsec();
  Result<void> funcsec();
  Result<void> tablesec();
  Result<void> memsec();
  Result<void> tagsec();
  Result<void> globalsec();
  Result<void> exportsec();
  Result<void> startsec();
  Result<void> elemsec();
  Result<void> datacountsec();
  Result<void> codesec();
  Result<void> datasec();
  Result<void> customsec(size_t start, u32 size);
  Result<Elem> elem();
  Result<Data> data();
  Result<Func> code();
  Result<Expr> const_expr();
  Result<std::vector<Expr>> funcidx_vec_as_ref_funcs();
  Result<std::vector<Expr>> expr_vec();

  Reader r_;
  const Features& features_;

  // Tags (the tag section, tag imports and exports) belong to both exception proposals: the
  // legacy catch names a tag too.
  bool tags_enabled() const { return features_.exceptions || features_.legacy_exceptions; }

  // The rows this decoder reads: those of 2.0 and of every 3.0 feature the reference
  // implements, when the feature is on (op_by_* with features already dropped the rows of
  // features that are off). A row of a feature not implemented yet is "illegal opcode", as
  // if the table lacked it.
  static const OpInfo* decodable(const OpInfo* info) {
    if (info == nullptr) return nullptr;
    switch (info->feature) {
      case OpFeature::core: return info;
      case OpFeature::relaxed_simd: return info;
      case OpFeature::tail_call: return info;
      case OpFeature::exceptions: return info;
      case OpFeature::legacy_exceptions: return info;
      case OpFeature::function_references: return info;
      case OpFeature::gc: return info;
      default: return nullptr;
    }
  }
  Module m_;
  std::vector<TypeIdx> func_types_;  // the function section
  std::vector<Func> codes_;          // the code section
  bool uses_data_idx_ = false;       // memory.init, data.drop, array.new_data/init_data (§5.5.16)
  u64 module_locals_ = 0;            // expanded locals of all functions so far
};

// ----- §5.3 Types ------------------------------------------------------------------------------

// Core 3.0 binary/types.rst heap types:
//   absheaptype ::= 0x74 noexn | 0x73 nofunc | 0x72 noextern | 0x71 none | 0x70 func
//                 | 0x6F extern | 0x6E any | 0x6D eq | 0x6C i31 | 0x6B struct | 0x6A array
//                 | 0x69 exn
//   heaptype ::= ht:absheaptype | x:s33 (x >= 0: a type index)
// Each abstract heap type belongs to the feature that introduced it (func and extern: 2.0).
std::optional<AbsHeap> Decoder::abs_heap(u8 b) const {
  switch (b) {
    case 0x70: return AbsHeap::func;
    case 0x6F: return AbsHeap::extern_;
    case 0x69:
      if (features_.exceptions) return AbsHeap::exn;
      break;
    case 0x74:
      if (features_.exceptions && typed_refs()) return AbsHeap::noexn;
      break;
    case 0x73:
    case 0x72:
    case 0x71:
    case 0x6E:
    case 0x6D:
    case 0x6C:
    case 0x6B:
    case 0x6A:
      if (features_.gc) return static_cast<AbsHeap>(b);
      break;
    default: break;
  }
  return std::nullopt;
}

Result<HeapType> Decoder::heaptype() {
  const std::optional<u8> b = r_.peek();
  if (b && (*b & 0xC0) == 0x40) {  // a one-byte negative s33: an abstract heap type
    (void)r_.byte();
    if (const std::optional<AbsHeap> h = abs_heap(*b)) return HeapType::of(*h);
    return malformed(msg::malformed_heap_type, hex_byte(*b));
  }
  WASMREF_TRY(const i64 x, r_.read_s33());
  if (x < 0) return malformed(msg::malformed_heap_type, std::to_string(x));
  return HeapType::idx(static_cast<u32>(x));
}

// Core 3.0 binary/types.rst reference types:
//   reftype ::= 0x64 ht:heaptype => ref ht | 0x63 ht:heaptype => ref null ht
//             | ht:absheaptype => ref null ht   (the one-byte shorthands: funcref 0x70 ...)
Result<ValType> Decoder::reftype() {
  WASMREF_TRY(const u8 b, r_.byte());
  if ((b == 0x63 || b == 0x64) && typed_refs()) {
    WASMREF_TRY(const HeapType ht, heaptype());
    return ValType::ref(ht, b == 0x63);
  }
  if (const std::optional<AbsHeap> h = abs_heap(b)) return ValType::ref(*h, true);
  return malformed(msg::malformed_reference_type, hex_byte(b));
}

// §5.3.1-5.3.4 valtype ::= numtype | vectype | reftype
Result<ValType> Decoder::valtype() {
  const std::optional<u8> b = r_.peek();
  if (!b) return reftype();  // reports the unexpected end
  switch (*b) {
    case 0x7F: (void)r_.byte(); return ValType::i32;
    case 0x7E: (void)r_.byte(); return ValType::i64;
    case 0x7D: (void)r_.byte(); return ValType::f32;
    case 0x7C: (void)r_.byte(); return ValType::f64;
    case 0x7B:  // v128
      if (!features_.simd) break;
      (void)r_.byte();
      return ValType::v128;
    default:
      if (((*b == 0x63 || *b == 0x64) && typed_refs()) || abs_heap(*b)) return reftype();
      break;
  }
  (void)r_.byte();
  return malformed(msg::malformed_value_type, hex_byte(*b));
}

// §5.3.6 functype ::= 0x60 rt1:resulttype rt2:resulttype (the form byte read by the caller
// in 3.0, where it is one of the composite type forms)
Result<FuncType> Decoder::functype() {
  // Note (deviation): the spec reads the form as the byte 0x60. The testsuite expects a form
  // written as a multi-byte LEB (0xE0 0x7F) to fail as "integer representation too long", as
  // the reference interpreter reads it as an s7; so do we. Valid input decodes the same.
  WASMREF_TRY(const i64 form, r_.read_sN<7>());
  if (form != -0x20) return malformed(msg::malformed_function_type);
  return functype_body();
}

Result<FuncType> Decoder::functype_body() {
  FuncType ft;
  WASMREF_TRY(const u32 n_params, r_.read_len());  // §5.3.5 resulttype ::= vec(valtype)
  for (u32 i = 0; i < n_params; ++i) {
    WASMREF_TRY(const ValType t, valtype());
    ft.params.push_back(t);
  }
  WASMREF_TRY(const u32 n_results, r_.read_len());
  for (u32 i = 0; i < n_results; ++i) {
    WASMREF_TRY(const ValType t, valtype());
    ft.results.push_back(t);
  }
  return ft;
}

// Core 3.0 binary/types.rst aggregate and composite types:
//   fieldtype ::= st:storagetype m:mut    storagetype ::= t:valtype | 0x78 (i8) | 0x77 (i16)
//   comptype ::= 0x5E ft:fieldtype => array ft | 0x5F ft*:vec(fieldtype) => struct ft*
//              | 0x60 rt1 rt2 => func rt1 -> rt2
Result<FieldType> Decoder::fieldtype() {
  FieldType ft;
  const std::optional<u8> b = r_.peek();
  if (b == 0x78 || b == 0x77) {
    (void)r_.byte();
    ft.storage.packed = static_cast<Packed>(*b);
  } else {
    WASMREF_TRY(ft.storage.val, valtype());
  }
  WASMREF_TRY(const u8 m, r_.byte());
  if (m > 0x01) return malformed(msg::malformed_mutability, hex_byte(m));
  ft.mut = static_cast<Mut>(m);
  return ft;
}

Result<CompType> Decoder::comptype() {
  if (!features_.gc) {  // 2.0 and typed function references: function types only
    WASMREF_TRY(FuncType ft, functype());
    return CompType{CompType::Kind::func, std::move(ft), {}};
  }
  // As for functype: the form is read as an s7 (see the deviation note there).
  WASMREF_TRY(const i64 form, r_.read_sN<7>());
  CompType ct;
  switch (form) {
    case -0x20: {  // 0x60
      ct.kind = CompType::Kind::func;
      WASMREF_TRY(ct.func, functype_body());
      return ct;
    }
    case -0x21: {  // 0x5F
      ct.kind = CompType::Kind::struct_;
      WASMREF_TRY(const u32 n, r_.read_len());
      for (u32 i = 0; i < n; ++i) {
        WASMREF_TRY(const FieldType f, fieldtype());
        ct.fields.push_back(f);
      }
      return ct;
    }
    case -0x22: {  // 0x5E
      ct.kind = CompType::Kind::array;
      WASMREF_TRY(const FieldType f, fieldtype());
      ct.fields.push_back(f);
      return ct;
    }
    default: break;
  }
  return malformed(msg::malformed_function_type, "composite type form " + std::to_string(form));
}

// Core 3.0 binary/types.rst recursive types:
//   subtype ::= 0x50 x*:vec(typeidx) ct:comptype => sub x* ct
//             | 0x4F x*:vec(typeidx) ct:comptype => sub final x* ct
//             | ct:comptype => sub final eps ct
//   rectype ::= 0x4E st*:vec(subtype) => rec st* | st:subtype => rec st
Result<SubType> Decoder::subtype() {
  SubType st;
  const std::optional<u8> b = r_.peek();
  if (features_.gc && (b == 0x50 || b == 0x4F)) {
    (void)r_.byte();
    st.final = *b == 0x4F;
    WASMREF_TRY(const u32 n, r_.read_len());
    for (u32 i = 0; i < n; ++i) {
      WASMREF_TRY(const u32 x, r_.read_u32());
      st.supers.push_back(HeapType::idx(x));
    }
  }
  WASMREF_TRY(st.comp, comptype());
  return st;
}

// §5.3.7 limits ::= 0x00 n:u32 | 0x01 n:u32 m:u32
// Core 3.0 (memory64): the flags byte also gives the address type, and the bounds are u64,
//   limits ::= 0x00 n:u64 | 0x01 n:u64 m:u64          => i32 {min n, max m?}
//            | 0x04 n:u64 | 0x05 n:u64 m:u64          => i64 {min n, max m?}
Result<std::pair<AddrType, Limits>> Decoder::limits() {
  // Note (deviation): the threads proposal's shared flag (0x02, 0x03, and 0x06, 0x07 with
  // i64) is not WebAssembly 3.0; the message keeps the testsuite's text and says why, so a
  // reader (and the harness's reason, harness/judge.h) can tell an unimplemented proposal from
  // a broken module.
  const std::optional<u8> peeked = r_.peek();
  const bool shared = peeked && (*peeked & 0x02) != 0 && *peeked < 0x08;
  Limits lim;
  if (features_.memory64) {
    // 3.0 reads the flags as a byte: any other byte (0x08, 0x81 ...) is "malformed limits flags".
    WASMREF_TRY(const u8 flags, r_.byte());
    if (shared) {
      return malformed(msg::malformed_limits_flags,
                       std::string(msg::unsupported_feature) + "threads (limits flag " +
                           hex_byte(flags) + ": a shared memory)");
    }
    if (flags != 0x00 && flags != 0x01 && flags != 0x04 && flags != 0x05)
      return malformed(msg::malformed_limits_flags, hex_byte(flags));
    // The bounds are u64 for both address types: validation judges their range ("memory
    // size ..." for an i32 memory of 2^32 pages, not a malformed u32).
    const AddrType at = (flags & 0x04) ? AddrType::i64 : AddrType::i32;
    WASMREF_TRY(lim.min, r_.read_u64());
    if (flags & 0x01) {
      WASMREF_TRY(const u64 max, r_.read_u64());
      lim.max = max;
    }
    return std::pair{at, lim};
  }
  // 2.0: the flag is the byte 0x00 or 0x01. Note (deviation): the testsuite's messages for
  // other bytes are those of a 1-bit LEB (the reference interpreter's reading): a set
  // continuation bit is "integer representation too long", any other value "integer too
  // large". Valid input decodes the same.
  if (shared && *peeked < 0x04)
    return malformed(msg::integer_too_large,
                     std::string(msg::unsupported_feature) + "threads (limits flag " +
                         hex_byte(*peeked) + ": a shared memory)");
  WASMREF_TRY(const u64 flag, r_.read_uN<1>());
  WASMREF_TRY(lim.min, r_.read_u32());
  if (flag == 1) {
    WASMREF_TRY(const u32 max, r_.read_u32());
    lim.max = max;
  }
  return std::pair{AddrType::i32, lim};
}

// §5.3.9 tabletype ::= et:reftype lim:limits
Result<TableType> Decoder::tabletype() {
  TableType tt;
  WASMREF_TRY(tt.elem, reftype());
  WASMREF_TRY(const auto at_lim, limits());
  tt.addr = at_lim.first;
  tt.limits = at_lim.second;
  return tt;
}

// §5.3.8 memtype ::= lim:limits
Result<MemType> Decoder::memtype() {
  MemType mt;
  WASMREF_TRY(const auto at_lim, limits());
  mt.addr = at_lim.first;
  mt.limits = at_lim.second;
  return mt;
}

// §5.3.10 globaltype ::= t:valtype m:mut, mut ::= 0x00 (const) | 0x01 (var)
Result<GlobalType> Decoder::globaltype() {
  GlobalType gt;
  WASMREF_TRY(gt.type, valtype());
  WASMREF_TRY(const u8 m, r_.byte());
  if (m > 0x01) return malformed(msg::malformed_mutability, hex_byte(m));
  gt.mut = static_cast<Mut>(m);
  return gt;
}

// Core 3.0 binary/types.rst Tag types: tagtype ::= 0x00 x:typeidx (the attribute byte 0x00,
// "zero byte expected" otherwise, as the spec interpreter reads it).
Result<TypeIdx> Decoder::tagtype() {
  WASMREF_TRY_VOID(zero_byte());
  WASMREF_TRY(const u32 x, r_.read_u32());
  return TypeIdx(x);
}

// ----- §5.4 Instructions -----------------------------------------------------------------------

// §5.4.1 blocktype ::= 0x40 | t:valtype | x:s33 (if x >= 0)
Result<BlockType> Decoder::blocktype() {
  BlockType bt;
  const std::optional<u8> b = r_.peek();
  if (b == 0x40) {
    (void)r_.byte();
    bt.kind = BlockType::Kind::empty;
    return bt;
  }
  if (b && (*b == 0x7F || *b == 0x7E || *b == 0x7D || *b == 0x7C || *b == 0x7B ||
            ((*b == 0x63 || *b == 0x64) && typed_refs()) || abs_heap(*b))) {
    bt.kind = BlockType::Kind::val;
    WASMREF_TRY(bt.val, valtype());
    return bt;
  }
  // Any other single byte with bit 6 set is a negative s33: no production matches it.
  WASMREF_TRY(const i64 x, r_.read_s33());
  if (x < 0) return malformed(msg::malformed_value_type, "block type " + std::to_string(x));
  bt.kind = BlockType::Kind::type;
  bt.type = TypeIdx(static_cast<u32>(x));  // s33 and x >= 0: fits in 32 bits
  return bt;
}

// The reserved 0x00 byte of memory.size/grow/fill/init/copy: a single byte in 2.0, so even a
// LEB-encoded zero (0x80 0x00) is malformed.
// §5.4.6 memarg ::= a:u32 o:u32. Core 3.0 (multiple memories, memory64):
//   memarg ::= n:u32 o:u64          => {align n, offset o} on memory 0   if n < 2^6
//            | n:u32 x:memidx o:u64 => {align n - 2^6, offset o} on x   if 2^6 <= n < 2^7
// (the offset is a u32 without memory64). Instr: x = align, y = memidx, bits = offset.
Result<void> Decoder::memarg(Instr& in) {
  WASMREF_TRY(const u32 n, r_.read_u32());
  in.x = n;
  in.y = 0;
  if (features_.multi_memory) {
    if (n >= 0x80) return malformed(msg::malformed_memop_flags, std::to_string(n));
    if (n >= 0x40) {
      in.x = n - 0x40;
      WASMREF_TRY(in.y, r_.read_u32());
    }
  }
  if (features_.memory64) {
    WASMREF_TRY(in.bits, r_.read_u64());
  } else {
    WASMREF_TRY(const u32 o, r_.read_u32());
    in.bits = o;
  }
  return {};
}

// memory.size/grow/fill/init/copy name a memory by a u32 index (multiple memories); in 2.0 the
// index is the byte 0x00 ("zero byte expected").
Result<u32> Decoder::memidx() {
  if (features_.multi_memory) return r_.read_u32();
  WASMREF_TRY_VOID(zero_byte());
  return u32{0};
}

Result<void> Decoder::zero_byte() {
  WASMREF_TRY(const u8 b, r_.byte());
  if (b != 0x00) return malformed(msg::zero_byte_expected);
  return {};
}

// §5.4 the immediates of one instruction, stored in the fields the layout comment on Instr
// (syntax/instructions.h) assigns to its immediate kind.
Result<void> Decoder::immediates(const OpInfo& info, Instr& in, std::vector<u32>& labels,
                                 std::vector<CatchClause>& catches) {
  switch (info.imm) {
    case Imm::none: return {};
    case Imm::blocktype: {
      WASMREF_TRY(in.block_type, blocktype());
      return {};
    }
    case Imm::labelidx:
    case Imm::funcidx:
    case Imm::localidx:
    case Imm::globalidx:
    case Imm::tableidx:
    case Imm::dataidx:
    case Imm::elemidx: {
      WASMREF_TRY(in.x, r_.read_u32());
      return {};
    }
    case Imm::br_table: {  // §5.4.1 br_table l*:vec(labelidx) l_N:labelidx
      WASMREF_TRY(const u32 n, r_.read_len());
      if (labels.size() + u64{n} + 1 > u64{0xFFFFFFFF}) {
        return malformed(msg::implementation_limit, "too many br_table labels");
      }
      in.x = static_cast<u32>(labels.size());
      in.y = n + 1;  // the default label is stored last
      for (u64 i = 0; i <= n; ++i) {
        WASMREF_TRY(const u32 l, r_.read_u32());
        labels.push_back(l);
      }
      return {};
    }
    case Imm::call_indirect: {  // §5.4.1 call_indirect x:typeidx y:tableidx
      WASMREF_TRY(in.x, r_.read_u32());
      WASMREF_TRY(in.y, r_.read_u32());
      return {};
    }
    case Imm::reftype: {  // §5.4.2 ref.null t:reftype; core 3.0: ref.null ht:heaptype
      if (typed_refs()) {
        WASMREF_TRY(const HeapType ht, heaptype());
        in.ref_type = ValType::ref(ht, true);
      } else {
        WASMREF_TRY(in.ref_type, reftype());
      }
      return {};
    }
    case Imm::select_t: {  // §5.4.3 select t*:vec(valtype)
      // Validation requires exactly one type ("invalid result arity"), so any length decodes:
      // x = the length, ref_type = the first type.
      WASMREF_TRY(const u32 n, r_.read_len());
      in.x = n;
      for (u32 i = 0; i < n; ++i) {
        WASMREF_TRY(const ValType t, valtype());
        if (i == 0) in.ref_type = t;
      }
      return {};
    }
    case Imm::memarg: return memarg(in);
    case Imm::memidx: {  // memory.size/grow/fill x:memidx (2.0: 0x00)
      WASMREF_TRY(in.x, memidx());
      return {};
    }
    case Imm::i32: {  // §5.4.7 i32.const n:i32
      WASMREF_TRY(const i32 n, r_.read_s32());
      in.bits = static_cast<u32>(n);
      return {};
    }
    case Imm::i64: {
      WASMREF_TRY(const i64 n, r_.read_s64());
      in.bits = static_cast<u64>(n);
      return {};
    }
    case Imm::f32: {
      WASMREF_TRY(in.bits, r_.read_f32_bits());
      return {};
    }
    case Imm::f64: {
      WASMREF_TRY(in.bits, r_.read_f64_bits());
      return {};
    }
    case Imm::memory_init: {  // 0xFC 8 x:dataidx y:memidx (2.0: 0x00)
      WASMREF_TRY(in.x, r_.read_u32());
      WASMREF_TRY(in.y, memidx());
      return {};
    }
    case Imm::memory_copy: {  // 0xFC 10 x:memidx y:memidx, destination first (2.0: 0x00 0x00)
      WASMREF_TRY(in.x, memidx());
      WASMREF_TRY(in.y, memidx());
      return {};
    }
    case Imm::table_init: {  // 0xFC 12 y:elemidx x:tableidx -> table.init x y (x = elemidx here)
      WASMREF_TRY(in.x, r_.read_u32());
      WASMREF_TRY(in.y, r_.read_u32());
      return {};
    }
    case Imm::table_copy: {  // 0xFC 14 x:tableidx y:tableidx (destination first)
      WASMREF_TRY(in.x, r_.read_u32());
      WASMREF_TRY(in.y, r_.read_u32());
      return {};
    }
    // §5.4.8 Vector instructions.
    case Imm::v128: {  // 0xFD 12 (b:byte)^16 => v128.const bytes_i128^-1(b0 ... b15)
      WASMREF_TRY(in.x, v128_immediate());
      return {};
    }
    case Imm::shuffle: {  // 0xFD 13 (l:laneidx)^16, laneidx ::= l:byte
      // The lane indices are bytes here; validation checks each is < 32.
      WASMREF_TRY(in.x, v128_immediate());
      return {};
    }
    case Imm::laneidx: {  // extract_lane / replace_lane: l:laneidx, laneidx ::= l:byte
      WASMREF_TRY(const u8 l, r_.byte());
      in.x = l;
      return {};
    }
    case Imm::memarg_lane: {  // v128.loadN_lane / storeN_lane: m:memarg l:laneidx
      WASMREF_TRY_VOID(memarg(in));
      WASMREF_TRY(in.lane, r_.byte());
      return {};
    }
    // Immediate kinds of rows whose feature is not core (3.0, threads, legacy exceptions):
    // op_by_byte / op_by_prefixed return only core rows, so none reaches here.
    // Core 3.0 binary/instructions.rst: throw x:tagidx; legacy-exceptions/binary.rst: catch
    // x:tagidx.
    case Imm::tagidx: {
      WASMREF_TRY(in.x, r_.read_u32());
      return {};
    }
    // Core 3.0: try_table bt:blocktype c*:vec(catch) (the instructions follow, up to `end`).
    case Imm::try_table: {
      WASMREF_TRY(in.block_type, blocktype());
      return try_table_catches(in, catches);
    }
    // Core 3.0 typed function references and GC (binary/instructions.rst).
    case Imm::typeidx: {
      WASMREF_TRY(in.x, r_.read_u32());
      return {};
    }
    case Imm::typeidx_fieldidx:
    case Imm::typeidx_u32:
    case Imm::typeidx_dataidx:
    case Imm::typeidx_elemidx:
    case Imm::typeidx_typeidx: {
      WASMREF_TRY(in.x, r_.read_u32());
      WASMREF_TRY(in.y, r_.read_u32());
      return {};
    }
    case Imm::heaptype: {  // ref.test / ref.cast (null): ref_type = the target reference type
      WASMREF_TRY(const HeapType ht, heaptype());
      const bool nullable = info.op == Op::ref_test_null || info.op == Op::ref_cast_null;
      in.ref_type = ValType::ref(ht, nullable);
      return {};
    }
    // br_on_cast(_fail) castflags:u8 l:labelidx ht1:heaptype ht2:heaptype; castop: bit 0 of
    // the flags byte makes rt1 nullable, bit 1 rt2 (no other value is an encoding).
    // block_type.val = rt1, ref_type = rt2, x = l, bits = the flags.
    case Imm::br_on_cast: {
      WASMREF_TRY(const u8 flags, r_.byte());
      if (flags > 3) return malformed(msg::malformed_cast_flags, hex_byte(flags));
      WASMREF_TRY(in.x, r_.read_u32());
      WASMREF_TRY(const HeapType h1, heaptype());
      WASMREF_TRY(const HeapType h2, heaptype());
      in.bits = flags;
      in.block_type.val = ValType::ref(h1, (flags & 1) != 0);
      in.ref_type = ValType::ref(h2, (flags & 2) != 0);
      return {};
    }
    case Imm::atomic_fence: break;
  }
  return make_error(Outcome::crash, std::string(msg::internal_error) + ": immediate kind");
}

// Core 3.0 binary/instructions.rst, the catch clauses of try_table:
//   catch ::= 0x00 x:tagidx l:labelidx => catch x l
//           | 0x01 x:tagidx l:labelidx => catch_ref x l
//           | 0x02 l:labelidx          => catch_all l
//           | 0x03 l:labelidx          => catch_all_ref l
// (any other byte: "malformed catch clause", the spec interpreter's text). Appended to the
// function's clause list; Instr::x = the first, Instr::y = their number. The count is bounded
// by the bytes left (read_len) and every clause takes at least two bytes, so a hostile count
// cannot allocate more than the input's size.
Result<void> Decoder::try_table_catches(Instr& in, std::vector<CatchClause>& catches) {
  WASMREF_TRY(const u32 n, r_.read_len());
  if (catches.size() + u64{n} > u64{0xFFFFFFFF}) {  // x and y must fit Instr's u32 fields
    return malformed(msg::implementation_limit, "too many catch clauses");
  }
  in.x = static_cast<u32>(catches.size());
  in.y = n;
  for (u32 i = 0; i < n; ++i) {
    CatchClause c;
    WASMREF_TRY(const u8 kind, r_.byte());
    switch (kind) {
      case 0x00: c.kind = CatchClause::Kind::catch_; break;
      case 0x01: c.kind = CatchClause::Kind::catch_ref; break;
      case 0x02: c.kind = CatchClause::Kind::catch_all; break;
      case 0x03: c.kind = CatchClause::Kind::catch_all_ref; break;
      default: return malformed(msg::malformed_catch_clause, hex_byte(kind));
    }
    if (kind <= 0x01) {  // catch, catch_ref: the tag first
      WASMREF_TRY(c.tag, r_.read_u32());
    }
    WASMREF_TRY(c.label, r_.read_u32());
    catches.push_back(c);
  }
  return {};
}

// The 16 bytes of v128.const or i8x16.shuffle, appended to Module::v128_immediates; returns
// their index there (what Instr::x holds for both immediate kinds).
Result<u32> Decoder::v128_immediate() {
  WASMREF_TRY(const std::span<const u8> b, r_.bytes(16));
  if (m_.v128_immediates.size() >= u64{0xFFFFFFFF}) {  // the index must fit Instr::x
    return malformed(msg::implementation_limit, "too many v128 immediates");
  }
  std::array<u8, 16> bytes{};
  std::copy(b.begin(), b.end(), bytes.begin());
  m_.v128_immediates.push_back(bytes);
  return static_cast<u32>(m_.v128_immediates.size() - 1);
}

// §5.4.9 expr ::= (in:instr)* 0x0B. Structured instructions nest (§5.4.1 block/loop/if ... end,
// if ... else ... end); the nesting is tracked in an explicit stack, never by recursion, and
// the expression ends at the `end` that closes no open block. `else` is only allowed once, in
// an `if`; anything else where an `end` must come is "END opcode expected".
// Core 3.0 try_table bt c* ... end nests as a block. Legacy exceptions
// (legacy-exceptions/binary.rst): try bt in* (catch x in*)* (catch_all in*)? end, or
// try bt in* delegate l: `catch` follows the try's instructions or a catch block, `catch_all`
// the same (once, last), and `delegate` ENDS a try that has no catch block, as `end` does.
Result<Expr> Decoder::expr(std::vector<u32>& labels, std::vector<CatchClause>& catches) {
  enum class Open : u8 { block, if_, else_, try_, catch_, catch_all };
  std::vector<Open> open;
  Expr out;
  for (;;) {
    WASMREF_TRY(const u8 b, r_.byte());
    const OpInfo* info = nullptr;
    if (b == 0xFC || (b == 0xFD && features_.simd) || (b == 0xFB && features_.gc)) {
      // §5.4 prefixed instructions: the prefix byte, then the code as a u32 (§5.4.8 for 0xFD:
      // "a one byte prefix, whereas the actual opcode is encoded by a variable-length unsigned
      // integer"; core 3.0: 0xFB for GC). Without SIMD (GC), 0xFD (0xFB) falls through to the
      // single-byte table, which lacks it.
      WASMREF_TRY(const u32 code, r_.read_u32());
      info = decodable(op_by_prefixed(b, code, features_));
      // Note: an unknown code after 0xFD gets the same "illegal opcode" as after 0xFC (the
      // testsuite's binary text for an opcode no production matches); "unknown operator" is
      // the text format's message for an unknown mnemonic.
      if (info == nullptr)
        return malformed(msg::illegal_opcode, hex_byte(b) + " " + std::to_string(code));
    } else if (b == 0xFE) {
      // The threads proposal's atomic instructions: not WebAssembly 3.0 (see limits()).
      return malformed(msg::illegal_opcode, hex_byte(b) + ": " + msg::unsupported_feature +
                                                "threads (an atomic instruction)");
    } else {
      info = decodable(op_by_byte(b, features_));
      if (info == nullptr) return malformed(msg::illegal_opcode, hex_byte(b));
    }
    Instr in;
    in.op = info->op;
    WASMREF_TRY_VOID(immediates(*info, in, labels, catches));
    switch (in.op) {
      case Op::block:
      case Op::loop:
      case Op::try_table: open.push_back(Open::block); break;
      case Op::if_: open.push_back(Open::if_); break;
      case Op::else_:
        if (open.empty() || open.back() != Open::if_) return malformed(msg::end_opcode_expected);
        open.back() = Open::else_;
        break;
      case Op::try_: open.push_back(Open::try_); break;
      case Op::catch_:
      case Op::catch_all:
        if (open.empty() || (open.back() != Open::try_ && open.back() != Open::catch_)) {
          return malformed(msg::end_opcode_expected);
        }
        open.back() = in.op == Op::catch_ ? Open::catch_ : Open::catch_all;
        break;
      case Op::delegate:
        if (open.empty() || open.back() != Open::try_) return malformed(msg::end_opcode_expected);
        open.pop_back();
        break;
      case Op::end:
        if (open.empty()) {  // the expression's final end
          out.push_back(in);
          return out;
        }
        open.pop_back();
        break;
      default: break;
    }
    out.push_back(in);
  }
}

// Constant expressions (global initialisers, segment offsets and element expressions) have the
// same binary form; validation decides what is constant.
Result<Expr> Decoder::const_expr() {
  // A br_table or try_table cannot be constant (validation rejects it); its labels and catch
  // clauses are read and dropped.
  std::vector<u32> unused_labels;
  std::vector<CatchClause> unused_catches;
  return expr(unused_labels, unused_catches);
}

// ----- §5.5 Sections ---------------------------------------------------------------------------

// §5.5.4 typesec ::= ft*:section_1(vec(functype)); core 3.0: rt*:section_1(vec(rectype)),
// the rec groups' subtypes flattened into the type index space.
Result<void> Decoder::typesec() {
  WASMREF_TRY(const u32 n, r_.read_len());
  for (u32 i = 0; i < n; ++i) {
    if (features_.gc && r_.peek() == 0x4E) {
      (void)r_.byte();
      WASMREF_TRY(const u32 len, r_.read_len());  // bounded by the bytes left
      for (u32 j = 0; j < len; ++j) {
        WASMREF_TRY(SubType st, subtype());
        st.rec_pos = j;
        st.rec_len = len;
        m_.types.push_back(std::move(st));
      }
    } else {
      WASMREF_TRY(SubType st, subtype());
      m_.types.push_back(std::move(st));
    }
  }
  return {};
}

// §5.5.5 importsec ::= im*:section_2(vec(import)), import ::= mod:name nm:name d:importdesc
Result<void> Decoder::importsec() {
  WASMREF_TRY(const u32 n, r_.read_len());
  for (u32 i = 0; i < n; ++i) {
    Import im;
    WASMREF_TRY(im.module, r_.read_name());
    WASMREF_TRY(im.name, r_.read_name());
    WASMREF_TRY(const u8 kind, r_.byte());
    switch (kind) {
      case 0x00: {
        im.kind = ExternKind::func;
        WASMREF_TRY(const u32 x, r_.read_u32());
        im.func = TypeIdx(x);
        break;
      }
      case 0x01: {
        im.kind = ExternKind::table;
        WASMREF_TRY(im.table, tabletype());
        break;
      }
      case 0x02: {
        im.kind = ExternKind::mem;
        WASMREF_TRY(im.mem, memtype());
        break;
      }
      case 0x03: {
        im.kind = ExternKind::global;
        WASMREF_TRY(im.global, globaltype());
        break;
      }
      case 0x04: {  // core 3.0 externtype ::= ... | 0x04 tt:tagtype (exception handling)
        if (!tags_enabled()) return malformed(msg::malformed_import_kind, hex_byte(kind));
        im.kind = ExternKind::tag;
        WASMREF_TRY(im.tag, tagtype());
        break;
      }
      default: return malformed(msg::malformed_import_kind, hex_byte(kind));
    }
    m_.imports.push_back(std::move(im));
  }
  return {};
}

// §5.5.6 funcsec ::= x*:section_3(vec(typeidx))
Result<void> Decoder::funcsec() {
  WASMREF_TRY(const u32 n, r_.read_len());
  for (u32 i = 0; i < n; ++i) {
    WASMREF_TRY(const u32 x, r_.read_u32());
    func_types_.push_back(TypeIdx(x));
  }
  return {};
}

// §5.5.7 tablesec ::= tab*:section_4(vec(table)), table ::= tt:tabletype
// Core 3.0: table ::= tt:tabletype => table tt (ref.null ht)
//                  | 0x40 0x00 tt:tabletype e:expr => table tt e
Result<void> Decoder::tablesec() {
  WASMREF_TRY(const u32 n, r_.read_len());
  for (u32 i = 0; i < n; ++i) {
    Table t;
    if (typed_refs() && r_.peek() == 0x40) {
      (void)r_.byte();
      WASMREF_TRY_VOID(zero_byte());
      WASMREF_TRY(t.type, tabletype());
      WASMREF_TRY(t.init, const_expr());
    } else {
      WASMREF_TRY(t.type, tabletype());
    }
    m_.tables.push_back(std::move(t));
  }
  return {};
}

// §5.5.8 memsec ::= mem*:section_5(vec(mem)), mem ::= mt:memtype
Result<void> Decoder::memsec() {
  WASMREF_TRY(const u32 n, r_.read_len());
  for (u32 i = 0; i < n; ++i) {
    WASMREF_TRY(const MemType mt, memtype());
    m_.mems.push_back(Mem{mt});
  }
  return {};
}

// Core 3.0 binary/modules.rst: tagsec ::= tt*:section_13(vec(tag)), tag ::= tt:tagtype
Result<void> Decoder::tagsec() {
  WASMREF_TRY(const u32 n, r_.read_len());
  for (u32 i = 0; i < n; ++i) {
    WASMREF_TRY(const TypeIdx x, tagtype());
    m_.tags.push_back(Tag{x});
  }
  return {};
}

// §5.5.9 globalsec ::= glob*:section_6(vec(global)), global ::= gt:globaltype e:expr
Result<void> Decoder::globalsec() {
  WASMREF_TRY(const u32 n, r_.read_len());
  for (u32 i = 0; i < n; ++i) {
    Global g;
    WASMREF_TRY(g.type, globaltype());
    WASMREF_TRY(g.init, const_expr());
    m_.globals.push_back(std::move(g));
  }
  return {};
}

// §5.5.10 exportsec ::= ex*:section_7(vec(export)), export ::= nm:name d:exportdesc
Result<void> Decoder::exportsec() {
  WASMREF_TRY(const u32 n, r_.read_len());
  for (u32 i = 0; i < n; ++i) {
    Export ex;
    WASMREF_TRY(ex.name, r_.read_name());
    WASMREF_TRY(const u8 kind, r_.byte());
    // Core 3.0 externidx ::= ... | 0x04 x:tagidx (exception handling).
    const u8 last_kind = tags_enabled() ? 0x04 : 0x03;
    if (kind > last_kind) return malformed(msg::malformed_export_kind, hex_byte(kind));
    ex.kind = static_cast<ExternKind>(kind);
    WASMREF_TRY(ex.index, r_.read_u32());
    m_.exports.push_back(std::move(ex));
  }
  return {};
}

// §5.5.11 startsec ::= st?:section_8(start), start ::= x:funcidx
Result<void> Decoder::startsec() {
  WASMREF_TRY(const u32 x, r_.read_u32());
  m_.start = Start{FuncIdx(x)};
  return {};
}

// y*:vec(funcidx) of the element encodings 0-3, as the expressions (ref.func y end)*.
Result<std::vector<Expr>> Decoder::funcidx_vec_as_ref_funcs() {
  WASMREF_TRY(const u32 n, r_.read_len());
  std::vector<Expr> init;
  for (u32 i = 0; i < n; ++i) {
    WASMREF_TRY(const u32 y, r_.read_u32());
    Instr ref_func;
    ref_func.op = Op::ref_func;
    ref_func.x = y;
    Instr end;
    end.op = Op::end;
    init.push_back(Expr{ref_func, end});
  }
  return init;
}

// el*:vec(expr) of the element encodings 4-7.
Result<std::vector<Expr>> Decoder::expr_vec() {
  WASMREF_TRY(const u32 n, r_.read_len());
  std::vector<Expr> init;
  for (u32 i = 0; i < n; ++i) {
    WASMREF_TRY(Expr e, const_expr());
    init.push_back(std::move(e));
  }
  return init;
}

// §5.5.12 elem: a u32 kind 0..7 whose bits say: bit 0 passive/declarative (else active),
// bit 1 explicit table index (active) or declarative (otherwise), bit 2 expressions instead of
// function indices.
Result<Elem> Decoder::elem() {
  WASMREF_TRY(const u32 kind, r_.read_u32());
  Elem el;
  // elemkind ::= 0x00 => funcref. Core 3.0 (binary/modules.rst): a segment of function
  // indices has type (ref func), its elements being non-null; 2.0 has only funcref.
  const ValType func_indices = typed_refs() ? ValType::ref(AbsHeap::func, false) : ValType::funcref;
  auto elemkind = [this]() -> Result<void> {
    WASMREF_TRY(const u8 b, r_.byte());
    if (b != 0x00) return malformed(msg::malformed_element_kind, hex_byte(b));
    return {};
  };
  switch (kind) {
    case 0: {  // e:expr y*:vec(funcidx) => {funcref, ref.func y*, active table 0 offset e}
      el.mode = Elem::Mode::active;
      el.table = TableIdx(0);
      WASMREF_TRY(el.offset, const_expr());
      el.type = func_indices;
      WASMREF_TRY(el.init, funcidx_vec_as_ref_funcs());
      return el;
    }
    case 1:    // et:elemkind y*:vec(funcidx) => passive
    case 3: {  // et:elemkind y*:vec(funcidx) => declarative
      el.mode = kind == 1 ? Elem::Mode::passive : Elem::Mode::declarative;
      WASMREF_TRY_VOID(elemkind());
      el.type = func_indices;
      WASMREF_TRY(el.init, funcidx_vec_as_ref_funcs());
      return el;
    }
    case 2: {  // x:tableidx e:expr et:elemkind y*:vec(funcidx) => active table x
      el.mode = Elem::Mode::active;
      WASMREF_TRY(const u32 x, r_.read_u32());
      el.table = TableIdx(x);
      WASMREF_TRY(el.offset, const_expr());
      WASMREF_TRY_VOID(elemkind());
      el.type = func_indices;
      WASMREF_TRY(el.init, funcidx_vec_as_ref_funcs());
      return el;
    }
    case 4: {  // e:expr el*:vec(expr) => {funcref, el*, active table 0 offset e}
      el.mode = Elem::Mode::active;
      el.table = TableIdx(0);
      WASMREF_TRY(el.offset, const_expr());
      el.type = ValType::funcref;
      WASMREF_TRY(el.init, expr_vec());
      return el;
    }
    case 5:    // et:reftype el*:vec(expr) => passive
    case 7: {  // et:reftype el*:vec(expr) => declarative
      el.mode = kind == 5 ? Elem::Mode::passive : Elem::Mode::declarative;
      WASMREF_TRY(el.type, reftype());
      WASMREF_TRY(el.init, expr_vec());
      return el;
    }
    case 6: {  // x:tableidx e:expr et:reftype el*:vec(expr) => active table x
      el.mode = Elem::Mode::active;
      WASMREF_TRY(const u32 x, r_.read_u32());
      el.table = TableIdx(x);
      WASMREF_TRY(el.offset, const_expr());
      WASMREF_TRY(el.type, reftype());
      WASMREF_TRY(el.init, expr_vec());
      return el;
    }
    default: return malformed(msg::malformed_elements_segment_kind, std::to_string(kind));
  }
}

// §5.5.12 elemsec ::= seg*:section_9(vec(elem))
Result<void> Decoder::elemsec() {
  WASMREF_TRY(const u32 n, r_.read_len());
  for (u32 i = 0; i < n; ++i) {
    WASMREF_TRY(Elem el, elem());
    m_.elems.push_back(std::move(el));
  }
  return {};
}

// §5.5.15 datacountsec ::= n?:section_12(u32)
Result<void> Decoder::datacountsec() {
  WASMREF_TRY(const u32 n, r_.read_u32());
  m_.data_count = n;
  return {};
}

// §5.5.13 code ::= size:u32 code:func, func ::= (t*)*:vec(locals) e:expr, locals ::= n:u32
// t:valtype
Result<Func> Decoder::code() {
  WASMREF_TRY(const u32 size, r_.read_len());
  const size_t start = r_.pos();
  struct Locals {
    u32 n;
    ValType t;
  };
  WASMREF_TRY(const u32 n_entries, r_.read_len());
  std::vector<Locals> entries;
  u64 total = 0;  // saturates above 2^32 (each n < 2^32), so it cannot overflow
  for (u32 i = 0; i < n_entries; ++i) {
    WASMREF_TRY(const u32 n, r_.read_u32());
    WASMREF_TRY(const ValType t, valtype());
    entries.push_back(Locals{n, t});
    if (total <= u64{0xFFFFFFFF}) total += n;
  }
  // "Any code for which the length of the resulting sequence is out of bounds of the maximum
  // size of a vector is malformed": at most 2^32-1 locals.
  if (total > u64{0xFFFFFFFF}) return malformed(msg::too_many_locals);
  // Reference implementation limit, checked before expanding t^n into Func::locals.
  if (total > kMaxFunctionLocals) {
    return malformed(msg::implementation_limit, "too many locals (" + std::to_string(total) +
                                                    " > " + std::to_string(kMaxFunctionLocals) +
                                                    ")");
  }
  // The same limit over the whole module: per-function expansion alone would let a small
  // module of many functions, each declaring the maximum, expand to thousands of times its
  // own size.
  module_locals_ += total;
  if (module_locals_ > kMaxModuleLocals) {
    return malformed(msg::implementation_limit,
                     "too many locals in the module (> " + std::to_string(kMaxModuleLocals) + ")");
  }
  Func f;
  f.locals.reserve(static_cast<size_t>(total));
  for (const Locals& l : entries) f.locals.insert(f.locals.end(), l.n, l.t);
  WASMREF_TRY(f.body, expr(f.br_table_labels, f.catches));
  if (r_.pos() - start != size) return malformed(msg::section_size_mismatch, "function body");
  for (const Instr& in : f.body) {
    if (in.op == Op::memory_init || in.op == Op::data_drop || in.op == Op::array_new_data ||
        in.op == Op::array_init_data)
      uses_data_idx_ = true;
  }
  return f;
}

// §5.5.13 codesec ::= code*:section_10(vec(code))
Result<void> Decoder::codesec() {
  WASMREF_TRY(const u32 n, r_.read_len());
  for (u32 i = 0; i < n; ++i) {
    WASMREF_TRY(Func f, code());
    codes_.push_back(std::move(f));
  }
  return {};
}

// §5.5.14 data ::= 0:u32 e:expr b*:vec(byte)        => active memory 0
//                | 1:u32 b*:vec(byte)               => passive
//                | 2:u32 x:memidx e:expr b*:vec(byte) => active memory x
Result<Data> Decoder::data() {
  WASMREF_TRY(const u32 kind, r_.read_u32());
  Data d;
  switch (kind) {
    case 0: {
      d.mode = Data::Mode::active;
      d.memory = MemIdx(0);
      WASMREF_TRY(d.offset, const_expr());
      break;
    }
    case 1: d.mode = Data::Mode::passive; break;
    case 2: {
      d.mode = Data::Mode::active;
      WASMREF_TRY(const u32 x, r_.read_u32());
      d.memory = MemIdx(x);
      WASMREF_TRY(d.offset, const_expr());
      break;
    }
    default: return malformed(msg::malformed_data_segment_kind, std::to_string(kind));
  }
  WASMREF_TRY(const u32 n, r_.read_len());
  WASMREF_TRY(const std::span<const u8> b, r_.bytes(n));
  d.init.assign(b.begin(), b.end());
  return d;
}

// §5.5.14 datasec ::= seg*:section_11(vec(data))
Result<void> Decoder::datasec() {
  WASMREF_TRY(const u32 n, r_.read_len());
  for (u32 i = 0; i < n; ++i) {
    WASMREF_TRY(Data d, data());
    m_.datas.push_back(std::move(d));
  }
  return {};
}

// §5.5.3 customsec ::= section_0(custom), custom ::= name byte*: the bytes after the name fill
// the rest of the section.
Result<void> Decoder::customsec(size_t start, u32 size) {
  CustomSection c;
  WASMREF_TRY(c.name, r_.read_name());
  const size_t used = r_.pos() - start;
  if (used > size)
    return malformed(msg::unexpected_end_of_section_or_function, "custom section name");
  WASMREF_TRY(const std::span<const u8> b, r_.bytes(size - used));
  c.bytes.assign(b.begin(), b.end());
  m_.customs.push_back(std::move(c));
  return {};
}

// §5.5.16 Modules: magic version, then the sections in order, custom sections anywhere.
Result<Module> Decoder::module() {
  // magic ::= 0x00 0x61 0x73 0x6D, version ::= 0x01 0x00 0x00 0x00
  static constexpr u8 kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
  static constexpr u8 kVersion[4] = {0x01, 0x00, 0x00, 0x00};
  if (r_.remaining() < 4) return malformed(msg::unexpected_end);
  for (const u8 b : kMagic) {
    if (*r_.byte() != b) return malformed(msg::magic_header_not_detected);
  }
  if (r_.remaining() < 4) return malformed(msg::unexpected_end);
  for (const u8 b : kVersion) {
    if (*r_.byte() != b) return malformed(msg::unknown_binary_version);
  }

  int last_rank = 0;
  while (!r_.eos()) {
    WASMREF_TRY(const u8 id, r_.byte());
    // Core 3.0 adds the tag section (13) with exception handling.
    const u8 last_id = tags_enabled() ? 13 : 12;
    if (id > last_id) return malformed(msg::malformed_section_id, std::to_string(id));
    const int rank = section_rank(id);
    // A non-custom section out of order or repeated ends the module's section sequence.
    if (id != 0 && rank <= last_rank) {
      return malformed(msg::unexpected_content_after_last_section, "section " + std::to_string(id));
    }
    if (id != 0) last_rank = rank;
    // §5.5.2 section_N(B) ::= N:byte size:u32 cont:B (if size = ||B||)
    WASMREF_TRY(const u32 size, r_.read_len());
    const size_t start = r_.pos();
    switch (id) {
      case 0: WASMREF_TRY_VOID(customsec(start, size)); break;
      case 1: WASMREF_TRY_VOID(typesec()); break;
      case 2: WASMREF_TRY_VOID(importsec()); break;
      case 3: WASMREF_TRY_VOID(funcsec()); break;
      case 4: WASMREF_TRY_VOID(tablesec()); break;
      case 5: WASMREF_TRY_VOID(memsec()); break;
      case 6: WASMREF_TRY_VOID(globalsec()); break;
      case 7: WASMREF_TRY_VOID(exportsec()); break;
      case 8: WASMREF_TRY_VOID(startsec()); break;
      case 9: WASMREF_TRY_VOID(elemsec()); break;
      case 10: WASMREF_TRY_VOID(codesec()); break;
      case 11: WASMREF_TRY_VOID(datasec()); break;
      case 12: WASMREF_TRY_VOID(datacountsec()); break;
      case 13: WASMREF_TRY_VOID(tagsec()); break;
      default: break;  // unreachable: id <= 13
    }
    if (r_.pos() - start != size) {
      return malformed(msg::section_size_mismatch, "section " + std::to_string(id));
    }
  }

  // n = m: the function and code sections declare the same number of functions.
  if (func_types_.size() != codes_.size())
    return malformed(msg::function_and_code_section_inconsistent);
  // m' = |data*| when the data count section is present.
  if (m_.data_count && *m_.data_count != m_.datas.size()) {
    return malformed(msg::data_count_and_data_section_inconsistent);
  }
  // §5.5.16: the data count section is required if a data index occurs in the code.
  // Note (deviation): only when there are data segments. Without any, every data index is
  // unknown anyway, and the testsuite expects such modules (memory_init.wast, converted from
  // text) to decode and fail validation with "unknown data segment" / "unknown memory".
  if (!m_.data_count && uses_data_idx_ && !m_.datas.empty()) {
    return malformed(msg::data_count_section_required);
  }

  for (size_t i = 0; i < codes_.size(); ++i) {
    codes_[i].type = func_types_[i];
    m_.funcs.push_back(std::move(codes_[i]));
  }
  return std::move(m_);
}

}  // namespace

Result<Module> decode_module(std::span<const u8> bytes, const Features& features) {
  Decoder d(bytes, features);
  return d.module();
}

}  // namespace wasmref
