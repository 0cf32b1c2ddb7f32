// Internal: the stages of reconstruct(), in order.
#pragma once

#include <vector>

#include "harfact/net/public_suffix.hpp"
#include "harfact/timeline/timeline.hpp"
#include "timeline/evidence.hpp"

namespace harfact::timeline::detail {

/// Orders entry facts by time (entries without a valid time last, by index).
std::vector<const entry_fact*> by_time(const std::vector<entry_fact>& facts);

/// The consent state machine: transitions from the observed signals, the
/// consent-platform hits and Sec-GPC (fills out.transitions, out.cmps,
/// out.region, out.region_source).
void build_transitions(const std::vector<entry_fact>& facts, result& out,
                       const net::public_suffix& psl);

/// Each tracker hit with the consent state in force for its purpose and its
/// initiator chain (fills out.hits in firing order).
void annotate_hits(const std::vector<entry_fact>& facts, result& out);

/// Findings from the annotated hits (fills out.findings).
void find_findings(const std::vector<entry_fact>& facts, result& out);

/// The plaso-style event list (fills out.events).
void build_events(const std::vector<entry_fact>& facts, result& out);

/// -1, 0 or 1: a before b, order indeterminate at the precision written, a after b.
int compare_times(const time_point& a, const time_point& b) noexcept;

}  // namespace harfact::timeline::detail
