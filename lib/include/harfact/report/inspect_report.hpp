// harfact: rendering `inspect` results as JSON (schema inspect.schema.json) or text.
#pragma once

#include <string>
#include <vector>

#include "harfact/inspect/inspect.hpp"
#include "harfact/report/envelope.hpp"

namespace harfact::report {

/// The input references (label "capture[i]") for the envelope.
std::vector<input_ref> inspect_inputs(const std::vector<inspect::capture_summary>& captures);

/// JSON document: the envelope, then "command": "inspect" and "captures".
std::string inspect_json(const std::vector<inspect::capture_summary>& captures,
                         const envelope& env);

struct text_options {
  std::size_t max_diagnostics = 20;  ///< diagnostics listed per capture (all are counted)
  std::size_t max_hosts = 50;        ///< hosts listed per page and party
};

/// Human-readable report.
std::string inspect_text(const std::vector<inspect::capture_summary>& captures, const envelope& env,
                         const text_options& options = {});

}  // namespace harfact::report
