# Install test, run by ctest as `install.consumer` (see CMakeLists.txt here):
#
#   cmake -DHARFACT_BINARY_DIR=<build> -DHARFACT_SOURCE_DIR=<source>
#         -DHARFACT_GENERATOR=<generator> -DHARFACT_CXX_COMPILER=<c++>
#         -DHARFACT_INSTALL_{BINDIR,LIBDIR,INCLUDEDIR,DATADIR}=<relative dir>
#         [-DHARFACT_BUILD_TYPE=<config>] [-DHARFACT_MAKE_PROGRAM=<ninja/make>]
#         [-DHARFACT_SANITIZE=<sanitizers>] [-DHARFACT_WORK_DIR=<scratch dir>]
#         [-DHARFACT_KEEP_INSTALL=ON] -P run_install_test.cmake
#
# Reuses the already built tree: installs it into a temporary prefix, checks the
# installed layout, builds consumer/ against that prefix with
# find_package(harfact), runs it on testdata/har/minimal_valid.har and checks its
# output, then runs the installed `harfact --version`. The temporary prefix is
# removed at the end (also on failure, unless HARFACT_KEEP_INSTALL is ON).
cmake_minimum_required(VERSION 3.25)

foreach(var HARFACT_BINARY_DIR HARFACT_SOURCE_DIR HARFACT_GENERATOR HARFACT_CXX_COMPILER)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "install test: ${var} must be set (-D${var}=...)")
  endif()
endforeach()
if(NOT EXISTS "${HARFACT_BINARY_DIR}/CMakeCache.txt")
  message(FATAL_ERROR "install test: ${HARFACT_BINARY_DIR} is not a configured build tree")
endif()
if(NOT HARFACT_WORK_DIR)
  set(HARFACT_WORK_DIR "${HARFACT_BINARY_DIR}/tests/install")
endif()

# A fresh scratch directory per run, so concurrent runs cannot collide.
string(RANDOM LENGTH 8 ALPHABET "0123456789abcdef" run_id)
set(work "${HARFACT_WORK_DIR}/install-test-${run_id}")
set(prefix "${work}/prefix")
set(consumer_build "${work}/consumer-build")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")

# Stops the test with a message naming the failed step; cleans up first.
function(install_test_fail step details)
  if(HARFACT_KEEP_INSTALL)
    set(kept "\n(kept ${work} for inspection)")
  else()
    file(REMOVE_RECURSE "${work}")
    set(kept "")
  endif()
  message(FATAL_ERROR "install test FAILED at step '${step}':\n${details}${kept}")
endfunction()

# Runs a command; fails the step with its output unless it exits 0.
function(install_test_run step out_var)
  execute_process(COMMAND ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    list(JOIN ARGN " " cmd)
    install_test_fail("${step}" "command: ${cmd}\nexit: ${rc}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

set(config_args "")
if(HARFACT_BUILD_TYPE)
  set(config_args --config "${HARFACT_BUILD_TYPE}")
endif()

# The install directories the main tree was configured with (GNUInstallDirs),
# relative to the prefix.
foreach(dir BINDIR LIBDIR INCLUDEDIR DATADIR)
  if(NOT HARFACT_INSTALL_${dir})
    install_test_fail("arguments" "HARFACT_INSTALL_${dir} must be set (-DHARFACT_INSTALL_${dir}=...)")
  endif()
  if(IS_ABSOLUTE "${HARFACT_INSTALL_${dir}}")
    install_test_fail("arguments"
      "CMAKE_INSTALL_${dir} is absolute (${HARFACT_INSTALL_${dir}}); --prefix cannot relocate it")
  endif()
  set(main_CMAKE_INSTALL_${dir} "${HARFACT_INSTALL_${dir}}")
endforeach()

# 1. Install the existing build tree into the temporary prefix.
message(STATUS "install test: cmake --install ${HARFACT_BINARY_DIR} --prefix ${prefix}")
install_test_run("cmake --install" install_out
  "${CMAKE_COMMAND}" --install "${HARFACT_BINARY_DIR}" --prefix "${prefix}" ${config_args})

# 2. The installed layout.
set(expected
  "${main_CMAKE_INSTALL_INCLUDEDIR}/harfact/har/reader.hpp"
  "${main_CMAKE_INSTALL_INCLUDEDIR}/harfact/core/result.hpp"
  "${main_CMAKE_INSTALL_INCLUDEDIR}/harfact/core/version.hpp"
  "${main_CMAKE_INSTALL_LIBDIR}/libharfact.a"
  "${main_CMAKE_INSTALL_BINDIR}/harfact"
  "${main_CMAKE_INSTALL_DATADIR}/harfact/signatures"
  "${main_CMAKE_INSTALL_LIBDIR}/cmake/harfact/harfact-config.cmake"
  "${main_CMAKE_INSTALL_LIBDIR}/cmake/harfact/harfact-config-version.cmake"
  "${main_CMAKE_INSTALL_LIBDIR}/cmake/harfact/harfact-targets.cmake"
  "${main_CMAKE_INSTALL_LIBDIR}/cmake/harfact/dependencies.cmake")
foreach(rel ${expected})
  if(NOT EXISTS "${prefix}/${rel}")
    file(GLOB_RECURSE installed RELATIVE "${prefix}" "${prefix}/*")
    list(JOIN installed "\n  " installed)
    install_test_fail("check installed files" "missing ${prefix}/${rel}\ninstalled:\n  ${installed}")
  endif()
endforeach()
# Internal headers live beside the sources and must never be installed.
file(GLOB_RECURSE installed_headers RELATIVE "${prefix}/${main_CMAKE_INSTALL_INCLUDEDIR}"
     "${prefix}/${main_CMAKE_INSTALL_INCLUDEDIR}/*")
foreach(header ${installed_headers})
  if(NOT header MATCHES "^harfact/.*\\.hpp$")
    install_test_fail("check installed files" "unexpected file installed: ${header}")
  endif()
endforeach()

# 3. Configure and build the consumer against the prefix only.
set(consumer_args
  -S "${CMAKE_CURRENT_LIST_DIR}/consumer" -B "${consumer_build}"
  -G "${HARFACT_GENERATOR}"
  "-DCMAKE_CXX_COMPILER=${HARFACT_CXX_COMPILER}"
  "-DCMAKE_PREFIX_PATH=${prefix}")
if(HARFACT_BUILD_TYPE)
  list(APPEND consumer_args "-DCMAKE_BUILD_TYPE=${HARFACT_BUILD_TYPE}")
endif()
if(HARFACT_MAKE_PROGRAM)
  list(APPEND consumer_args "-DCMAKE_MAKE_PROGRAM=${HARFACT_MAKE_PROGRAM}")
endif()
if(HARFACT_SANITIZE)
  # A sanitized static library needs a sanitized executable to link it.
  list(APPEND consumer_args
    "-DCMAKE_CXX_FLAGS=-fsanitize=${HARFACT_SANITIZE} -fno-omit-frame-pointer"
    "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=${HARFACT_SANITIZE}")
endif()
message(STATUS "install test: configuring the consumer")
install_test_run("configure consumer (find_package(harfact))" configure_out
  "${CMAKE_COMMAND}" ${consumer_args})

# find_package must have found the package under the prefix, not elsewhere.
load_cache("${consumer_build}" READ_WITH_PREFIX consumer_ harfact_DIR)
file(REAL_PATH "${prefix}" real_prefix)
file(REAL_PATH "${consumer_harfact_DIR}" real_harfact_dir)
string(FIND "${real_harfact_dir}/" "${real_prefix}/" at)
if(NOT at EQUAL 0)
  install_test_fail("configure consumer"
    "find_package(harfact) used ${consumer_harfact_DIR}, not the package installed under ${prefix}")
endif()

message(STATUS "install test: building the consumer")
install_test_run("build consumer" build_out
  "${CMAKE_COMMAND}" --build "${consumer_build}" ${config_args})

# 4. Run the consumer on a known capture and check what it reports.
set(capture "${HARFACT_SOURCE_DIR}/testdata/har/minimal_valid.har")
file(SHA256 "${capture}" expected_sha256)
set(consumer_exe "${consumer_build}/harfact_consumer")
if(NOT EXISTS "${consumer_exe}" AND HARFACT_BUILD_TYPE)
  set(consumer_exe "${consumer_build}/${HARFACT_BUILD_TYPE}/harfact_consumer")
endif()
install_test_run("run consumer" consumer_out "${consumer_exe}" "${capture}")
message(STATUS "install test: consumer output:\n${consumer_out}")

if(NOT consumer_out MATCHES "(^|\n)entries: 1\n")
  install_test_fail("check consumer output" "expected 'entries: 1', got:\n${consumer_out}")
endif()
if(NOT consumer_out MATCHES "(^|\n)sha256: ([0-9a-f]+)\n")
  install_test_fail("check consumer output" "no 'sha256: <hex>' line in:\n${consumer_out}")
endif()
set(got_sha256 "${CMAKE_MATCH_2}")
string(LENGTH "${got_sha256}" got_sha256_length)
if(NOT got_sha256_length EQUAL 64)
  install_test_fail("check consumer output" "sha256 '${got_sha256}' is not 64 hex digits")
endif()
if(NOT got_sha256 STREQUAL expected_sha256)
  install_test_fail("check consumer output"
    "sha256 ${got_sha256} differs from file(SHA256) of ${capture}: ${expected_sha256}")
endif()
if(NOT consumer_out MATCHES "(^|\n)harfact_SIGNATURES_DIR: ([^\n]*)\n")
  install_test_fail("check consumer output" "no 'harfact_SIGNATURES_DIR:' line in:\n${consumer_out}")
endif()
file(REAL_PATH "${CMAKE_MATCH_2}" got_signatures)
file(REAL_PATH "${prefix}/${main_CMAKE_INSTALL_DATADIR}/harfact/signatures" want_signatures)
if(NOT got_signatures STREQUAL want_signatures)
  install_test_fail("check consumer output"
    "harfact_SIGNATURES_DIR is ${got_signatures}, expected ${want_signatures}")
endif()

# 5. The installed tool runs.
set(tool "${prefix}/${main_CMAKE_INSTALL_BINDIR}/harfact")
install_test_run("run installed harfact --version" version_out "${tool}" --version)
if(NOT version_out MATCHES "^harfact [0-9]+\\.[0-9]+\\.[0-9]+")
  install_test_fail("run installed harfact --version" "unexpected output: ${version_out}")
endif()
string(STRIP "${version_out}" version_out)
message(STATUS "install test: ${version_out}")

if(NOT HARFACT_KEEP_INSTALL)
  file(REMOVE_RECURSE "${work}")
endif()
message(STATUS "install test: PASSED")
