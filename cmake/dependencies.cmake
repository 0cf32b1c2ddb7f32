# Finds harfact's dependencies. Used by the build and, installed, by
# harfact-config.cmake, so a consumer of the static library links them too.
# Every one comes from a Debian package (see README: "Dependencies").
include(CMakeFindDependencyMacro)
# Inside find_package(harfact) a missing dependency makes harfact not found;
# in harfact's own build it stops the configuration at once, by name.
macro(harfact_dependency)
  if(CMAKE_FIND_PACKAGE_NAME)
    find_dependency(${ARGN})
  else()
    find_package(${ARGN} REQUIRED)
  endif()
endmacro()
harfact_dependency(simdjson)
harfact_dependency(fmt)
harfact_dependency(pugixml)
harfact_dependency(ZLIB)
harfact_dependency(OpenSSL COMPONENTS Crypto)
harfact_dependency(PkgConfig)
harfact_dependency(Threads)
if(NOT TARGET PkgConfig::PSL)
  pkg_check_modules(PSL REQUIRED IMPORTED_TARGET libpsl)
endif()
if(NOT TARGET PkgConfig::RE2)
  pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
endif()
if(NOT TARGET PkgConfig::ZSTD)
  pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
endif()
