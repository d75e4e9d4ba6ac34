// Core 2.0 §5.5 Modules (binary/modules.rst), decoded from a byte stream that arrives in chunks
// (for web-api "compileStreaming": the body is consumed chunk by chunk).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "syntax/features.h"
#include "syntax/module.h"
#include "syntax/result.h"

namespace wasmref::binary {

// A decoder fed one chunk at a time. It frames the preamble (magic, version) and each section
// (id, size) as the bytes arrive, decodes each section as soon as all of its bytes are there,
// and reports an error as soon as the bytes seen so far determine it, i.e. when every
// continuation of those bytes would be malformed with that same error.
//
// Contract (tested as a property over all chunkings in stream_test.cc): for any split of a
// byte string `b` into chunks, feeding them in order and calling finish() gives exactly
// decode_module(b): the same Module, or an Error with the same outcome and message.
// The Module of a well-formed stream is built by finish() from the complete bytes; the
// per-section decoding as the bytes arrive is what finds errors early (see stream.cc).
class StreamDecoder {
 public:
  explicit StreamDecoder(const Features& features = {}) : features_(features) {}

  // Appends the next chunk and decodes what it completes. Returns false once an error is
  // determined (later chunks are still accepted and kept, but no longer decoded).
  bool feed(std::span<const u8> chunk);
  // The error determined by the bytes fed so far, if any: decode_module's error for these
  // bytes and any continuation of them.
  const std::optional<Error>& error() const { return error_; }
  // End of the stream: the module, or the error, that decode_module gives for all the bytes.
  Result<Module> finish();
  // Everything fed so far (the JS-API keeps the bytes of a module).
  const std::vector<u8>& bytes() const { return bytes_; }

 private:
  enum class Phase : u8 {
    preamble,      // magic and version not complete yet
    section_id,    // at the id byte of the next section
    section_size,  // reading the u32 size of the section whose id is at section_start_
    contents,      // waiting for the section's contents
    undetermined,  // the outcome depends on bytes after a section (see stream.cc): wait for end
    failed,        // error_ is set
  };
  void advance();
  void fail();  // error_ = decode_module's error for the bytes up to pos_
  void check_section();

  Features features_;
  std::vector<u8> bytes_;
  Phase phase_ = Phase::preamble;
  size_t pos_ = 0;            // the first byte not framed yet
  size_t section_start_ = 0;  // the section's id byte
  size_t contents_start_ = 0;
  u32 size_ = 0;              // the section's declared size
  int last_rank_ = 0;         // order of the last non-custom section (§5.5.2)
  std::optional<Error> error_;
};

}  // namespace wasmref::binary
