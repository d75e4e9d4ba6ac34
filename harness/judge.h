// Harness: the expected outcome of each command kind and the verdict (notes-harness §2.1, §5.3)
//
// module/register/action -> ok; assert_return -> ok and the values match one alternative;
// assert_trap -> trap; assert_exhaustion -> exhaustion; assert_exception -> exception;
// assert_invalid -> invalid; assert_malformed -> malformed; assert_unlinkable -> link_error;
// assert_uninstantiable -> instantiation_trap. The outcome decides the verdict; the message
// is prefix-matched against the expected text as a separate dimension (`text_match`).
#pragma once

#include <span>
#include <string>

#include "harness/record.h"
#include "harness/script.h"

namespace wasmref::harness {

const char* expected_outcome(CommandKind k);

// "prefix" when the message starts with the expected text, "mismatch" when it does not,
// "n/a" when there is no expected text or no message to compare.
std::string text_match(const std::optional<std::string>& expected, const std::string& message);

// A record with the command's fields filled in and no result yet.
Record begin_record(const Command& c, const std::string& file, const std::string& profile);

// The shape to report a v128 result at position `i` in: the lane type of the expectation.
LaneType result_shape(const Command& c, size_t i);

// Sets actual outcome/message, verdict (pass/fail), reason and text_match.
void judge_outcome(Record& r, const std::string& actual_outcome, const std::string& message);

// For an action that completed: records the values and, for assert_return, matches them.
void judge_values(Record& r, const Command& c, std::span<const Value> results);

void mark_skip(Record& r, const std::string& reason, const std::string& message);
void mark_blocked(Record& r, size_t failed_index, const std::string& message);
void mark_error(Record& r, const std::string& reason, const std::string& message);

}  // namespace wasmref::harness
