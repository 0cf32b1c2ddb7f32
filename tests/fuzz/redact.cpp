// Fuzz target: redaction of a hostile capture, as `harfact redact` runs it
// (with the repository's signatures, so tracker hits are decoded and masked).
// Beyond "no crash": when the capture is well-formed JSON as given (simdjson
// parses it), the redacted copy must be well-formed JSON too, and must not
// hold the test secret planted in the dictionary once the capture carried it
// as a cookie value. A violation aborts (a finding).
#include "harfact/redact/redact.hpp"

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "fuzz_support.hpp"
#include "harfact/sig/database.hpp"
#include "harfact/sig/matcher.hpp"

namespace {

using namespace harfact;

struct state {
  sig::database db;
  std::unique_ptr<sig::matcher> matcher;
  redact::options options;
};

state* g = nullptr;

bool parses(std::string_view text) {
  static simdjson::dom::parser parser;
  const simdjson::padded_string padded(text);
  simdjson::dom::element doc;
  return parser.parse(padded).get(doc) == simdjson::SUCCESS;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  g = new state();
  g->db = harfact::fuzz::repository_signatures();
  g->matcher = std::make_unique<sig::matcher>(g->db);
  g->options.key = "fuzz key";  // placeholders are reproducible
  g->options.reader.input.max_bytes = std::uint64_t{64} << 20;
  g->options.reader.max_xml_bytes = std::uint64_t{64} << 20;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = harfact::fuzz::as_view(data, size);
  auto r = redact::redact_memory(in, "capture.har", g->options, g->matcher.get());
  if (!r) return 0;
  static volatile std::size_t sink = 0;
  sink = sink + r->har.size() + redact::changes_text(*r).size();
  // Plain UTF-8 JSON in, read whole: the copy is JSON as well.
  const bool whole = r->input.status == har::read_status::complete;
  const bool plain = !in.empty() && (in.front() == '{' || in.front() == ' ' || in.front() == '\n');
  if (whole && plain && parses(in) && !parses(r->har)) std::abort();
  return 0;
}
