// JS-API §tables (js-api/index.bs "Tables"): the Table constructor, Table#grow, Table#get,
// Table#set and the length attribute.
#include <new>
#include <optional>

#include "jsapi/convert.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "runtime/store.h"
#include "syntax/messages.h"

namespace wasmref::jsapi {

namespace {

// WebIDL "create an operation function" step: a `this` without the [[Table]] slot -> TypeError.
TableObject* this_table(JsHost& host, const CallArgs& call) {
  return unwrap_as<TableObject>(host, call.this_value, PlatformObject::Kind::table);
}

// The `ref` of the constructor, grow and set: "If value is missing, DefaultValue(elementtype)
// (error -> TypeError); otherwise ? ToWebAssemblyValue(value, elementtype)". DefaultValue fails
// for a non-nullable element type (core 3.0: a table of a module, (ref func) say); the
// constructor's element types (ToValueType) are all nullable, so there it never fails, as its
// "Assert: ref is not error" says. (An exnref table's grow with a value reaches
// ToWebAssemblyValue's assertion that the type is not exnref: a TypeError here.)
Completion<Value> value_or_default(Agent& agent, const CallArgs& call, size_t i, ValType elementtype) {
  if (optional_argument_missing(agent.host, call, i)) {
    const std::optional<Value> ref = default_value(agent, elementtype);
    if (!ref) {
      return throw_error(agent.host, ErrorKind::TypeError, msg::type_mismatch,
                         "no default value for " + to_string(elementtype));
    }
    return *ref;
  }
  return to_webassembly_value(agent, call.args[i], elementtype);
}

}  // namespace

// The Table(descriptor, value) constructor.
Completion<JsValue> table_constructor(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  if (!call.is_construct) {
    return throw_error(host, ErrorKind::TypeError, msg::js_constructor_requires_new, "WebAssembly.Table");
  }
  if (call.missing(0)) return throw_error(host, ErrorKind::TypeError, msg::js_missing_argument, "descriptor");
  const JsValue descriptor = call.args[0];

  // TableDescriptor members read in the order element, address, initial, maximum.
  // Note (deviation): each member is converted right after it is read, and `element` comes
  // before `address` (as engines and the browser tests do; notes-jsapi "Decisions" 1).
  // 1. elementtype = ToValueType(descriptor["element"]), a required TableKind.
  WASMREF_JS_TRY(const JsValue element, dictionary_member(host, descriptor, u"element"));
  if (host.type_of(element) == JsType::undefined) {
    return throw_error(host, ErrorKind::TypeError, msg::js_missing_member, "element");
  }
  WASMREF_JS_TRY(const ValType elementtype, to_value_type(host, element));
  // 2. Not a reftype -> TypeError. (The TableKind enum has only "externref" and "anyfunc", so
  // "i32" etc. are already invalid enum values; both are TypeErrors.)
  if (!is_ref(elementtype)) return throw_error(host, ErrorKind::TypeError, msg::js_not_a_reftype);
  // 3.-5. address, initial, maximum (converted right after each is read).
  WASMREF_JS_TRY(const AddressLimits limits, read_address_limits(host, descriptor));
  const AddressType addrtype = limits.addrtype;
  const u64 initial = limits.initial;
  const std::optional<u64> maximum = limits.maximum;

  // 6. type = table type addrtype {min initial, max maximum} elementtype.
  TableType type;
  type.addr = core_addrtype(addrtype);
  type.elem = elementtype;
  type.limits.min = initial;
  type.limits.max = maximum;
  // 7. type not valid -> RangeError. valid/types.rst "Table Types": limits within 2^32-1 for
  // i32 (an i32 AddressValue always is) and 2^64-1 for i64 (a u64 always is), and min <= max.
  // Note (deviation): with memory64 off (a 2.0 profile) the core has no i64 table type, so an
  // "i64" table type is not valid there.
  if (addrtype == AddressType::i64 && !agent.features.memory64) {
    return throw_error(host, ErrorKind::RangeError, msg::js_address_type_unsupported);
  }
  if (maximum && initial > *maximum) {
    return throw_error(host, ErrorKind::RangeError, msg::size_minimum_greater_than_maximum);
  }

  // 8.-9. ref = DefaultValue(elementtype) if value is missing, else ? ToWebAssemblyValue.
  WASMREF_JS_TRY(const Value ref, value_or_default(agent, call, 1, elementtype));

  // 10.-12. (store, tableaddr) = table_alloc(store, type, ref); allocation fails ->
  // RangeError: over the JS table size limit (10,000,000, js-api §limits), over the store's
  // own limit, or when the elements cannot be allocated.
  Store& store = *agent.store;
  if (initial > agent.limits.table_size || initial > store.limits.max_table_size) {
    return throw_error(host, ErrorKind::RangeError, msg::js_allocation_failed, "table");
  }
  TableAddr tableaddr;
  try {
    tableaddr = embed::table_alloc(store, type, ref);
  } catch (const std::bad_alloc&) {
    return throw_error(host, ErrorKind::RangeError, msg::js_allocation_failed, "table");
  }
  // 13. Initialize this from tableaddr (through the Table object cache).
  return table_object(agent, tableaddr);
}

// Table#grow(delta, value).
Completion<JsValue> table_grow(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  TableObject* table = this_table(host, call);
  if (table == nullptr) return throw_error(host, ErrorKind::TypeError, msg::js_illegal_invocation);
  if (call.missing(0)) return throw_error(host, ErrorKind::TypeError, msg::js_missing_argument, "delta");
  // 1.-4. tableaddr, initialSize = table_size, (addrtype, limits, elementtype) = table_type.
  Store& store = *agent.store;
  const TableAddr tableaddr = table->table;
  const u64 initial_size = embed::table_size(store, tableaddr);
  const TableType tabletype = embed::table_type(store, tableaddr);
  const AddressType addrtype = address_type_of(tabletype.addr);
  const ValType elementtype = tabletype.elem;
  // 5. delta64 = ? AddressValueToU64(delta, addrtype) (a BigInt for i64).
  WASMREF_JS_TRY(const u64 delta64, address_value_to_u64(host, call.args[0], addrtype));
  // 6.-7. ref = DefaultValue(elementtype) if value is missing, else ? ToWebAssemblyValue.
  WASMREF_JS_TRY(const Value ref, value_or_default(agent, call, 1, elementtype));
  // 8.-9. result = table_grow(store, tableaddr, delta64, ref); error -> RangeError. Growing past
  // the JS table size limit (js-api §limits) fails too (without overflow for any u64 delta).
  const u64 limit = agent.limits.table_size;
  if (initial_size > limit || delta64 > limit - initial_size) {
    return throw_error(host, ErrorKind::RangeError, msg::js_grow_failed, "table");
  }
  Result<void> result;
  try {
    result = embed::table_grow(store, tableaddr, delta64, ref);
  } catch (const std::bad_alloc&) {
    return throw_error(host, ErrorKind::RangeError, msg::js_grow_failed, "table");
  }
  if (!result) return throw_error(host, ErrorKind::RangeError, msg::js_grow_failed, result.error().message);
  // 10. (store set) 11. Return U64ToAddressValue(initialSize, addrtype): a BigInt for i64.
  return u64_to_address_value(host, initial_size, addrtype);
}

// The getter of Table#length.
Completion<JsValue> table_length(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  TableObject* table = this_table(host, call);
  if (table == nullptr) return throw_error(host, ErrorKind::TypeError, msg::js_illegal_invocation);
  // 1.-2. tableaddr, store; 3. addrtype = the address type in table_type(store, tableaddr).
  const Store& store = *agent.store;
  const AddressType addrtype = address_type_of(embed::table_type(store, table->table).addr);
  // 4. length64 = table_size(store, tableaddr); 5. U64ToAddressValue(length64, addrtype): a
  // BigInt for i64.
  const u64 length64 = embed::table_size(store, table->table);
  return u64_to_address_value(host, length64, addrtype);
}

// Table#get(index).
Completion<JsValue> table_get(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  TableObject* table = this_table(host, call);
  if (table == nullptr) return throw_error(host, ErrorKind::TypeError, msg::js_illegal_invocation);
  if (call.missing(0)) return throw_error(host, ErrorKind::TypeError, msg::js_missing_argument, "index");
  // 1.-3. tableaddr, store, (addrtype, limits, elementtype) = table_type(store, tableaddr).
  const Store& store = *agent.store;
  const TableType tabletype = embed::table_type(store, table->table);
  const AddressType addrtype = address_type_of(tabletype.addr);
  // 4. elementtype matches exnref -> TypeError.
  if (matches_exnref(tabletype.elem)) return throw_not_javascript_compatible(host, tabletype.elem);
  // 5. index64 = ? AddressValueToU64(index, addrtype) (a BigInt for i64).
  WASMREF_JS_TRY(const u64 index64, address_value_to_u64(host, call.args[0], addrtype));
  // 6.-7. result = table_read(store, tableaddr, index64); error -> RangeError.
  const Result<Value> result = embed::table_read(store, table->table, index64);
  if (!result) return throw_error(host, ErrorKind::RangeError, msg::js_index_out_of_bounds, result.error().message);
  // 8. Return ! ToJSValue(result).
  return to_js_value(agent, *result);
}

// Table#set(index, value).
Completion<JsValue> table_set(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  TableObject* table = this_table(host, call);
  if (table == nullptr) return throw_error(host, ErrorKind::TypeError, msg::js_illegal_invocation);
  if (call.missing(0)) return throw_error(host, ErrorKind::TypeError, msg::js_missing_argument, "index");
  // 1.-3. tableaddr, (addrtype, limits, elementtype) = table_type(store, tableaddr).
  Store& store = *agent.store;
  const TableAddr tableaddr = table->table;
  const TableType tabletype = embed::table_type(store, tableaddr);
  const AddressType addrtype = address_type_of(tabletype.addr);
  const ValType elementtype = tabletype.elem;
  // 4. elementtype matches exnref -> TypeError.
  if (matches_exnref(elementtype)) return throw_not_javascript_compatible(host, elementtype);
  // 5. index64 = ? AddressValueToU64(index, addrtype) (a BigInt for i64), converted before the
  // value (tested order).
  WASMREF_JS_TRY(const u64 index64, address_value_to_u64(host, call.args[0], addrtype));
  // 6.-7. ref = DefaultValue(elementtype) if value is missing, else ? ToWebAssemblyValue.
  WASMREF_JS_TRY(const Value ref, value_or_default(agent, call, 1, elementtype));
  // 8.-9. table_write(store, tableaddr, index64, ref); error -> RangeError.
  const Result<void> written = embed::table_write(store, tableaddr, index64, ref);
  if (!written) return throw_error(host, ErrorKind::RangeError, msg::js_index_out_of_bounds, written.error().message);
  return host.undefined();
}

}  // namespace wasmref::jsapi
