// Core 2.0 §2.3 Types (syntax/types.rst): printable names
#include "syntax/types.h"

namespace wasmref {

const char* to_string(AbsHeap h) {
  switch (h) {
    case AbsHeap::bot: return "bot";
    case AbsHeap::exn: return "exn";
    case AbsHeap::array: return "array";
    case AbsHeap::struct_: return "struct";
    case AbsHeap::i31: return "i31";
    case AbsHeap::eq: return "eq";
    case AbsHeap::any: return "any";
    case AbsHeap::extern_: return "extern";
    case AbsHeap::func: return "func";
    case AbsHeap::none: return "none";
    case AbsHeap::noextern: return "noextern";
    case AbsHeap::nofunc: return "nofunc";
    case AbsHeap::noexn: return "noexn";
  }
  return "?";
}

std::string to_string(const HeapType& h) {
  switch (h.kind) {
    case HeapType::Kind::abs: return to_string(h.abs);
    case HeapType::Kind::idx: return std::to_string(h.index);
    case HeapType::Kind::def: return "deftype " + std::to_string(h.index);
  }
  return "?";
}

std::string to_string(ValType t) {
  switch (t.code) {
    case ValType::Code::i32: return "i32";
    case ValType::Code::i64: return "i64";
    case ValType::Code::f32: return "f32";
    case ValType::Code::f64: return "f64";
    case ValType::Code::v128: return "v128";
    case ValType::Code::bot: return "bot";
    case ValType::Code::ref_null:
      // The text format's shorthands for nullable abstract references (text/types.rst).
      if (t.heap().is_abs()) {
        switch (t.heap_abs) {
          case AbsHeap::func: return "funcref";
          case AbsHeap::extern_: return "externref";
          case AbsHeap::exn: return "exnref";
          case AbsHeap::any: return "anyref";
          case AbsHeap::eq: return "eqref";
          case AbsHeap::i31: return "i31ref";
          case AbsHeap::struct_: return "structref";
          case AbsHeap::array: return "arrayref";
          case AbsHeap::none: return "nullref";
          case AbsHeap::nofunc: return "nullfuncref";
          case AbsHeap::noextern: return "nullexternref";
          case AbsHeap::noexn: return "nullexnref";
          case AbsHeap::bot: break;
        }
      }
      return "(ref null " + to_string(t.heap()) + ")";
    case ValType::Code::ref: return "(ref " + to_string(t.heap()) + ")";
  }
  return "?";
}

std::string to_string(const StorageType& s) {
  if (s.packed == Packed::i8) return "i8";
  if (s.packed == Packed::i16) return "i16";
  return to_string(s.val);
}

std::string to_string(const FuncType& ft) {
  std::string s = "[";
  for (size_t i = 0; i < ft.params.size(); ++i) s += (i ? " " : "") + to_string(ft.params[i]);
  s += "] -> [";
  for (size_t i = 0; i < ft.results.size(); ++i) s += (i ? " " : "") + to_string(ft.results[i]);
  return s + "]";
}

const char* to_string(AddrType a) { return a == AddrType::i64 ? "i64" : "i32"; }

const char* to_string(ExternKind k) {
  switch (k) {
    case ExternKind::func: return "func";
    case ExternKind::table: return "table";
    case ExternKind::mem: return "memory";
    case ExternKind::global: return "global";
    case ExternKind::tag: return "tag";
  }
  return "?";
}

}  // namespace wasmref
