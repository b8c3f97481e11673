// haad data-info / haad convert
#include <cstdio>
#include <filesystem>
#include "apps/commands.h"
#include "io/dataset.h"
#include "io/perturb.h"
#include "io/splits.h"
#include <set>
#include <sstream>
#include <cmath>

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

namespace haad {

static const char* kPerturbUsage =
    "usage: haad perturb --out DIR [--data DIR | --dataset NAME [--path DIR]] [options]\n"
    "Makes a dataset of controlled anomalies inside each category, in haad's generic layout:\n"
    "the train subjects' clips (split train, normal), the test subjects' clips (split test,\n"
    "normal), and perturbed copies of test clips (split test, anomalous = 1, with the\n"
    "anomaly_joints and anomaly_frames each perturbation changed, kind = TYPE@SEVERITY).\n"
    "  --types all|freeze,swap,amplitude,speed,tremor,cut,stumble (all)\n"
    "  --severities 0.25,0.5,0.75,1 (each in (0, 1])  --per-class N (5) test clips perturbed per category,\n"
    "                  drawn at random (seeded) from the category's test clips; test clips under 20\n"
    "                  frames cannot be perturbed and are left out of the output\n"
    "  --fps X (30) for the tremor frequency   --seed N (1)\n"
    "  --validation    the training subjects' clips only, dealt into pseudo-train and pseudo-test\n"
    "                  subjects as haad eval --validation deals them: anomalies to choose settings on\n"
    "Perturbations (io/perturb.h): freeze (a limb stops articulating for a span), swap (the left\n"
    "limb does the right one's motion, mirrored), amplitude (a limb's joint angles swing less),\n"
    "speed (a pause inside the clip), tremor (a limb shakes at 5-9 Hz), cut (a stretch of the\n"
    "middle is missing), stumble (the body is displaced out and back). Seeded: the same\n"
    "options give the same files.\n";

int cmd_perturb(const Args& a) {
  if (a.has("help") || !a.has("out")) {
    std::printf("%s", kPerturbUsage);
    return a.has("help") ? 0 : 2;
  }
  check_options(a, kPerturbUsage);
  Dataset d = load_from_args(a);
  if (a.has("validation")) d = validation_subset(d);  // no test-subject clip reaches the output
  std::vector<Perturbation> types;
  std::string ts = a.get("types", "all");
  if (ts == "all") types = all_perturbations();
  else {
    std::stringstream ss(ts);
    for (std::string t; std::getline(ss, t, ',');)
      if (!t.empty()) types.push_back(parse_perturbation(t));
  }
  std::vector<double> sev;
  {
    std::stringstream ss(a.get("severities", "0.25,0.5,0.75,1"));
    for (std::string t; std::getline(ss, t, ',');) {
      char* e = nullptr;
      double v = std::strtod(t.c_str(), &e);
      if (*e || t.empty() || !(v > 0 && v <= 1)) throw std::invalid_argument("--severities: '" + t + "' is not in (0, 1]");
      sev.push_back(v);
    }
  }
  int per = (int)a.get_int("per-class", 5);
  double fps = a.get_double("fps", 30.0);
  uint64_t seed = (uint64_t)a.get_int("seed", 1);
  SubjectSplit sp = cross_subject(d);
  Dataset out;
  out.name = d.name + "_perturbed";
  out.skeleton = d.skeleton;
  out.classes = d.classes;
  for (int i : sp.train) {
    Clip c = d.clips[i];
    c.split = "train";
    out.clips.push_back(c);
  }
  // the clips to perturb: per category, a seeded random draw of the test clips (the first
  // ones would all be one subject's, and their own oddity would bias every figure)
  std::vector<std::vector<int>> by_class(d.classes.size());
  for (int i : sp.test)
    if (d.clips[i].motion.T >= 20) by_class[d.clips[i].label].push_back(i);
  std::set<int> chosen;
  Rng pick(seed * 7919 + 17);
  for (auto& v : by_class) {
    for (int k = (int)v.size() - 1; k > 0; --k) std::swap(v[k], v[pick.randint(k + 1)]);
    for (int k = 0; k < std::min<int>(per, (int)v.size()); ++k) chosen.insert(v[k]);
  }
  int made = 0, too_short = 0;
  for (int i : sp.test) {
    Clip c = d.clips[i];
    c.split = "test";
    // a test clip too short to perturb is left out: kept as a normal, it would be a kind
    // of clip no anomaly is made from, and bias every figure (short clips score as odd)
    if (c.motion.T < 20) {
      ++too_short;
      continue;
    }
    out.clips.push_back(c);
    if (!chosen.count(i)) continue;
    for (Perturbation p : types)
      for (double s : sev) {
        Rng rng(seed * 1000003 + (uint64_t)i * 131 + (uint64_t)p * 17 + (uint64_t)std::lround(s * 100));
        Perturbed r = perturb(d.clips[i].motion, d.skeleton, p, s, rng, fps);
        Clip q = c;
        char tag[64];
        std::snprintf(tag, sizeof tag, "%s@%g", perturbation_name(p), s);
        q.id = c.id + "_" + perturbation_name(p) + "_" + std::to_string((int)std::lround(s * 100));
        q.motion = r.motion;
        q.kind = tag;
        q.anomalous = 1;
        q.anomaly_joints = r.joints;
        q.anomaly_frames = {r.frames};
        out.clips.push_back(q);
        ++made;
      }
  }
  write_generic(out, a.get("out"));
  std::printf("wrote %s: %zu clips (%zu train, %zu normal test, %d perturbed: %zu types x %zu severities x up to %d clips "
              "per category)%s\n",
              a.get("out").c_str(), out.clips.size(), sp.train.size(), sp.test.size() - too_short, made, types.size(), sev.size(), per,
              too_short ? ("; " + std::to_string(too_short) + " test clips under 20 frames left out").c_str() : "");
  return 0;
}

}  // namespace haad
