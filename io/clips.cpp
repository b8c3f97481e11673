#include "io/clips.h"
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include "io/npy.h"

namespace haad {
namespace fs = std::filesystem;

std::vector<std::string> resolve_clip_files(const std::string& spec) {
  std::vector<std::string> files;
  std::error_code ec;  // a very long comma list is not a path: no exception from status()
  if (!spec.empty() && spec[0] == '@') {
    std::string list = spec.substr(1);
    std::ifstream in(list);
    if (!in) throw std::invalid_argument(list + ": cannot open clip list");
    fs::path base = fs::path(list).parent_path();
    std::string line;
    while (std::getline(in, line)) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
      size_t b = line.find_first_not_of(" \t");
      if (b == std::string::npos || line[b] == '#') continue;
      fs::path p(line.substr(b));
      files.push_back(p.is_relative() && !base.empty() ? (base / p).string() : p.string());
    }
    if (files.empty()) throw std::invalid_argument(list + ": the clip list names no clips");
    return files;
  }
  if (spec.size() < 4096 && fs::is_directory(spec, ec)) {
    for (auto it = fs::directory_iterator(spec, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
      if (it->path().extension() == ".npy") files.push_back(it->path().string());
    if (ec) throw std::invalid_argument(spec + ": cannot list the folder (" + ec.message() + ")");
    std::sort(files.begin(), files.end());
    if (files.empty()) throw std::invalid_argument(spec + ": no .npy clips in the folder");
    return files;
  }
  std::stringstream ss(spec);
  for (std::string x; std::getline(ss, x, ',');)
    if (!x.empty()) files.push_back(x);
  if (files.empty()) throw std::invalid_argument("'" + spec + "': no .npy clips");
  return files;
}

// One clip, or the reason it cannot be used.
static std::string load_one(const std::string& p, const Skeleton& s, Motion& out) {
  NpyArray a;
  try {
    a = npy_load(p);
  } catch (const std::exception& e) {
    std::string w = e.what();
    return w.rfind(p, 0) == 0 ? w.substr(std::min(w.size(), p.size() + 2)) : w;  // the file is named separately
  }
  if (a.shape.size() != 3 || a.shape[2] != 3) return "expected a (T, J, 3) clip";
  if (a.shape[1] != s.num_joints())
    return std::to_string(a.shape[1]) + " joints, the model's skeleton '" + s.name + "' has " + std::to_string(s.num_joints());
  Motion m((int)a.shape[0], (int)a.shape[1]);
  m.xyz = std::move(a.data);
  std::string why = sanitize(m, s, SanityConfig{});
  if (!why.empty()) return "unusable clip (" + why + ")";
  out = std::move(m);
  return "";
}

ClipBatch load_clip_batch(const std::vector<std::string>& files, const Skeleton& s, bool strict) {
  ClipBatch b;
  for (const std::string& p : files) {
    Motion m;
    std::string why = load_one(p, s, m);
    if (why.empty()) {
      b.files.push_back(p);
      b.motions.push_back(std::move(m));
    } else if (strict) {
      throw std::runtime_error(p + ": " + why);
    } else {
      b.errors.push_back({p, why});
    }
  }
  return b;
}

}  // namespace haad
