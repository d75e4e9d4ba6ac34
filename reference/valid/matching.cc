// Core 3.0 defined types and matching (valid/conventions.rst, valid/types.rst,
// valid/matching.rst)
#include "valid/matching.h"

#include "syntax/messages.h"

namespace wasmref {

TypeRegistry& TypeRegistry::global() {
  static TypeRegistry registry;
  return registry;
}

namespace {

// The structural key of a rec group: a sequence of u32 words, appended to a string.
class Key {
 public:
  void word(u32 w) { s_.append(reinterpret_cast<const char*>(&w), sizeof w); }
  std::string take() { return std::move(s_); }

 private:
  std::string s_;
};

// A heap type of the group starting at type index `first` of length `len`, rolled: a reference
// into the group becomes its relative position, a reference before it the canonical id.
// `ok` is cleared when the reference points past the group (an unknown type).
struct Roller {
  std::span<const u32> ids;  // ids of the types before the group
  u32 first = 0;
  u32 len = 0;
  std::optional<u32> bad;  // the first out-of-range type index

  void heap(Key& k, HeapType h) {
    switch (h.kind) {
      case HeapType::Kind::abs:
        k.word(0);
        k.word(static_cast<u32>(h.abs));
        return;
      case HeapType::Kind::def:
        k.word(1);
        k.word(h.index);
        return;
      case HeapType::Kind::idx:
        if (h.index < first) {
          k.word(1);
          k.word(ids[h.index]);
        } else if (h.index - first < len) {
          k.word(2);
          k.word(h.index - first);
        } else {
          if (!bad) bad = h.index;
          k.word(3);
        }
        return;
    }
  }
  void val(Key& k, ValType t) {
    k.word(static_cast<u32>(t.code));
    if (t.is_ref()) heap(k, t.heap());
  }
  void sub(Key& k, const SubType& st) {
    k.word(st.final ? 1 : 0);
    k.word(static_cast<u32>(st.supers.size()));
    for (HeapType h : st.supers) heap(k, h);
    k.word(static_cast<u32>(st.comp.kind));
    const FuncType& f = st.comp.func;
    k.word(static_cast<u32>(f.params.size()));
    for (ValType t : f.params) val(k, t);
    k.word(static_cast<u32>(f.results.size()));
    for (ValType t : f.results) val(k, t);
    k.word(static_cast<u32>(st.comp.fields.size()));
    for (const FieldType& ft : st.comp.fields) {
      k.word(static_cast<u32>(ft.mut));
      k.word(static_cast<u32>(ft.storage.packed));
      if (ft.storage.packed == Packed::none) val(k, ft.storage.val);
    }
  }
};

// Closes a heap type of the group being added: group-relative references get ids from `base`.
HeapType close_in_group(HeapType h, std::span<const u32> ids, u32 first, u32 base) {
  if (h.kind != HeapType::Kind::idx) return h;
  if (h.index < first) return HeapType::def(ids[h.index]);
  return HeapType::def(base + (h.index - first));
}
ValType close_in_group(ValType t, std::span<const u32> ids, u32 first, u32 base) {
  if (!t.is_ref()) return t;
  return ValType::ref(close_in_group(t.heap(), ids, first, base), t.nullable());
}

}  // namespace

Result<std::vector<u32>> TypeRegistry::canonicalize(const std::vector<SubType>& types) {
  std::vector<u32> ids;
  ids.reserve(types.size());
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t first = 0; first < types.size();) {
    const u32 len = types[first].rec_len == 0 ? 1 : types[first].rec_len;
    if (first + len > types.size()) {
      return make_error(Outcome::crash, "rec group boundaries past the type section");
    }
    Roller roll{std::span<const u32>(ids), static_cast<u32>(first), len, std::nullopt};
    Key key;
    key.word(len);
    for (u32 i = 0; i < len; ++i) {
      const SubType& st = types[first + i];
      if (st.rec_pos != i || st.rec_len != len) {
        return make_error(Outcome::crash, "inconsistent rec group boundaries");
      }
      roll.sub(key, st);
      // valid/types.rst: a declared supertype y of type x must satisfy y < x.
      for (HeapType h : st.supers) {
        if (h.kind == HeapType::Kind::idx && h.index >= first + i && h.index < first + len) {
          return make_error(Outcome::invalid, std::string(msg::sub_type) + ": supertype " +
                                                  std::to_string(h.index) +
                                                  " does not precede type " + std::to_string(first + i));
        }
      }
    }
    if (roll.bad) return make_error(Outcome::invalid, std::string(msg::unknown_type) + " " + std::to_string(*roll.bad));
    std::string k = key.take();
    u32 base = 0;
    if (auto it = groups_.find(k); it != groups_.end()) {
      base = it->second;
    } else {
      base = static_cast<u32>(defs_.size());
      for (u32 i = 0; i < len; ++i) {
        const SubType& st = types[first + i];
        DefType d;
        d.sub.final = st.final;
        d.sub.rec_pos = i;
        d.sub.rec_len = len;
        d.sub.comp.kind = st.comp.kind;
        for (ValType t : st.comp.func.params) d.sub.comp.func.params.push_back(close_in_group(t, ids, static_cast<u32>(first), base));
        for (ValType t : st.comp.func.results) d.sub.comp.func.results.push_back(close_in_group(t, ids, static_cast<u32>(first), base));
        for (FieldType f : st.comp.fields) {
          f.storage.val = close_in_group(f.storage.val, ids, static_cast<u32>(first), base);
          d.sub.comp.fields.push_back(f);
        }
        for (HeapType h : st.supers) d.sub.supers.push_back(close_in_group(h, ids, static_cast<u32>(first), base));
        if (d.sub.supers.size() == 1 && d.sub.supers[0].kind == HeapType::Kind::def) {
          d.super = d.sub.supers[0].index;
        }
        d.group = base;
        d.top = st.comp.kind == CompType::Kind::func ? AbsHeap::func : AbsHeap::any;
        defs_.push_back(std::move(d));
      }
      groups_.emplace(std::move(k), base);
    }
    for (u32 i = 0; i < len; ++i) ids.push_back(base + i);
    first += len;
  }
  return ids;
}

u32 TypeRegistry::intern_func(const FuncType& ft) {
  std::vector<SubType> one{SubType(ft)};
  Result<std::vector<u32>> r = canonicalize(one);
  return r.ok() ? r.value()[0] : 0;  // closed types cannot name an unknown index
}

const DefType& TypeRegistry::def(u32 id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return defs_[id];
}

size_t TypeRegistry::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return defs_.size();
}

HeapType close(HeapType h, std::span<const u32> ids) {
  if (h.kind == HeapType::Kind::idx && h.index < ids.size()) return HeapType::def(ids[h.index]);
  return h;
}
ValType close(ValType t, std::span<const u32> ids) {
  return t.is_ref() ? ValType::ref(close(t.heap(), ids), t.nullable()) : t;
}
FuncType close(const FuncType& ft, std::span<const u32> ids) {
  FuncType out;
  for (ValType t : ft.params) out.params.push_back(close(t, ids));
  for (ValType t : ft.results) out.results.push_back(close(t, ids));
  return out;
}

AbsHeap top_heap(HeapType h, std::span<const u32> ids) {
  h = close(h, ids);
  if (h.kind == HeapType::Kind::abs) return top_of(h.abs);
  if (h.kind == HeapType::Kind::def) return TypeRegistry::global().def(h.index).top;
  return AbsHeap::bot;  // an unresolved index: validation reports it elsewhere
}

bool def_matches(u32 a, u32 b) {
  const TypeRegistry& reg = TypeRegistry::global();
  for (std::optional<u32> t = a; t; t = reg.def(*t).super) {
    if (*t == b) return true;
  }
  return false;
}

bool heap_matches(HeapType a, HeapType b, std::span<const u32> ids) {
  a = close(a, ids);
  b = close(b, ids);
  if (a == b) return true;
  if (a.kind == HeapType::Kind::abs && a.abs == AbsHeap::bot) return true;
  if (a.kind == HeapType::Kind::idx || b.kind == HeapType::Kind::idx) return false;
  const TypeRegistry& reg = TypeRegistry::global();
  if (b.kind == HeapType::Kind::abs) {
    if (a.kind == HeapType::Kind::def) {
      const CompType::Kind k = reg.def(a.index).sub.comp.kind;
      switch (b.abs) {
        case AbsHeap::any:
        case AbsHeap::eq: return k != CompType::Kind::func;
        case AbsHeap::struct_: return k == CompType::Kind::struct_;
        case AbsHeap::array: return k == CompType::Kind::array;
        case AbsHeap::func: return k == CompType::Kind::func;
        default: return false;
      }
    }
    switch (b.abs) {
      case AbsHeap::any: return top_of(a.abs) == AbsHeap::any;
      case AbsHeap::eq:
        return a.abs == AbsHeap::i31 || a.abs == AbsHeap::struct_ || a.abs == AbsHeap::array ||
               a.abs == AbsHeap::none;
      case AbsHeap::i31:
      case AbsHeap::struct_:
      case AbsHeap::array: return a.abs == AbsHeap::none;
      case AbsHeap::func: return a.abs == AbsHeap::nofunc;
      case AbsHeap::extern_: return a.abs == AbsHeap::noextern;
      case AbsHeap::exn: return a.abs == AbsHeap::noexn;
      default: return false;
    }
  }
  // b is a defined type.
  if (a.kind == HeapType::Kind::abs) return a.abs == bottom_of(reg.def(b.index).top);
  return def_matches(a.index, b.index);
}

bool val_matches(ValType a, ValType b, std::span<const u32> ids) {
  if (a.code == ValType::Code::bot) return true;
  if (!a.is_ref() || !b.is_ref()) return a.code == b.code;
  if (a.nullable() && !b.nullable()) return false;
  return heap_matches(a.heap(), b.heap(), ids);
}

bool results_match(const ResultType& a, const ResultType& b, std::span<const u32> ids) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!val_matches(a[i], b[i], ids)) return false;
  }
  return true;
}

namespace {
bool storage_matches(const StorageType& a, const StorageType& b) {
  if (a.packed != Packed::none || b.packed != Packed::none) return a.packed == b.packed;
  return val_matches(a.val, b.val);
}
// valid/matching.rst field types: a const field is covariant, a var field invariant.
bool field_matches(const FieldType& a, const FieldType& b) {
  if (a.mut != b.mut) return false;
  if (a.mut == Mut::const_) return storage_matches(a.storage, b.storage);
  return storage_matches(a.storage, b.storage) && storage_matches(b.storage, a.storage);
}
}  // namespace

bool comp_matches(const CompType& a, const CompType& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case CompType::Kind::func:  // contravariant parameters, covariant results
      return results_match(b.func.params, a.func.params) && results_match(a.func.results, b.func.results);
    case CompType::Kind::struct_:  // a prefix of a's fields matches b's
      if (a.fields.size() < b.fields.size()) return false;
      for (size_t i = 0; i < b.fields.size(); ++i) {
        if (!field_matches(a.fields[i], b.fields[i])) return false;
      }
      return true;
    case CompType::Kind::array:
      return a.fields.size() == 1 && b.fields.size() == 1 && field_matches(a.fields[0], b.fields[0]);
  }
  return false;
}

}  // namespace wasmref
