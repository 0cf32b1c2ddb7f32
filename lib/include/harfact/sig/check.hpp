// harfact: checking a signature database (`harfact signatures check`).
//
// Every file against its JSON Schema; every `match` sample against its own
// signature and every other vendor's; every `no_match` sample against its own
// signature; decoder names; files in the directory that MANIFEST.json does not
// list. Overlaps (one vendor's sample matched by another vendor) are listed.
#pragma once

#include <string>
#include <vector>

#include "harfact/sig/database.hpp"

namespace harfact::sig {

struct check_problem {
  std::string kind;       ///< "schema", "sample", "no_match", "overlap", "decoder", "manifest"
  std::string file;       ///< relative to the database directory
  std::string signature;  ///< id@rev, when the problem is a signature's
  std::string message;
};

struct check_report {
  std::size_t vendors = 0;
  std::size_t signatures = 0;
  std::size_t samples = 0;
  std::vector<check_problem> problems;
  bool ok() const noexcept { return problems.empty(); }
};

/// The generic payload decoders a signature may name (vendor-specific decoders
/// are named by their vendor id).
const std::vector<std::string>& generic_decoders();

/// Checks a loaded database (its directory is read again for the schemas).
check_report check_database(const database& db);

}  // namespace harfact::sig
