#include "io/canonical.h"
#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace haad {

namespace {

const char* kNames[16] = {"pelvis",         "spine",      "neck",        "head",       "left_shoulder", "left_elbow",
                          "left_wrist",     "right_shoulder", "right_elbow", "right_wrist", "left_hip",     "left_knee",
                          "left_ankle",     "right_hip",  "right_knee",  "right_ankle"};

// a joint name as (side, base): side -1 left, +1 right, 0 none; base the other
// tokens joined, lower case ("ShoulderLeft", "shoulder_l", "l_shoulder", "lhumerus")
struct Parsed {
  int side = 0;
  std::string base;
};

Parsed parse(const std::string& name) {
  std::vector<std::string> tok;
  std::string cur;
  for (size_t i = 0; i < name.size(); ++i) {
    char ch = name[i];
    bool upper = std::isupper((unsigned char)ch);
    if (!std::isalnum((unsigned char)ch) || (upper && !cur.empty() && !std::isupper((unsigned char)cur.back()))) {
      if (!cur.empty()) tok.push_back(cur);
      cur.clear();
      if (!std::isalnum((unsigned char)ch)) continue;
    }
    cur += (char)std::tolower((unsigned char)ch);
  }
  if (!cur.empty()) tok.push_back(cur);
  Parsed p;
  std::vector<std::string> rest;
  for (const std::string& t : tok) {
    if (t == "left" || t == "l") p.side = -1;
    else if (t == "right" || t == "r") p.side = 1;
    else rest.push_back(t);
  }
  // HDM05 / ASF style: one token with a leading side letter ("lhumerus", "rfemur")
  static const char* asf[] = {"humerus", "radius", "wrist", "hand", "femur", "tibia", "foot", "clavicle", "hipjoint"};
  if (p.side == 0 && rest.size() == 1 && rest[0].size() > 1 && (rest[0][0] == 'l' || rest[0][0] == 'r'))
    for (const char* a : asf)
      if (rest[0].substr(1) == a) {
        p.side = rest[0][0] == 'l' ? -1 : 1;
        rest[0] = a;
      }
  for (size_t i = 0; i < rest.size(); ++i) p.base += (i ? "_" : "") + rest[i];
  return p;
}

// base names that can stand for a canonical joint, best first
std::vector<std::string> synonyms(int c) {
  switch (c) {
    case 0: return {"pelvis", "hip_center", "hipcenter", "spine_base", "hips", "root"};
    case 1: return {"spine", "spine_mid", "spine2", "torso", "upperback", "spine1"};
    case 2: return {"neck", "shoulder_center", "spine_shoulder", "lowerneck", "spine3"};
    case 3: return {"head"};
    case 4: case 7: return {"shoulder", "humerus", "upper_arm"};
    case 5: case 8: return {"elbow", "radius", "forearm"};
    case 6: case 9: return {"wrist", "hand"};
    case 10: case 13: return {"hip", "femur", "upper_leg", "thigh"};
    case 11: case 14: return {"knee", "tibia", "lower_leg", "shin"};
    default: return {"ankle", "foot"};
  }
}

int side_of(int c) { return c >= 4 && c <= 6 ? -1 : c >= 7 && c <= 9 ? 1 : c >= 10 && c <= 12 ? -1 : c >= 13 ? 1 : 0; }

}  // namespace

Skeleton skeleton_canonical() {
  Skeleton s;
  s.name = "canonical16";
  s.joints.assign(kNames, kNames + 16);
  s.parents = {-1, 0, 1, 2, 2, 4, 5, 2, 7, 8, 0, 10, 11, 0, 13, 14};
  s.lr_pairs = {{4, 7}, {5, 8}, {6, 9}, {10, 13}, {11, 14}, {12, 15}};
  s.left_hip = 10;
  s.right_hip = 13;
  return s;
}

CanonicalMap canonical_map(const Skeleton& s) {
  const auto& explicit_map = s.canonical;
  CanonicalMap m;
  m.source = s.name;
  m.from.assign(16, {});
  m.how.assign(16, "");
  std::vector<Parsed> parsed;
  for (const std::string& n : s.joints) parsed.push_back(parse(n));
  auto index_of = [&](const std::string& n) {
    auto it = std::find(s.joints.begin(), s.joints.end(), n);
    if (it == s.joints.end()) throw std::invalid_argument(s.name + ": canonical map names unknown joint '" + n + "'");
    return (int)(it - s.joints.begin());
  };
  for (auto& [cname, srcs] : explicit_map) {
    int c = (int)(std::find(kNames, kNames + 16, cname) - kNames);
    if (c == 16) throw std::invalid_argument(s.name + ": '" + cname + "' is not a canonical joint");
    if (srcs.empty()) throw std::invalid_argument(s.name + ": canonical joint '" + cname + "' maps to no joint");
    for (const std::string& n : srcs) m.from[c].push_back(index_of(n));
    m.how[c] = "explicit";
  }
  for (int c = 0; c < 16; ++c) {
    if (!m.from[c].empty()) continue;
    for (const std::string& syn : synonyms(c)) {
      for (int j = 0; j < s.num_joints() && m.from[c].empty(); ++j)
        if (parsed[j].side == side_of(c) && parsed[j].base == syn) m.from[c] = {j}, m.how[c] = "name";
      if (!m.from[c].empty()) break;
    }
  }
  // derived joints: pelvis from the hips, neck from the shoulders, spine between pelvis and neck
  auto derive = [&](int c, int a, int b) {
    if (m.from[c].empty() && !m.from[a].empty() && !m.from[b].empty()) {
      m.from[c] = m.from[a];
      m.from[c].insert(m.from[c].end(), m.from[b].begin(), m.from[b].end());
      m.how[c] = "derived";
    }
  };
  derive(0, 10, 13);
  derive(2, 4, 7);
  derive(1, 0, 2);
  std::string missing;
  for (int c = 0; c < 16; ++c)
    if (m.from[c].empty()) missing += (missing.empty() ? "" : ", ") + std::string(kNames[c]);
  if (!missing.empty())
    throw std::invalid_argument("skeleton '" + s.name + "' has no joint for canonical " + missing +
                                " (name it, or give a \"canonical\" map in skeleton.json)");
  return m;
}

Motion to_canonical(const Motion& src, const CanonicalMap& map) {
  Motion out(src.T, 16);
  for (int t = 0; t < src.T; ++t)
    for (int c = 0; c < 16; ++c) {
      float* o = out.at(t, c);
      o[0] = o[1] = o[2] = 0;
      const float w = 1.0f / (float)map.from[c].size();
      for (int j : map.from[c]) {
        const float* p = src.at(t, j);
        for (int k = 0; k < 3; ++k) o[k] += w * p[k];
      }
    }
  return out;
}

Dataset to_canonical(const Dataset& d, const CanonicalMap& map) {
  Dataset out = d;
  out.skeleton = skeleton_canonical();
  for (Clip& c : out.clips) {
    c.motion = to_canonical(c.motion, map);
    if (c.anomaly_joints.empty()) continue;  // labelled joints: a canonical joint is wrong if any of its sources is
    std::vector<int> aj;
    for (int k = 0; k < 16; ++k)
      for (int j : map.from[k])
        if (std::count(c.anomaly_joints.begin(), c.anomaly_joints.end(), j)) {
          aj.push_back(k);
          break;
        }
    c.anomaly_joints = aj;
  }
  return out;
}

}  // namespace haad
