#include "io/perturb.h"
#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

namespace haad {

const std::vector<Perturbation>& all_perturbations() {
  static const std::vector<Perturbation> all = {Perturbation::Freeze, Perturbation::Swap,  Perturbation::Amplitude,
                                                Perturbation::Speed,  Perturbation::Tremor, Perturbation::Cut,
                                                Perturbation::Stumble};
  return all;
}

const char* perturbation_name(Perturbation p) {
  switch (p) {
    case Perturbation::Freeze: return "freeze";
    case Perturbation::Swap: return "swap";
    case Perturbation::Amplitude: return "amplitude";
    case Perturbation::Speed: return "speed";
    case Perturbation::Tremor: return "tremor";
    case Perturbation::Cut: return "cut";
    case Perturbation::Stumble: return "stumble";
  }
  return "?";
}

Perturbation parse_perturbation(const std::string& s) {
  std::string names;
  for (Perturbation p : all_perturbations()) {
    if (s == perturbation_name(p)) return p;
    names += std::string(names.empty() ? "" : ", ") + perturbation_name(p);
  }
  throw std::invalid_argument("unknown perturbation '" + s + "' (one of: " + names + ")");
}

namespace {

struct V3 {
  double x = 0, y = 0, z = 0;
};
V3 at(const Motion& m, int t, int j) { return {m.at(t, j)[0], m.at(t, j)[1], m.at(t, j)[2]}; }
void put(Motion& m, int t, int j, V3 v) {
  m.at(t, j)[0] = (float)v.x;
  m.at(t, j)[1] = (float)v.y;
  m.at(t, j)[2] = (float)v.z;
}
V3 operator+(V3 a, V3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
V3 operator-(V3 a, V3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
V3 operator*(double k, V3 a) { return {k * a.x, k * a.y, k * a.z}; }
double dot(V3 a, V3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
double norm(V3 a) { return std::sqrt(dot(a, a)); }

// joints of the subtree under top, parents before children
std::vector<int> subtree(const Skeleton& s, int top) {
  std::vector<int> out{top};
  for (size_t i = 0; i < out.size(); ++i)
    for (int j = 0; j < s.num_joints(); ++j)
      if (s.parents[j] == out[i]) out.push_back(j);
  return out;
}

double mean_bone_length(const Motion& m, const Skeleton& s) {
  double sum = 0;
  int n = 0;
  for (auto [c, p] : s.bones())
    for (int t = 0; t < m.T; ++t) {
      sum += norm(at(m, t, c) - at(m, t, p));
      ++n;
    }
  return n ? sum / n : 1.0;
}

// a span of `len` frames inside [margin, T - margin), at a seeded place
std::pair<int, int> span(int T, int len, Rng& rng) {
  len = std::max(1, std::min(len, T - 2));
  int lo = std::min(T / 5, T - len), hi = std::max(lo, T - len - T / 5);
  int a = lo + (int)rng.randint(hi - lo + 1);
  return {a, a + len - 1};
}

}  // namespace

std::vector<std::pair<int, std::vector<int>>> skeleton_limbs(const Skeleton& s) {
  std::set<int> paired;
  for (auto [l, r] : s.lr_pairs) { paired.insert(l); paired.insert(r); }
  std::vector<std::pair<int, std::vector<int>>> limbs;
  for (auto [l, r] : s.lr_pairs)
    for (int top : {l, r}) {
      int p = s.parents[top];
      if (p >= 0 && !paired.count(p)) limbs.push_back({top, subtree(s, top)});
    }
  if (limbs.empty()) throw std::invalid_argument("skeleton '" + s.name + "' has no left/right limbs to perturb");
  return limbs;
}

Motion graft_limbs(const Motion& a, const Motion& b, const Skeleton& s, const std::vector<int>& which) {
  if (a.J != s.num_joints() || b.J != s.num_joints()) throw std::invalid_argument("graft_limbs: clips do not match the skeleton");
  auto limbs = skeleton_limbs(s);
  Motion ar = a.T == b.T ? a : resample(a, b.T);
  Motion o = b;
  for (int li : which) {
    if (li < 0 || li >= (int)limbs.size()) throw std::invalid_argument("graft_limbs: no limb " + std::to_string(li));
    const int top = limbs[li].first;
    for (int t = 0; t < b.T; ++t)
      for (int j : limbs[li].second)
        if (j != top) put(o, t, j, at(b, t, top) + (at(ar, t, j) - at(ar, t, top)));
  }
  return o;
}

Perturbed perturb(const Motion& m, const Skeleton& s, Perturbation p, double sev, Rng& rng, double fps) {
  if (!(sev > 0 && sev <= 1)) throw std::invalid_argument("perturb: severity must be in (0, 1], got " + std::to_string(sev));
  if (m.T < 20) throw std::invalid_argument("perturb: needs a clip of at least 20 frames, got " + std::to_string(m.T));
  const int T = m.T, J = m.J;
  auto limbs = skeleton_limbs(s);
  auto& limb = limbs[rng.randint((int64_t)limbs.size())];
  const int top = limb.first, anchor = s.parents[top];
  Perturbed r;
  r.motion = m;
  Motion& o = r.motion;
  switch (p) {
    case Perturbation::Freeze: {
      r.frames = span(T, std::max(3, (int)std::lround(sev * 0.6 * T)), rng);
      int a = r.frames.first;
      for (int t = a; t <= r.frames.second; ++t)
        for (int j : limb.second) put(o, t, j, at(m, t, anchor) + (at(m, a, j) - at(m, a, anchor)));
      r.joints = limb.second;
      break;
    }
    case Perturbation::Swap: {
      // the left limb of a pair takes the right one's motion, mirrored across the hips' axis
      std::vector<int> mir = s.mirror_permutation();
      int l = top, rt = mir[top];
      for (auto [pl, pr] : s.lr_pairs)
        if (pr == top) { l = pl; rt = pr; }
      int la = s.parents[l], ra = s.parents[rt];
      std::vector<int> joints = subtree(s, l);
      for (int t = 0; t < T; ++t) {
        V3 axis = s.left_hip >= 0 && s.right_hip >= 0 ? at(m, t, s.left_hip) - at(m, t, s.right_hip) : V3{1, 0, 0};
        double n = norm(axis);
        axis = n > 1e-9 ? (1.0 / n) * axis : V3{1, 0, 0};
        for (int j : joints) {
          V3 src = at(m, t, mir[j]) - at(m, t, ra);
          V3 mirrored = src - 2.0 * dot(src, axis) * axis;
          V3 swapped = at(m, t, la) + mirrored;
          put(o, t, j, (1.0 - sev) * at(m, t, j) + sev * swapped);
        }
      }
      r.joints = joints;
      r.frames = {0, T - 1};
      break;
    }
    case Perturbation::Amplitude: {
      // bone directions pulled towards their mean: k = 1 keeps the motion, 0 freezes the angles
      double k = 1.0 - 0.9 * sev;
      std::vector<int> joints = limb.second;
      std::vector<V3> mean_dir(J);
      for (int j : joints) {
        V3 acc;
        for (int t = 0; t < T; ++t) {
          V3 d = at(m, t, j) - at(m, t, s.parents[j]);
          double n = norm(d);
          if (n > 1e-9) acc = acc + (1.0 / n) * d;
        }
        double n = norm(acc);
        mean_dir[j] = n > 1e-9 ? (1.0 / n) * acc : V3{0, -1, 0};
      }
      for (int t = 0; t < T; ++t)
        for (int j : joints) {  // parents first: rebuild the chain from the anchor down
          V3 d = at(m, t, j) - at(m, t, s.parents[j]);
          double len = norm(d);
          V3 u = len > 1e-9 ? (1.0 / len) * d : mean_dir[j];
          V3 v = mean_dir[j] + k * (u - mean_dir[j]);
          double vn = norm(v);
          v = vn > 1e-9 ? (1.0 / vn) * v : mean_dir[j];
          put(o, t, j, at(o, t, s.parents[j]) + len * v);
        }
      r.joints = joints;
      r.frames = {0, T - 1};
      break;
    }
    case Perturbation::Speed: {
      int pause = std::max(2, (int)std::lround(sev * 0.4 * T));
      int a = T / 4 + (int)rng.randint(std::max(1, T / 4));
      for (int t = a; t < T; ++t) {
        int src = t < a + pause ? a : t - pause;
        std::copy(m.at(src, 0), m.at(src, 0) + (size_t)J * 3, o.at(t, 0));
      }
      for (int j = 0; j < J; ++j) r.joints.push_back(j);
      r.frames = {a + 1, T - 1};  // frame a itself is unchanged
      break;
    }
    case Perturbation::Tremor: {
      r.frames = span(T, std::max(5, T / 2), rng);
      double amp = sev * 0.4 * mean_bone_length(m, s);
      double f1 = 5 + 4 * rng.uniform(), f2 = 5 + 4 * rng.uniform();
      double ph[3] = {6.283 * rng.uniform(), 6.283 * rng.uniform(), 6.283 * rng.uniform()};
      std::vector<int> shaken(limb.second.begin() + 1, limb.second.end());  // below the top joint
      if (shaken.empty()) shaken = limb.second;
      for (int t = r.frames.first; t <= r.frames.second; ++t) {
        double w = 6.283185307179586 * t / fps;
        for (size_t i = 0; i < shaken.size(); ++i) {
          double g = amp * (i + 1.0) / shaken.size();  // grows towards the end of the limb
          V3 d{g * std::sin(w * f1 + ph[0]), g * std::sin(w * f2 + ph[1]), g * std::sin(w * f1 * 1.3 + ph[2])};
          put(o, t, shaken[i], at(m, t, shaken[i]) + d);
        }
      }
      r.joints = shaken;
      break;
    }
    case Perturbation::Cut: {
      int len = std::max(2, (int)std::lround(sev * 0.4 * T));
      len = std::min(len, T - 10);
      int a = T / 4 + (int)rng.randint(std::max(1, T / 2 - len / 2));
      a = std::min(a, T - len - 1);
      Motion c(T - len, J);
      for (int t = 0; t < c.T; ++t) {
        int src = t < a ? t : t + len;
        std::copy(m.at(src, 0), m.at(src, 0) + (size_t)J * 3, c.at(t, 0));
      }
      o = c;
      for (int j = 0; j < J; ++j) r.joints.push_back(j);
      r.frames = {a, c.T - 1};
      break;
    }
    case Perturbation::Stumble: {
      r.frames = span(T, std::max(4, T / 6), rng);
      double amp = sev * 3.0 * mean_bone_length(m, s);
      double ang = 6.283185307179586 * rng.uniform();
      V3 dir{std::cos(ang), 0, std::sin(ang)};  // horizontal (y is up)
      int a = r.frames.first, len = r.frames.second - a + 1;
      for (int t = a; t <= r.frames.second; ++t) {
        double k = std::sin(3.141592653589793 * (t - a + 0.5) / len);  // out and back
        for (int j = 0; j < J; ++j) put(o, t, j, at(m, t, j) + (amp * k) * dir);
      }
      for (int j = 0; j < J; ++j) r.joints.push_back(j);
      break;
    }
  }
  std::sort(r.joints.begin(), r.joints.end());
  return r;
}

}  // namespace haad
