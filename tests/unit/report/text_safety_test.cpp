// Text and CSV outputs are safe on a terminal: a capture's control characters
// (ESC sequences that could rewrite what counsel sees, NUL, C1 controls) and
// invalid UTF-8 never reach the output (testdata/hostile/hostile.har).
#include <gtest/gtest.h>

#include "harfact/report/consent_report.hpp"
#include "harfact/report/inspect_report.hpp"
#include "harfact/report/timeline_report.hpp"
#include "harfact/report/trackers_report.hpp"
#include "test_support.hpp"

namespace harfact::report {
namespace {

namespace fs = std::filesystem;

void expect_terminal_safe(const std::string& out, const char* what) {
  SCOPED_TRACE(what);
  ASSERT_FALSE(out.empty());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    EXPECT_FALSE(c < 0x20 && c != '\n' && c != '\t' && c != '\r') << "byte " << int(c) << " at " << i;
    EXPECT_NE(c, 0x7F) << "at " << i;
    // C1 controls are U+0080..U+009F: UTF-8 C2 80..C2 9F.
    if (c == 0xC2 && i + 1 < out.size()) {
      const auto d = static_cast<unsigned char>(out[i + 1]);
      EXPECT_FALSE(d >= 0x80 && d <= 0x9F) << "C1 control at " << i;
    }
  }
}

TEST(TextSafety, HostileCaptureCannotReachTheTerminal) {
  const fs::path file = test::testdata("hostile/hostile.har");
  auto db = sig::database::load(fs::path(HARFACT_SOURCE_DIR) / "signatures");
  ASSERT_TRUE(db);
  const sig::matcher m(*db);
  const auto psl = net::public_suffix::load().value();
  const timeline::result r = timeline::reconstruct(file, m, psl);
  ASSERT_TRUE(r.trackers.capture.opened);
  envelope env;
  expect_terminal_safe(inspect_text({r.trackers.capture}, env), "inspect");
  expect_terminal_safe(trackers_text({r.trackers}, env, trackers_options{true}), "trackers");
  expect_terminal_safe(trackers_csv({r.trackers}, trackers_options{true}), "trackers csv");
  expect_terminal_safe(timeline_text(r, env), "timeline");
  expect_terminal_safe(timeline_csv(r), "timeline csv");
  expect_terminal_safe(consent_text(r, env), "consent");
  // The hostile page title is in the inspect text, made harmless.
  EXPECT_NE(inspect_text({r.trackers.capture}, env).find("<script>alert(1)</script>"),
            std::string::npos);
  const auto s = consent::decode("tcf", std::string("C\x1b[2J\x07", 5));
  ASSERT_TRUE(s.has_value());
  expect_terminal_safe(decode_text(*s), "decode");
}

}  // namespace
}  // namespace harfact::report
