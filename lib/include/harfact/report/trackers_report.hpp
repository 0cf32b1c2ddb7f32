// harfact: rendering `trackers` results as JSON (lib/schema/trackers.schema.json),
// text or CSV.
#pragma once

#include <string>
#include <vector>

#include "harfact/report/envelope.hpp"
#include "harfact/trackers/trackers.hpp"

namespace harfact::report {

struct trackers_options {
  bool hits = false;  ///< list every hit, not only one row per vendor
};

/// The envelope's signature part for a database.
void describe_database(envelope& env, const sig::database& db);
/// The envelope's lists: path, SHA-256 and network rules in effect of each.
void describe_lists(envelope& env, const sig::filter_engine& lists);

std::string trackers_json(const std::vector<trackers::result>& results, const envelope& env,
                          const trackers_options& options = {});
std::string trackers_text(const std::vector<trackers::result>& results, const envelope& env,
                          const trackers_options& options = {});
/// One row per vendor (or per hit with options.hits), RFC 4180 quoting.
std::string trackers_csv(const std::vector<trackers::result>& results,
                         const trackers_options& options = {});

}  // namespace harfact::report
