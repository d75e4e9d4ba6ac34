// Harness: script values and result patterns in the wast2json 1.0.32 encoding (notes-harness §1.4)
#include "harness/wast_value.h"

#include "harness/wast_text.h"
#include "valid/matching.h"

namespace wasmref::harness {

const char* to_string(LaneType t) {
  switch (t) {
    case LaneType::i8: return "i8";
    case LaneType::i16: return "i16";
    case LaneType::i32: return "i32";
    case LaneType::i64: return "i64";
    case LaneType::f32: return "f32";
    case LaneType::f64: return "f64";
  }
  return "i32";
}

unsigned lane_bits(LaneType t) {
  switch (t) {
    case LaneType::i8: return 8;
    case LaneType::i16: return 16;
    case LaneType::i32:
    case LaneType::f32: return 32;
    case LaneType::i64:
    case LaneType::f64: return 64;
  }
  return 32;
}

unsigned lane_count(LaneType t) { return 128 / lane_bits(t); }
bool is_float_lane(LaneType t) { return t == LaneType::f32 || t == LaneType::f64; }

bool WastValue::is_pattern() const {
  if (kind != PatKind::bits) return true;
  for (const Lane& l : lanes)
    if (l.kind != PatKind::bits) return true;
  return false;
}

std::optional<u64> parse_int_bits(const std::string& s, unsigned width) {
  if (s.empty() || width == 0 || width > 64) return std::nullopt;
  size_t i = 0;
  const bool negative = s[0] == '-';
  if (negative || s[0] == '+') i = 1;
  if (i >= s.size()) return std::nullopt;
  u64 magnitude = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return std::nullopt;
    const u64 d = static_cast<u64>(c - '0');
    if (magnitude > (UINT64_MAX - d) / 10) return std::nullopt;  // overflow of u64
    magnitude = magnitude * 10 + d;
  }
  const u64 mask = width == 64 ? UINT64_MAX : ((u64{1} << width) - 1);
  if (!negative) {
    if (magnitude > mask) return std::nullopt;
    return magnitude;
  }
  // Signed: -2^(width-1) .. 0, as the two's complement pattern of `width` bits.
  const u64 min_magnitude = u64{1} << (width - 1);
  if (magnitude > min_magnitude) return std::nullopt;
  return (0 - magnitude) & mask;
}

namespace {

// 3.0 §5.3.3/§6.4.2: the abstract heap types and their reference shorthands (binary byte,
// text name). func/nofunc and extern/noextern map onto the runtime's funcref/externref.
struct RefShorthand {
  const char* heap;
  const char* name;
  u8 code;
};
constexpr RefShorthand kRefShorthands[] = {
    {"func", "funcref", 0x70},       {"extern", "externref", 0x6F},
    {"any", "anyref", 0x6E},         {"eq", "eqref", 0x6D},
    {"i31", "i31ref", 0x6C},         {"struct", "structref", 0x6B},
    {"array", "arrayref", 0x6A},     {"exn", "exnref", 0x69},
    {"none", "nullref", 0x71},       {"nofunc", "nullfuncref", 0x73},
    {"noextern", "nullexternref", 0x72}, {"noexn", "nullexnref", 0x74},
};

}  // namespace

std::string ref_type_name(const std::string& heap) {
  for (const RefShorthand& r : kRefShorthands)
    if (heap == r.heap) return r.name;
  if (heap == "host") return "hostref";
  if (heap.empty()) return "refnull";
  return "";
}

std::optional<std::string> heap_of_ref_type_name(const std::string& type_name) {
  for (const RefShorthand& r : kRefShorthands)
    if (type_name == r.name) return std::string(r.heap);
  if (type_name == "hostref") return std::string("host");
  if (type_name == "refnull") return std::string();
  return std::nullopt;
}

ValType ref_val_type(const std::string& heap) {
  for (const RefShorthand& r : kRefShorthands)
    if (heap == r.heap) return ValType::ref(static_cast<AbsHeap>(r.code), true);
  return ValType::ref(AbsHeap::any, true);  // "host" and "" (`(ref.null)`)
}

bool is_wast_ref_type(ValType type) {
  if (!type.is_ref() || !type.heap().is_abs()) return false;
  for (const RefShorthand& r : kRefShorthands)
    if (type.heap_abs == static_cast<AbsHeap>(r.code)) return true;
  return false;
}

namespace {

std::optional<ValType> val_type_of(const std::string& t) {
  if (t == "i32") return ValType::i32;
  if (t == "i64") return ValType::i64;
  if (t == "f32") return ValType::f32;
  if (t == "f64") return ValType::f64;
  if (t == "v128") return ValType::v128;
  if (t == "funcref") return ValType::funcref;
  if (t == "externref") return ValType::externref;
  return std::nullopt;
}

std::optional<LaneType> lane_type_of(const std::string& t) {
  if (t == "i8") return LaneType::i8;
  if (t == "i16") return LaneType::i16;
  if (t == "i32") return LaneType::i32;
  if (t == "i64") return LaneType::i64;
  if (t == "f32") return LaneType::f32;
  if (t == "f64") return LaneType::f64;
  return std::nullopt;
}

// One number or lane: exact bits, or a NaN pattern where the type is a float and patterns
// are allowed.
bool parse_bits_or_nan(const nlohmann::json& j, unsigned width, bool is_float, bool allow_patterns,
                       PatKind& kind, u64& bits, std::string& error) {
  if (!j.is_string()) {
    error = "value is not a string";
    return false;
  }
  const std::string& s = j.get_ref<const std::string&>();
  if (is_float && (s == "nan:canonical" || s == "nan:arithmetic")) {
    if (!allow_patterns) {
      error = "NaN pattern \"" + s + "\" where an exact value is needed";
      return false;
    }
    kind = s == "nan:canonical" ? PatKind::nan_canonical : PatKind::nan_arithmetic;
    bits = 0;
    return true;
  }
  const std::optional<u64> b = parse_int_bits(s, width);
  if (!b) {
    error = "bad " + std::to_string(width) + "-bit value \"" + s + "\"";
    return false;
  }
  kind = PatKind::bits;
  bits = *b;
  return true;
}

}  // namespace

ValueParse parse_wast_value(const nlohmann::json& j, bool allow_patterns) {
  ValueParse out;
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) {
    out.error = "value without a type";
    return out;
  }
  const std::string& tname = j["type"].get_ref<const std::string&>();
  const std::optional<ValType> t = val_type_of(tname);
  const std::optional<std::string> heap = heap_of_ref_type_name(tname);
  if (!t && !heap) {
    out.error = "value type \"" + tname + "\" is not supported";
    out.unsupported = true;
    return out;
  }
  WastValue v;
  v.type = t ? *t : ref_val_type(*heap);
  if (heap) v.heap = *heap;
  if (heap && !t) {
    // 3.0 reference forms (wast_value.h): "null", a host number for hostref, or no value
    // (any non-null reference of the type).
    auto p = j.find("value");
    if (*heap == "host") {
      const std::optional<u64> id = p != j.end() && p->is_string()
                                        ? parse_int_bits(p->get<std::string>(), 64)
                                        : std::nullopt;
      if (!id) {
        out.error = "hostref value needs a host number";
        return out;
      }
      v.kind = PatKind::host_ref;
      v.bits = *id;
    } else if (heap->empty()) {
      v.kind = PatKind::any_null;
    } else if (p != j.end()) {
      if (!p->is_string() || p->get<std::string>() != "null") {
        out.error = "a " + tname + " value is \"null\" or absent";
        return out;
      }
      v.kind = PatKind::null_ref;
    } else {
      if (!allow_patterns) {
        out.error = "a non-null " + tname + " pattern where an exact value is needed";
        return out;
      }
      v.kind = PatKind::any_ref;
    }
    out.value = std::move(v);
    return out;
  }
  if (is_ref(*t) && !j.contains("value") && allow_patterns) {
    // `(ref.func)` / `(ref.extern)` without a number: any non-null reference of the type.
    v.kind = *t == ValType::funcref ? PatKind::any_func : PatKind::any_ref;
    v.heap = *t == ValType::funcref ? "func" : "extern";
    out.value = std::move(v);
    return out;
  }
  if (!j.contains("value")) {
    out.error = "value of type " + tname + " without \"value\"";
    return out;
  }
  const nlohmann::json& payload = j["value"];
  switch (t->code) {
    case ValType::Code::i32:
    case ValType::Code::i64:
    case ValType::Code::f32:
    case ValType::Code::f64: {
      const unsigned width = (*t == ValType::i32 || *t == ValType::f32) ? 32 : 64;
      const bool is_float = *t == ValType::f32 || *t == ValType::f64;
      if (!parse_bits_or_nan(payload, width, is_float, allow_patterns, v.kind, v.bits, out.error))
        return out;
      break;
    }
    case ValType::Code::v128: {
      if (!j.contains("lane_type") || !j["lane_type"].is_string()) {
        out.error = "v128 value without lane_type";
        return out;
      }
      const std::optional<LaneType> lt = lane_type_of(j["lane_type"].get<std::string>());
      if (!lt) {
        out.error = "bad v128 lane_type";
        return out;
      }
      if (!payload.is_array() || payload.size() != lane_count(*lt)) {
        out.error = "v128 value needs " + std::to_string(lane_count(*lt)) + " lanes";
        return out;
      }
      v.lane_type = *lt;
      for (const nlohmann::json& lj : payload) {
        Lane lane;
        if (!parse_bits_or_nan(lj, lane_bits(*lt), is_float_lane(*lt), allow_patterns, lane.kind,
                               lane.bits, out.error))
          return out;
        v.lanes.push_back(lane);
      }
      break;
    }
    case ValType::Code::bot:
      out.error = "value type \"" + tname + "\" is not supported";
      return out;
    case ValType::Code::ref_null:
    case ValType::Code::ref: {
      if (*t != ValType::funcref && *t != ValType::externref) {  // read by the heap-type path above
        out.error = "value type \"" + tname + "\" is not supported";
        return out;
      }
      if (!payload.is_string()) {
        out.error = "reference value is not a string";
        return out;
      }
      const std::string& s = payload.get_ref<const std::string&>();
      if (s == "null") {
        v.kind = PatKind::null_ref;
      } else if (*t == ValType::funcref) {
        // `(ref.func)` in an expectation: "0" is a marker, not an index (§1.4).
        if (!parse_int_bits(s, 64)) {
          out.error = "bad funcref value \"" + s + "\"";
          return out;
        }
        v.kind = PatKind::any_func;
      } else {
        const std::optional<u64> id = parse_int_bits(s, 64);
        if (!id) {
          out.error = "bad externref value \"" + s + "\"";
          return out;
        }
        v.kind = PatKind::host_ref;
        v.bits = *id;
      }
      break;
    }
  }
  out.value = std::move(v);
  return out;
}

void v128_from_lanes(LaneType lt, const std::vector<Lane>& lanes, u64& lo, u64& hi) {
  lo = 0;
  hi = 0;
  const unsigned w = lane_bits(lt);
  const u64 mask = w == 64 ? UINT64_MAX : ((u64{1} << w) - 1);
  for (unsigned i = 0; i < lanes.size() && i < lane_count(lt); ++i) {
    const u64 b = lanes[i].kind == PatKind::bits ? (lanes[i].bits & mask) : 0;
    const unsigned bit = i * w;  // lane i is bits [i*w, (i+1)*w) of the little-endian 128
    if (bit < 64)
      lo |= b << bit;
    else
      hi |= b << (bit - 64);
  }
}

u64 v128_lane(u64 lo, u64 hi, LaneType lt, unsigned i) {
  const unsigned w = lane_bits(lt);
  const u64 mask = w == 64 ? UINT64_MAX : ((u64{1} << w) - 1);
  const unsigned bit = i * w;
  if (bit >= 128) return 0;
  return (bit < 64 ? lo >> bit : hi >> (bit - 64)) & mask;
}

std::optional<Value> to_runtime_value(const WastValue& v) {
  if (v.kind == PatKind::any_null || v.kind == PatKind::any_ref) return std::nullopt;
  if (v.is_pattern() && v.kind != PatKind::null_ref && v.kind != PatKind::host_ref)
    return std::nullopt;
  switch (v.type.code) {
    case ValType::Code::i32: return Value::i32(static_cast<u32>(v.bits));
    case ValType::Code::i64: return Value::i64(v.bits);
    case ValType::Code::f32: return Value::f32_bits(static_cast<u32>(v.bits));
    case ValType::Code::f64: return Value::f64_bits(v.bits);
    case ValType::Code::v128: {
      u64 lo = 0, hi = 0;
      v128_from_lanes(v.lane_type, v.lanes, lo, hi);
      return Value::v128(lo, hi);
    }
    case ValType::Code::ref_null:
    case ValType::Code::ref: {
      // A null of the named heap type; a host reference (ref.extern N in the extern hierarchy,
      // ref.host N in any); a script cannot name a function, structure, array or exception.
      if (v.kind == PatKind::null_ref) return Value::null(v.type);
      if (v.kind != PatKind::host_ref || v.bits > UINT32_MAX) return std::nullopt;  // 32-bit addresses
      const ExternAddr a{static_cast<u32>(v.bits)};
      if (v.heap == "host") return Value{ValType::ref(AbsHeap::any, false), a.value, Value::kAddr};
      return Value::extern_(a);
    }
    case ValType::Code::bot: break;
  }
  return std::nullopt;
}

nlohmann::json encode_wast_value(const WastValue& v) {
  nlohmann::json j;
  const bool ref = is_ref(v.type) || is_wast_ref_type(v.type) || !v.heap.empty() ||
                   v.kind == PatKind::any_null;
  if (!ref) {
    j["type"] = to_string(v.type);
    auto lane = [](PatKind k, u64 bits) -> std::string {
      if (k == PatKind::nan_canonical) return "nan:canonical";
      if (k == PatKind::nan_arithmetic) return "nan:arithmetic";
      return std::to_string(bits);
    };
    if (v.type == ValType::v128) {
      j["lane_type"] = to_string(v.lane_type);
      nlohmann::json lanes = nlohmann::json::array();
      for (const Lane& l : v.lanes) lanes.push_back(lane(l.kind, l.bits));
      j["value"] = std::move(lanes);
    } else {
      j["value"] = lane(v.kind, v.bits);
    }
    return j;
  }
  // References: 2.0 funcref/externref keep their wast2json encoding.
  std::string heap = v.heap;
  if (heap.empty() && v.kind != PatKind::any_null)
    heap = v.type == ValType::funcref ? "func" : v.type == ValType::externref ? "extern" : "";
  if (v.kind == PatKind::null_ref && (heap == "func" || heap == "extern")) {
    j["type"] = heap == "func" ? "funcref" : "externref";
    j["value"] = "null";
    return j;
  }
  j["type"] = v.kind == PatKind::any_null ? "refnull" : ref_type_name(heap);
  switch (v.kind) {
    case PatKind::null_ref:
    case PatKind::any_null: j["value"] = "null"; break;
    case PatKind::any_func: j["value"] = "0"; break;  // wast2json's `(ref.func)` marker
    case PatKind::host_ref: j["value"] = std::to_string(v.bits); break;
    default: break;  // any_ref: no value = any non-null reference of the type
  }
  return j;
}

nlohmann::json comparable_value(const nlohmann::json& v) {
  if (!v.is_object() || !v.contains("type") || !v.contains("value") || !v["value"].is_string() ||
      v["value"].get<std::string>() == "null")
    return v;
  const std::string type = v["type"].is_string() ? v["type"].get<std::string>() : "";
  const std::string kind = v.contains("kind") && v["kind"].is_string() ? v["kind"].get<std::string>() : "";
  if (type == "funcref" || type == "exnref" || kind == "struct" || kind == "array") {
    nlohmann::json out = v;
    out["value"] = "non-null";
    return out;
  }
  return v;
}

nlohmann::json encode_value(const Value& v, LaneType v128_shape) {
  nlohmann::json j;
  j["type"] = to_string(v.type);  // references: replaced below
  switch (v.type.code) {
    case ValType::Code::i32:
    case ValType::Code::f32: j["value"] = std::to_string(static_cast<u32>(v.lo)); break;
    case ValType::Code::i64:
    case ValType::Code::f64: j["value"] = std::to_string(v.lo); break;
    case ValType::Code::v128: {
      j["lane_type"] = to_string(v128_shape);
      nlohmann::json lanes = nlohmann::json::array();
      for (unsigned i = 0; i < lane_count(v128_shape); ++i)
        lanes.push_back(std::to_string(v128_lane(v.lo, v.hi, v128_shape, i)));
      j["value"] = std::move(lanes);
      break;
    }
    case ValType::Code::ref_null:
    case ValType::Code::ref: {
      // PROTOCOL.md "Values": the type is the shorthand of the reference's hierarchy (funcref,
      // externref, anyref, exnref); a non-null reference's value is its number (a function,
      // structure, array or exception address of the engine, an i31 value, a host reference
      // number) and `kind` says what the number is when the hierarchy does not: i31, struct,
      // array, or host (a host reference seen in the any hierarchy).
      const AbsHeap top = top_heap(v.type.heap());
      j["type"] = ref_type_name(to_string(top == AbsHeap::bot ? AbsHeap::any : top));
      if (v.is_null()) {
        j["value"] = "null";
        break;
      }
      j["value"] = std::to_string(static_cast<u32>(v.lo));
      if (v.hi == Value::kI31) j["kind"] = "i31";
      if (v.hi == Value::kStruct) j["kind"] = "struct";
      if (v.hi == Value::kArray) j["kind"] = "array";
      if (v.hi == Value::kAddr && top == AbsHeap::any) j["kind"] = "host";
      break;
    }
    case ValType::Code::bot: break;
  }
  return j;
}

}  // namespace wasmref::harness
