#include "contrastive/mix.h"
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include "io/canonical.h"
#include "io/splits.h"

namespace haad {

namespace fs = std::filesystem;

std::vector<std::string> mix_known_names() { return {"msr", "utkinect", "utd_mhad", "nw_ucla", "kard"}; }

std::vector<MixSource> parse_mix(const std::string& list, const std::string& root) {
  std::vector<MixSource> out;
  std::stringstream ss(list);
  for (std::string n; std::getline(ss, n, ',');) {
    if (n.empty()) continue;
    MixSource s;
    if (n == "msr") s = {"msr", "msr", root + "/msr_action3d"};
    else if (n == "utkinect") s = {"utkinect", "utkinect", root + "/utkinect"};
    else if (n == "utd_mhad" || n == "nw_ucla" || n == "kard" || n == "humanact12")
      s = {n, n == "humanact12" ? "humanact12" : "generic", root + "/" + n};
    else if (fs::is_directory(n)) s = {fs::path(n).filename().string(), "generic", n};
    else throw std::invalid_argument("--data-mix: '" + n + "' is neither a known dataset (msr, utkinect, utd_mhad, nw_ucla, kard, humanact12) nor a folder");
    if (!fs::is_directory(s.path)) throw std::invalid_argument("--data-mix: " + s.path + ": no such folder");
    out.push_back(s);
  }
  if (out.empty()) throw std::invalid_argument("--data-mix: no datasets given");
  return out;
}

ExtraClips MixClips::extra() const {
  ExtraClips e;
  e.motions = motions;
  e.labels = labels;
  return e;
}

MixClips load_mix(const std::vector<MixSource>& src, const FeatureConfig& f, bool all_clips) {
  MixClips m;
  Skeleton canon = skeleton_canonical();
  for (const MixSource& s : src) {
    Dataset d = load_dataset(s.format, s.path);
    Dataset c = to_canonical(d, canonical_map(d.skeleton));
    std::vector<int> idx;
    if (all_clips)
      for (int i = 0; i < (int)c.clips.size(); ++i) idx.push_back(i);
    else
      idx = cross_subject(c).train;
    const int base = (int)m.classes.size();
    for (const std::string& cls : c.classes) m.classes.push_back(s.name + ":" + cls);
    for (int i : idx) {
      m.motions.push_back(prepare_motion(c.clips[i].motion, canon, f));
      m.labels.push_back(1000000 + base + c.clips[i].label);
    }
    m.summary.push_back(s.name + ": " + std::to_string(idx.size()) + " clips of " + std::to_string(c.classes.size()) +
                        " categories (" + (all_clips ? "all subjects" : "training subjects") + ", " + d.skeleton.name +
                        " -> canonical16)");
  }
  return m;
}

}  // namespace haad
