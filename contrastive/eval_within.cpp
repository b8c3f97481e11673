// The within-category protocol (haad eval --protocol within): the anomaly is the
// right action done wrongly. For each category the support set is K normal
// clips of the train split; the test set is that category's test-split clips,
// normal and anomalous (labels from the data's anomalous column, or made by
// haad perturb). Training never sees an anomalous clip. Seen: one model trained
// on every category; unseen: categories in folds, each fold's model trained
// without them. Baselines on the same episodes: kNN on raw DCT features, and a
// per-category autoencoder (K = 5). Anomalies are also broken down by their
// kind (the perturbation and severity), each against the category's normals.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include "contrastive/eval.h"
#include "contrastive/eval_parts.h"
#include "engine/allocator.h"
#include "io/splits.h"
#include "nn/checkpoint.h"

namespace haad {

EvalReport run_within_eval(const Dataset& d, const EvalConfig& c) {
  double t_start = now();
  if (!c.out_dir.empty()) std::filesystem::create_directories(c.out_dir);
  SubjectSplit split = cross_subject(d);
  std::vector<int> train_normal, test_all;
  int test_bad = 0;
  for (int i : split.train)
    if (!d.clips[i].anomalous) train_normal.push_back(i);
  for (int i : split.test) {
    test_all.push_back(i);
    test_bad += d.clips[i].anomalous != 0;
  }
  if (!test_bad)
    throw std::runtime_error(d.name + ": no labelled anomalous clips in the test split (an anomalous column in clips.csv, "
                                      "or a dataset made by haad perturb)");
  const FeatureConfig& F = c.train.feat;
  EvalFeatures ef;
  eval_features(d, F, ef);
  const std::vector<const Motion*>& all = ef.all;
  const Tensor &raw = ef.raw, &raw_unnorm = ef.raw_unnorm;

  auto kind_of = [&](int i) { return d.clips[i].kind.empty() ? std::string("labelled") : d.clips[i].kind; };
  std::set<std::string> skipped_once;
  Json skipped = Json::array();
  double train_secs = 0;
  Json out = Json::object(), settings = Json::object();
  std::string md = "## " + d.name + ": anomalies within a category (normal vs wrong executions), AUC-ROC\n\n" +
                   "mean ± std over " + std::to_string(c.draws) + " support draws; " + std::to_string(train_normal.size()) +
                   " normal training clips; test: " + std::to_string(test_all.size() - test_bad) + " normal and " +
                   std::to_string(test_bad) + " anomalous clips\n\n| setting | K | haad | kNN on raw DCT | haad AP | haad EER |\n"
                   "|---|---:|---:|---:|---:|---:|\n";
  // per kind (K = 5): setting -> kind -> AUCs over categories and draws
  std::map<std::string, std::map<std::string, std::vector<double>>> kind_h, kind_k;
  std::map<std::string, Acc> per_setting_h;

  // one episode: K normal training clips of cls (seeded draw) against its test clips;
  // returns why it cannot be made, or "" with sup/test/y filled
  auto episode = [&](int cls, int K, int draw, std::vector<int>& sup, std::vector<int>& test, std::vector<int>& y) {
    std::vector<int> cand;
    test.clear();
    y.clear();
    for (int i : train_normal)
      if (d.clips[i].label == cls) cand.push_back(i);
    for (int i : test_all)
      if (d.clips[i].label == cls) {
        test.push_back(i);
        y.push_back(d.clips[i].anomalous != 0);
      }
    int nbad = (int)std::count(y.begin(), y.end(), 1);
    if ((int)cand.size() < K)
      return "K=" + std::to_string(K) + " " + d.classes[cls] + ": " + std::to_string(cand.size()) + " normal training clips";
    if (nbad == 0 || nbad == (int)y.size()) return d.classes[cls] + ": the test split needs normal and anomalous clips";
    Rng r(c.seed * 0x9e3779b97f4a7c15ULL + (uint64_t)cls * 1000003ULL + (uint64_t)K * 7919ULL + (uint64_t)draw);
    for (int i = (int)cand.size() - 1; i > 0; --i) std::swap(cand[i], cand[r.randint(i + 1)]);
    sup.assign(cand.begin(), cand.begin() + K);
    return std::string();
  };

  auto evaluate = [&](const std::string& setting, const Tensor& emb, const std::vector<int>& classes) {
    Acc h, k;
    for (int K : c.Ks)
      for (int draw = 0; draw < c.draws; ++draw)
        for (int cls : classes) {
          std::vector<int> sup, test, y;
          std::string why = episode(cls, K, draw, sup, test, y);
          if (!why.empty()) {
            if (skipped_once.insert(why).second) skipped.push(Json::string(why));
            continue;
          }
          std::vector<double> sh = anomaly_scores(rows(emb, sup), rows(emb, test), c.mode);
          std::vector<double> sk = anomaly_scores(rows(raw, sup), rows(raw, test), c.mode);
          h.add(K, draw, cls, metrics(sh, y));
          k.add(K, draw, cls, metrics(sk, y));
          if (K != 5) continue;
          // each kind of anomaly against the category's normals
          std::map<std::string, std::vector<int>> by_kind;
          for (size_t t = 0; t < test.size(); ++t)
            if (y[t]) by_kind[kind_of(test[t])].push_back((int)t);
          for (auto& [kind, idx] : by_kind) {
            std::vector<double> a, b;
            std::vector<int> yy;
            for (size_t t = 0; t < test.size(); ++t)
              if (!y[t]) { a.push_back(sh[t]); b.push_back(sk[t]); yy.push_back(0); }
            for (int t : idx) { a.push_back(sh[t]); b.push_back(sk[t]); yy.push_back(1); }
            kind_h[setting][kind].push_back(auc_roc(a, yy));
            kind_k[setting][kind].push_back(auc_roc(b, yy));
          }
        }
    Json js = Json::object();
    for (int K : c.Ks) {
      Json hj = h.summary(K), kj = k.summary(K);
      js.set("K" + std::to_string(K), Json::object().set("haad", hj).set("knn_raw_dct", kj));
      md += "| " + setting + " | " + std::to_string(K) + " | " + fmt(hj, "auc") + " | " + fmt(kj, "auc") + " | " +
            fmt(hj, "ap") + " | " + fmt(hj, "eer") + " |\n";
    }
    settings.set(setting, js);
    per_setting_h[setting] = h;
  };

  auto train_embed = [&](const std::vector<int>& classes, const std::string& tag) {
    std::set<int> cs(classes.begin(), classes.end());
    std::vector<int> idx;
    for (int i : train_normal)
      if (cs.count(d.clips[i].label)) idx.push_back(i);
    manual_seed(c.seed);
    auto enc = make_encoder(c.enc, d.skeleton);
    TrainConfig t = c.train;
    t.seed = c.seed;
    t.verbose = c.verbose;
    if (!c.out_dir.empty()) t.log_csv = c.out_dir + "/train_within_" + tag + ".csv";
    double t0 = now();
    train_contrastive(*enc, d, idx, t);
    train_secs += now() - t0;
    return embed_motions(*enc, all, d.skeleton, F);
  };

  std::vector<int> every;
  for (int i = 0; i < (int)d.classes.size(); ++i) every.push_back(i);
  if (c.seen) evaluate("seen", train_embed(every, "seen"), every);
  if (c.unseen) {
    // each fold's held-out categories are scored with the model trained without them;
    // the folds' episodes are pooled into one "unseen" setting
    Acc h_all, k_all;
    std::vector<std::pair<Tensor, std::vector<int>>> folds;
    for (int f = 0; f < c.folds; ++f) {
      CategorySplit cs = unseen_split(d, c.folds, f, c.seed);
      folds.push_back({train_embed(cs.train_classes, "unseen" + std::to_string(f)), cs.heldout_classes});
    }
    // embeddings differ per fold: build one table whose rows come from the fold that holds each class out
    Tensor emb = folds[0].first.clone();
    for (auto& [e, held] : folds)
      for (int i = 0; i < (int)d.clips.size(); ++i)
        if (std::count(held.begin(), held.end(), d.clips[i].label)) copy_(emb.select(0, i), e.select(0, i));
    evaluate("unseen", emb, every);
  }
  // the per-category autoencoder baseline (K = 5, fewer draws: it trains a model per episode)
  if (c.baseline_ae) {
    Acc a;
    for (int draw = 0; draw < c.ae_draws; ++draw)
      for (int cls : every) {
        std::vector<int> sup, test, y;
        if (!episode(cls, 5, draw, sup, test, y).empty()) continue;
        a.add(5, draw, cls, metrics(ae_scores(raw_unnorm, sup, test, c.ae_steps, c.seed + draw * 1000 + cls), y));
      }
    Json j = a.summary(5);
    out.set("baseline_per_category_autoencoder_K5", j);
    md += "\nPer-category autoencoder baseline (K=5, " + std::to_string(c.ae_draws) + " draws): AUC " + fmt(j, "auc") + "\n";
  }
  // per kind of anomaly
  Json kinds = Json::object();
  std::set<std::string> all_kinds;
  for (auto& [s, m] : kind_h)
    for (auto& kv : m) all_kinds.insert(kv.first);
  if (!all_kinds.empty()) {
    md += "\nBy kind of anomaly (K=5; each kind against the category's normal test clips; mean over categories and draws):\n\n"
          "| kind | haad seen | kNN seen | haad unseen | kNN unseen |\n|---|---:|---:|---:|---:|\n";
    auto mean = [](const std::vector<double>& v) { return v.empty() ? -1.0 : mean_std(v).mean; };
    auto cell = [](double v) {
      char b[16];
      std::snprintf(b, sizeof b, "%.3f", v);
      return v < 0 ? std::string("—") : std::string(b);
    };
    for (const std::string& k : all_kinds) {
      double hs = mean(kind_h["seen"][k]), ks = mean(kind_k["seen"][k]), hu = mean(kind_h["unseen"][k]), ku = mean(kind_k["unseen"][k]);
      md += "| " + k + " | " + cell(hs) + " | " + cell(ks) + " | " + cell(hu) + " | " + cell(ku) + " |\n";
      kinds.set(k, Json::object().set("haad_seen", Json::number(hs)).set("knn_seen", Json::number(ks))
                       .set("haad_unseen", Json::number(hu)).set("knn_unseen", Json::number(ku)));
    }
  }
  // per category (K = 5, haad)
  Json per_cat = Json::object();
  for (auto& [setting, acc] : per_setting_h) {
    Json pc = Json::object();
    auto it = acc.class_auc.find(5);
    if (it != acc.class_auc.end())
      for (auto& [cls, v] : it->second) pc.set(d.classes[cls], Json::number(mean_std(v).mean));
    per_cat.set(setting, pc);
  }
  if (skipped.size()) {
    md += "\nNot evaluated:";
    for (auto& s : skipped.arr) md += "\n- " + s.str;
    md += "\n";
  }
  double rss = process_peak_rss() / 1048576.0;
  char tail[160];
  std::snprintf(tail, sizeof tail, "\nWall %.0f s (training %.0f s); peak RSS %.0f MB.\n", now() - t_start, train_secs, rss);
  md += tail;
  out.set("protocol", Json::string("within")).set("dataset", Json::string(d.name)).set("settings", settings)
      .set("by_kind_K5", kinds).set("per_category_K5_haad_auc", per_cat).set("skipped", skipped)
      .set("wall_seconds", Json::number(now() - t_start)).set("peak_rss_mb", Json::number(rss));
  if (!c.out_dir.empty()) {
    std::filesystem::create_directories(c.out_dir);
    write_file_atomic(c.out_dir + "/results_within.json", out.dump(1) + "\n");
    write_file_atomic(c.out_dir + "/results_within.md", md);
  }
  return {out, md};
}

}  // namespace haad
