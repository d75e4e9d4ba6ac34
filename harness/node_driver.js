// Harness: the node (V8) driver of the node engine adapter (harness/node.h; notes-harness §5.4
// item 4, js-api "WebAssembly namespace")
//
// Our own code, not the spec's JS prelude. harness/node.cc appends one line calling
// `wasmref_run(plan)` with the script's requests as data; this file answers every request
// with one JSON reply per line on stdout, in request order, in the shape of harness/engine.h
// `Reply` plus `index` and `op`. Values are in the wast2json encoding (unsigned decimal bit
// strings), so no float is ever formatted. Functions whose signature has f32, f64 or v128 are
// called through the wrapper modules of harness/wrapper.h: JS only copies their bytes.
'use strict';

const fs = require('fs');

// --- Output: one reply per line, written synchronously so a crash keeps what was said ------
function writeLine(text) {
  const buf = Buffer.from(text + '\n', 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(1, buf, off, buf.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;  // a non-blocking pipe that is full: try again
    }
  }
}

// --- Error classes: by instanceof, then the constructor's name -----------------------------
function classOf(e) {
  if (e instanceof WebAssembly.CompileError) return 'CompileError';
  if (e instanceof WebAssembly.LinkError) return 'LinkError';
  if (e instanceof WebAssembly.RuntimeError) return 'RuntimeError';
  if (typeof WebAssembly.Exception === 'function' && e instanceof WebAssembly.Exception)
    return 'Exception';
  if (e instanceof TypeError) return 'TypeError';
  if (e instanceof RangeError) return 'RangeError';
  if (e instanceof Error) return (e.constructor && e.constructor.name) || e.name || 'Error';
  return 'other';
}

function messageOf(e) {
  try {
    if (e instanceof Error) return String(e.message);
    if (typeof WebAssembly.Exception === 'function' && e instanceof WebAssembly.Exception)
      return 'uncaught wasm exception';
    return String(e);
  } catch (_) {
    return '';
  }
}

// The class a stack overflow throws in this engine, probed once by recursing in JS (RangeError
// in V8): a wasm call throwing it is `exhaustion`.
const overflowClass = (() => {
  const recurse = () => recurse() + 1;
  try {
    recurse();
  } catch (e) {
    return classOf(e);
  }
  return 'none';
})();

// The outcome of a thrown value in each phase (reports/README.md "Outcomes"). A CompileError
// is `invalid` here; the adapter refines it to malformed/invalid from the bytes.
function outcomeOf(cls, phase) {
  if (cls === 'CompileError') return 'invalid';
  if (cls === 'LinkError') return 'link_error';
  if (cls === 'RuntimeError') return phase === 'instantiate' ? 'instantiation_trap' : 'trap';
  if (cls === 'Exception') return 'exception';
  if (cls === overflowClass) return 'exhaustion';
  return 'js_error';
}

// --- Values: wast2json <-> JS --------------------------------------------------------------
const externs = new Map();    // ref.extern N -> its one object for the whole script
const externIds = new Map();  // and back
const funcIds = new Map();    // a function reference result -> a stable id (informational)
let foreignExternId = 2n ** 32n;  // ids for externref results no argument made

function externObject(n) {
  let o = externs.get(n);
  if (o === undefined) {
    o = {externref: n};
    externs.set(n, o);
    externIds.set(o, n);
  }
  return o;
}

const scratch = new DataView(new ArrayBuffer(8));

function toJS(v) {
  switch (v.type) {
    case 'i32': return Number(BigInt.asIntN(32, BigInt(v.value)));
    case 'i64': return BigInt.asIntN(64, BigInt(v.value));
    case 'f32':
      scratch.setUint32(0, Number(BigInt.asUintN(32, BigInt(v.value))), true);
      return scratch.getFloat32(0, true);
    case 'f64':
      scratch.setBigUint64(0, BigInt.asUintN(64, BigInt(v.value)), true);
      return scratch.getFloat64(0, true);
    case 'externref': return v.value === 'null' ? null : externObject(v.value);
    case 'funcref': return null;  // a script can only pass ref.null func
    default: return undefined;    // v128 cannot be a JS value (the call throws TypeError)
  }
}

function refToWast(r, type) {
  if (r === null) return {type, value: 'null'};
  if (type === 'externref') {
    let n = externIds.get(r);
    if (n === undefined) {
      n = String(foreignExternId++);
      externs.set(n, r);
      externIds.set(r, n);
    }
    return {type, value: n};
  }
  let id = funcIds.get(r);
  if (id === undefined) {
    id = String(funcIds.size);
    funcIds.set(r, id);
  }
  return {type, value: id};
}

// A JS result of a direct call as the wast2json value of type t (ToJSValue read backwards).
function fromJS(r, t) {
  switch (t.type) {
    case 'i32': return {type: 'i32', value: String(Number(r) >>> 0)};
    case 'i64': return {type: 'i64', value: BigInt.asUintN(64, BigInt(r)).toString()};
    case 'f32':
      scratch.setFloat32(0, Number(r), true);
      return {type: 'f32', value: String(scratch.getUint32(0, true))};
    case 'f64':
      scratch.setFloat64(0, Number(r), true);
      return {type: 'f64', value: scratch.getBigUint64(0, true).toString()};
    case 'externref':
    case 'funcref': return refToWast(r, t.type);
    default: return {type: t.type, value: String(r)};
  }
}

// Without a known signature (the reference could not decode the module): by the JS type.
function guessFromJS(r) {
  if (typeof r === 'bigint') return fromJS(r, {type: 'i64'});
  if (typeof r === 'number')
    return Number.isInteger(r) && r >= -2147483648 && r <= 2147483647 ? fromJS(r, {type: 'i32'})
                                                                       : fromJS(r, {type: 'f64'});
  if (typeof r === 'function') return refToWast(r, 'funcref');
  return refToWast(r, 'externref');
}

// A value read from a wrapper slot (little-endian), lanes in the requested shape.
function readSlot(view, off, t) {
  switch (t.type) {
    case 'i32':
    case 'f32': return {type: t.type, value: String(view.getUint32(off, true))};
    case 'i64':
    case 'f64': return {type: t.type, value: view.getBigUint64(off, true).toString()};
    case 'v128': {
      const lane = t.lane_type || 'i32';
      const value = [];
      const bytes = {i8: 1, i16: 2, i32: 4, f32: 4, i64: 8, f64: 8}[lane] || 4;
      for (let i = 0; i < 16; i += bytes) {
        if (bytes === 1) value.push(String(view.getUint8(off + i)));
        else if (bytes === 2) value.push(String(view.getUint16(off + i, true)));
        else if (bytes === 4) value.push(String(view.getUint32(off + i, true)));
        else value.push(view.getBigUint64(off + i, true).toString());
      }
      return {type: 'v128', lane_type: lane, value};
    }
    default: return {type: t.type, value: 'null'};
  }
}

const isRef = (type) => type === 'funcref' || type === 'externref';

// --- The import registry: spectest, registered instances, {} for any other name ------------
function makeSpectest(sharedMemory) {
  const print = () => {};  // prints nothing: stdout carries the replies (as host/spectest.cc)
  const spectest = {
    print, print_i32: print, print_i64: print, print_f32: print, print_f64: print,
    print_i32_f32: print, print_f64_f64: print,
    global_i32: new WebAssembly.Global({value: 'i32', mutable: false}, 666),
    global_i64: new WebAssembly.Global({value: 'i64', mutable: false}, 666n),
    global_f32: new WebAssembly.Global({value: 'f32', mutable: false}, 666.6),
    global_f64: new WebAssembly.Global({value: 'f64', mutable: false}, 666.6),
    table: new WebAssembly.Table({initial: 10, maximum: 20, element: 'anyfunc'}),
    memory: new WebAssembly.Memory({initial: 1, maximum: 2}),
  };
  // The threads profile's spectest also has a shared memory (the threads fork's harness).
  if (sharedMemory)
    spectest.shared_memory = new WebAssembly.Memory({initial: 1, maximum: 2, shared: true});
  return spectest;
}

function wasmref_run(plan) {
  const registered = {spectest: makeSpectest(plan.shared_memory)};
  // An unknown module name answers {} so that a missing import is a LinkError, not the
  // TypeError of a missing import-object entry (the spec harness's Proxy).
  const registry = new Proxy(registered, {
    get(target, name) {
      return Object.prototype.hasOwnProperty.call(target, name) ? target[name] : {};
    },
  });
  const modules = new Map();    // command index -> WebAssembly.Module
  const instances = new Map();  // command index -> WebAssembly.Instance
  const wrapperModules = new Map();  // wrapper id -> WebAssembly.Module
  const wrapperInstances = new Map();  // wrapper id -> Map(target -> wrapper instance)

  function reply(req, fields) {
    // Every request runs through the JS-API directly unless it says `wrapper`; nothing ran
    // for an `error`.
    const r = {index: req.index, op: req.op, outcome: 'ok', message: '', js_class: null,
               values: null, path: 'direct', path_reason: '', handle: null, reason: ''};
    Object.assign(r, fields);
    if (r.outcome === 'error') r.path = '';
    writeLine(JSON.stringify(r));
  }
  function thrown(req, e, phase, extra) {
    const cls = classOf(e);
    reply(req, Object.assign({outcome: outcomeOf(cls, phase), js_class: cls,
                              message: messageOf(e)}, extra || {}));
  }

  function wrapperFor(id, target, kind) {
    let m = wrapperModules.get(id);
    if (m === undefined) {
      m = new WebAssembly.Module(Buffer.from(plan.wrappers[id], 'base64'));
      wrapperModules.set(id, m);
      wrapperInstances.set(id, new Map());
    }
    const cache = wrapperInstances.get(id);
    let w = cache.get(target);
    if (w === undefined) {
      w = new WebAssembly.Instance(m, {target: {[kind]: target}}).exports;
      cache.set(target, w);
    }
    return w;
  }

  function doCompile(req) {
    const bytes = fs.readFileSync(req.file);
    let valid;
    try {
      valid = WebAssembly.validate(bytes);
    } catch (e) {
      return reply(req, {outcome: 'crash', js_class: classOf(e),
                         message: 'WebAssembly.validate threw ' + classOf(e) + ': ' + messageOf(e)});
    }
    let module;
    try {
      module = new WebAssembly.Module(bytes);
    } catch (e) {
      if (valid && classOf(e) === 'CompileError')
        return reply(req, {outcome: 'crash', js_class: 'CompileError',
                           message: 'WebAssembly.validate returned true, but new Module threw ' +
                                    'CompileError: ' + messageOf(e)});
      return thrown(req, e, 'compile');
    }
    if (!valid)
      return reply(req, {outcome: 'crash',
                         message: 'WebAssembly.validate returned false, but new Module succeeded'});
    modules.set(req.index, module);
    reply(req, {handle: req.index});
  }

  function doInstantiate(req) {
    const module = modules.get(req.module);
    if (module === undefined)
      return reply(req, {outcome: 'error', message: 'no compiled module ' + req.module});
    let instance;
    try {
      instance = new WebAssembly.Instance(module, registry);
    } catch (e) {
      return thrown(req, e, 'instantiate');
    }
    instances.set(req.index, instance);
    reply(req, {handle: req.index});
  }

  function exportsOf(req) {
    const instance = instances.get(req.instance);
    return instance === undefined ? undefined : instance.exports;
  }

  function doRegister(req) {
    const exports = exportsOf(req);
    if (exports === undefined)
      return reply(req, {outcome: 'error', message: 'no instance ' + req.instance});
    registered[req.as] = exports;
    reply(req, {});
  }

  function doInvoke(req) {
    const exports = exportsOf(req);
    if (exports === undefined)
      return reply(req, {outcome: 'error', message: 'no instance ' + req.instance});
    const f = exports[req.field];
    if (typeof f !== 'function')
      return reply(req, {outcome: 'error', reason: 'unknown-export',
                         message: 'no function export "' + req.field + '"'});
    if (req.wrapper !== undefined) {
      // Bit-exact: argument bytes into the wrapper's memory, result bytes out.
      const path = {path: 'wrapper', path_reason: req.path_reason};
      let w;
      try {
        w = wrapperFor(req.wrapper, f, 'func');
      } catch (e) {
        return reply(req, Object.assign({outcome: 'error', message: 'the wrapper module failed: ' +
                                         classOf(e) + ': ' + messageOf(e)}, path));
      }
      new Uint8Array(w.memory.buffer).set(Buffer.from(req.arg_bytes, 'base64'), 0);
      const refArgs = [];
      req.args.forEach((a) => { if (isRef(a.type)) refArgs.push(toJS(a)); });
      let r;
      try {
        r = w.run(...refArgs);
      } catch (e) {
        return thrown(req, e, 'invoke', path);
      }
      const refCount = req.results.filter((t) => isRef(t.type)).length;
      const refResults = refCount === 0 ? [] : refCount === 1 ? [r] : Array.from(r);
      const view = new DataView(w.memory.buffer);
      const np = req.params.length;
      let k = 0;
      const values = req.results.map((t, j) =>
          isRef(t.type) ? refToWast(refResults[k++], t.type) : readSlot(view, (np + j) * 16, t));
      return reply(req, Object.assign({values}, path));
    }
    const path = {path: 'direct', path_reason: req.path_reason};
    let r;
    try {
      r = f(...req.args.map(toJS));
    } catch (e) {
      return thrown(req, e, 'invoke', path);
    }
    let values;
    if (req.results === null) {
      values = r === undefined ? [] : Array.isArray(r) ? r.map(guessFromJS) : [guessFromJS(r)];
    } else if (req.results.length === 0) {
      values = [];
    } else if (req.results.length === 1) {
      values = [fromJS(r, req.results[0])];
    } else {
      const list = Array.from(r);
      if (list.length !== req.results.length)
        return reply(req, Object.assign({outcome: 'crash',
                                         message: 'the result count differs from the function type'},
                                        path));
      values = list.map((x, j) => fromJS(x, req.results[j]));
    }
    reply(req, Object.assign({values}, path));
  }

  function doGet(req) {
    const exports = exportsOf(req);
    if (exports === undefined)
      return reply(req, {outcome: 'error', message: 'no instance ' + req.instance});
    const g = exports[req.field];
    if (!(g instanceof WebAssembly.Global))
      return reply(req, {outcome: 'error', reason: 'unknown-export',
                         message: 'no global export "' + req.field + '"'});
    if (req.wrapper !== undefined) {
      const path = {path: 'wrapper', path_reason: req.path_reason};
      try {
        const w = wrapperFor(req.wrapper, g, 'global');
        w.run();
        return reply(req, Object.assign(
            {values: [readSlot(new DataView(w.memory.buffer), 0, req.result)]}, path));
      } catch (e) {
        return thrown(req, e, 'get', path);
      }
    }
    const path = {path: 'direct', path_reason: req.path_reason};
    let v;
    try {
      v = g.value;
    } catch (e) {
      return thrown(req, e, 'get', path);
    }
    const values = [req.result ? fromJS(v, req.result) : guessFromJS(v)];
    reply(req, Object.assign({values}, path));
  }

  const ops = {compile: doCompile, instantiate: doInstantiate, register: doRegister,
               invoke: doInvoke, get: doGet};
  for (const req of plan.requests) {
    const op = ops[req.op];
    if (op === undefined) {
      reply(req, {outcome: 'error', message: 'unknown request ' + req.op});
      continue;
    }
    try {
      op(req);
    } catch (e) {
      // A failure of this driver itself (e.g. an unreadable module file): never the engine's.
      reply(req, {outcome: 'error', message: 'driver: ' + classOf(e) + ': ' + messageOf(e)});
    }
  }
}
