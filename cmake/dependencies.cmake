# Finds harfact's dependencies. Used by the build and, installed, by
# harfact-config.cmake, so a consumer of the static library links them too.
# Every one comes from a Debian package (see README: "Dependencies").
include(CMakeFindDependencyMacro)
find_dependency(simdjson)
find_dependency(fmt)
find_dependency(ZLIB)
find_dependency(OpenSSL COMPONENTS Crypto)
find_dependency(PkgConfig)
find_dependency(Threads)
if(NOT TARGET PkgConfig::PSL)
  pkg_check_modules(PSL REQUIRED IMPORTED_TARGET libpsl)
endif()
if(NOT TARGET PkgConfig::ZSTD)
  pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
endif()
