// Core 3.0 §6.3.1-6.3.2 Integers and floating-point numbers (text/values.rst)
//
// Pure conversions from the text of a number token (or the keywords `inf`, `nan`,
// `nan:0x...`) to bit patterns. Underscores between digits are allowed and ignored; anything
// else not in the grammar (a leading or doubled `_`, a `0x` without digits, `nan:0x0`) makes
// the token "not a number of this kind" (the parser then says "unexpected token" or "unknown
// operator", as the suite expects), and a well-formed literal whose value does not fit is
// "constant out of range". Floats round to nearest-even exactly (decimal and hexadecimal),
// and a literal that rounds to infinity is out of range.
#pragma once

#include <string_view>

#include "syntax/types.h"

namespace wasmref::text {

enum class NumStatus : u8 {
  ok,
  not_a_number,  // not a literal of the requested kind
  out_of_range,  // "constant out of range"
};

struct NumResult {
  NumStatus status = NumStatus::not_a_number;
  u64 bits = 0;  // the N-bit pattern, zero-extended (signed values two's complement)
};

// uN: unsigned, no sign allowed.
NumResult parse_uN(std::string_view text, unsigned bits);
// sN: a signed literal (a sign is required for negatives, optional for positives) in
// [-2^(N-1), 2^(N-1) - 1].
NumResult parse_sN(std::string_view text, unsigned bits);
// iN: the spec's "uN | sN" with the sN value taken modulo 2^N, i.e. any literal in
// [-2^(N-1), 2^N - 1]. N is 8, 16, 32 or 64.
NumResult parse_iN(std::string_view text, unsigned bits);
// fN for N = 32 or 64: decimal or hexadecimal floats, `inf`, `nan`, `nan:0xP` with a payload
// in [1, 2^(signif) - 1], each with an optional sign. Also accepts integer literals (they are
// floats in the grammar).
NumResult parse_fN(std::string_view text, unsigned bits);

// Whether `text` is a numeric literal of the grammar (any iN or fN, with its optional sign,
// including `inf`, `nan`, `nan:0x...`), whatever its range: the lexer's test that tells a
// number token from a reserved one (`1x`, `0x`, `1__0`, `+_1` are reserved).
bool is_number_literal(std::string_view text);

}  // namespace wasmref::text
