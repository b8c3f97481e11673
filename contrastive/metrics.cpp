#include "contrastive/metrics.h"
#include <algorithm>
#include <cmath>
#include <numeric>

namespace haad {

// indices sorted by descending score
static std::vector<size_t> by_score(const std::vector<double>& s) {
  std::vector<size_t> o(s.size());
  std::iota(o.begin(), o.end(), 0);
  std::stable_sort(o.begin(), o.end(), [&](size_t a, size_t b) { return s[a] > s[b]; });
  return o;
}

std::vector<RocPoint> roc_curve(const std::vector<double>& s, const std::vector<int>& y) {
  double P = 0, N = 0;
  for (int v : y) (v ? P : N) += 1;
  std::vector<RocPoint> pts{{0, 0}};
  if (P == 0 || N == 0) return pts;
  std::vector<size_t> o = by_score(s);
  double tp = 0, fp = 0;
  for (size_t k = 0; k < o.size(); ++k) {
    (y[o[k]] ? tp : fp) += 1;
    if (k + 1 == o.size() || s[o[k + 1]] != s[o[k]]) pts.push_back({fp / N, tp / P});  // one point per distinct threshold
  }
  return pts;
}

double auc_roc(const std::vector<double>& s, const std::vector<int>& y) {
  std::vector<RocPoint> r = roc_curve(s, y);
  double a = 0;
  for (size_t i = 1; i < r.size(); ++i) a += (r[i].fpr - r[i - 1].fpr) * (r[i].tpr + r[i - 1].tpr) / 2;  // trapezoids: ties count half
  return a;
}

double average_precision(const std::vector<double>& s, const std::vector<int>& y) {
  double P = 0;
  for (int v : y) P += v;
  if (P == 0) return 0;
  std::vector<size_t> o = by_score(s);
  double tp = 0, ap = 0;
  for (size_t k = 0; k < o.size(); ++k) {
    if (y[o[k]]) {
      tp += 1;
      ap += tp / (double)(k + 1);
    }
  }
  return ap / P;
}

double equal_error_rate(const std::vector<double>& s, const std::vector<int>& y) {
  std::vector<RocPoint> r = roc_curve(s, y);
  // where FPR = FNR (1 - TPR), interpolated between neighbouring points
  for (size_t i = 1; i < r.size(); ++i) {
    double d0 = r[i - 1].fpr - (1 - r[i - 1].tpr), d1 = r[i].fpr - (1 - r[i].tpr);
    if (d0 <= 0 && d1 >= 0) {
      double w = d1 == d0 ? 0 : -d0 / (d1 - d0);
      return r[i - 1].fpr + w * (r[i].fpr - r[i - 1].fpr);
    }
  }
  return 0.5;
}

MeanStd mean_std(const std::vector<double>& v) {
  MeanStd m;
  m.n = (int)v.size();
  if (v.empty()) return m;
  for (double x : v) m.mean += x / v.size();
  for (double x : v) m.std += (x - m.mean) * (x - m.mean);
  m.std = v.size() > 1 ? std::sqrt(m.std / (v.size() - 1)) : 0;
  return m;
}

}  // namespace haad
