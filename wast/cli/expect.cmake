# Runs CMD and checks that it exits with EXPECT_RC (not a signal) and that its output (stdout
# and stderr) matches EXPECT_REGEX. Used by the CLI bad-input tests in wast/CMakeLists.txt.
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")
if(NOT rc STREQUAL "${EXPECT_RC}")
  message(FATAL_ERROR "expected exit code ${EXPECT_RC}, got '${rc}'\n--- output:\n${all}")
endif()
if(NOT all MATCHES "${EXPECT_REGEX}")
  message(FATAL_ERROR "output does not match '${EXPECT_REGEX}'\n--- output:\n${all}")
endif()
message(STATUS "exit ${rc}: ${all}")
