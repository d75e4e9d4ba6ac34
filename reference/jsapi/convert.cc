// JS-API value conversions (js-api/index.bs "ToJSValue", "ToWebAssemblyValue", "DefaultValue",
// "ToValueType", "AddressValueToU64", "U64ToAddressValue") and the WebIDL conversions the
// interfaces use ([EnforceRange] unsigned long, enums, dictionary members).
#include "jsapi/convert.h"

#include <cmath>
#include <limits>
#include <string>

#include "jsapi/objects.h"
#include "runtime/store.h"
#include "syntax/messages.h"
#include "valid/matching.h"

namespace wasmref::jsapi {

namespace {

// IEEE 754 canonical quiet NaNs (core "canon_N": only the top payload bit set). ToWebAssemblyValue
// picks "an implementation-defined integer n with canon_N <= n < 2^signif(N)"; we pick canon_N.
constexpr u32 kCanonicalNan32 = 0x7FC00000u;
constexpr u64 kCanonicalNan64 = 0x7FF8000000000000ull;

// f32 rounding of a finite double, round to nearest, ties to even (IEEE 754-2019 §4.3.1).
// The one case C++ leaves undefined is a value beyond float's range, so it is decided here:
// magnitudes from the midpoint between FLT_MAX (odd significand) and 2^128 upwards round to
// infinity (ties go to the even neighbour, 2^128, which overflows); anything smaller converts
// exactly as the hardware's round-to-nearest-even does.
float round_to_f32(double number) {
  constexpr double kOverflowMidpoint = 0x1.ffffffp127;  // 2^128 - 2^103
  if (std::fabs(number) >= kOverflowMidpoint) {
    return std::signbit(number) ? -std::numeric_limits<float>::infinity()
                                : std::numeric_limits<float>::infinity();
  }
  return static_cast<float>(number);
}

// js-api "host value cache": the address of `v` (by SameValue, so -0 and +0 are distinct and
// an object keeps its identity), allocating the smallest free address on first sight.
// Addresses are never freed, so the smallest free one is the next index.
ExternAddr host_value_address(Agent& agent, JsValue v) {
  for (size_t a = 0; a < agent.host_values.size(); ++a) {
    if (agent.host.same_value(agent.host_values[a], v)) return ExternAddr{static_cast<u32>(a)};
  }
  agent.host_values.push_back(v);
  return ExternAddr{static_cast<u32>(agent.host_values.size() - 1)};
}

}  // namespace

bool matches_exnref(ValType t) { return val_matches(t, ValType::exnref); }

bool matches_v128_or_exnref(ValType t) { return t == ValType::v128 || matches_exnref(t); }

Thrown throw_not_javascript_compatible(JsHost& host, ValType t) {
  return throw_error(host, ErrorKind::TypeError,
                     matches_exnref(t) ? msg::js_exnref_not_allowed : msg::js_v128_not_allowed);
}

// --- ToJSValue -------------------------------------------------------------------------------

JsValue to_js_value(Agent& agent, const Value& w) {
  JsHost& host = agent.host;
  switch (w.type.code) {
    case ValType::Code::i64:  // 3. i64.const u64 -> the BigInt of signed_64(u64)
      return host.bigint(static_cast<i64>(w.as_i64()));
    case ValType::Code::i32:  // 4. i32.const u32 -> the Number of signed_32(u32)
      return host.number(static_cast<double>(static_cast<i32>(w.as_i32())));
    case ValType::Code::f32:
      // 5. +-inf and every finite f32 are exact doubles. NaN -> NaN: which NaN is not
      // specified (the note on NumericToRawBytes); the payload is carried over as far as the
      // f32 -> f64 widening does, which keeps sign and top payload bits visible to reports.
      return host.number(static_cast<double>(w.as_f32()));
    case ValType::Code::f64:  // 6. the same for f64; NaN bits pass through unchanged
      return host.number(w.as_f64());
    case ValType::Code::v128:  // 1. Assert: w is not v128.const (callers throw TypeError first)
    case ValType::Code::bot:   // (no value has the bottom type)
      return host.undefined();
    case ValType::Code::ref_null:
    case ValType::Code::ref: break;
  }
  // 2. Assert: w is not ref.exn: callers throw a TypeError for every type matching exnref
  // first, so a value of such a type (null included) gives undefined here.
  if (matches_exnref(w.type)) return host.undefined();
  // 7. ref.null t -> null.
  if (w.is_null()) return host.null();
  // ref.extern ref (13.) has the bits of ref (runtime/value.h: extern.convert_any changes no
  // bits), so an externalized i31, structure or array takes steps 8-10 here, as
  // ToJSValue(ref) does; an externalized host address takes step 12 below.
  switch (w.hi) {
    case Value::kI31: {
      // 8. ref.i31 u31 -> the Number of signed_31(u31).
      const u32 u31 = w.as_i32() & 0x7FFFFFFFu;
      const i32 i31 =
          u31 >= 0x40000000u ? static_cast<i32>(u31) - 0x80000000ll : static_cast<i32>(u31);
      return host.number(static_cast<double>(i31));
    }
    case Value::kStruct:  // 9. ref.struct structaddr -> a new Exported GC Object, "struct"
      return exported_gc_object(agent, w.as_struct().value, ExportedGcObject::ObjectKind::struct_);
    case Value::kArray:  // 10. ref.array arrayaddr -> a new Exported GC Object, "array"
      return exported_gc_object(agent, w.as_array().value, ExportedGcObject::ObjectKind::array);
    case Value::kAddr: break;
    default: return host.undefined();  // no reference has other bits (a broken invariant)
  }
  // An address: the hierarchy of w's type says of what.
  switch (top_heap(w.type.heap())) {
    case AbsHeap::func:  // 11. ref.func funcaddr -> "a new Exported Function"
      return exported_function(agent, w.as_func());
    case AbsHeap::any:        // 12. ref.host hostaddr -> "retrieving a host value"
    case AbsHeap::extern_: {  // 13. ref.extern (ref.host hostaddr) -> ToJSValue(ref.host ...)
      // 12.1-12.2 map = the host value cache; Assert: map[hostaddr] exists.
      const u32 hostaddr = w.as_extern().value;
      // Note (deviation): an address the cache does not know (a broken invariant: only
      // ToWebAssemblyValue mints them) gives undefined instead of undefined behaviour; this
      // function cannot throw.
      if (hostaddr >= agent.host_values.size()) return host.undefined();
      return agent.host_values[hostaddr];  // 12.3 map[hostaddr]
    }
    default:  // a type that is not closed (valid/matching.h): a broken invariant
      return host.undefined();
  }
}

// --- ToWebAssemblyValue ------------------------------------------------------------------------

namespace {

// The TypeError of ToWebAssemblyValue 7.9: the reference made of v does not match `type`. A
// function reference type given something other than an Exported Function keeps the 2.0
// message.
Thrown throw_reference_mismatch(JsHost& host, JsValue v, ValType type) {
  if (top_heap(type.heap()) == AbsHeap::func && host.type_of(v) != JsType::null &&
      unwrap_as<ExportedFunctionObject>(host, v, PlatformObject::Kind::exported_function) ==
          nullptr) {
    return throw_error(host, ErrorKind::TypeError, msg::js_not_a_function_ref);
  }
  return throw_error(host, ErrorKind::TypeError, msg::type_mismatch,
                     "the value is not a " + to_string(type));
}

// ToWebAssemblyValue 7.4's test: v is a Number, v equals ToInt32(v) (an integer in the int32
// range), and -2^30 <= v < 2^30. ToInt32 of a Number runs no user code, so testing the number
// directly is the same.
// Note (deviation): -0 is not taken for i31 0 (spec issue #1984: ToInt32(-0) is +0, which
// "is equal to" -0 mathematically). It stays a host value, so -0 keeps its sign through
// externref and anyref, as engines do (notes-jsapi "Decisions" 2).
bool is_i31_number(JsHost& host, JsValue v) {
  if (host.type_of(v) != JsType::number) return false;
  const double number = host.number_value(v);
  if (number == 0 && std::signbit(number)) return false;
  return number >= -1073741824.0 && number < 1073741824.0 && std::trunc(number) == number;
}

// Step 7 of ToWebAssemblyValue: `type` is a closed reference type ref null? heaptype. Each
// branch builds r with its own type, which is the core's ref_type(store, r) (appendix
// embedding.rst): (ref null heaptype) for ref.null, (ref deftype) for a function, structure or
// array, (ref i31), (ref any) for ref.host, (ref extern) for ref.extern. Step 7.9 matches it
// against `type`; the result then carries `type`, the static type of where it goes.
Completion<Value> reference_to_webassembly_value(Agent& agent, JsValue v, ValType type) {
  JsHost& host = agent.host;
  const Store& store = *agent.store;
  Value r;
  if (host.type_of(v) == JsType::null) {
    // 7.1 v is null: r = ref.null heaptype (which 7.9 rejects for a non-nullable type).
    r = Value::null(ValType::ref(type.heap(), true));
  } else if (val_matches(type, ValType::externref)) {
    // 7.2 type matches (ref null extern): ref = ! ToWebAssemblyValue(v, (ref any)); r =
    // ref.extern ref, whose bits are ref's in the extern hierarchy (runtime/value.h). (The
    // conversion to (ref any) cannot throw: v is not null, and it runs no user code.)
    WASMREF_JS_TRY(const Value ref,
                   reference_to_webassembly_value(agent, v, ValType::ref(AbsHeap::any, false)));
    r = Value{ValType::ref(AbsHeap::extern_, false), ref.lo, ref.hi};
  } else if (const auto* f = unwrap_as<ExportedFunctionObject>(
                 host, v, PlatformObject::Kind::exported_function);
             f != nullptr && val_matches(type, ValType::funcref)) {
    // 7.3 an Exported Function where type matches (ref null func): r = ref.func funcaddr, of
    // the function's defined type. (An address outside this store, from an Exported Function
    // of another agent, has no type here: it matches nothing.)
    const FuncAddr funcaddr = f->func;
    if (funcaddr.value >= store.funcs.size()) return throw_reference_mismatch(host, v, type);
    r = Value{ValType::ref(HeapType::def(store.funcs[funcaddr.value].deftype), false),
              funcaddr.value, Value::kAddr};
  } else if (is_i31_number(host, v)) {
    // 7.4.1 i31 = ? ToInt32(v); 7.4.2 u31 with signed_31(u31) = i31; 7.4.3 r = ref.i31 u31.
    WASMREF_JS_TRY(const i32 i31, host.to_int32(v));
    r = Value::i31(static_cast<u32>(i31) & 0x7FFFFFFFu);
  } else if (const auto* o =
                 unwrap_as<ExportedGcObject>(host, v, PlatformObject::Kind::exported_gc_object)) {
    // 7.5 an Exported GC Object: 7.5.1-7.5.2 objectaddr, objectkind; 7.5.3-7.5.4 r =
    // ref.array / ref.struct objectaddr, of the object's defined type. (An address outside
    // this store, from another agent's object, matches nothing.)
    if (o->object_kind == ExportedGcObject::ObjectKind::array) {
      if (o->address >= store.arrays.size()) return throw_reference_mismatch(host, v, type);
      r = Value::array(ValType::ref(HeapType::def(store.arrays[o->address].type), false),
                       ArrayAddr{o->address});
    } else {
      if (o->address >= store.structs.size()) return throw_reference_mismatch(host, v, type);
      r = Value::struct_(ValType::ref(HeapType::def(store.structs[o->address].type), false),
                         StructAddr{o->address});
    }
  } else {
    // 7.6 anything else: ref.host of its host address, whose type (ref any) matches only
    // anyref, (ref any) and the extern types (through 7.2). For another type 7.9 would throw;
    // it throws here, before the value enters the cache (unobservable: host addresses are
    // read back only through references that wasm holds), so failed conversions of funcref,
    // eqref, ... arguments do not fill the cache.
    if (!val_matches(ValType::ref(AbsHeap::any, false), type))
      return throw_reference_mismatch(host, v, type);
    // 7.6.1 map = the host value cache; 7.6.2 the address holding v (by SameValue), if any
    // (the spec returns ref.host hostaddr at once; the check of 7.9 passes for it, as just
    // seen); 7.6.3-7.6.5 else the smallest free address, map[hostaddr] = v; r = ref.host
    // hostaddr.
    r = Value{ValType::ref(AbsHeap::any, false), host_value_address(agent, v).value, Value::kAddr};
  }
  // 7.7-7.8 actualtype = ref_type(store, r); 7.9 not matching type -> TypeError.
  if (!val_matches(r.type, type)) return throw_reference_mismatch(host, v, type);
  // 7.10 return r.
  r.type = type;
  return r;
}

}  // namespace

Completion<Value> to_webassembly_value(Agent& agent, JsValue v, ValType type) {
  JsHost& host = agent.host;
  // 1. Assert: type is not v128. 2. Assert: type does not match exnref. Callers check first;
  // a TypeError keeps a caller bug from turning into undefined behaviour and is what each
  // caller would throw.
  if (matches_v128_or_exnref(type)) return throw_not_javascript_compatible(host, type);
  switch (type.code) {
    case ValType::Code::i64: {  // 3. ToBigInt64 (a Number is a TypeError there), then the u64 bits
      WASMREF_JS_TRY(const i64 n, host.to_bigint64(v));
      return Value::i64(static_cast<u64>(n));
    }
    case ValType::Code::i32: {  // 4. ToInt32, then the u32 bits
      WASMREF_JS_TRY(const i32 n, host.to_int32(v));
      return Value::i32(static_cast<u32>(n));
    }
    case ValType::Code::f32: {  // 5. ToNumber; NaN -> nan(n) with canon <= n; else round to nearest
                                // even
      WASMREF_JS_TRY(const double number, host.to_number(v));
      if (std::isnan(number)) return Value::f32_bits(kCanonicalNan32);
      return Value::f32(round_to_f32(number));
    }
    case ValType::Code::f64: {  // 6. ToNumber; NaN -> nan(n) with canon <= n; else the number
                                // itself
      WASMREF_JS_TRY(const double number, host.to_number(v));
      if (std::isnan(number)) return Value::f64_bits(kCanonicalNan64);
      return Value::f64(number);
    }
    case ValType::Code::ref_null:
    case ValType::Code::ref:  // 7. ref null? heaptype
      return reference_to_webassembly_value(agent, v, type);
    case ValType::Code::v128:  // (1.)
    case ValType::Code::bot:   // 8. Assert: not reached (no value has the bottom type)
      break;
  }
  return throw_error(host, ErrorKind::TypeError, msg::js_invalid_enum_value);
}

// --- DefaultValue, ToValueType ----------------------------------------------------------------

std::optional<Value> default_value(Agent& agent, ValType t) {
  // 1. t equals externref -> ! ToWebAssemblyValue(undefined, externref): the host value
  // undefined (the conversion cannot throw: undefined is the host value cache's at 7.6).
  if (t == ValType::externref) {
    const Completion<Value> undefined_ref = to_webassembly_value(agent, agent.host.undefined(), t);
    if (undefined_ref.ok()) return *undefined_ref;
  }
  // 2. val_default(t): zero, or ref.null for a nullable reference type; error (nullopt) for a
  // non-nullable one.
  if (!defaultable(t)) return std::nullopt;
  return Value::default_of(t);
}

Completion<ValType> to_value_type(JsHost& host, JsValue s) {
  // WebIDL enum ValueType: ToString, then an exact match, else TypeError; then ToValueType.
  WASMREF_JS_TRY(const std::u16string str, host.to_string(s));
  if (str == u"i32") return ValType::i32;
  if (str == u"i64") return ValType::i64;
  if (str == u"f32") return ValType::f32;
  if (str == u"f64") return ValType::f64;
  if (str == u"v128") return ValType::v128;
  if (str == u"anyfunc") return ValType::funcref;
  if (str == u"externref") return ValType::externref;
  return throw_error(host, ErrorKind::TypeError, msg::js_invalid_enum_value, "ValueType");
}

// --- WebIDL integer conversion, AddressValue ---------------------------------------------------

Completion<u32> enforce_range_unsigned_long(JsHost& host, JsValue v) {
  // WebIDL ConvertToInt(V, 32, "unsigned") with [EnforceRange]:
  WASMREF_JS_TRY(const double x, host.to_number(v));  // 1. x = ? ToNumber(V)
  // 2. NaN, +inf, -inf -> TypeError.
  if (!std::isfinite(x)) return throw_error(host, ErrorKind::TypeError, msg::js_enforce_range);
  const double n = std::trunc(x);  // 3. IntegerPart(x) (-0 becomes a 0 that passes below)
  // 4. outside 0 .. 2^32-1 -> TypeError.
  if (n < 0 || n > 4294967295.0) return throw_error(host, ErrorKind::TypeError, msg::js_enforce_range);
  return static_cast<u32>(n);
}

Completion<AddressType> to_address_type(JsHost& host, JsValue s) {
  // WebIDL enum AddressType { "i32", "i64" }.
  WASMREF_JS_TRY(const std::u16string str, host.to_string(s));
  if (str == u"i32") return AddressType::i32;
  if (str == u"i64") return AddressType::i64;
  return throw_error(host, ErrorKind::TypeError, msg::js_invalid_enum_value, "AddressType");
}

Completion<u64> address_value_to_u64(JsHost& host, JsValue v, AddressType addrtype) {
  if (addrtype == AddressType::i32) {
    // 1. ? ConvertToInt(v, 32, "unsigned") with [EnforceRange].
    WASMREF_JS_TRY(const u32 n, enforce_range_unsigned_long(host, v));
    return u64{n};
  }
  // 2. ? ToBigInt(v); n < 0 or n > 2^64-1 -> TypeError.
  WASMREF_JS_TRY(const BigIntU64 n, host.to_bigint_u64(v));
  if (!n.in_range) return throw_error(host, ErrorKind::TypeError, msg::js_bigint_out_of_range);
  return n.value;
}

JsValue u64_to_address_value(JsHost& host, u64 v, AddressType addrtype) {
  // i32 -> F(v) (exact: an i32 address value is below 2^53); i64 -> Z(v).
  if (addrtype == AddressType::i32) return host.number(static_cast<double>(v));
  return host.bigint_u64(v);
}

// --- WebIDL arguments and dictionaries ---------------------------------------------------------

bool optional_argument_missing(JsHost& host, const CallArgs& call, size_t i) {
  return call.missing(i) || host.type_of(call.args[i]) == JsType::undefined;
}

Completion<JsValue> dictionary_member(JsHost& host, JsValue dict, std::u16string_view key) {
  // WebIDL "convert to an IDL dictionary": undefined and null are the empty dictionary; any
  // other non-object is a TypeError; members are read with [[Get]].
  switch (host.type_of(dict)) {
    case JsType::undefined:
    case JsType::null:
      return host.undefined();
    case JsType::object:
      return host.get(dict, key);
    default:
      return throw_error(host, ErrorKind::TypeError, msg::js_not_a_dictionary);
  }
}

Completion<AddressLimits> read_address_limits(JsHost& host, JsValue descriptor) {
  AddressLimits l;
  // addrtype = descriptor["address"] if it exists, else "i32".
  WASMREF_JS_TRY(const JsValue address, dictionary_member(host, descriptor, u"address"));
  if (host.type_of(address) != JsType::undefined) {
    WASMREF_JS_TRY(l.addrtype, to_address_type(host, address));
  }
  // initial = ? AddressValueToU64(descriptor["initial"], addrtype); a required member.
  WASMREF_JS_TRY(const JsValue initial_value, dictionary_member(host, descriptor, u"initial"));
  if (host.type_of(initial_value) == JsType::undefined) {
    return throw_error(host, ErrorKind::TypeError, msg::js_missing_member, "initial");
  }
  WASMREF_JS_TRY(l.initial, address_value_to_u64(host, initial_value, l.addrtype));
  // maximum = ? AddressValueToU64(descriptor["maximum"], addrtype) if it exists.
  WASMREF_JS_TRY(const JsValue maximum_value, dictionary_member(host, descriptor, u"maximum"));
  if (host.type_of(maximum_value) != JsType::undefined) {
    WASMREF_JS_TRY(l.maximum, address_value_to_u64(host, maximum_value, l.addrtype));
  }
  return l;
}

}  // namespace wasmref::jsapi
