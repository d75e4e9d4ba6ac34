// Core 2.0 §2.3 Types (syntax/types.rst): printable names
#include "syntax/types.h"

namespace wasmref {

const char* to_string(ValType t) {
  switch (t) {
    case ValType::i32: return "i32";
    case ValType::i64: return "i64";
    case ValType::f32: return "f32";
    case ValType::f64: return "f64";
    case ValType::v128: return "v128";
    case ValType::funcref: return "funcref";
    case ValType::externref: return "externref";
    case ValType::exnref: return "exnref";
  }
  return "?";
}

std::string to_string(const FuncType& ft) {
  std::string s = "[";
  for (size_t i = 0; i < ft.params.size(); ++i) s += (i ? " " : "") + std::string(to_string(ft.params[i]));
  s += "] -> [";
  for (size_t i = 0; i < ft.results.size(); ++i) s += (i ? " " : "") + std::string(to_string(ft.results[i]));
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
