// JS-API value conversions (js-api/index.bs "ToJSValue", "ToWebAssemblyValue", "DefaultValue",
// "ToValueType", "AddressValueToU64", "U64ToAddressValue") and the WebIDL conversions the
// interfaces use ([EnforceRange] unsigned long, enums, dictionary members).
#include "jsapi/convert.h"

#include <cmath>
#include <limits>
#include <string>

#include "jsapi/objects.h"
#include "syntax/messages.h"

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

Thrown throw_not_javascript_compatible(JsHost& host, ValType t) {
  return throw_error(host, ErrorKind::TypeError,
                     t == ValType::exnref ? msg::js_exnref_not_allowed : msg::js_v128_not_allowed);
}

// --- ToJSValue -------------------------------------------------------------------------------

JsValue to_js_value(Agent& agent, const Value& w) {
  JsHost& host = agent.host;
  switch (w.type) {
    case ValType::i64:  // 3. i64.const u64 -> the BigInt of signed_64(u64)
      return host.bigint(static_cast<i64>(w.as_i64()));
    case ValType::i32:  // 4. i32.const u32 -> the Number of signed_32(u32)
      return host.number(static_cast<double>(static_cast<i32>(w.as_i32())));
    case ValType::f32:
      // 5. +-inf and every finite f32 are exact doubles. NaN -> NaN: which NaN is not
      // specified (the note on NumericToRawBytes); the payload is carried over as far as the
      // f32 -> f64 widening does, which keeps sign and top payload bits visible to reports.
      return host.number(static_cast<double>(w.as_f32()));
    case ValType::f64:  // 6. the same for f64; NaN bits pass through unchanged
      return host.number(w.as_f64());
    case ValType::funcref:
      if (w.is_null()) return host.null();       // ref.null t -> null
      return exported_function(agent, w.as_func());  // ref.func -> "a new Exported Function"
    case ValType::externref: {
      if (w.is_null()) return host.null();
      // ref.host a -> "retrieving a host value": Assert map[a] exists.
      const u32 a = w.as_extern().value;
      // Note (deviation): an address the cache does not know (a broken invariant: only
      // ToWebAssemblyValue mints them) gives undefined instead of undefined behaviour; this
      // function cannot throw.
      if (a >= agent.host_values.size()) return host.undefined();
      return agent.host_values[a];
    }
    case ValType::v128:    // 1. Assert: w is not v128.const (callers throw TypeError first)
    case ValType::exnref:  // 2. Assert: w is not ref.exn (likewise)
      return host.undefined();
  }
  return host.undefined();
}

// --- ToWebAssemblyValue ------------------------------------------------------------------------

Completion<Value> to_webassembly_value(Agent& agent, JsValue v, ValType type) {
  JsHost& host = agent.host;
  switch (type) {
    case ValType::v128:    // 1. Assert: type is not v128.
    case ValType::exnref:  // 2. Assert: type does not match exnref.
      // Callers check first; a TypeError keeps a caller bug from turning into undefined
      // behaviour and is what each caller would throw.
      return throw_not_javascript_compatible(host, type);
    case ValType::i64: {  // 3. ToBigInt64 (a Number is a TypeError there), then the u64 bits
      WASMREF_JS_TRY(const i64 n, host.to_bigint64(v));
      return Value::i64(static_cast<u64>(n));
    }
    case ValType::i32: {  // 4. ToInt32, then the u32 bits
      WASMREF_JS_TRY(const i32 n, host.to_int32(v));
      return Value::i32(static_cast<u32>(n));
    }
    case ValType::f32: {  // 5. ToNumber; NaN -> nan(n) with canon <= n; else round to nearest even
      WASMREF_JS_TRY(const double number, host.to_number(v));
      if (std::isnan(number)) return Value::f32_bits(kCanonicalNan32);
      return Value::f32(round_to_f32(number));
    }
    case ValType::f64: {  // 6. ToNumber; NaN -> nan(n) with canon <= n; else the number itself
      WASMREF_JS_TRY(const double number, host.to_number(v));
      if (std::isnan(number)) return Value::f64_bits(kCanonicalNan64);
      return Value::f64(number);
    }
    case ValType::funcref: {
      // 7.1 null -> ref.null func.
      if (host.type_of(v) == JsType::null) return Value::null(ValType::funcref);
      // 7.3 an Exported Function -> ref.func of its [[FunctionAddress]].
      if (auto* f = unwrap_as<ExportedFunctionObject>(host, v, PlatformObject::Kind::exported_function)) {
        return Value::func(f->func);
      }
      // 7.6-7.7 anything else would become ref.host, whose type does not match funcref:
      // TypeError. (Not entering it into the host value cache first is unobservable.)
      return throw_error(host, ErrorKind::TypeError, msg::js_not_a_function_ref);
    }
    case ValType::externref:
      // 7.1 null -> ref.null extern; 7.2 otherwise ref.extern of the value as `any`, which for
      // a core without i31/GC objects is always 7.6: the host value cache.
      // Note (deviation): spec issue #1984 (step 7.4 would make -0 an i31 0): wasmref keeps
      // -0 as its own host value (SameValue), as engines do (notes-jsapi "Decisions" 2).
      if (host.type_of(v) == JsType::null) return Value::null(ValType::externref);
      return Value::extern_(host_value_address(agent, v));
  }
  return throw_error(host, ErrorKind::TypeError, msg::js_invalid_enum_value);
}

// --- DefaultValue, ToValueType ----------------------------------------------------------------

Value default_value(Agent& agent, ValType t) {
  // 1. externref -> ! ToWebAssemblyValue(undefined, externref): the host value undefined.
  if (t == ValType::externref) return Value::extern_(host_value_address(agent, agent.host.undefined()));
  return Value::default_of(t);  // 2. val_default(t)
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
