// harfact: rendering the signature database (`harfact signatures list|check`).
#pragma once

#include <string>

#include "harfact/sig/check.hpp"
#include "harfact/sig/database.hpp"

namespace harfact::report {

/// Version, hash, and one line per vendor: id, category, signatures, theories, name.
std::string signatures_list_text(const sig::database& db);
/// The same as JSON: db_version, sha256, vendors with their signatures (id, rev, ref, role).
std::string signatures_list_json(const sig::database& db);
/// The result of check_database(), one line per problem, then "OK" or the count.
std::string signatures_check_text(const sig::database& db, const sig::check_report& r);

}  // namespace harfact::report
