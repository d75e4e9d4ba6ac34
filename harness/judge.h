// Harness: the expected outcome of each command kind and the verdict (notes-harness §2.1, §5.3)
//
// module/register/action -> ok; assert_return -> ok and the values match one alternative;
// assert_trap -> trap; assert_exhaustion -> exhaustion; assert_exception -> exception;
// assert_invalid -> invalid; assert_malformed -> malformed; assert_unlinkable -> link_error;
// assert_uninstantiable -> instantiation_trap. Each kind also requires a JS-API error class
// (ARCHITECTURE "The JS-API layer"): none for the ok kinds, CompileError for invalid and
// malformed, LinkError, RuntimeError for uninstantiable and trap, RangeError (the host's
// stack-overflow class) for exhaustion, a WebAssembly.Exception for exception. The outcome and
// the class decide the verdict; the message is prefix-matched against the expected text as a
// separate dimension (`text_match`).
//
// A JS engine cannot say whether a module it rejects is malformed or invalid: both are a
// CompileError (js-api "Error Condition Mappings"). Its adapter takes the split from the
// reference's decode + validate of the same bytes where the reference agrees with the script,
// and otherwise reports outcome `compile_error` (rejected at compile time, phase unknown):
// the reference cannot classify that module (a proposal it does not implement, a gap of its
// own), so it cannot be the oracle. `compile_error` under CompileError for a command that
// expects malformed or invalid is a pass with reason `phase-unchecked` and a note; for any
// other command it is an outcome-mismatch like every other wrong outcome.
#pragma once

#include <span>
#include <string>

#include "harness/record.h"
#include "harness/script.h"

namespace wasmref::harness {

// The outcome of a module rejected at compile time whose phase is unknown, and the reason of
// the pass it gets where malformed or invalid is expected.
inline constexpr const char* kCompileError = "compile_error";
inline constexpr const char* kPhaseUnchecked = "phase-unchecked";

const char* expected_outcome(CommandKind k);
// The JS class the kind requires, or nullptr when the command must not throw.
const char* expected_js_class(CommandKind k);
// The class the JS-API throws for a core outcome name (js-api "Error Condition Mappings"):
// nullptr for "ok".
const char* js_class_of_outcome(const std::string& outcome);

// "prefix" when the message starts with the expected text, "mismatch" when it does not,
// "n/a" when there is no expected text or no message to compare.
std::string text_match(const std::optional<std::string>& expected, const std::string& message);

// A record with the command's fields filled in and no result yet.
Record begin_record(const Command& c, const std::string& file, const std::string& profile);

// The shape to report a v128 result at position `i` in: the lane type of the expectation.
LaneType result_shape(const Command& c, size_t i);

// Sets actual outcome/message/js_class, verdict (pass/fail), reason and text_match. The right
// outcome with another class than the kind requires is a fail with reason `class-mismatch`.
void judge_outcome(Record& r, const std::string& actual_outcome, const std::string& message,
                   const std::optional<std::string>& js_class);

// For an action that completed (nothing thrown): records the values and, for assert_return,
// matches them.
void judge_values(Record& r, const Command& c, std::span<const Value> results);

void mark_skip(Record& r, const std::string& reason, const std::string& message);
void mark_blocked(Record& r, size_t failed_index, const std::string& message);
void mark_error(Record& r, const std::string& reason, const std::string& message);

}  // namespace wasmref::harness
