// harfact: rendering `check` results, the claims of a demand letter against the
// exhibit (lib/schema/check.schema.json).
//
// JSON: the envelope (inputs: the claims file, then the exhibit), the capture,
// a summary (claims per verdict, the ids of the claims wrong on the facts) and
// `claims`, one result per claim in the file's order. Text: the claims wrong on
// the facts first, then every claim with its verdict, reason and evidence.
#pragma once

#include <string>
#include <vector>

#include "harfact/check/allegations.hpp"
#include "harfact/report/envelope.hpp"
#include "harfact/report/json_writer.hpp"

namespace harfact::report {

/// Writes the claim results as a JSON array (the value of the member the
/// caller opened with w.key(...)): per claim id, text, vendor_id, vendor_name,
/// kind, field, page, time, verdict, wrong_on_facts, basis, reason, counts and
/// evidence, exactly as check.schema.json's $defs/claim_result.
void write_claim_results(json_writer& w, const std::vector<check::claim_result>& results);

/// Writes the summary object (claims, per verdict, wrong_on_facts ids) as a
/// JSON value, as check.schema.json's $defs/claims_summary.
void write_claims_summary(json_writer& w, const std::vector<check::claim_result>& results);

/// The whole `check` document.
std::string check_json(const std::vector<check::claim_result>& results,
                       const timeline::result& exhibit, const envelope& env);

/// For people: the capture, the tally, the claims wrong on the facts, then
/// every claim (verdict, the letter's words, reason, up to `max_evidence`
/// evidence lines each).
std::string check_text(const std::vector<check::claim_result>& results,
                       const timeline::result& exhibit, const envelope& env,
                       std::size_t max_evidence = 5);

}  // namespace harfact::report
