#include "io/motion.h"
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace haad {

static double dist(const float* a, const float* b) {
  double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
  return std::sqrt(dx * dx + dy * dy + dz * dz);
}

static double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

std::string sanitize(Motion& m, const Skeleton& s, const SanityConfig& c, int* repaired, int* first_kept) {
  if (repaired) *repaired = 0;
  if (first_kept) *first_kept = 0;
  if (m.T == 0 || m.J == 0) return "empty";
  bool any = false;
  for (float v : m.xyz) {
    if (!std::isfinite(v)) return "non_finite";
    any |= v != 0.f;
  }
  if (!any) return "all_zero";
  auto bones = s.bones();
  std::vector<char> zero(m.T, 1), jump(m.T, 0);
  for (int t = 0; t < m.T; ++t)
    for (int k = 0; k < 3 * m.J && zero[t]; ++k) zero[t] = m.at(t, 0)[k] == 0.f;
  // bone medians over the tracked frames; a bone "jumps" when it is off its
  // median by more than (factor - 1) x median AND by more than half the mean
  // bone length (short, noisy bones such as the hands would trip a purely
  // relative rule)
  std::vector<double> med(bones.size());
  double mean_bone = 0;
  for (size_t b = 0; b < bones.size(); ++b) {
    std::vector<double> l;
    for (int t = 0; t < m.T; ++t)
      if (!zero[t]) l.push_back(dist(m.at(t, bones[b].first), m.at(t, bones[b].second)));
    med[b] = median(l);
    mean_bone += med[b] / bones.size();
  }
  int n_zero = 0, n_jump = 0;
  for (int t = 0; t < m.T; ++t) {
    if (zero[t]) { ++n_zero; continue; }
    for (size_t b = 0; b < bones.size() && !jump[t]; ++b) {
      double dev = std::fabs(dist(m.at(t, bones[b].first), m.at(t, bones[b].second)) - med[b]);
      if (dev > (c.bone_factor - 1) * med[b] && dev > 0.5 * mean_bone) jump[t] = 1;
    }
    n_jump += jump[t];
  }
  if (n_zero + n_jump > c.max_bad_frac * m.T) return n_zero >= n_jump ? "missing_frames" : "bone_jump";
  // repair: trim broken frames at the ends, interpolate interior ones linearly
  auto bad = [&](int t) { return zero[t] || jump[t]; };
  int first = 0, last = m.T - 1;
  while (first <= last && bad(first)) ++first;
  while (last >= first && bad(last)) --last;
  if (first_kept) *first_kept = first;
  int fixed = 0;
  for (int t = first; t <= last; ++t) {
    if (!bad(t)) continue;
    int a = t - 1, b = t;
    while (bad(b)) ++b;
    for (int u = t; u < b; ++u, ++fixed) {
      float w = (float)(u - a) / (float)(b - a);
      for (int k = 0; k < 3 * m.J; ++k) m.at(u, 0)[k] = (1 - w) * m.at(a, 0)[k] + w * m.at(b, 0)[k];
      zero[u] = jump[u] = 0;
    }
    t = b;
  }
  fixed += first + (m.T - 1 - last);
  if (last - first + 1 < c.min_frames) return "too_short";
  if (first > 0 || last < m.T - 1) m = slice_frames(m, first, last - first + 1);
  if (repaired) *repaired = fixed;
  return "";
}

void bone_length_stats(const Motion& m, const Skeleton& s, std::vector<double>& mean, std::vector<double>& cv) {
  auto bones = s.bones();
  mean.assign(bones.size(), 0);
  cv.assign(bones.size(), 0);
  for (size_t b = 0; b < bones.size(); ++b) {
    double sm = 0, ss = 0;
    for (int t = 0; t < m.T; ++t) {
      double l = dist(m.at(t, bones[b].first), m.at(t, bones[b].second));
      sm += l;
      ss += l * l;
    }
    double mu = sm / std::max(1, m.T), var = std::max(0.0, ss / std::max(1, m.T) - mu * mu);
    mean[b] = mu;
    cv[b] = mu > 0 ? std::sqrt(var) / mu : 0;
  }
}

void root_center(Motion& m, int root, bool per_frame) {
  if (m.T == 0) return;
  float r0[3] = {m.at(0, root)[0], m.at(0, root)[1], m.at(0, root)[2]};
  for (int t = 0; t < m.T; ++t) {
    float r[3] = {m.at(t, root)[0], m.at(t, root)[1], m.at(t, root)[2]};
    const float* c = per_frame ? r : r0;
    for (int j = 0; j < m.J; ++j)
      for (int k = 0; k < 3; ++k) m.at(t, j)[k] -= c[k];
  }
}

void scale_normalize(Motion& m, const Skeleton& s, ScaleMode mode) {
  double scale = 0;
  if (mode == ScaleMode::MeanBone) {
    std::vector<double> mean, cv;
    bone_length_stats(m, s, mean, cv);
    for (double v : mean) scale += v;
    scale /= std::max<size_t>(1, mean.size());
  } else {  // body height: vertical extent averaged over frames
    for (int t = 0; t < m.T; ++t) {
      float lo = 1e30f, hi = -1e30f;
      for (int j = 0; j < m.J; ++j) { lo = std::min(lo, m.at(t, j)[1]); hi = std::max(hi, m.at(t, j)[1]); }
      scale += hi - lo;
    }
    scale /= std::max(1, m.T);
  }
  if (scale <= 1e-9) return;
  float inv = (float)(1.0 / scale);
  for (float& v : m.xyz) v *= inv;
}

void rotate_y(Motion& m, double angle) {
  float c = (float)std::cos(angle), s = (float)std::sin(angle);
  for (int t = 0; t < m.T; ++t)
    for (int j = 0; j < m.J; ++j) {
      float* p = m.at(t, j);
      float x = p[0], z = p[2];
      p[0] = c * x + s * z;
      p[2] = -s * x + c * z;
    }
}

void view_normalize(Motion& m, const Skeleton& s, int frames) {
  if (s.left_hip < 0 || s.right_hip < 0 || m.T == 0) return;
  int n = frames <= 0 ? m.T : std::min(frames, m.T);
  double dx = 0, dz = 0;
  for (int t = 0; t < n; ++t) {
    const float* l = m.at(t, s.left_hip);
    const float* r = m.at(t, s.right_hip);
    dx += r[0] - l[0];
    dz += r[2] - l[2];
  }
  if (dx * dx + dz * dz < 1e-12) return;
  // rotating by +a maps (x, z) to (cos a x + sin a z, -sin a x + cos a z):
  // choose a with -sin a dx + cos a dz = 0 and the result along +x
  rotate_y(m, std::atan2(dz, dx));
}

std::map<std::string, std::string> preprocess_metadata(const PreprocessConfig& c) {
  return {{"per_frame_root", c.per_frame_root ? "1" : "0"},
          {"scale", c.scale == ScaleMode::MeanBone ? "mean_bone" : "height"},
          {"view", c.view ? "1" : "0"},
          {"view_frames", std::to_string(c.view_frames)}};
}

PreprocessConfig preprocess_from_metadata(const std::map<std::string, std::string>& m) {
  PreprocessConfig c;
  c.per_frame_root = m.at("per_frame_root") == "1";
  c.scale = m.at("scale") == "height" ? ScaleMode::Height : ScaleMode::MeanBone;
  c.view = m.at("view") == "1";
  c.view_frames = m.count("view_frames") ? std::stoi(m.at("view_frames")) : 1;
  return c;
}

void normalize_motion(Motion& m, const Skeleton& s, const PreprocessConfig& c) {
  root_center(m, s.root(), c.per_frame_root);
  scale_normalize(m, s, c.scale);
  if (c.view) view_normalize(m, s, c.view_frames);
}

std::vector<const Motion*> motion_pointers(const std::vector<Motion>& v) {
  std::vector<const Motion*> p;
  p.reserve(v.size());
  for (const Motion& m : v) p.push_back(&m);
  return p;
}

Motion resample(const Motion& m, int H) {
  if (H <= 0) throw std::invalid_argument("resample: target length must be positive");
  Motion o(H, m.J);
  if (m.T == 0) return o;
  for (int i = 0; i < H; ++i) {
    double src = H == 1 ? 0.0 : (double)i * (m.T - 1) / (H - 1);
    int a = (int)std::floor(src), b = std::min(a + 1, m.T - 1);
    float w = (float)(src - a);
    for (int k = 0; k < 3 * m.J; ++k) o.xyz[(size_t)i * 3 * m.J + k] = (1 - w) * m.at(a, 0)[k] + w * m.at(b, 0)[k];
  }
  return o;
}

Motion slice_frames(const Motion& m, int start, int len) {
  if (start < 0 || len < 0 || start + len > m.T) throw std::out_of_range("slice_frames: out of range");
  Motion o(len, m.J);
  std::copy(m.at(start, 0), m.at(start, 0) + (size_t)len * m.J * 3, o.xyz.begin());
  return o;
}

std::vector<int> window_starts(int T, int len, int stride) {
  if (len <= 0 || stride <= 0) throw std::invalid_argument("window_starts: length and stride must be positive");
  std::vector<int> s;
  if (T <= len) return {0};
  for (int t = 0; t + len <= T; t += stride) s.push_back(t);
  if (s.back() + len < T) s.push_back(T - len);  // the last window reaches the end
  return s;
}

std::vector<float> dct_basis(int H, int M) {
  if (M > H || M <= 0) throw std::invalid_argument("dct_basis: need 0 < M <= H");
  std::vector<float> c((size_t)M * H);
  for (int k = 0; k < M; ++k) {
    double sk = k == 0 ? std::sqrt(1.0 / H) : std::sqrt(2.0 / H);
    for (int n = 0; n < H; ++n) c[(size_t)k * H + n] = (float)(sk * std::cos(M_PI * (n + 0.5) * k / H));
  }
  return c;
}

std::vector<float> dct(const Motion& m, int M) {
  std::vector<float> c = dct_basis(m.T, M), out((size_t)M * m.J * 3, 0.f);
  size_t F = (size_t)m.J * 3;
  for (int k = 0; k < M; ++k)
    for (int n = 0; n < m.T; ++n) {
      float w = c[(size_t)k * m.T + n];
      for (size_t f = 0; f < F; ++f) out[k * F + f] += w * m.xyz[n * F + f];
    }
  return out;
}

Motion idct(const std::vector<float>& coeffs, int M, int J, int H) {
  std::vector<float> c = dct_basis(H, M);
  Motion o(H, J);
  size_t F = (size_t)J * 3;
  for (int k = 0; k < M; ++k)
    for (int n = 0; n < H; ++n) {
      float w = c[(size_t)k * H + n];
      for (size_t f = 0; f < F; ++f) o.xyz[n * F + f] += w * coeffs[k * F + f];
    }
  return o;
}

Motion mirror(const Motion& m, const Skeleton& s) {
  std::vector<int> p = s.mirror_permutation();
  Motion o(m.T, m.J);
  for (int t = 0; t < m.T; ++t)
    for (int j = 0; j < m.J; ++j) {
      const float* a = m.at(t, p[j]);
      float* b = o.at(t, j);
      b[0] = -a[0];  // reflect across the sagittal plane (x after view normalisation)
      b[1] = a[1];
      b[2] = a[2];
    }
  return o;
}

AugmentConfig augment_policy(const std::string& name) {
  AugmentConfig c;
  if (name == "all") return c;
  if (name == "geometric") {
    c.crop_min = 1.0;
    c.speed = 0.0;
    c.mirror_p = 0.0;
    return c;
  }
  throw std::invalid_argument("unknown augmentation policy '" + name + "' (all, geometric, none)");
}

Motion augment(const Motion& m0, const Skeleton& s, const AugmentConfig& c, Rng& rng) {
  Motion m = m0;
  if (c.crop_min < 1.0 && m.T > 2) {
    int len = std::max(2, (int)std::lround(m.T * (c.crop_min + (1 - c.crop_min) * rng.uniform())));
    int start = (int)rng.randint(m.T - len + 1);
    m = slice_frames(m, start, len);
  }
  if (c.speed > 0 && m.T > 2) {
    double f = 1 + c.speed * (2 * rng.uniform() - 1);
    m = resample(m, std::max(2, (int)std::lround(m.T / f)));
  }
  if (c.mirror_p > 0 && rng.uniform() < c.mirror_p) m = mirror(m, s);
  if (c.rot_deg > 0) rotate_y(m, (2 * rng.uniform() - 1) * c.rot_deg * M_PI / 180);
  if (c.scale > 0) {
    float f = (float)(1 + c.scale * (2 * rng.uniform() - 1));
    for (float& v : m.xyz) v *= f;
  }
  if (c.jitter > 0)
    for (float& v : m.xyz) v += (float)(c.jitter * rng.normal());
  return m;
}

// the names support_variant() knows; parse and check against this one list
static const char* const kSupportVariants[] = {"mirror", "head", "tail", "rot+15", "rot-15"};

std::vector<std::string> check_support_variants(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& v : names) {
    if (v.empty()) continue;
    bool known = false;
    for (const char* k : kSupportVariants) known |= v == k;
    if (!known) throw std::invalid_argument("unknown support variant '" + v + "' (mirror, head, tail, rot+15, rot-15; or none)");
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

Motion support_variant(const Motion& m, const Skeleton& s, const std::string& v) {
  if (v == "mirror") return mirror(m, s);
  if (v == "rot+15" || v == "rot-15") {
    Motion r = m;
    rotate_y(r, (v == "rot+15" ? 15.0 : -15.0) * M_PI / 180);
    return r;
  }
  if (v == "head" || v == "tail") {
    int len = std::max(2, std::min(m.T, (int)std::lround(0.85 * m.T)));
    return slice_frames(m, v == "head" ? 0 : m.T - len, len);
  }
  check_support_variants({v});  // throws naming it
  throw std::logic_error("support variant '" + v + "' is listed but not made");
}

std::vector<std::string> parse_support_variants(const std::string& list) {
  if (list == "none") return {};
  std::vector<std::string> names;
  size_t a = 0;
  while (a <= list.size()) {
    size_t b = list.find(',', a);
    if (b == std::string::npos) b = list.size();
    names.push_back(list.substr(a, b - a));
    a = b + 1;
  }
  return check_support_variants(names);
}

}  // namespace haad
