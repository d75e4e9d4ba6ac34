// Core 2.0 §5.5 Modules (binary/modules.rst): the module decoder over a byte stream in chunks.
//
// How the result stays decode_module's for every chunking:
// - Framing (§5.5.2 section_N(B) ::= N:byte size:u32 cont:B, the preamble of §5.5.16) is read
//   here as the bytes arrive. An error is only reported when the bytes seen determine it for
//   every continuation: a wrong magic or version once its 4 bytes are there, a section id above
//   12 or out of order, a size that is not a valid u32 LEB. The error itself is then taken from
//   decode_module over the bytes seen, which (being determined) is the error for the whole input.
// - A complete section is decoded on its own, as the only section of a module (the preamble,
//   the section's id, size and contents). The whole-input decoder reads exactly the same bytes
//   for that section as long as it stays inside the section, so:
//     success (the contents fill the declared size)      -> the same success;
//     an error raised inside the section's bytes         -> the same error, determined now;
//     running off the section's end ("unexpected end of section or function", or a length
//     checked against what is left: "length out of bounds") -> the whole-input decoder would
//     read on into the next bytes, so the outcome depends on them: undetermined until the end.
//   The checks between sections (§5.5.16: function/code lengths, data count) are made once,
//   after the last section, by the whole-input decode; a lone section failing only those is fine.
// - finish() returns decode_module over all the bytes unless an error was determined before.
//   Note: the Module itself is therefore built by one decode over the complete bytes (the
//   web-api lets the body be consumed entirely before compiling); the per-section decoding
//   only brings errors forward, so a malformed stream is known as soon as possible.
#include "binary/stream.h"

#include <algorithm>
#include <string_view>

#include "binary/decode.h"
#include "binary/reader.h"
#include "syntax/messages.h"

namespace wasmref::binary {
namespace {

constexpr u8 kMagic[4] = {0x00, 0x61, 0x73, 0x6D};    // §5.5.16 magic
constexpr u8 kVersion[4] = {0x01, 0x00, 0x00, 0x00};  // §5.5.16 version
constexpr size_t kPreamble = 8;

// §5.5.2: the non-custom sections in the order of §5.5.16 (type, import, function, table,
// memory, global, export, start, element, data count, code, data), each at most once.
int section_rank(u8 id) {
  constexpr int kRank[13] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
  return id < 13 ? kRank[id] : 0;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool StreamDecoder::feed(std::span<const u8> chunk) {
  bytes_.insert(bytes_.end(), chunk.begin(), chunk.end());
  advance();
  return !error_;
}

Result<Module> StreamDecoder::finish() {
  if (error_) return *error_;
  return decode_module(bytes_, features_);
}

// The bytes seen determine an error: it is decode_module's error for them.
void StreamDecoder::fail() {
  phase_ = Phase::failed;
  Result<Module> whole = decode_module(bytes_, features_);
  if (whole) {  // cannot happen when the framing above is right: never silence it
    error_ = make_error(Outcome::crash, std::string(msg::internal_error) +
                                            ": streaming decoder saw an error decode_module did not");
    return;
  }
  error_ = whole.take_error();
}

void StreamDecoder::advance() {
  for (;;) {
    switch (phase_) {
      case Phase::preamble: {
        if (bytes_.size() < 4) return;
        if (!std::equal(bytes_.begin(), bytes_.begin() + 4, kMagic)) return fail();
        if (bytes_.size() < kPreamble) return;
        if (!std::equal(bytes_.begin() + 4, bytes_.begin() + 8, kVersion)) return fail();
        pos_ = kPreamble;
        phase_ = Phase::section_id;
        break;
      }
      case Phase::section_id: {
        if (pos_ >= bytes_.size()) return;
        const u8 id = bytes_[pos_];
        if (id > 12) return fail();  // malformed section id
        const int rank = section_rank(id);
        // A non-custom section out of order or repeated: nothing after it can repair that.
        if (id != 0 && rank <= last_rank_) return fail();
        if (id != 0) last_rank_ = rank;
        section_start_ = pos_;
        pos_ += 1;
        phase_ = Phase::section_size;
        break;
      }
      case Phase::section_size: {
        Reader r(std::span<const u8>(bytes_).subspan(pos_));
        Result<u32> size = r.read_u32();
        if (!size) {
          // Out of bytes inside the LEB: wait for more. Any other LEB error is final.
          if (size.error().message == msg::unexpected_end_of_section_or_function) return;
          return fail();
        }
        // read_len's bound (size against the rest of the input) holds once the contents are
        // all there; until then it is undetermined, and a stream ending early is decided by
        // finish().
        size_ = *size;
        contents_start_ = pos_ + r.pos();
        phase_ = Phase::contents;
        break;
      }
      case Phase::contents: {
        if (bytes_.size() - contents_start_ < size_) return;
        check_section();
        if (phase_ != Phase::contents) return;
        pos_ = contents_start_ + size_;
        phase_ = Phase::section_id;
        break;
      }
      case Phase::undetermined:
      case Phase::failed: return;
    }
  }
}

// Decodes the complete section [section_start_, contents_start_ + size_) as the only section of
// a module, and classifies the outcome (see the top of this file).
void StreamDecoder::check_section() {
  std::vector<u8> single(bytes_.begin(), bytes_.begin() + kPreamble);
  single.insert(single.end(), bytes_.begin() + static_cast<std::ptrdiff_t>(section_start_),
                bytes_.begin() + static_cast<std::ptrdiff_t>(contents_start_ + size_));
  Result<Module> m = decode_module(single, features_);
  if (m) return;
  const std::string& message = m.error().message;
  // §5.5.16's checks across sections: the section itself decoded completely.
  if (message == msg::function_and_code_section_inconsistent ||
      message == msg::data_count_and_data_section_inconsistent ||
      message == msg::data_count_section_required) {
    return;
  }
  // The decoder ran past the section's end: the whole input would go on reading.
  if (starts_with(message, msg::unexpected_end_of_section_or_function) ||
      starts_with(message, msg::length_out_of_bounds)) {
    phase_ = Phase::undetermined;
    return;
  }
  fail();
}

}  // namespace wasmref::binary
