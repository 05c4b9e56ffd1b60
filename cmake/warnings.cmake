# The warnings of the tree's own code, as a target: every library and executable built here
# links ledger_warnings PRIVATE (next to its other libraries), so a warning is a property of
# the target that compiles the code, never of a directory or of everything that links it.
# ledger_check_warnings() refuses to configure a tree in which a target does not.
#
# LEDGER_WERROR turns these warnings into errors. CI's gcc build sets it (.ci/run); a user's
# build does not, so that a newer compiler's new warning never stops a build on a fresh machine.
option(LEDGER_WERROR "Treat warnings in the tree's own code as errors (CI sets it)" OFF)

add_library(ledger_warnings INTERFACE)
# Designated initializers that leave fields at their defaults are intended, not a slip;
# interface methods and callbacks often leave a parameter unused.
target_compile_options(ledger_warnings INTERFACE
  -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)
if(LEDGER_WERROR)
  target_compile_options(ledger_warnings INTERFACE -Werror)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # gcc 12 reports maybe-uninitialized inside kj's promise nodes
    # (kj/async-inl.h ExceptionOr<std::optional<std::string>>) when it inlines them into our
    # code: a known false positive of its flow analysis, not a fact about this tree.
    target_compile_options(ledger_warnings INTERFACE -Wno-error=maybe-uninitialized)
  endif()
endif()

# Fails the configuration when a library or executable defined in `directory` or below does
# not link ledger_warnings.
function(ledger_check_warnings directory)
  get_property(targets DIRECTORY "${directory}" PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "INTERFACE_LIBRARY" OR type STREQUAL "UTILITY")
      continue()
    endif()
    get_target_property(libraries ${target} LINK_LIBRARIES)
    if(NOT "ledger_warnings" IN_LIST libraries)
      message(FATAL_ERROR "${target} (${directory}) does not link ledger_warnings: add "
                          "target_link_libraries(${target} PRIVATE ledger_warnings)")
    endif()
  endforeach()
  get_property(children DIRECTORY "${directory}" PROPERTY SUBDIRECTORIES)
  foreach(child IN LISTS children)
    ledger_check_warnings("${child}")
  endforeach()
endfunction()
