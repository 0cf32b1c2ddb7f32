// harfact batch INPUT... -o OUTDIR: many captures with a pool of threads, one
// result per capture and an NDJSON summary; resumable and shardable.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <iterator>
#include <memory>

#include "analysis.hpp"
#include "harfact/batch/batch.hpp"
#include "harfact/io/read_file.hpp"

namespace harfact::cli {

namespace {

std::string duration_text(double seconds) {
  if (seconds < 0 || seconds > 1e7) return "?";
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, s / 60 % 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

// "done, failed, rate, ETA" on one line of a terminal, at most five times a second.
batch::progress_fn progress_line() {
  auto last = std::make_shared<std::chrono::steady_clock::time_point>();
  return [last](const batch::progress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (p.done != p.total && now - *last < std::chrono::milliseconds(200)) return;
    *last = now;
    const double secs = std::chrono::duration<double>(p.elapsed).count();
    const double rate = secs > 0 ? static_cast<double>(p.done) / secs : 0.0;
    const double eta = rate > 0 ? static_cast<double>(p.total - p.done) / rate : -1.0;
    std::cerr << fmt::format(
        "\rbatch: {}/{} done ({} reused), {} failed, {} partial, {:.1f}/s, "
        "ETA {}\x1b[K",
        p.done, p.total, p.resumed, p.failed, p.partial, rate, duration_text(eta));
  };
}

}  // namespace

int cmd_batch(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: harfact batch [options] INPUT... -o OUTDIR\n\n"
      "Runs verify (the analysis of harfact report) over many captures with a pool of worker\n"
      "threads sharing one set of databases. INPUT is a capture file or a directory, walked\n"
      "recursively for .har, .har.gz, .har.zst, .zhar, .json, .json.gz, .xml and .chlsx files\n"
      "(hidden names skipped); --manifest adds the paths of a file, one a line. Input order:\n"
      "the INPUTs as given (a directory's files sorted by relative path), then the manifests.\n\n"
      "Writes OUTDIR/results/<sha256>.json, one per capture named by the SHA-256 of its bytes\n"
      "(the envelope, the key, a summary and the full report of the capture:\n"
      "lib/schema/batch_result.schema.json), and OUTDIR/summary.ndjson, one line per capture in\n"
      "input order (path, SHA-256, exporter, entries, vendors, findings, errors:\n"
      "lib/schema/batch.schema.json). One bad capture never stops the batch: it gets a line\n"
      "with its errors. Every file is written atomically;\n"
      "the summary is rewritten whole every --summary-interval and at the end.\n\n"
      "Resumable: a rerun reuses each result whose key (capture SHA-256, harfact version,\n"
      "signature database, lists, public suffix list, options) matches, and analyses the rest.\n"
      "--shard K/N takes the captures whose path relative to its input root hashes to K, so N\n"
      "copies of one command run as the tasks of a Kubernetes indexed job or a Slurm array;\n"
      "they may share OUTDIR (each writes summary.shard-K-of-N.ndjson; sort the lines by\n"
      "index to merge).\n\n"
      "Options");
  visible.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>()->default_value(""), "output directory (required)")(
      "manifest", po::value<std::vector<std::string>>()->composing(),
      "a file of capture paths, one a line ('-': standard input; repeatable)")(
      "jobs,j", po::value<unsigned>()->default_value(0),
      "worker threads (default 0: the number of cores)")(
      "shard", po::value<std::string>()->default_value("0/1"),
      "process shard K of N (K from 0), chosen by a hash of each capture's relative path")(
      "force", "analyse every capture again, even when its result is up to date")(
      "all-files", "in directories, take every file, not only capture names")(
      "summary-interval", po::value<double>()->default_value(10.0),
      "seconds between rewrites of the summary while the batch runs");
  add_analysis_options(visible);
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::vector<std::string>>(), "inputs");
  po::variables_map vm;
  if (!parse(args, visible, hidden, "input", vm)) return exit_usage;
  if (vm.count("help") != 0U) {
    std::cout << visible
              << "\nExit codes: 0 every capture was read completely; 4 some captures could not "
                 "be read, were\nread in part or their result could not be written (see their "
                 "summary lines); 3 the\nbatch could not run (a database, a manifest, the output "
                 "directory or the summary);\n2 usage error.\n";
    return exit_ok;
  }
  const auto out_dir = vm["output"].as<std::string>();
  if (out_dir.empty() || out_dir == "-") {
    print_error("give an output directory with -o OUTDIR (batch writes one file per capture)");
    return exit_usage;
  }
  auto shard = batch::parse_shard(vm["shard"].as<std::string>());
  if (!shard) {
    print_error("--shard: " + shard.error().message);
    return exit_usage;
  }
  const double interval = vm["summary-interval"].as<double>();
  if (!(interval >= 0 && interval <= 86400)) {
    print_error("--summary-interval must be between 0 and 86400 seconds");
    return exit_usage;
  }

  std::vector<std::filesystem::path> inputs;
  if (vm.count("input") != 0U) {
    for (const auto& i : vm["input"].as<std::vector<std::string>>()) {
      if (i == "-") {
        print_error("batch reads files, not standard input (use --manifest - for a list of paths)");
        return exit_usage;
      }
      inputs.emplace_back(i);
    }
  }
  if (vm.count("manifest") != 0U) {
    for (const auto& m : vm["manifest"].as<std::vector<std::string>>()) {
      if (m == "-") {
        auto text = io::read_stream_bounded(std::cin, batch::k_max_manifest_bytes, "manifest", "-");
        if (!text) {
          print_error(text.error().message);
          return exit_input;
        }
        const auto paths = batch::parse_manifest(*text);
        inputs.insert(inputs.end(), paths.begin(), paths.end());
        continue;
      }
      auto paths = batch::read_manifest(m);
      if (!paths) {
        print_error(paths.error().message);
        return exit_input;
      }
      inputs.insert(inputs.end(), paths->begin(), paths->end());
    }
  }
  if (inputs.empty()) {
    print_error("give captures or directories (usage: harfact batch [options] INPUT... -o OUTDIR)");
    return exit_usage;
  }

  analysis a;
  if (const int rc = load_analysis(vm, a); rc != exit_ok) return rc;
  batch::databases db;
  db.matcher = &*a.matcher;
  db.psl = &*a.psl;
  db.lists = a.lists_or_null();
  a.describe(db.description);

  batch::collect_options copts;
  copts.all_files = vm.count("all-files") != 0U;
  copts.exclude.emplace_back(out_dir);
  const auto captures = batch::collect(inputs, copts);

  batch::batch_options bopts;
  bopts.output_dir = out_dir;
  bopts.jobs = vm["jobs"].as<unsigned>();
  bopts.shard = *shard;
  bopts.force = vm.count("force") != 0U;
  bopts.reader = reader_limits(vm);
  bopts.summary_interval = std::chrono::milliseconds(static_cast<long long>(interval * 1000));
  const bool show = vm.count("quiet") == 0U && stderr_is_tty();
  if (show) bopts.on_progress = progress_line();
  auto ran = batch::run(captures, db, bopts);
  if (show) std::cerr << "\r\x1b[K";
  if (!ran) {
    print_error(ran.error().message);
    return exit_input;
  }
  const auto& c = ran->counts;
  if (show) {
    std::cerr << fmt::format("batch: {} captures ({} reused), {} failed, {} partial in {}; {}\n",
                             c.done, c.resumed, c.failed, c.partial,
                             duration_text(std::chrono::duration<double>(c.elapsed).count()),
                             ran->summary_file.string());
  }
  return c.failed != 0 || c.partial != 0 ? exit_partial : exit_ok;
}

}  // namespace harfact::cli
