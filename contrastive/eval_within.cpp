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
#include "contrastive/localize.h"
#include <cmath>
#include <cstdlib>
#include <memory>
#include "engine/allocator.h"
#include "io/splits.h"
#include "nn/checkpoint.h"

namespace haad {

// AUC against severity for each perturbation ("type@severity" kinds), one panel per
// type: haad unseen (solid), haad seen (thin), kNN on raw DCT (dashed).
static std::string severity_svg(const std::string& title, const std::map<std::string, std::map<std::string, double>>& auc) {
  // auc: series -> kind -> value
  std::map<std::string, std::vector<std::pair<double, std::string>>> types;  // type -> (severity, kind)
  for (auto& [kind, v] : auc.begin()->second) {
    size_t at = kind.find('@');
    if (at == std::string::npos) continue;
    types[kind.substr(0, at)].push_back({std::atof(kind.c_str() + at + 1), kind});
    (void)v;
  }
  const int W = 210, H = 170, cols = 4;
  int n = (int)types.size(), rowsn = (n + cols - 1) / cols;
  std::string s = "<svg xmlns='http://www.w3.org/2000/svg' width='" + std::to_string(cols * W + 20) + "' height='" +
                  std::to_string(rowsn * H + 70) + "' font-family='sans-serif' font-size='11'>\n";
  s += "<text x='10' y='18' font-size='13'>" + title + "</text>\n";
  s += "<text x='10' y='36'>AUC (y, 0.5 to 1) against severity (x, 0 to 1); blue: haad unseen, light blue: haad seen, grey dashed: kNN on raw DCT</text>\n";
  const char* series[] = {"haad_unseen", "haad_seen", "knn"};
  const char* style[] = {"stroke='#1f77b4' stroke-width='2'", "stroke='#9ecae1' stroke-width='1.5'",
                         "stroke='#777' stroke-width='1.5' stroke-dasharray='4'"};
  int i = 0;
  for (auto& [type, pts] : types) {
    std::sort(pts.begin(), pts.end());
    int x0 = 10 + (i % cols) * W + 30, y0 = 50 + (i / cols) * H + 10, pw = W - 50, ph = H - 45;
    s += "<text x='" + std::to_string(x0) + "' y='" + std::to_string(y0 - 2) + "'>" + type + "</text>\n";
    char b[256];
    std::snprintf(b, sizeof b, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#333'/>\n", x0, y0, pw, ph);
    s += b;
    std::snprintf(b, sizeof b, "<text x='%d' y='%d' text-anchor='end'>1</text><text x='%d' y='%d' text-anchor='end'>0.5</text>\n",
                  x0 - 3, y0 + 8, x0 - 3, y0 + ph);
    s += b;
    for (int k = 0; k < 3; ++k) {
      auto it = auc.find(series[k]);
      if (it == auc.end()) continue;
      std::string poly;
      for (auto& [sev, kind] : pts) {
        auto v = it->second.find(kind);
        if (v == it->second.end() || v->second < 0) continue;
        double yv = std::min(1.0, std::max(0.5, v->second));
        std::snprintf(b, sizeof b, "%.1f,%.1f ", x0 + pw * sev, y0 + ph * (1.0 - (yv - 0.5) / 0.5));
        poly += b;
      }
      if (!poly.empty()) s += "<polyline fill='none' " + std::string(style[k]) + " points='" + poly + "'/>\n";
    }
    ++i;
  }
  return s + "</svg>\n";
}

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
                   std::to_string(test_bad) + " anomalous clips\n\n| setting | K | haad | kNN on raw DCT | hybrid | haad AP | haad EER |\n"
                   "|---|---:|---:|---:|---:|---:|---:|\n";
  // per kind (K = 5): setting -> kind -> AUCs over categories and draws
  std::map<std::string, std::map<std::string, std::vector<double>>> kind_h, kind_k, kind_y;
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
    Acc h, k, hy;
    // the hybrid score's fallback spreads (K = 1): training subjects' normal clips, per category
    std::vector<std::vector<int>> by_class(d.classes.size());
    for (int i : train_normal) by_class[d.clips[i].label].push_back(i);
    const double fb_emb = typical_spread(emb, by_class), fb_raw = typical_spread(raw, by_class);
    for (int K : c.Ks)
      for (int draw = 0; draw < c.draws; ++draw)
        for (int cls : classes) {
          std::vector<int> sup, test, y;
          std::string why = episode(cls, K, draw, sup, test, y);
          if (!why.empty()) {
            if (skipped_once.insert(why).second) skipped.push(Json::string(why));
            continue;
          }
          // --score hybrid: haad's figures are the hybrid's; the kNN baseline stays max-cosine
          std::vector<double> sy = hybrid_scores(rows(emb, sup), rows(emb, test), rows(raw, sup), rows(raw, test), fb_emb, fb_raw);
          std::vector<double> sh = c.mode == ScoreMode::Hybrid
                                       ? sy
                                       : anomaly_scores(support_rows(emb, sup, (int64_t)d.clips.size()), rows(emb, test), c.mode);
          std::vector<double> sk = anomaly_scores(rows(raw, sup), rows(raw, test),
                                                  c.mode == ScoreMode::Hybrid ? ScoreMode::Max : c.mode);
          h.add(K, draw, cls, metrics(sh, y));
          k.add(K, draw, cls, metrics(sk, y));
          hy.add(K, draw, cls, metrics(sy, y));
          if (K != 5) continue;
          // each kind of anomaly against the category's normals
          std::map<std::string, std::vector<int>> by_kind;
          for (size_t t = 0; t < test.size(); ++t)
            if (y[t]) by_kind[kind_of(test[t])].push_back((int)t);
          for (auto& [kind, idx] : by_kind) {
            std::vector<double> a, b, e;
            std::vector<int> yy;
            for (size_t t = 0; t < test.size(); ++t)
              if (!y[t]) { a.push_back(sh[t]); b.push_back(sk[t]); e.push_back(sy[t]); yy.push_back(0); }
            for (int t : idx) { a.push_back(sh[t]); b.push_back(sk[t]); e.push_back(sy[t]); yy.push_back(1); }
            kind_h[setting][kind].push_back(auc_roc(a, yy));
            kind_k[setting][kind].push_back(auc_roc(b, yy));
            kind_y[setting][kind].push_back(auc_roc(e, yy));
          }
        }
    Json js = Json::object();
    for (int K : c.Ks) {
      Json hj = h.summary(K), kj = k.summary(K), yj = hy.summary(K);
      js.set("K" + std::to_string(K), Json::object().set("haad", hj).set("knn_raw_dct", kj).set("hybrid", yj));
      md += "| " + setting + " | " + std::to_string(K) + " | " + fmt(hj, "auc") + " | " + fmt(kj, "auc") + " | " +
            fmt(yj, "auc") + " | " + fmt(hj, "ap") + " | " + fmt(hj, "eer") + " |\n";
    }
    settings.set(setting, js);
    per_setting_h[setting] = h;
  };

  std::unique_ptr<Encoder> last_enc;  // the seen model, kept for localisation
  Tensor last_loc_emb;                // its rows of every clip
  auto train_embed = [&](const std::vector<int>& classes, const std::string& tag) {
    std::set<int> cs(classes.begin(), classes.end());
    std::vector<int> idx;
    for (int i : train_normal)
      if (cs.count(d.clips[i].label)) idx.push_back(i);
    std::vector<std::unique_ptr<Encoder>> members;  // c.ensemble encoders, as in run_eval
    std::vector<Encoder*> ptrs;
    for (int m = 0; m < std::max(1, c.ensemble); ++m) {
      const uint64_t ms = c.seed + 104729 * (uint64_t)m;
      manual_seed(ms);
      members.push_back(make_encoder(c.enc, d.skeleton));
      ptrs.push_back(members.back().get());
      TrainConfig t = c.train;
      t.seed = ms;
      t.verbose = c.verbose;
      if (!c.out_dir.empty())
        t.log_csv = c.out_dir + "/train_within_" + tag + (c.ensemble > 1 ? "_m" + std::to_string(m) : "") + ".csv";
      double t0 = now();
      train_contrastive(*members.back(), d, idx, t);
      train_secs += now() - t0;
    }
    Tensor e = embed_table(ptrs, all, d.skeleton, F, c.support_variants, c.raw_weight);
    // localisation reads one encoder's per-joint features, and its nearest support clip by that encoder's rows
    last_loc_emb = ptrs.size() == 1 && c.raw_weight == 0 ? e : embed_members({ptrs[0]}, all, d.skeleton, F);
    last_enc = std::move(members[0]);
    return e;
  };

  // Localisation (seen model, K = 5, first draw), per kind of anomaly that changed only
  // some joints or frames: how often the 3 joints localize() ranks highest by embedding
  // distance (haad) and by raw per-joint pose distance (the baseline) include a changed
  // joint, and how often its most distant aligned frame falls in the changed frames
  // (chance: the changed share of the clip).
  std::string loc_md;
  auto localisation = [&](const Tensor& emb) {
    struct Hits {
      int n = 0, joints_haad = 0, joints_raw = 0, joints_haad_rel = 0, joints_pose_rel = 0, nf = 0, frames = 0;
      double chance_frames = 0, chance_joints = 0;
    };
    std::map<std::string, Hits> by_kind;
    const int J = d.skeleton.num_joints();
    for (int cls = 0; cls < (int)d.classes.size(); ++cls) {
      std::vector<int> sup, test, y;
      if (!episode(cls, 5, 0, sup, test, y).empty()) continue;
      std::vector<const Motion*> sp;
      for (int i : sup) sp.push_back(all[i]);
      Tensor se = rows(emb, sup);
      for (size_t t = 0; t < test.size(); ++t) {
        const Clip& cl = d.clips[test[t]];
        if (!y[t]) continue;
        bool some_joints = !cl.anomaly_joints.empty() && (int)cl.anomaly_joints.size() < J;
        bool some_frames = !cl.anomaly_frames.empty() &&
                           !(cl.anomaly_frames.size() == 1 && cl.anomaly_frames[0].first == 0 &&
                             cl.anomaly_frames[0].second == cl.motion.T - 1);
        if (!some_joints && !some_frames) continue;
        Localization L = haad::localize(*last_enc, *all[test[t]], sp, se, d.skeleton, F);
        Hits& h = by_kind[kind_of(test[t])];
        auto top3 = [&](const std::vector<double>& v) {
          std::vector<int> o(v.size());
          for (size_t j = 0; j < o.size(); ++j) o[j] = (int)j;
          std::partial_sort(o.begin(), o.begin() + std::min<size_t>(3, o.size()), o.end(), [&](int a, int b) { return v[a] > v[b]; });
          o.resize(std::min<size_t>(3, o.size()));
          return o;
        };
        auto hit = [&](const std::vector<int>& top) {
          for (int j : top)
            if (std::count(cl.anomaly_joints.begin(), cl.anomaly_joints.end(), j)) return 1;
          return 0;
        };
        if (some_joints) {
          h.n++;
          h.joints_haad += hit(top3(L.joint_embedding));
          h.joints_raw += hit(top3(L.joint_pose));
          h.joints_haad_rel += hit(top3(L.joint_embedding_rel));
          h.joints_pose_rel += hit(top3(L.joint_pose_rel));
          // chance that 3 random joints include a changed one
          double m = (double)cl.anomaly_joints.size(), p_miss = 1;
          for (int k = 0; k < 3; ++k) p_miss *= std::max(0.0, (J - m - k) / (double)(J - k));
          h.chance_joints += 1 - p_miss;
        }
        if (some_frames) {
          int tmax = (int)(std::max_element(L.frame_pose.begin(), L.frame_pose.end()) - L.frame_pose.begin());
          int frame = (int)std::lround(tmax * (cl.motion.T - 1.0) / std::max(1, F.H - 1));
          int inside = 0, covered = 0;
          for (auto [a, b] : cl.anomaly_frames) {
            inside |= frame >= a && frame <= b;
            covered += b - a + 1;
          }
          h.nf++;
          h.frames += inside;
          h.chance_frames += (double)covered / cl.motion.T;
        }
      }
    }
    Json j = Json::object();
    if (by_kind.empty()) return j;
    loc_md += "\nLocalisation (seen model, K=5): the top-3 joints hit a changed joint (haad: embedding distance; raw: "
          "per-joint pose distance to the nearest support clip; rel: each joint's distance over that joint's variation "
          "among the support clips; chance: 3 random joints), and the most distant frame falls in the changed frames:\n\n"
          "| kind | clips | joints haad | joints haad rel | joints raw | joints raw rel | joints chance | frames | frames chance |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (auto& [k, h] : by_kind) {
      auto rate = [](int a, int n) { return n ? (double)a / n : -1.0; };
      auto cell = [](double v) {
        char b[16];
        std::snprintf(b, sizeof b, "%.2f", v);
        return v < 0 ? std::string("—") : std::string(b);
      };
      loc_md += "| " + k + " | " + std::to_string(std::max(h.n, h.nf)) + " | " + cell(rate(h.joints_haad, h.n)) + " | " +
                cell(rate(h.joints_haad_rel, h.n)) + " | " + cell(rate(h.joints_raw, h.n)) + " | " +
                cell(rate(h.joints_pose_rel, h.n)) + " | " + cell(h.n ? h.chance_joints / h.n : -1.0) + " | " +
                cell(rate(h.frames, h.nf)) + " | " + cell(h.nf ? h.chance_frames / h.nf : -1.0) + " |\n";
      j.set(k, Json::object().set("clips_joints", Json::number(h.n)).set("joints_haad", Json::number(rate(h.joints_haad, h.n)))
                   .set("joints_raw", Json::number(rate(h.joints_raw, h.n)))
                   .set("joints_haad_rel", Json::number(rate(h.joints_haad_rel, h.n)))
                   .set("joints_raw_rel", Json::number(rate(h.joints_pose_rel, h.n)))
                   .set("joints_chance", Json::number(h.n ? h.chance_joints / h.n : -1.0))
                   .set("clips_frames", Json::number(h.nf)).set("frames", Json::number(rate(h.frames, h.nf)))
                   .set("frames_chance", Json::number(h.nf ? h.chance_frames / h.nf : -1.0)));
    }
    return j;
  };

  std::vector<int> every;
  for (int i = 0; i < (int)d.classes.size(); ++i) every.push_back(i);
  Json loc = Json::object();
  if (c.seen) {
    Tensor emb = train_embed(every, "seen");
    evaluate("seen", emb, every);
    loc = localisation(last_loc_emb);
  }
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
        if (std::count(held.begin(), held.end(), d.clips[i].label))
          for (int64_t r = i; r < e.size(0); r += (int64_t)d.clips.size()) copy_(emb.select(0, r), e.select(0, r));  // and its mirror
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
          "| kind | haad seen | kNN seen | hybrid seen | haad unseen | kNN unseen | hybrid unseen |\n|---|---:|---:|---:|---:|---:|---:|\n";
    auto mean = [](const std::vector<double>& v) { return v.empty() ? -1.0 : mean_std(v).mean; };
    auto cell = [](double v) {
      char b[16];
      std::snprintf(b, sizeof b, "%.3f", v);
      return v < 0 ? std::string("—") : std::string(b);
    };
    for (const std::string& k : all_kinds) {
      double hs = mean(kind_h["seen"][k]), ks = mean(kind_k["seen"][k]), hu = mean(kind_h["unseen"][k]), ku = mean(kind_k["unseen"][k]);
      double ys = mean(kind_y["seen"][k]), yu = mean(kind_y["unseen"][k]);
      md += "| " + k + " | " + cell(hs) + " | " + cell(ks) + " | " + cell(ys) + " | " + cell(hu) + " | " + cell(ku) + " | " +
            cell(yu) + " |\n";
      kinds.set(k, Json::object().set("haad_seen", Json::number(hs)).set("knn_seen", Json::number(ks))
                       .set("haad_unseen", Json::number(hu)).set("knn_unseen", Json::number(ku))
                       .set("hybrid_seen", Json::number(ys)).set("hybrid_unseen", Json::number(yu)));
    }
  }
  if (!all_kinds.empty() && !c.out_dir.empty()) {
    std::map<std::string, std::map<std::string, double>> curves;
    for (const std::string& k : all_kinds) {
      curves["haad_unseen"][k] = kinds.at(k).at("haad_unseen").num;
      curves["haad_seen"][k] = kinds.at(k).at("haad_seen").num;
      curves["knn"][k] = kinds.at(k).at("knn_seen").num;  // kNN needs no training: the same in both settings
    }
    write_file_atomic(c.out_dir + "/severity_curves.svg", severity_svg(d.name + ": AUC by perturbation and severity (K=5)", curves));
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
  md += loc_md;
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
      .set("by_kind_K5", kinds).set("per_category_K5_haad_auc", per_cat).set("localisation_seen_K5", loc)
      .set("skipped", skipped)
      .set("wall_seconds", Json::number(now() - t_start)).set("peak_rss_mb", Json::number(rss));
  if (!c.out_dir.empty()) {
    std::filesystem::create_directories(c.out_dir);
    write_file_atomic(c.out_dir + "/results_within.json", out.dump(1) + "\n");
    write_file_atomic(c.out_dir + "/results_within.md", md);
  }
  return {out, md};
}

}  // namespace haad
