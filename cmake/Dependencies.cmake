# Locates RE2 and nlohmann/json for both toolchains.
#
# Native: Debian's libre2-dev (pkg-config only) and nlohmann-json3-dev.
# WASM:   RE2 compiled from the pinned npm tarball re2@1.19.2 (vendor/ sources,
#         unpacked by scripts/build.sh into CLASP_RE2_SOURCE_DIR) and nlohmann
#         exposed through a one-symlink include folder (emcc must not see
#         /usr/include: glibc headers would shadow emscripten's libc).

if(EMSCRIPTEN)
  set(CLASP_RE2_SOURCE_DIR "" CACHE PATH "unpacked re2@1.19.2 npm package vendor/ folder")
  if(NOT EXISTS "${CLASP_RE2_SOURCE_DIR}/re2/re2.h")
    message(FATAL_ERROR "CLASP_RE2_SOURCE_DIR must point at re2@1.19.2's vendor/ folder (scripts/build.sh unpacks it)")
  endif()
  file(GLOB _re2_sources "${CLASP_RE2_SOURCE_DIR}/re2/*.cc")
  list(FILTER _re2_sources EXCLUDE REGEX "(_test|fuzzer|benchmark|tester)\\.cc$")
  add_library(re2_vendored STATIC ${_re2_sources}
    "${CLASP_RE2_SOURCE_DIR}/util/rune.cc" "${CLASP_RE2_SOURCE_DIR}/util/strutil.cc")
  target_include_directories(re2_vendored PUBLIC "${CLASP_RE2_SOURCE_DIR}")
  target_compile_options(re2_vendored PRIVATE -w)
  add_library(clasp::re2 ALIAS re2_vendored)

  set(_nl_dir "${CMAKE_BINARY_DIR}/nlohmann-include")
  file(MAKE_DIRECTORY "${_nl_dir}")
  if(NOT EXISTS "${_nl_dir}/nlohmann")
    file(CREATE_LINK /usr/include/nlohmann "${_nl_dir}/nlohmann" SYMBOLIC)
  endif()
  add_library(clasp_json INTERFACE)
  target_include_directories(clasp_json INTERFACE "${_nl_dir}")
  add_library(clasp::json ALIAS clasp_json)
else()
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET GLOBAL re2)
  add_library(clasp::re2 ALIAS PkgConfig::RE2)
  find_package(nlohmann_json 3.11 REQUIRED)
  add_library(clasp::json ALIAS nlohmann_json::nlohmann_json)
endif()
