// Harness: wrapper modules for bit-exact calls from JS, in the binary format (Core 2.0 §5)
#include "harness/wrapper.h"

#include "valid/matching.h"

namespace wasmref::harness {

namespace {

using Bytes = std::vector<u8>;

// §5.2.2 Integers: unsigned LEB128.
void put_u32(Bytes& out, u32 v) {
  do {
    u8 b = v & 0x7F;
    v >>= 7;
    if (v != 0) b |= 0x80;
    out.push_back(b);
  } while (v != 0);
}

// §5.2.4 Names: length, then the UTF-8 bytes (ours are ASCII).
void put_name(Bytes& out, const std::string& s) {
  put_u32(out, static_cast<u32>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

// §5.3.1-5.3.3 Value types: numbers and vectors are their encoding byte; a nullable abstract
// reference its shorthand byte, a non-null one 0x64 and the heap type byte (3.0). Wrappers
// only carry the types a script value can have: abstract heap types.
void put_valtype(Bytes& out, ValType t) {
  if (!t.is_ref()) {
    out.push_back(static_cast<u8>(t.code));
    return;
  }
  const u8 heap = static_cast<u8>(t.heap().is_abs() ? t.heap_abs : top_heap(t.heap()));
  if (!t.nullable()) out.push_back(0x64);
  out.push_back(heap);
}

// §5.3.6 Function types: 0x60 params results.
void put_functype(Bytes& out, const ResultType& params, const ResultType& results) {
  out.push_back(0x60);
  put_u32(out, static_cast<u32>(params.size()));
  for (ValType t : params) put_valtype(out, t);
  put_u32(out, static_cast<u32>(results.size()));
  for (ValType t : results) put_valtype(out, t);
}

// §5.5.2 Sections: id, byte size, contents (a vector: count, then the items).
void put_section(Bytes& out, u8 id, u32 count, const Bytes& items) {
  Bytes content;
  put_u32(content, count);
  content.insert(content.end(), items.begin(), items.end());
  out.push_back(id);
  put_u32(out, static_cast<u32>(content.size()));
  out.insert(out.end(), content.begin(), content.end());
}

// §5.4.6 Memory instructions with memarg {align, offset}; the natural alignment of each type.
// The address operand is always `i32.const 0`, the slot is the static offset.
struct MemOp {
  Bytes load;   // opcode bytes (v128 ones are 0xFD-prefixed, §5.4.8)
  Bytes store;
  u32 align;    // log2 of the natural alignment
};
MemOp mem_op(ValType t) {
  switch (t.code) {
    case ValType::Code::i32: return {{0x28}, {0x36}, 2};  // i32.load / i32.store
    case ValType::Code::i64: return {{0x29}, {0x37}, 3};  // i64.load / i64.store
    case ValType::Code::f32: return {{0x2A}, {0x38}, 2};  // f32.load / f32.store
    case ValType::Code::f64: return {{0x2B}, {0x39}, 3};  // f64.load / f64.store
    case ValType::Code::v128: return {{0xFD, 0x00}, {0xFD, 0x0B}, 4};  // v128.load / v128.store
    case ValType::Code::ref_null:
    case ValType::Code::ref:
    case ValType::Code::bot: break;
  }
  return {{}, {}, 0};  // references never use memory (callers check is_ref first)
}

void put_i32_const_0(Bytes& body) { body.insert(body.end(), {0x41, 0x00}); }
void put_memarg(Bytes& body, u32 align, u32 offset) {
  put_u32(body, align);
  put_u32(body, offset);
}

// The memory the slots need: one page at least (§2.3.8 limits in pages of 64 KiB).
u32 pages_for_slots(size_t slots) {
  const u64 bytes = static_cast<u64>(slots) * kWrapperSlotBytes;
  const u64 pages = (bytes + 65535) / 65536;
  return pages == 0 ? 1 : static_cast<u32>(pages);
}

// The module around one `run` function: types, one import, run, memory, exports, code.
// `run_func` is run's funcidx: 1 after a function import, 0 after a global import.
Bytes assemble(const Bytes& types, u32 type_count, const Bytes& import, u32 run_type,
               u32 run_func, u32 memory_pages, const Bytes& run_code) {
  Bytes out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};  // §5.5.16 magic, version
  put_section(out, 1, type_count, types);                       // type section
  put_section(out, 2, 1, import);                               // import section
  Bytes funcs;
  put_u32(funcs, run_type);
  put_section(out, 3, 1, funcs);  // function section: run
  Bytes mems;
  mems.push_back(0x00);  // limits {min, no max}
  put_u32(mems, memory_pages);
  put_section(out, 5, 1, mems);  // memory section
  Bytes exports;
  put_name(exports, kWrapperRun);
  exports.push_back(0x00);  // func
  put_u32(exports, run_func);
  put_name(exports, kWrapperMemory);
  exports.push_back(0x02);  // mem
  put_u32(exports, 0);
  put_section(out, 7, 2, exports);  // export section
  Bytes code;
  put_u32(code, static_cast<u32>(run_code.size()));
  code.insert(code.end(), run_code.begin(), run_code.end());
  put_section(out, 10, 1, code);  // code section
  return out;
}

}  // namespace

bool needs_wrapper(ValType t) {
  return t == ValType::f32 || t == ValType::f64 || t == ValType::v128;
}

bool needs_wrapper(const FuncType& ft) {
  for (ValType t : ft.params)
    if (needs_wrapper(t)) return true;
  for (ValType t : ft.results)
    if (needs_wrapper(t)) return true;
  return false;
}

std::vector<u8> func_wrapper(const FuncType& ft) {
  const u32 n = static_cast<u32>(ft.params.size());
  // run's own type: the reference-typed parameters and results, in signature order.
  ResultType run_params, run_results;
  for (ValType t : ft.params)
    if (is_ref(t)) run_params.push_back(t);
  for (ValType t : ft.results)
    if (is_ref(t)) run_results.push_back(t);

  Bytes types;
  put_functype(types, ft.params, ft.results);   // typeidx 0: the target
  put_functype(types, run_params, run_results);  // typeidx 1: run

  Bytes import;
  put_name(import, kWrapperImportModule);
  put_name(import, kWrapperImportFunc);
  import.push_back(0x00);  // func, typeidx 0
  put_u32(import, 0);

  // run's locals: one per result of the target, after run's own parameters.
  const u32 first_result_local = static_cast<u32>(run_params.size());
  Bytes body;
  put_u32(body, static_cast<u32>(ft.results.size()));  // §5.5.13 locals: one group per result
  for (ValType t : ft.results) {
    put_u32(body, 1);
    put_valtype(body, t);
  }
  // The arguments, in order: a reference is run's next parameter, a number or vector is
  // loaded from its slot.
  u32 next_ref_param = 0;
  for (u32 i = 0; i < n; ++i) {
    const ValType t = ft.params[i];
    if (is_ref(t)) {
      body.push_back(0x20);  // local.get
      put_u32(body, next_ref_param++);
      continue;
    }
    const MemOp op = mem_op(t);
    put_i32_const_0(body);
    body.insert(body.end(), op.load.begin(), op.load.end());
    put_memarg(body, op.align, i * kWrapperSlotBytes);
  }
  body.push_back(0x10);  // call 0 (the imported target)
  put_u32(body, 0);
  // The results are on the stack, the last on top: set them aside into the locals, last first.
  for (size_t j = ft.results.size(); j-- > 0;) {
    body.push_back(0x21);  // local.set
    put_u32(body, first_result_local + static_cast<u32>(j));
  }
  // Store the numbers and vectors into their slots; push the references back in order, which
  // leaves exactly run's results on the stack.
  for (size_t j = 0; j < ft.results.size(); ++j) {
    const ValType t = ft.results[j];
    const u32 local = first_result_local + static_cast<u32>(j);
    if (is_ref(t)) {
      body.push_back(0x20);  // local.get
      put_u32(body, local);
      continue;
    }
    const MemOp op = mem_op(t);
    put_i32_const_0(body);
    body.push_back(0x20);  // local.get
    put_u32(body, local);
    body.insert(body.end(), op.store.begin(), op.store.end());
    put_memarg(body, op.align, (n + static_cast<u32>(j)) * kWrapperSlotBytes);
  }
  body.push_back(0x0B);  // end
  return assemble(types, 2, import, 1, 1,
                  pages_for_slots(ft.params.size() + ft.results.size()), body);
}

std::vector<u8> global_wrapper(const GlobalType& gt) {
  Bytes types;
  put_functype(types, {}, {});  // typeidx 0: run

  Bytes import;
  put_name(import, kWrapperImportModule);
  put_name(import, kWrapperImportGlobal);
  import.push_back(0x03);  // global: valtype, mut
  put_valtype(import, gt.type);
  import.push_back(static_cast<u8>(gt.mut));

  Bytes body;
  put_u32(body, 0);  // no locals
  if (!is_ref(gt.type)) {
    const MemOp op = mem_op(gt.type);
    put_i32_const_0(body);
    body.insert(body.end(), {0x23, 0x00});  // global.get 0
    body.insert(body.end(), op.store.begin(), op.store.end());
    put_memarg(body, op.align, 0);
  }
  body.push_back(0x0B);  // end
  return assemble(types, 1, import, 0, 0, 1, body);
}

std::vector<u8> wrapper_arg_bytes(const FuncType& ft, std::span<const WastValue> args,
                                  std::string& error) {
  if (args.size() != ft.params.size()) {
    error = "argument count differs from the signature";
    return {};
  }
  Bytes out(ft.params.size() * kWrapperSlotBytes, 0);
  for (size_t i = 0; i < args.size(); ++i) {
    const WastValue& a = args[i];
    const ValType t = ft.params[i];
    if (a.type != t) {
      error = "argument " + std::to_string(i) + " is " + to_string(a.type) + ", the parameter " +
              to_string(t);
      return {};
    }
    if (is_ref(t)) continue;  // passed as run's parameter
    u64 lo = 0, hi = 0;
    unsigned width = 0;
    if (t == ValType::v128) {
      for (const Lane& l : a.lanes)
        if (l.kind != PatKind::bits) {
          error = "argument " + std::to_string(i) + " is a pattern";
          return {};
        }
      v128_from_lanes(a.lane_type, a.lanes, lo, hi);
      width = 16;
    } else {
      if (a.kind != PatKind::bits) {
        error = "argument " + std::to_string(i) + " is a pattern";
        return {};
      }
      lo = a.bits;
      width = (t == ValType::i32 || t == ValType::f32) ? 4 : 8;
    }
    // Little-endian bytes of the bit pattern (§4.4.7 memory is little-endian).
    u8* slot = out.data() + i * kWrapperSlotBytes;
    for (unsigned b = 0; b < width && b < 8; ++b) slot[b] = static_cast<u8>(lo >> (8 * b));
    for (unsigned b = 8; b < width; ++b) slot[b] = static_cast<u8>(hi >> (8 * (b - 8)));
  }
  return out;
}

}  // namespace wasmref::harness
