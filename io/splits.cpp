#include "io/splits.h"
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include "engine/rng.h"

namespace haad {

SubjectSplit cross_subject(const Dataset& d, const std::vector<int>& train_subjects) {
  SubjectSplit s;
  std::set<int> tr(train_subjects.begin(), train_subjects.end());
  // a dataset's own split (generic layout's split column) wins over subject parity
  bool own = tr.empty() && !d.clips.empty() && !d.clips[0].split.empty();
  for (int i = 0; i < (int)d.clips.size(); ++i) {
    int subj = d.clips[i].subject;
    bool train = own ? d.clips[i].split == "train" : tr.empty() ? subj % 2 == 1 : tr.count(subj) > 0;
    (train ? s.train : s.test).push_back(i);
  }
  return s;
}

Dataset validation_subset(const Dataset& d) {
  SubjectSplit sp = cross_subject(d);
  Dataset v;
  v.name = d.name + "_validation";
  v.skeleton = d.skeleton;
  v.classes = d.classes;
  std::set<int> subj;
  for (int i : sp.train) subj.insert(d.clips[i].subject);
  std::map<int, int> rank;
  for (int s : subj) rank[s] = (int)rank.size();
  std::map<int, int> seen_in_class;  // single-subject fallback: alternate per category
  for (int i : sp.train) {
    Clip c = d.clips[i];
    bool train = subj.size() >= 2 ? rank[c.subject] % 2 == 0 : seen_in_class[c.label]++ % 2 == 0;
    c.split = train ? "train" : "test";
    v.clips.push_back(std::move(c));
  }
  return v;
}

CategorySplit seen_split(const Dataset& d) {
  CategorySplit c;
  for (int i = 0; i < (int)d.classes.size(); ++i) c.train_classes.push_back(i);
  return c;
}

template <class T>
static void shuffle(std::vector<T>& v, Rng& r) {
  for (int i = (int)v.size() - 1; i > 0; --i) std::swap(v[i], v[r.randint(i + 1)]);
}

CategorySplit unseen_split(const Dataset& d, int n_folds, int fold, uint64_t seed) {
  int C = (int)d.classes.size();
  if (n_folds < 2 || n_folds > C || fold < 0 || fold >= n_folds)
    throw std::invalid_argument("unseen_split: need 2 <= folds <= " + std::to_string(C) + " and 0 <= fold < folds");
  std::vector<int> order(C);
  for (int i = 0; i < C; ++i) order[i] = i;
  Rng r(seed);
  shuffle(order, r);
  CategorySplit c;
  for (int i = 0; i < C; ++i) (i % n_folds == fold ? c.heldout_classes : c.train_classes).push_back(order[i]);
  std::sort(c.train_classes.begin(), c.train_classes.end());
  std::sort(c.heldout_classes.begin(), c.heldout_classes.end());
  return c;
}

SubjectSplit order_split(const Dataset& d, double frac) {
  if (!(frac > 0 && frac < 1)) throw std::invalid_argument("order_split: the train fraction must be in (0, 1)");
  std::vector<std::vector<int>> by(d.classes.size());
  for (int i = 0; i < (int)d.clips.size(); ++i) by[d.clips[i].label].push_back(i);
  SubjectSplit s;
  for (auto& v : by) {
    size_t n_train = v.size() < 2 ? v.size() : std::min(v.size() - 1, (size_t)std::ceil(frac * v.size()));
    for (size_t k = 0; k < v.size(); ++k) (k < n_train ? s.train : s.test).push_back(v[k]);
  }
  std::sort(s.train.begin(), s.train.end());
  std::sort(s.test.begin(), s.test.end());
  return s;
}

std::vector<std::string> default_unseen_names(const Dataset& d) {
  size_t n = d.classes.size(), q = std::max<size_t>(1, (n + 3) / 4);
  if (n < 2) throw std::invalid_argument(d.name + ": an unseen split needs at least 2 categories");
  return std::vector<std::string>(d.classes.end() - (long)q, d.classes.end());
}

CategorySplit unseen_split_by_name(const Dataset& d, const std::vector<std::string>& heldout) {
  CategorySplit c;
  std::set<int> h;
  for (const std::string& n : heldout) {
    auto it = std::find(d.classes.begin(), d.classes.end(), n);
    if (it == d.classes.end()) throw std::invalid_argument("unknown category '" + n + "' in " + d.name);
    h.insert((int)(it - d.classes.begin()));
  }
  for (int i = 0; i < (int)d.classes.size(); ++i) (h.count(i) ? c.heldout_classes : c.train_classes).push_back(i);
  return c;
}

Episode sample_episode(const Dataset& d, int target, int K, const std::vector<int>& support_pool,
                       const std::vector<int>& test_pool, uint64_t seed, const std::vector<int>& test_classes) {
  Episode e;
  e.target = target;
  e.K = K;
  std::vector<int> cand;
  for (int i : support_pool)
    if (d.clips[i].label == target) cand.push_back(i);
  if (K < 1 || K > (int)cand.size())
    throw std::invalid_argument("episode: K=" + std::to_string(K) + " but the support pool has " + std::to_string(cand.size()) +
                                " clips of '" + d.classes[target] + "'");
  Rng r(seed * 0x9e3779b97f4a7c15ULL + (uint64_t)target * 1000003ULL + (uint64_t)K);
  shuffle(cand, r);
  e.support.assign(cand.begin(), cand.begin() + K);
  std::sort(e.support.begin(), e.support.end());
  std::set<int> sup(e.support.begin(), e.support.end());
  std::set<int> allowed(test_classes.begin(), test_classes.end());
  for (int i : test_pool) {
    if (sup.count(i)) continue;
    int l = d.clips[i].label;
    if (l != target && !allowed.empty() && !allowed.count(l)) continue;
    e.test.push_back(i);
    e.anomaly.push_back(l == target ? 0 : 1);
  }
  return e;
}

}  // namespace haad
