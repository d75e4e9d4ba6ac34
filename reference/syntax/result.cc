// Outcomes of the core algorithms: printable names (used in reports)
#include "syntax/result.h"

namespace wasmref {

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::malformed: return "malformed";
    case Outcome::invalid: return "invalid";
    case Outcome::link_error: return "link_error";
    case Outcome::trap: return "trap";
    case Outcome::exhaustion: return "exhaustion";
    case Outcome::exception: return "exception";
    case Outcome::crash: return "crash";
  }
  return "crash";
}

}  // namespace wasmref
