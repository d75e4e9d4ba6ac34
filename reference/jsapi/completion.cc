// JS-API over an abstract JS host: printable names of the error classes
#include "jsapi/completion.h"

namespace wasmref::jsapi {

const char* to_string(ErrorKind k) {
  switch (k) {
    case ErrorKind::TypeError: return "TypeError";
    case ErrorKind::RangeError: return "RangeError";
    case ErrorKind::CompileError: return "CompileError";
    case ErrorKind::LinkError: return "LinkError";
    case ErrorKind::RuntimeError: return "RuntimeError";
  }
  return "Error";
}

}  // namespace wasmref::jsapi
