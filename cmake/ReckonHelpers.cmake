# Helpers that give every module the same shape: one static library per module,
# one GoogleTest executable per module, explicit dependencies.

# reckon_cc_library(NAME name HDRS ... SRCS ... DEPS ... [PUBLIC_DEPS ...])
# Makes the static library reckon_<name> and the alias reckon::<name>.
# DEPS are private; PUBLIC_DEPS are those whose headers appear in HDRS.
function(reckon_cc_library)
  cmake_parse_arguments(ARG "" "NAME" "HDRS;SRCS;DEPS;PUBLIC_DEPS" ${ARGN})
  set(target reckon_${ARG_NAME})
  add_library(${target} STATIC ${ARG_SRCS} ${ARG_HDRS})
  add_library(reckon::${ARG_NAME} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${target}
    PUBLIC reckon_options ${ARG_PUBLIC_DEPS}
    PRIVATE reckon_warnings ${ARG_DEPS})
endfunction()

# reckon_cc_test(NAME name SRCS ... DEPS ...)
# Makes the test executable reckon_<name>_test and registers each TEST with CTest.
function(reckon_cc_test)
  if(NOT RECKON_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  set(target reckon_${ARG_NAME}_test)
  add_executable(${target} ${ARG_SRCS})
  target_link_libraries(${target} PRIVATE reckon_options reckon_warnings ${ARG_DEPS}
                        GTest::gmock GTest::gtest_main)
  target_compile_definitions(${target} PRIVATE
    RECKON_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    RECKON_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT "RECKON_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# reckon_embed_file(OUT_VAR INPUT SYMBOL)
# Turns a data file into a generated .cc defining `extern const char SYMBOL[]`,
# so bundled vocabularies travel inside the binary.
function(reckon_embed_file out_var input symbol)
  set(output ${PROJECT_BINARY_DIR}/generated/${symbol}.cc)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DSYMBOL=${symbol}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake
    DEPENDS ${input} ${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake
    COMMENT "Embedding ${input}")
  set(${out_var} ${output} PARENT_SCOPE)
endfunction()
