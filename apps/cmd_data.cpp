// haad data-info / haad convert
#include <cstdio>
#include <filesystem>
#include "apps/commands.h"
#include "io/dataset.h"

namespace haad {

static const char* kDataInfoUsage =
    "usage: haad data-info [--data DIR] [--dataset msr|utkinect|humanact12|generic] [--path DIR] [--verbose]\n"
    "Loads the datasets and prints clip, class and subject counts and the clips skipped, by reason.\n"
    "  --data DIR      data root (default: $HAAD_DATA or ../shared/data): every dataset found in it\n"
    "  --dataset NAME  one dataset: from --path DIR, or from its folder under the data root\n"
    "  --verbose       also list each skipped clip\n";

int cmd_data_info(const Args& a) {
  if (a.has("help")) {
    std::printf("%s", kDataInfoUsage);
    return 0;
  }
  check_options(a, kDataInfoUsage);
  std::vector<std::pair<std::string, std::string>> sets;
  if (a.has("dataset") || a.has("path")) {
    if (!a.has("dataset")) throw std::invalid_argument("--path needs --dataset msr|utkinect|humanact12|generic");
    std::string ds = a.get("dataset"), path = a.get("path");
    if (path.empty()) {
      std::string root = find_data_root(a.get("data"));
      if (root.empty()) throw std::runtime_error("no data folder found (give --path DIR, --data DIR or set HAAD_DATA)");
      path = root + "/" + (ds == "msr" ? std::string("msr_action3d") : ds);
    }
    sets.push_back({ds, path});
  } else {
    std::string root = find_data_root(a.get("data"));
    if (root.empty()) throw std::runtime_error("no data folder found (give --data DIR or set HAAD_DATA)");
    if (std::filesystem::is_directory(root + "/msr_action3d")) sets.push_back({"msr", root + "/msr_action3d"});
    if (std::filesystem::is_directory(root + "/utkinect")) sets.push_back({"utkinect", root + "/utkinect"});
    if (std::filesystem::is_directory(root + "/humanact12")) sets.push_back({"humanact12", root + "/humanact12"});
  }
  for (auto& [fmt, dir] : sets) {
    Dataset d = load_dataset(fmt, dir);
    std::printf("%s  (%s)\n", d.summary().c_str(), dir.c_str());
    if (a.has("verbose"))
      for (auto& s : d.skipped_ids) std::printf("  skipped %s\n", s.c_str());
  }
  return 0;
}

static const char* kConvertUsage =
    "usage: haad convert --dataset msr|utkinect|humanact12|generic SRC DST\n"
    "Writes haad's generic layout: DST/skeleton.json, DST/clips.csv, DST/clips/<id>.npy\n";

int cmd_convert(const Args& a) {
  if (!a.has("help")) check_options(a, kConvertUsage);
  if (a.has("help") || a.positional.size() != 2 || !a.has("dataset")) {
    std::printf("%s", kConvertUsage);
    return a.has("help") ? 0 : 2;
  }
  Dataset d = load_dataset(a.get("dataset"), a.positional[0]);
  write_generic(d, a.positional[1]);
  std::printf("wrote %zu clips (%zu classes) to %s\n%s", d.clips.size(), d.classes.size(), a.positional[1].c_str(),
              d.summary().c_str());
  return 0;
}

}  // namespace haad
