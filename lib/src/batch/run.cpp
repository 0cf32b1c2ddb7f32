// The batch pool: workers take captures in input order, the calling thread puts
// their lines back in that order and rewrites the summary atomically.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "batch/detail.hpp"
#include "harfact/io/atomic_file.hpp"
#include "io/errors.hpp"

namespace harfact::batch {

namespace {

namespace fs = std::filesystem;
using steady = std::chrono::steady_clock;

// Shared between the workers and the collector; guarded by `m`.
struct board {
  std::mutex m;
  std::condition_variable cv;
  std::vector<std::optional<detail::outcome>> slots;  // by position in the shard
  progress counts;
  bool stop = false;  // the summary could not be written: take no more captures
};

void worker(board& b, std::atomic<std::size_t>& next, const std::vector<std::size_t>& selected,
            const std::vector<capture_ref>& captures, const databases& db,
            const batch_options& options, const fs::path& results_dir) {
  for (;;) {
    {
      const std::lock_guard lock(b.m);
      if (b.stop) return;
    }
    const std::size_t i = next.fetch_add(1);
    if (i >= selected.size()) return;
    const std::size_t index = selected[i];
    const capture_ref& ref = captures[index];
    detail::outcome o;
    try {
      o = detail::process_capture(ref, index, db, options, results_dir);
    } catch (const std::exception& e) {
      o = detail::internal_error_outcome(ref, index, e.what());
    }
    {
      const std::lock_guard lock(b.m);
      ++b.counts.done;
      if (o.resumed) ++b.counts.resumed;
      if (o.failed) ++b.counts.failed;
      if (o.partial) ++b.counts.partial;
      b.slots[i] = std::move(o);
    }
    b.cv.notify_one();
  }
}

// The target of a temporary file as io::write_file_atomic names them
// (".NAME.tmp-XXXXXX"), or "" for any other name.
std::string_view temp_target(std::string_view file) {
  constexpr std::string_view k_tmp = ".tmp-";
  if (file.size() < 2 + k_tmp.size() + 6 || file.front() != '.') return {};
  file.remove_prefix(1);
  file.remove_suffix(6);
  if (file.substr(file.size() - k_tmp.size()) != k_tmp) return {};
  file.remove_suffix(k_tmp.size());
  return file;
}

// Removes what a killed batch left behind: temporary results older than
// `age`, and this shard's temporary summaries (only this shard writes them).
void remove_stale_temps(const fs::path& out_dir, const fs::path& results_dir,
                        const std::string& summary, std::chrono::seconds age) {
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(results_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::string_view target = temp_target(name);
    if (target.size() < 5 || target.substr(target.size() - 5) != ".json") continue;
    std::error_code t_ec;
    const auto mtime = fs::last_write_time(it->path(), t_ec);
    if (!t_ec && now - mtime >= age) fs::remove(it->path(), t_ec);
  }
  for (fs::directory_iterator it(out_dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code r_ec;
    if (temp_target(it->path().filename().string()) == summary) fs::remove(it->path(), r_ec);
  }
}

}  // namespace

result<run_summary> run(const std::vector<capture_ref>& captures, const databases& db,
                        const batch_options& options) {
  if (db.matcher == nullptr || db.psl == nullptr) {
    return make_error(errc::invalid_argument,
                      "batch::run needs a matcher and a public suffix list");
  }
  if (options.shard.count == 0 || options.shard.index >= options.shard.count) {
    return make_error(
        errc::invalid_argument,
        fmt::format("shard {}/{} does not exist", options.shard.index, options.shard.count));
  }
  if (options.output_dir.empty()) {
    return make_error(errc::invalid_argument, "batch::run needs an output directory");
  }
  const fs::path results_dir = options.output_dir / "results";
  std::error_code ec;
  fs::create_directories(results_dir, ec);
  if (ec) {
    return io::detail::file_error(errc::io_write, results_dir.string(),
                                  fmt::format("cannot create the output directory '{}': {}",
                                              results_dir.string(), ec.message()),
                                  "give an output directory that can be created and written");
  }

  run_summary out;
  out.inputs = captures.size();
  out.summary_file = options.output_dir / summary_name(options.shard);
  remove_stale_temps(options.output_dir, results_dir, summary_name(options.shard),
                     options.stale_temp_age);
  std::vector<std::size_t> selected;
  for (std::size_t i = 0; i < captures.size(); ++i) {
    if (shard_of(captures[i].relative_path, options.shard.count) == options.shard.index) {
      selected.push_back(i);
    }
  }

  board b;
  b.slots.resize(selected.size());
  b.counts.total = selected.size();
  unsigned jobs = options.jobs != 0 ? options.jobs : std::thread::hardware_concurrency();
  jobs = std::max(1U, std::min<unsigned>(
                          jobs, static_cast<unsigned>(std::max<std::size_t>(selected.size(), 1))));
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  pool.reserve(jobs);
  for (unsigned j = 0; j < jobs; ++j) {
    pool.emplace_back(worker, std::ref(b), std::ref(next), std::cref(selected), std::cref(captures),
                      std::cref(db), std::cref(options), std::cref(results_dir));
  }

  // The collector: lines in input order, the summary rewritten whole (atomically)
  // every summary_interval and at the end, progress after every capture.
  const auto started = steady::now();
  auto last_write = started;
  std::string summary;
  std::size_t emitted = 0;
  std::size_t written_upto = 0;  // lines in the summary file as last written
  std::optional<harfact::error> failure;
  const auto write_summary = [&]() -> bool {
    auto w = io::write_file_atomic(out.summary_file, summary);
    if (!w) {
      failure = w.error();
      return false;
    }
    written_upto = emitted;
    last_write = steady::now();
    return true;
  };
  std::uint64_t seen = 0;
  while (emitted < selected.size() && !failure) {
    progress snapshot;
    {
      std::unique_lock lock(b.m);
      // A zero interval means "after every line", not a busy loop.
      const auto wait =
          std::max<steady::duration>(options.summary_interval, std::chrono::milliseconds(100));
      b.cv.wait_for(lock, wait, [&] { return b.counts.done != seen; });
      seen = b.counts.done;
      while (emitted < selected.size() && b.slots[emitted]) {
        summary += b.slots[emitted]->line;
        summary += '\n';
        b.slots[emitted].reset();
        ++emitted;
      }
      snapshot = b.counts;
    }
    snapshot.elapsed = steady::now() - started;
    if (options.on_progress) options.on_progress(snapshot);
    if (emitted != written_upto && steady::now() - last_write >= options.summary_interval &&
        !write_summary()) {
      const std::lock_guard lock(b.m);
      b.stop = true;
    }
  }
  for (auto& t : pool) t.join();
  if (!failure) write_summary();
  if (failure) return *failure;
  {
    const std::lock_guard lock(b.m);
    out.counts = b.counts;
  }
  out.counts.elapsed = steady::now() - started;
  return out;
}

}  // namespace harfact::batch
