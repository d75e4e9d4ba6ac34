// JS-API §modules (js-api/index.bs "Modules": the Module interface) and the compile steps
// the namespace shares ("compile a WebAssembly module", "construct a WebAssembly module
// object", WebAssemblyCompileOptions).
#include <set>

#include "embed/embed.h"
#include "jsapi/convert.h"
#include "jsapi/namespace.h"
#include "jsapi/objects.h"
#include "jsapi/webassembly.h"
#include "syntax/messages.h"

namespace wasmref::jsapi {

// ============================================================================================
// WebIDL argument conversions
// ============================================================================================

Completion<std::vector<u8>> copy_buffer_source_argument(JsHost& host, const CallArgs& call,
                                                        size_t index) {
  if (call.missing(index))
    return throw_message(host, ErrorKind::TypeError, msg::js_missing_argument);
  std::optional<std::vector<u8>> bytes = host.buffer_source_bytes(call.args[index]);
  if (!bytes) return throw_message(host, ErrorKind::TypeError, msg::js_not_a_buffer_source);
  return std::move(*bytes);
}

namespace {

// WebIDL USVString: ToString, then lone surrogates become U+FFFD.
Completion<std::u16string> to_usv_string(JsHost& host, JsValue v) {
  WASMREF_JS_TRY(std::u16string s, host.to_string(v));
  for (size_t i = 0; i < s.size(); ++i) {
    const char16_t c = s[i];
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < s.size() && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000) {
      ++i;  // a pair
    } else if (c >= 0xD800 && c < 0xE000) {
      s[i] = 0xFFFD;
    }
  }
  return s;
}

}  // namespace

Completion<CompileOptions> convert_compile_options(JsHost& host, const CallArgs& call,
                                                   size_t index) {
  CompileOptions options;
  if (call.missing(index)) return options;
  const JsValue dict = call.args[index];
  // Members in lexicographic order: "builtins", then "importedStringConstants".
  WASMREF_JS_TRY(const JsValue builtins, dictionary_member(host, dict, u"builtins"));
  if (host.type_of(builtins) != JsType::undefined) {
    WASMREF_JS_TRY(const std::vector<JsValue> names, host.iterable_to_list(builtins));
    for (const JsValue n : names) {
      WASMREF_JS_TRY(std::u16string s, to_usv_string(host, n));
      options.builtins.push_back(std::move(s));
    }
  }
  WASMREF_JS_TRY(const JsValue strings, dictionary_member(host, dict, u"importedStringConstants"));
  const JsType t = host.type_of(strings);
  if (t != JsType::undefined && t != JsType::null) {
    WASMREF_JS_TRY(std::u16string s, to_usv_string(host, strings));
    options.imported_string_constants = std::move(s);
  }
  return options;
}

// ============================================================================================
// Compiling
// ============================================================================================

// "compile a WebAssembly module": module_decode, then module_validate. The JS embedding's
// limits (§limits) are part of what the embedder accepts: checked on the decoded module,
// before validation, and failing like it.
Result<std::shared_ptr<Module>> compile_a_webassembly_module(const EmbedderLimits& limits,
                                                             std::span<const u8> bytes,
                                                             const Features& features) {
  // §limits before work: what the bytes tell is checked before decoding them.
  if (Result<void> r = check_byte_limits(limits, bytes); !r) return r.take_error();
  Result<std::shared_ptr<Module>> module = embed::module_decode(bytes, features);
  if (!module) return module.take_error();
  if (Result<void> r = check_decoded_limits(limits, **module); !r) return r.take_error();
  if (Result<void> r = embed::module_validate(**module, features); !r) return r.take_error();
  return module;
}

// "validate builtins and imported string for a WebAssembly module". Step 1 ("validate builtin
// set names"): a name given twice fails; unknown names are ignored. wasmref implements no
// builtin set, so no import is a builtin ("validate an import for builtins" holds). Note
// (deviation): importedStringConstants is accepted but not used: its imports are read from
// the import object like any other (the constants need the ModuleObject to keep the option).
bool validate_builtins_and_imported_strings(const Module&, const CompileOptions& options) {
  std::set<std::u16string> seen;
  for (const std::u16string& name : options.builtins)
    if (!seen.insert(name).second) return false;
  return true;
}

// "construct a WebAssembly module object".
JsValue construct_a_module_object(Agent& agent, std::shared_ptr<const Module> module,
                                  std::vector<u8> bytes) {
  auto slots = std::make_shared<ModuleObject>();
  slots->module = std::move(module);  // [[Module]]
  slots->bytes = std::move(bytes);    // [[Bytes]]
  return agent.host.wrap(std::move(slots));
}

// ============================================================================================
// The Module interface
// ============================================================================================

namespace {

// A `Module moduleObject` argument: missing or not a Module -> TypeError.
Completion<ModuleObject*> module_argument(JsHost& host, const CallArgs& call, size_t index) {
  if (call.missing(index))
    return throw_message(host, ErrorKind::TypeError, msg::js_missing_argument);
  ModuleObject* m = unwrap_as<ModuleObject>(host, call.args[index], PlatformObject::Kind::module);
  if (m == nullptr || m->module == nullptr)
    return throw_message(host, ErrorKind::TypeError, msg::js_not_a_module);
  return m;
}

}  // namespace

// new Module(bytes, options).
Completion<JsValue> module_constructor(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  if (!call.is_construct)
    return throw_message(host, ErrorKind::TypeError, msg::js_constructor_requires_new);
  // 1. stableBytes = a copy of the bytes (WebIDL converts `options` after `bytes`).
  WASMREF_JS_TRY(std::vector<u8> stable_bytes, copy_buffer_source_argument(host, call, 0));
  WASMREF_JS_TRY(const CompileOptions options, convert_compile_options(host, call, 1));
  // 2-3. compile; error -> CompileError.
  Result<std::shared_ptr<Module>> module = compile_a_webassembly_module(agent.limits, stable_bytes, agent.features);
  if (!module) return throw_core_error(agent, module.error());
  // 4-6. builtins and imported strings.
  if (!validate_builtins_and_imported_strings(**module, options))
    return throw_message(host, ErrorKind::CompileError, msg::js_duplicate_builtin);
  // 7-10. the slots.
  return construct_a_module_object(agent, std::move(*module), std::move(stable_bytes));
}

// Module.exports(moduleObject): [{name, kind}] in export order.
Completion<JsValue> module_exports(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  WASMREF_JS_TRY(ModuleObject* const m, module_argument(host, call, 0));
  std::vector<JsValue> exports;
  for (const embed::ExportDesc& e : embed::module_exports(*m->module)) {
    const JsValue obj = host.object();  // a dictionary, members in declaration order
    host.create_data_property(obj, u"name", host.string(utf8_to_utf16(e.name)));
    host.create_data_property(obj, u"kind", host.string(extern_kind_string(e.type.kind)));
    exports.push_back(obj);
  }
  return host.array(exports);
}

// Module.imports(moduleObject): [{module, name, kind}] in import order (no builtin set and
// no imported-string module is enabled, so none is skipped).
Completion<JsValue> module_imports(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  WASMREF_JS_TRY(ModuleObject* const m, module_argument(host, call, 0));
  std::vector<JsValue> imports;
  for (const embed::ImportDesc& i : embed::module_imports(*m->module)) {
    const JsValue obj = host.object();
    host.create_data_property(obj, u"module", host.string(utf8_to_utf16(i.module)));
    host.create_data_property(obj, u"name", host.string(utf8_to_utf16(i.name)));
    host.create_data_property(obj, u"kind", host.string(extern_kind_string(i.type.kind)));
    imports.push_back(obj);
  }
  return host.array(imports);
}

// Module.customSections(moduleObject, sectionName): fresh ArrayBuffers with the payload (the
// bytes after the name) of each custom section whose name equals sectionName, in order.
Completion<JsValue> module_custom_sections(Agent& agent, const CallArgs& call) {
  JsHost& host = agent.host;
  WASMREF_JS_TRY(ModuleObject* const m, module_argument(host, call, 0));
  if (call.missing(1)) return throw_message(host, ErrorKind::TypeError, msg::js_missing_argument);
  // DOMString: ToString, lone surrogates kept (they never equal a decoded UTF-8 name).
  WASMREF_JS_TRY(const std::u16string section_name, host.to_string(call.args[1]));
  // The decoder kept every custom section of [[Bytes]] in order, with the bytes after the
  // name: the same sections the spec reads back from the bytes.
  std::vector<JsValue> custom_sections;
  for (const CustomSection& c : m->module->customs)
    if (utf8_to_utf16(c.name) == section_name)
      custom_sections.push_back(host.array_buffer(c.bytes));
  return host.array(custom_sections);
}

}  // namespace wasmref::jsapi
