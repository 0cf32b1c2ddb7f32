// The inputs of a batch: directories walked, manifests read, shards chosen.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <system_error>

#include "harfact/batch/batch.hpp"
#include "harfact/io/read_file.hpp"
#include "harfact/io/sha256.hpp"
#include "io/errors.hpp"

namespace harfact::batch {

namespace {

namespace fs = std::filesystem;

bool ends_with_nocase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(),
                    s.end() - static_cast<std::ptrdiff_t>(suffix.size()), [](char a, char b) {
                      const auto lower = [](char c) {
                        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
                      };
                      return lower(a) == lower(b);
                    });
}

// A directory's capture files, sorted by relative path. A listing error ends the
// walk of that directory with one error ref (what was listed before it is kept):
// a capture silently missing from a batch would be worse than a loud one.
void walk(const fs::path& root, const collect_options& options, std::vector<capture_ref>& out) {
  std::vector<capture_ref> found;
  std::optional<harfact::error> problem;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  const fs::recursive_directory_iterator end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      ec.clear();
      continue;
    }
    std::error_code type_ec;
    if (!options.exclude.empty() && it->is_directory(type_ec)) {
      for (const auto& x : options.exclude) {
        std::error_code same_ec;
        if (fs::equivalent(p, x, same_ec)) it.disable_recursion_pending();
      }
      continue;
    }
    // is_regular_file follows a symbolic link to a file; the iterator does not
    // follow links to directories (no cycles).
    if (!it->is_regular_file(type_ec)) continue;
    if (!options.all_files && !is_capture_name(name)) continue;
    capture_ref ref;
    ref.path = p;
    ref.root = root.string();
    ref.relative_path = p.lexically_relative(root).generic_string();
    found.push_back(std::move(ref));
  }
  if (ec) {
    problem = io::detail::file_error(
        errc::io_read, root.string(),
        fmt::format("cannot list the directory '{}': {}", root.string(), ec.message()),
        "check that the directory exists and is readable");
  }
  std::sort(found.begin(), found.end(), [](const capture_ref& a, const capture_ref& b) {
    return a.relative_path < b.relative_path;
  });
  out.insert(out.end(), std::make_move_iterator(found.begin()),
             std::make_move_iterator(found.end()));
  if (problem) {
    capture_ref ref;
    ref.path = root;
    ref.root = root.string();
    ref.relative_path.assign(1, '.');  // not = ".": GCC 12 -O2 misreports -Wrestrict
    ref.error = std::move(problem);
    out.push_back(std::move(ref));
  }
}

}  // namespace

bool is_capture_name(std::string_view name) noexcept {
  static constexpr std::string_view k_suffixes[] = {".har",  ".har.gz",  ".har.zst", ".zhar",
                                                    ".json", ".json.gz", ".xml",     ".chlsx"};
  for (const auto s : k_suffixes) {
    if (ends_with_nocase(name, s)) return true;
  }
  return false;
}

std::vector<capture_ref> collect(const std::vector<fs::path>& inputs,
                                 const collect_options& options) {
  std::vector<capture_ref> out;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      walk(in, options, out);
      continue;
    }
    capture_ref ref;
    ref.path = in;
    ref.root = in.has_parent_path() ? in.parent_path().string() : std::string(".");
    ref.relative_path = in.filename().generic_string();
    out.push_back(std::move(ref));
  }
  return out;
}

std::vector<fs::path> parse_manifest(std::string_view text) {
  std::vector<fs::path> out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos || line.front() == '#') continue;
    out.emplace_back(std::string(line));
  }
  return out;
}

result<std::vector<fs::path>> read_manifest(const fs::path& file) {
  auto text = io::read_file_bounded(file, k_max_manifest_bytes, "manifest");
  if (!text) {
    harfact::error e = std::move(text).error();
    if (e.code == errc::io_open) e.hint = "give a file with one capture path a line";
    return e;
  }
  return parse_manifest(*text);
}

result<shard> parse_shard(std::string_view text) {
  const auto bad = [&] {
    return make_error(errc::invalid_argument,
                      fmt::format("'{}' is not a shard K/N with 0 <= K < N", text), {},
                      "e.g. --shard 0/4 ... --shard 3/4 for four tasks");
  };
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size()) return bad();
  const auto number = [](std::string_view s, std::uint32_t& v) {
    if (s.size() > 9) return false;
    v = 0;
    for (const char c : s) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return true;
  };
  shard s;
  if (!number(text.substr(0, slash), s.index) || !number(text.substr(slash + 1), s.count) ||
      s.count == 0 || s.index >= s.count) {
    return bad();
  }
  return s;
}

std::uint32_t shard_of(std::string_view relative_path, std::uint32_t count) {
  if (count <= 1) return 0;
  const io::digest256 d = io::sha256::of(relative_path);
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | d[static_cast<std::size_t>(i)];
  return static_cast<std::uint32_t>(v % count);
}

std::string summary_name(const shard& s) {
  if (s.count <= 1) return "summary.ndjson";
  return fmt::format("summary.shard-{}-of-{}.ndjson", s.index, s.count);
}

}  // namespace harfact::batch
