#include "diffusion/quality.h"
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace haad {

// ---------------------------------------------------------------- Fréchet distance
namespace {

using Mat = std::vector<double>;  // row-major n x n

// cyclic Jacobi eigendecomposition of a symmetric matrix: a = V diag(w) V^T
void sym_eig(Mat a, int n, std::vector<double>& w, Mat& V) {
  V.assign((size_t)n * n, 0.0);
  for (int i = 0; i < n; ++i) V[i * n + i] = 1;
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0;
    for (int p = 0; p < n; ++p)
      for (int q = p + 1; q < n; ++q) off += a[p * n + q] * a[p * n + q];
    if (off < 1e-22) break;
    for (int p = 0; p < n; ++p)
      for (int q = p + 1; q < n; ++q) {
        double apq = a[p * n + q];
        if (std::fabs(apq) < 1e-300) continue;
        double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        double t = (theta >= 0 ? 1 : -1) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
        double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < n; ++k) {  // columns p, q
          double akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; ++k) {  // rows p, q
          double apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; ++k) {
          double vkp = V[k * n + p], vkq = V[k * n + q];
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  w.resize(n);
  for (int i = 0; i < n; ++i) w[i] = a[i * n + i];
}

void mean_cov(const Tensor& x0, std::vector<double>& mu, Mat& cov, double eps) {
  Tensor x = x0.to(Device::CPU).to(DType::F64).contiguous();
  int64_t n = x.size(0), d = x.size(1);
  const double* p = x.data<double>();
  mu.assign(d, 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t k = 0; k < d; ++k) mu[k] += p[i * d + k] / n;
  cov.assign((size_t)d * d, 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t a = 0; a < d; ++a) {
      double da = p[i * d + a] - mu[a];
      for (int64_t b = a; b < d; ++b) cov[a * d + b] += da * (p[i * d + b] - mu[b]);
    }
  for (int64_t a = 0; a < d; ++a)
    for (int64_t b = a; b < d; ++b) {
      cov[a * d + b] /= std::max<int64_t>(1, n - 1);
      cov[b * d + a] = cov[a * d + b];
    }
  for (int64_t a = 0; a < d; ++a) cov[a * d + a] += eps;
}

}  // namespace

double frechet_distance(const Tensor& a, const Tensor& b, double eps) {
  if (a.dim() != 2 || b.dim() != 2 || a.size(1) != b.size(1))
    throw std::invalid_argument("frechet_distance: need [n, d] and [m, d] embeddings");
  if (a.size(0) < 2 || b.size(0) < 2) return std::numeric_limits<double>::quiet_NaN();
  int d = (int)a.size(1);
  std::vector<double> m1, m2, w;
  Mat s1, s2, V;
  mean_cov(a, m1, s1, eps);
  mean_cov(b, m2, s2, eps);
  // tr sqrt(S1 S2) = tr sqrt(R S2 R) with R = S1^(1/2) (symmetric, PSD)
  sym_eig(s1, d, w, V);
  Mat R((size_t)d * d, 0.0), T((size_t)d * d, 0.0), M((size_t)d * d, 0.0);
  for (int i = 0; i < d; ++i)
    for (int j = 0; j < d; ++j) {
      double s = 0;
      for (int k = 0; k < d; ++k) s += V[i * d + k] * std::sqrt(std::max(0.0, w[k])) * V[j * d + k];
      R[i * d + j] = s;
    }
  for (int i = 0; i < d; ++i)
    for (int k = 0; k < d; ++k) {
      double r = R[i * d + k];
      for (int j = 0; j < d; ++j) T[i * d + j] += r * s2[k * d + j];
    }
  for (int i = 0; i < d; ++i)
    for (int k = 0; k < d; ++k) {
      double t = T[i * d + k];
      for (int j = 0; j < d; ++j) M[i * d + j] += t * R[k * d + j];
    }
  for (int i = 0; i < d; ++i)
    for (int j = i + 1; j < d; ++j) M[i * d + j] = M[j * d + i] = 0.5 * (M[i * d + j] + M[j * d + i]);
  sym_eig(M, d, w, V);
  double tr_sqrt = 0, tr = 0, dmu = 0;
  for (double x : w) tr_sqrt += std::sqrt(std::max(0.0, x));
  for (int i = 0; i < d; ++i) {
    tr += s1[i * d + i] + s2[i * d + i];
    dmu += (m1[i] - m2[i]) * (m1[i] - m2[i]);
  }
  return std::max(0.0, dmu + tr - 2 * tr_sqrt);
}

static double row_dist(const double* p, int64_t d, int64_t i, int64_t j) {
  double s = 0;
  for (int64_t k = 0; k < d; ++k) s += (p[i * d + k] - p[j * d + k]) * (p[i * d + k] - p[j * d + k]);
  return std::sqrt(s);
}

double diversity(const Tensor& e0, int pairs, Rng& r) {
  Tensor e = e0.to(Device::CPU).to(DType::F64).contiguous();
  int64_t n = e.size(0), d = e.size(1);
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  double s = 0;
  for (int k = 0; k < pairs; ++k) {
    int64_t i = r.randint(n), j = r.randint(n - 1);
    if (j >= i) ++j;
    s += row_dist(e.data<double>(), d, i, j);
  }
  return s / pairs;
}

double multimodality(const Tensor& e0, const std::vector<int>& labels, int pairs, Rng& r) {
  Tensor e = e0.to(Device::CPU).to(DType::F64).contiguous();
  int64_t d = e.size(1);
  std::map<int, std::vector<int64_t>> by;
  for (size_t i = 0; i < labels.size(); ++i) by[labels[i]].push_back((int64_t)i);
  double tot = 0;
  int nc = 0;
  for (auto& [c, ids] : by) {
    if (ids.size() < 2) continue;
    double s = 0;
    for (int k = 0; k < pairs; ++k) {
      int64_t a = r.randint((int64_t)ids.size()), b = r.randint((int64_t)ids.size() - 1);
      if (b >= a) ++b;
      s += row_dist(e.data<double>(), d, ids[a], ids[b]);
    }
    tot += s / pairs;
    ++nc;
  }
  return nc ? tot / nc : std::numeric_limits<double>::quiet_NaN();
}

// ---------------------------------------------------------------- kinematics
static double dist3(const float* a, const float* b) {
  double x = a[0] - b[0], y = a[1] - b[1], z = a[2] - b[2];
  return std::sqrt(x * x + y * y + z * z);
}

std::vector<double> reference_bone_lengths(const std::vector<const Motion*>& ms, const Skeleton& s) {
  auto bones = s.bones();
  std::vector<double> sum(bones.size(), 0.0);
  double n = 0;
  for (auto* m : ms)
    for (int t = 0; t < m->T; ++t) {
      for (size_t b = 0; b < bones.size(); ++b) sum[b] += dist3(m->at(t, bones[b].first), m->at(t, bones[b].second));
      n += 1;
    }
  for (double& x : sum) x /= std::max(1.0, n);
  return sum;
}

double bone_length_error(const std::vector<const Motion*>& ms, const Skeleton& s, const std::vector<double>& ref) {
  auto bones = s.bones();
  double e = 0, n = 0;
  for (auto* m : ms)
    for (int t = 0; t < m->T; ++t)
      for (size_t b = 0; b < bones.size(); ++b) {
        if (ref[b] <= 0) continue;
        e += std::fabs(dist3(m->at(t, bones[b].first), m->at(t, bones[b].second)) - ref[b]) / ref[b];
        n += 1;
      }
  return e / std::max(1.0, n);
}

double jitter(const std::vector<const Motion*>& ms) {
  double s = 0, n = 0;
  for (auto* m : ms)
    for (int t = 1; t + 1 < m->T; ++t)
      for (int j = 0; j < m->J; ++j) {
        const float *a = m->at(t - 1, j), *b = m->at(t, j), *c = m->at(t + 1, j);
        double x = a[0] - 2 * b[0] + c[0], y = a[1] - 2 * b[1] + c[1], z = a[2] - 2 * b[2] + c[2];
        s += std::sqrt(x * x + y * y + z * z);
        n += 1;
      }
  return s / std::max(1.0, n);
}

double foot_skating(const std::vector<const Motion*>& ms, const Skeleton& s) {
  std::vector<int> feet;
  for (int j = 0; j < s.num_joints(); ++j)
    if (s.joints[j] == "left_foot" || s.joints[j] == "right_foot") feet.push_back(j);
  if (feet.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0, n = 0;
  for (auto* m : ms) {
    double lo = 1e30, hi = -1e30;
    for (int t = 0; t < m->T; ++t)
      for (int j = 0; j < m->J; ++j) {
        lo = std::min(lo, (double)m->at(t, j)[1]);
        hi = std::max(hi, (double)m->at(t, j)[1]);
      }
    double tol = 0.05 * (hi - lo);
    for (int f : feet) {
      double fl = 1e30;
      for (int t = 0; t < m->T; ++t) fl = std::min(fl, (double)m->at(t, f)[1]);
      for (int t = 1; t < m->T; ++t)
        if (m->at(t, f)[1] <= fl + tol && m->at(t - 1, f)[1] <= fl + tol) {
          double dx = m->at(t, f)[0] - m->at(t - 1, f)[0], dz = m->at(t, f)[2] - m->at(t - 1, f)[2];
          sum += std::sqrt(dx * dx + dz * dz);
          n += 1;
        }
    }
  }
  return sum / std::max(1.0, n);
}

std::vector<Motion> shuffled_joint_baseline(const std::vector<const Motion*>& ms, Rng& r) {
  std::vector<Motion> out;
  for (auto* m : ms) {
    std::vector<int> perm(m->J);
    for (int j = 0; j < m->J; ++j) perm[j] = j;
    for (int j = m->J - 1; j > 0; --j) std::swap(perm[j], perm[r.randint(j + 1)]);
    Motion o(m->T, m->J);
    for (int t = 0; t < m->T; ++t)
      for (int j = 0; j < m->J; ++j) std::copy(m->at(t, perm[j]), m->at(t, perm[j]) + 3, o.at(t, j));
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<Motion> noise_baseline(const std::vector<const Motion*>& ms, Rng& r) {
  int J = ms.empty() ? 0 : ms[0]->J;
  std::vector<double> mu(J * 3, 0.0), sq(J * 3, 0.0);
  double n = 0;
  for (auto* m : ms)
    for (int t = 0; t < m->T; ++t, n += 1)
      for (int k = 0; k < J * 3; ++k) {
        mu[k] += m->xyz[(size_t)t * J * 3 + k];
        sq[k] += (double)m->xyz[(size_t)t * J * 3 + k] * m->xyz[(size_t)t * J * 3 + k];
      }
  std::vector<Motion> out;
  for (auto* m : ms) {
    Motion o(m->T, J);
    for (int t = 0; t < m->T; ++t)
      for (int k = 0; k < J * 3; ++k) {
        double mean = mu[k] / n, sd = std::sqrt(std::max(0.0, sq[k] / n - mean * mean));
        o.xyz[(size_t)t * J * 3 + k] = (float)(mean + sd * r.normal());
      }
    out.push_back(std::move(o));
  }
  return out;
}

// ---------------------------------------------------------------- SVG
std::string skeleton_animation_svg(const std::vector<SvgPanelRow>& rows, const Skeleton& s, double fps) {
  const int W = 120, Hc = 150, top = 24;
  size_t cols = 0;
  for (auto& r : rows) cols = std::max(cols, r.clips.size());
  int width = (int)(160 + cols * W), height = (int)(top + rows.size() * (Hc + 20));
  std::string out = "<svg xmlns='http://www.w3.org/2000/svg' width='" + std::to_string(width) + "' height='" +
                    std::to_string(height) + "' font-family='sans-serif' font-size='11'>\n<rect width='100%' height='100%' fill='white'/>\n";
  auto bones = s.bones();
  char b[128];
  for (size_t ri = 0; ri < rows.size(); ++ri) {
    const SvgPanelRow& row = rows[ri];
    int y0 = top + (int)ri * (Hc + 20);
    out += "<text x='4' y='" + std::to_string(y0 + Hc / 2) + "'>" + row.title + "</text>\n";
    for (size_t ci = 0; ci < row.clips.size(); ++ci) {
      const Motion& m = *row.clips[ci];
      int x0 = 160 + (int)ci * W;
      if (ci < row.captions.size()) {
        std::snprintf(b, sizeof b, "<text x='%d' y='%d' fill='#555'>%s</text>\n", x0 + 4, y0 + 12, row.captions[ci].c_str());
        out += b;
      }
      out += "<rect x='" + std::to_string(x0) + "' y='" + std::to_string(y0) + "' width='" + std::to_string(W - 4) +
             "' height='" + std::to_string(Hc) + "' fill='none' stroke='#ddd'/>\n";
      // one scale per clip: fit its x/y extent into the cell
      double xl = 1e30, xh = -1e30, yl = 1e30, yh = -1e30;
      for (int t = 0; t < m.T; ++t)
        for (int j = 0; j < m.J; ++j) {
          xl = std::min(xl, (double)m.at(t, j)[0]); xh = std::max(xh, (double)m.at(t, j)[0]);
          yl = std::min(yl, (double)m.at(t, j)[1]); yh = std::max(yh, (double)m.at(t, j)[1]);
        }
      double sc = std::min((W - 20) / std::max(1e-6, xh - xl), (Hc - 30) / std::max(1e-6, yh - yl));
      double cx = x0 + (W - 4) / 2.0, cy = y0 + 20 + (Hc - 30) / 2.0, mx = (xl + xh) / 2, my = (yl + yh) / 2;
      auto px = [&](const float* p) { return cx + (p[0] - mx) * sc; };
      auto py = [&](const float* p) { return cy - (p[1] - my) * sc; };
      double dur = std::max(0.2, m.T / fps);
      for (auto [c, p] : bones) {
        std::string vx1, vy1, vx2, vy2;
        for (int t = 0; t < m.T; ++t) {
          std::snprintf(b, sizeof b, "%.1f;", px(m.at(t, c))); vx1 += b;
          std::snprintf(b, sizeof b, "%.1f;", py(m.at(t, c))); vy1 += b;
          std::snprintf(b, sizeof b, "%.1f;", px(m.at(t, p))); vx2 += b;
          std::snprintf(b, sizeof b, "%.1f;", py(m.at(t, p))); vy2 += b;
        }
        for (std::string* v : {&vx1, &vy1, &vx2, &vy2}) v->pop_back();
        std::snprintf(b, sizeof b, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#1f77b4' stroke-width='2'>",
                      px(m.at(0, c)), py(m.at(0, c)), px(m.at(0, p)), py(m.at(0, p)));
        out += b;
        const char* attr[4] = {"x1", "y1", "x2", "y2"};
        std::string* vals[4] = {&vx1, &vy1, &vx2, &vy2};
        for (int k = 0; k < 4; ++k) {
          std::snprintf(b, sizeof b, "<animate attributeName='%s' dur='%.2fs' repeatCount='indefinite' values='",
                        attr[k], dur);
          out += b + *vals[k] + "'/>";
        }
        out += "</line>\n";
      }
    }
  }
  return out + "</svg>\n";
}

// ---------------------------------------------------------------- completion
static double frame_error(const Motion& a, const Motion& b, int t) {
  double e = 0;
  for (int j = 0; j < a.J; ++j) {
    double d2 = 0;
    for (int k = 0; k < 3; ++k) {
      double d = a.xyz[((size_t)t * a.J + j) * 3 + k] - b.xyz[((size_t)t * b.J + j) * 3 + k];
      d2 += d * d;
    }
    e += std::sqrt(d2);
  }
  return e / a.J;
}

CompletionFigures completion_figures(const std::vector<const Motion*>& real, const std::vector<std::vector<Motion>>& samples,
                                     const std::vector<int>& observed, const Skeleton& s, const std::vector<double>& ref) {
  CompletionFigures f;
  std::vector<const Motion*> all;
  int apd_n = 0;
  for (size_t i = 0; i < real.size(); ++i) {
    const Motion& r = *real[i];
    int T = r.T, L = observed[i];
    if (L >= T || samples[i].empty()) continue;
    double best_ade = 1e300, best_fde = 1e300;
    for (const Motion& m : samples[i]) {
      if (m.T != T || m.J != r.J) throw std::invalid_argument("completion_figures: a sample's shape differs from its clip");
      double ade = 0;
      for (int t = L; t < T; ++t) ade += frame_error(m, r, t);
      best_ade = std::min(best_ade, ade / (T - L));
      best_fde = std::min(best_fde, frame_error(m, r, T - 1));
      all.push_back(&m);
    }
    f.ade += best_ade;
    f.fde += best_fde;
    // diversity over the predicted frames: mean over sample pairs
    const auto& S = samples[i];
    if (S.size() > 1) {
      double a = 0;
      int n = 0;
      for (size_t p = 0; p < S.size(); ++p)
        for (size_t q = p + 1; q < S.size(); ++q, ++n)
          for (int t = L; t < T; ++t) a += frame_error(S[p], S[q], t) / (T - L);
      f.apd += a / n;
      ++apd_n;
    }
    ++f.clips;
  }
  if (f.clips) {
    f.ade /= f.clips;
    f.fde /= f.clips;
  }
  if (apd_n) f.apd /= apd_n;
  f.bone_err = all.empty() ? 0 : bone_length_error(all, s, ref);
  return f;
}

Motion repeat_last_frame(const Motion& m, int observed) {
  Motion o = m;
  int L = std::max(1, std::min(observed, m.T));
  for (int t = L; t < m.T; ++t)
    std::copy(m.xyz.begin() + (size_t)(L - 1) * m.J * 3, m.xyz.begin() + (size_t)L * m.J * 3, o.xyz.begin() + (size_t)t * m.J * 3);
  return o;
}

Motion linear_extrapolation(const Motion& m, int observed) {
  Motion o = m;
  int L = std::max(1, std::min(observed, m.T));
  for (int t = L; t < m.T; ++t)
    for (int k = 0; k < m.J * 3; ++k) {
      double last = m.xyz[(size_t)(L - 1) * m.J * 3 + k], prev = L >= 2 ? m.xyz[(size_t)(L - 2) * m.J * 3 + k] : last;
      o.xyz[(size_t)t * m.J * 3 + k] = (float)(last + (last - prev) * (t - L + 1));
    }
  return o;
}

}  // namespace haad
