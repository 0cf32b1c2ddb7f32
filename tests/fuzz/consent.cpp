// Fuzz target: the consent-signal decoders (IAB TCF, GPP, USP, Google gcs and
// gcd, every CMP cookie and response). The first byte chooses the decoder
// (its index in consent::decoders(), modulo their number: seeds are named by
// family, e.g. corpus/consent/tcf_*); the rest is the value, as `harfact
// decode KIND VALUE` receives it. The signal is then rendered as that command
// does (JSON and text).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "harfact/consent/signal.hpp"
#include "harfact/report/consent_report.hpp"
#include "harfact/report/envelope.hpp"

using namespace harfact;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& all = consent::decoders();
  const auto& d = all[data[0] % all.size()];
  const std::string_view value = fuzz::as_view(data + 1, size - 1);
  const auto s = consent::decode(d.kind, value);
  if (!s) __builtin_trap();  // every registered kind must be found by name
  static volatile std::size_t sink = 0;
  const report::envelope env;
  sink = sink + report::decode_json(*s, env).size() + report::decode_text(*s).size() +
         consent::percent_decode_stable(value).size();
  return 0;
}
