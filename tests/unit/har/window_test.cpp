// Reading window by window (reader_options::window_bytes): the results do not
// depend on the window, and a small window really hands pages back.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "harfact/har/reader.hpp"
#include "harfact/io/sha256.hpp"
#include "test_support.hpp"

namespace harfact::har {
namespace {

// Everything a reader says about a file, as one comparable text.
std::string transcript(const std::filesystem::path& file, const reader_options& o,
                       std::uint64_t* released = nullptr) {
  if (released != nullptr) *released = 0;
  auto opened = reader::open(file, o);
  if (!opened) {
    const auto& e = opened.error();
    return fmt::format("open failed: {} {} @{} {}:{}", static_cast<int>(e.code), e.message,
                       e.where.byte_offset, e.where.line, e.where.column);
  }
  reader& r = **opened;
  std::string out =
      fmt::format("creator {} pages {}\n", r.info().creator.name, r.info().pages.size());
  entry e;
  for (;;) {
    auto more = r.next(e);
    if (!more) {
      const auto& err = more.error();
      out += fmt::format("error {} {} @{} {}:{}\n", static_cast<int>(err.code), err.message,
                         err.where.byte_offset, err.where.line, err.where.column);
      break;
    }
    if (!*more) break;
    out += fmt::format("{} {} {} {}\n", e.index, e.started_text.offset, e.str(e.request.url),
                       e.raw_json.size());
  }
  std::vector<diagnostic> diags = r.diagnostics().kept();
  r.locate(diags);
  for (const auto& d : diags) {
    out += fmt::format("diag {} {} {} @{} {}:{} {}\n", static_cast<int>(d.code), d.entry_index,
                       d.json_pointer, d.byte_offset, d.line, d.column, d.message);
  }
  const auto& s = r.summary();
  out += fmt::format("summary {} {} {} {} {} {} {}\n", s.sha256, s.sha256_text,
                     read_status_name(s.status), s.entries_declared, s.entries_read,
                     s.entries_skipped, s.cut_offset);
  if (released != nullptr) *released = s.released_bytes;
  return out;
}

std::vector<std::filesystem::path> testdata_captures() {
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"har", "scenarios", "hostile", "verify", "xml", "sample"}) {
    const auto root = test::testdata(dir);
    if (!std::filesystem::is_directory(root)) continue;
    for (const auto& f : std::filesystem::directory_iterator(root)) {
      const auto ext = f.path().extension();
      if (ext == ".har" || ext == ".json" || ext == ".gz" || ext == ".zst" || ext == ".xml" ||
          ext == ".chlsx" || ext == ".zhar") {
        files.push_back(f.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Window, EveryTestCaptureReadsTheSameWithAOnePageWindow) {
  const auto files = testdata_captures();
  ASSERT_GT(files.size(), 40u);
  for (const auto& file : files) {
    for (bool background : {true, false}) {
      reader_options whole;
      whole.window_bytes = 0;
      whole.background_hash = background;
      reader_options tiny = whole;
      tiny.window_bytes = 4096;
      tiny.window_from_bytes = 0;
      std::uint64_t released_whole = 1;
      const std::string expected = transcript(file, whole, &released_whole);
      EXPECT_EQ(transcript(file, tiny), expected) << file;
      EXPECT_EQ(released_whole, 0u) << file;
    }
  }
}

// A capture of a few megabytes, one entry a line or all on one line, whole or
// cut short: a one-page window releases most of it, results unchanged.
std::string generated_capture(std::size_t entries, bool one_line) {
  std::string text = R"({"log":{"version":"1.2","creator":{"name":"window-test","version":"1"},)"
                     R"("entries":[)";
  const char* sep = one_line ? "" : "\n";
  for (std::size_t i = 0; i < entries; ++i) {
    if (i != 0) text += ",";
    text += sep;
    text += fmt::format(
        R"({{"startedDateTime":"2026-01-05T17:{:02}:{:02}.{:03}Z","time":1,)"
        R"("request":{{"method":"GET","url":"https://example.test/p/{}?q={}","httpVersion":"h2",)"
        R"("cookies":[],"headers":[],"queryString":[{{"name":"q","value":"{}"}}],)"
        R"("headersSize":-1,"bodySize":0}},)"
        R"("response":{{"status":200,"statusText":"","httpVersion":"h2","cookies":[],)"
        R"("headers":[],"content":{{"size":1000,"mimeType":"text/plain","text":"{}"}},)"
        R"("redirectURL":"","headersSize":-1,"bodySize":1000}},)"
        R"("cache":{{}},"timings":{{"send":0,"wait":1,"receive":0}}}})",
        (i / 60000) % 60, (i / 1000) % 60, i % 1000, i, i, i, std::string(1000, 'x'));
  }
  text += sep;
  text += "]}}\n";
  return text;
}

TEST(Window, LargerCapturesReleaseMostPagesAndReadTheSame) {
  test::temp_dir dir;
  struct variant {
    const char* name;
    bool one_line;
    bool cut;
  };
  for (const variant v : {variant{"lines.har", false, false}, variant{"minified.har", true, false},
                          variant{"cut.har", false, true}}) {
    std::string text = generated_capture(3000, v.one_line);
    if (v.cut) text.resize(text.size() * 2 / 3);
    const auto file = dir / v.name;
    test::write_file(file, text);
    for (bool background : {true, false}) {
      reader_options whole;
      whole.window_bytes = 0;
      whole.background_hash = background;
      reader_options tiny = whole;
      tiny.window_bytes = 4096;
      tiny.window_from_bytes = 0;
      const std::string expected = transcript(file, whole);
      std::uint64_t released = 0;
      EXPECT_EQ(transcript(file, tiny, &released), expected) << v.name;
      // The split and the entry pass each release all but a window or two.
      EXPECT_GT(released, text.size()) << v.name << " background " << background;
      EXPECT_NE(expected.find(io::to_hex(io::sha256::of(text))), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace harfact::har
