// harfact: the signature database (signatures/, see signatures/README.md).
//
// A database is loaded once from a directory holding MANIFEST.json and the
// vendor files it lists, checked as it loads (format version, required fields,
// enumerations, unique and unretired ids, valid regular expressions), and is
// immutable afterwards: share it between threads freely.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/core/result.hpp"

namespace harfact::sig {

/// The format of signature files this harfact reads.
inline constexpr int format_version = 1;

enum class category : std::uint8_t {
  advertising_pixel,
  session_replay,
  chat,
  analytics,
  tag_manager,
  consent_platform,
  ab_testing,
  identity,
  video_embed,
};
std::string_view category_name(category c) noexcept;

/// CIPA theories (and VPPA) commonly pleaded about a vendor.
enum class theory : std::uint8_t { cipa_631, cipa_632, cipa_632_7, cipa_638_51, vppa };
std::string_view theory_name(theory t) noexcept;
/// For people: "CIPA §631", "VPPA", ...
std::string_view theory_label(theory t) noexcept;

/// What a request is, from the vendor's point of view.
enum class role : std::uint8_t {
  library,
  config,
  beacon,
  session_stream,
  chat,
  consent_record,
  identity_sync,
  embed,
  other,
};
std::string_view role_name(role r) noexcept;

struct reference {
  std::string source, url, note;
};

struct sample {
  std::string url;
  std::string method = "GET";
};

/// A host condition: the host itself or (unless exact) any subdomain of it.
struct host_rule {
  std::string name;  ///< lowercase, without the leading '='
  bool exact = false;
};

/// The conditions of a signature (signatures/README.md, "Match rules").
struct match_rule {
  std::vector<host_rule> hosts;
  bool any_host = false;
  std::vector<std::string> paths;
  std::vector<std::string> query_has;
  std::vector<std::pair<std::string, std::string>> query_values;
  std::vector<std::string> methods;
  std::vector<std::string> schemes;
  std::string url_regex;
};

struct signature {
  std::string id;
  int rev = 1;
  sig::role role = role::other;
  std::string description;
  match_rule match;
  std::vector<std::string> decoders;
  std::vector<sample> match_samples;
  std::vector<sample> no_match_samples;
  std::size_t vendor = 0;  ///< index into database::vendors()

  /// "meta_pixel.event@1": how findings cite a signature.
  std::string ref() const;
};

struct vendor {
  std::string vendor_id, name, company;
  sig::category category = category::analytics;
  std::vector<theory> theories;
  std::string description;
  std::vector<std::string> uncertain;
  std::vector<reference> references;
  std::string file;                     ///< relative path in the database
  std::vector<std::size_t> signatures;  ///< indexes into database::signatures()
};

class database {
 public:
  /// Loads MANIFEST.json and every file it lists from `dir`. Errors name the
  /// file and the JSON pointer of the problem.
  static result<database> load(const std::filesystem::path& dir);
  /// An empty database (for --no-signatures).
  static database empty();

  /// Where the signatures are by default: $HARFACT_SIGNATURES if set; else
  /// share/harfact/signatures beside the running executable's prefix; else the
  /// installed data directory; else the source tree (running from a build).
  static std::filesystem::path default_dir();

  const std::string& version() const noexcept { return version_; }  ///< db_version
  /// SHA-256 (hex) of MANIFEST.json followed by every listed file in order.
  const std::string& sha256() const noexcept { return sha256_; }
  const std::filesystem::path& dir() const noexcept { return dir_; }
  const std::vector<vendor>& vendors() const noexcept { return vendors_; }
  const std::vector<signature>& signatures() const noexcept { return signatures_; }
  const std::vector<std::string>& retired_ids() const noexcept { return retired_; }
  const vendor& vendor_of(const signature& s) const { return vendors_[s.vendor]; }
  /// Vendor by id, or nullptr.
  const vendor* find_vendor(std::string_view vendor_id) const noexcept;
  bool loaded() const noexcept { return !version_.empty(); }

 private:
  std::filesystem::path dir_;
  std::string version_, sha256_;
  std::vector<vendor> vendors_;
  std::vector<signature> signatures_;
  std::vector<std::string> retired_;
};

}  // namespace harfact::sig
