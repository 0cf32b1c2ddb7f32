// harfact: the envelope every JSON output opens with (DESIGN.md, "Contracts").
//
//   schema_version, tool {name, version, simdjson_implementation},
//   inputs [{label, path, bytes, sha256, sha256_decompressed}],
//   signatures {db_version, sha256, lists [{path, sha256, rules}], public_suffix_sha256}
//
// Same inputs, same version, same databases: the same bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harfact/report/json_writer.hpp"

namespace harfact::report {

struct input_ref {
  std::string label;  ///< role of the input, e.g. "capture[0]", "exhibit"
  std::string path;   ///< as given on the command line ("-" for stdin)
  std::optional<std::uint64_t> bytes;
  std::optional<std::string> sha256;
  std::optional<std::string> sha256_decompressed;
};

struct list_ref {
  std::string path;
  std::string sha256;
  std::uint64_t rules = 0;
};

struct envelope {
  int schema_version = 1;
  std::vector<input_ref> inputs;
  std::optional<std::string> db_version;  ///< signature database, when one was used
  std::optional<std::string> db_sha256;
  std::vector<list_ref> lists;
  std::optional<std::string> public_suffix_sha256;
};

/// Writes the envelope's members into the object `w` has open.
void write_envelope(json_writer& w, const envelope& e);

}  // namespace harfact::report
