#include "contrastive/eval.h"
#include "contrastive/eval_parts.h"
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include "engine/allocator.h"
#include "io/splits.h"
#include "nn/checkpoint.h"
#include "nn/optim.h"

namespace haad {

std::string roc_svg(const std::vector<std::pair<std::string, std::vector<RocPoint>>>& curves, const std::string& title) {
  const char* colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};
  std::string s = "<svg xmlns='http://www.w3.org/2000/svg' width='420' height='440' font-family='sans-serif' font-size='12'>\n";
  s += "<text x='210' y='18' text-anchor='middle'>" + title + "</text>\n";
  s += "<rect x='50' y='30' width='350' height='350' fill='none' stroke='#333'/>\n";
  s += "<line x1='50' y1='380' x2='400' y2='30' stroke='#bbb' stroke-dasharray='4'/>\n";
  s += "<text x='225' y='410' text-anchor='middle'>false positive rate</text>\n";
  s += "<text x='15' y='205' text-anchor='middle' transform='rotate(-90 15 205)'>true positive rate</text>\n";
  for (size_t c = 0; c < curves.size(); ++c) {
    std::string pts;
    for (auto& p : curves[c].second) {
      char b[48];
      std::snprintf(b, sizeof b, "%.1f,%.1f ", 50 + 350 * p.fpr, 380 - 350 * p.tpr);
      pts += b;
    }
    s += "<polyline fill='none' stroke-width='2' stroke='" + std::string(colors[c % 4]) + "' points='" + pts + "'/>\n";
    s += "<text x='260' y='" + std::to_string(330 + 16 * c) + "' fill='" + colors[c % 4] + "'>" + curves[c].first + "</text>\n";
  }
  return s + "</svg>\n";
}

EvalReport run_eval(const Dataset& d, const EvalConfig& c) {
  double t_start = now();
  if (!c.out_dir.empty()) std::filesystem::create_directories(c.out_dir);
  if (c.protocol != "standard" && c.protocol != "paper" && c.protocol != "lodo")
    throw std::invalid_argument("unknown protocol '" + c.protocol + "' (standard, paper, lodo, within)");
  const bool paper = c.protocol == "paper", lodo = c.protocol == "lodo";
  if (lodo && (!c.mix || c.mix->motions.empty())) throw std::invalid_argument("--protocol lodo needs other datasets to train on");
  if (lodo && c.support_gen) throw std::invalid_argument("--support-aug trains its generator on the dataset's own training categories; not with --protocol lodo");
  if (c.support_gen && c.raw_weight > 0) throw std::invalid_argument("--support-aug and --raw-weight do not combine");
  if (c.mix && c.gen_aug) throw std::invalid_argument("--data-mix and the generative augmentation do not combine");
  SubjectSplit split = paper ? order_split(d, 0.8) : cross_subject(d);
  if (split.train.empty() || split.test.empty()) throw std::runtime_error(d.name + ": cross-subject split left a side empty");
  const FeatureConfig& F = c.train.feat;
  EvalFeatures ef;
  eval_features(d, F, ef);
  const std::vector<const Motion*>& all = ef.all;
  // raw normalised DCT features: unit-length for the kNN baseline, flattened for the AE
  const Tensor& raw = ef.raw;
  const Tensor& raw_unnorm = ef.raw_unnorm;

  Json out = Json::object();
  Json cfg = Json::object();
  cfg.set("dataset", Json::string(d.name)).set("clips", Json::number((double)d.clips.size()));
  cfg.set("train_clips", Json::number((double)split.train.size())).set("test_clips", Json::number((double)split.test.size()));
  Json ks = Json::array();
  for (int K : c.Ks) ks.push(Json::number(K));
  cfg.set("K", ks).set("draws", Json::number(c.draws)).set("folds", Json::number(c.folds)).set("seed", Json::number((double)c.seed))
      .set("train_seed", Json::number((double)(c.train_seed ? c.train_seed : c.seed)));
  cfg.set("score", Json::string(score_mode_name(c.mode))).set("protocol", Json::string(c.protocol))
      .set("support_variants", [&] {
        Json v = Json::array();
        for (const std::string& x : c.support_variants) v.push(Json::string(x));
        return v;
      }());
  if (!c.init.empty()) cfg.set("init", Json::string(c.init));
  if (c.mix) cfg.set("mix_clips", Json::number((double)c.mix->motions.size())).set("mix_ratio", Json::number(c.mix_ratio));
  Json enc = Json::object();
  for (auto& kv : c.enc.to_metadata()) enc.set(kv.first, Json::string(kv.second));
  cfg.set("encoder", enc);
  cfg.set("train", Json::object().set("steps", Json::number(c.train.steps)).set("P", Json::number(c.train.P))
                        .set("Q", Json::number(c.train.Q)).set("lr", Json::number(c.train.lr))
                        .set("tau", Json::number(c.train.tau)).set("augment", Json::boolean(c.train.augment))
                        .set("weight_decay", Json::number(c.train.weight_decay)).set("schedule", Json::string(c.train.schedule))
                        .set("views", Json::number(c.train.views)).set("inst_weight", Json::number(c.train.inst_weight)).set("recombine", Json::number(c.train.recombine)).set("fault_ratio", Json::number(c.train.fault_ratio))
                        .set("aug_crop_min", Json::number(c.train.aug.crop_min)).set("aug_speed", Json::number(c.train.aug.speed))
                        .set("aug_mirror_p", Json::number(c.train.aug.mirror_p))
                        .set("H", Json::number(F.H)).set("M", Json::number(F.M)));
  out.set("config", cfg);
  std::string md = "## " + d.name + ": few-shot anomaly detection, AUC-ROC (mean ± std over " + std::to_string(c.draws) +
                   " support draws)\n\n| setting | K | haad | kNN on raw DCT | hybrid (haad + raw) | haad AP | haad EER |" +
                   std::string(c.support_gen ? " haad + support aug |" : "") + "\n|---|---:|---:|---:|---:|---:|---:|" +
                   (c.support_gen ? "---:|" : "") + "\n";
  Json skipped = Json::array();
  std::set<std::string> skipped_once;
  double haad_train_seconds = 0;
  std::vector<std::pair<std::string, std::vector<RocPoint>>> roc_seen, roc_unseen;

  // one setting's accumulators: haad, kNN on raw DCT, and the hybrid of the two (contrastive/score.h)
  struct Accs {
    Acc h, k, hy, ha;  // ha: haad with the generated support clips
  };
  // a model's generated support clips: their embeddings, and per source clip its rows
  struct GenSupport {
    Tensor emb, raw;  // raw: their raw DCT rows (the hybrid score)
    std::map<int, std::vector<int64_t>> rows;
  };
  std::vector<std::vector<int>> train_by_class(d.classes.size());
  for (int i : split.train) train_by_class[d.clips[i].label].push_back(i);
  const double fb_raw = typical_spread(raw, train_by_class);
  const bool hybrid = c.mode == ScoreMode::Hybrid;
  const int64_t n_clips = (int64_t)d.clips.size();  // embedding tables hold these rows (then the mirrors', if any)
  const ScoreMode base_mode = hybrid ? ScoreMode::Max : c.mode;  // the kNN baseline's score

  // one setting: episodes over `classes`, test pool restricted to them (unseen) or all
  // trained: the categories the model was trained on (the hybrid's K = 1 fallback is measured on those only)
  auto evaluate = [&](const Tensor& emb, const std::vector<int>& classes, const std::vector<int>& test_classes, Accs& acc,
                      std::vector<double>* pool_h, std::vector<double>* pool_k, std::vector<int>* pool_y,
                      const std::vector<int>& trained, const GenSupport* gs = nullptr) {
    Acc &h = acc.h, &k = acc.k, &hy = acc.hy;
    std::vector<std::vector<int>> fb_rows(d.classes.size());
    for (int t : trained) fb_rows[t] = train_by_class[t];
    const double fb_emb = typical_spread(emb, fb_rows);
    for (int K : c.Ks)
      for (int draw = 0; draw < c.draws; ++draw)
        for (int cls : classes) {
          Episode e;
          try {
            e = sample_episode(d, cls, K, split.train, split.test, c.seed * 7919 + draw, test_classes);
          } catch (const std::invalid_argument& ex) {
            // the seen setting and the unseen folds meet the same (K, category): list it once
            std::string why = "K=" + std::to_string(K) + " " + d.classes[cls] + ": " + ex.what();
            if (skipped_once.insert(why).second) skipped.push(Json::string(why));
            continue;
          }
          if (e.test.empty()) continue;
          // --score hybrid: haad's figures are the hybrid's; the kNN baseline stays max-cosine
          std::vector<double> sy = hybrid_scores(rows(emb, e.support), rows(emb, e.test), rows(raw, e.support),
                                                 rows(raw, e.test), fb_emb, fb_raw);
          // the support rows: the clips', then their variants' (EvalConfig::support_variants; the hybrid keeps to the clips)
          std::vector<double> sh =
              hybrid ? sy : anomaly_scores(support_rows(emb, e.support, n_clips), rows(emb, e.test), c.mode);
          std::vector<double> sk = anomaly_scores(rows(raw, e.support), rows(raw, e.test), base_mode);
          h.add(K, draw, cls, metrics(sh, e.anomaly));
          k.add(K, draw, cls, metrics(sk, e.anomaly));
          hy.add(K, draw, cls, metrics(sy, e.anomaly));
          if (gs) {
            std::vector<int64_t> g;
            for (int i : e.support) {
              auto it = gs->rows.find(i);
              if (it != gs->rows.end()) g.insert(g.end(), it->second.begin(), it->second.end());
            }
            Tensor sup = hybrid ? rows(emb, e.support) : support_rows(emb, e.support, n_clips), sraw = rows(raw, e.support);
            if (!g.empty()) {
              Tensor gi = from_vector(g, {(int64_t)g.size()});
              sup = cat({sup, index_select(gs->emb, 0, gi)}, 0);
              sraw = cat({sraw, index_select(gs->raw, 0, gi)}, 0);
            }
            acc.ha.add(K, draw, cls,
                       metrics(hybrid ? hybrid_scores(sup, rows(emb, e.test), sraw, rows(raw, e.test), fb_emb, fb_raw)
                                      : anomaly_scores(sup, rows(emb, e.test), c.mode),
                               e.anomaly));
          }
          if (pool_h && K == 5 && draw == 0) {
            pool_h->insert(pool_h->end(), sh.begin(), sh.end());
            pool_k->insert(pool_k->end(), sk.begin(), sk.end());
            pool_y->insert(pool_y->end(), e.anomaly.begin(), e.anomaly.end());
          }
        }
  };

  auto train_clips = [&](const std::vector<int>& classes) {
    std::set<int> cs(classes.begin(), classes.end());
    std::vector<int> idx;
    for (int i : split.train)
      if (cs.count(d.clips[i].label)) idx.push_back(i);
    return idx;
  };
  // generated pools, one per training set (tag), made once
  std::map<std::string, ExtraClips> pools;
  auto pool_for = [&](const std::vector<int>& classes, const std::string& tag) -> const ExtraClips* {
    if (!c.gen_aug) return nullptr;
    auto it = pools.find(tag);
    if (it == pools.end()) it = pools.emplace(tag, c.gen_aug(train_clips(classes), tag)).first;
    return &it->second;
  };
  // One model: c.ensemble encoders (member m trains with seed + 104729 m, so one member is the
  // plain model), scored through embed_members
  struct Model {
    std::vector<std::unique_ptr<Encoder>> members;
    std::vector<Encoder*> ptrs() const {
      std::vector<Encoder*> p;
      for (auto& m : members) p.push_back(m.get());
      return p;
    }
  };
  auto train_model = [&](const std::vector<int>& classes, const std::string& tag, uint64_t seed, const ExtraClips* ex) {
    std::vector<int> idx = train_clips(classes);
    Model model;
    Json tj = Json::array();
    for (int m = 0; m < std::max(1, c.ensemble); ++m) {
      const uint64_t ms = seed + 104729 * (uint64_t)m;
      const std::string mt = c.ensemble > 1 ? tag + "_m" + std::to_string(m) : tag;
      manual_seed(ms);
      std::unique_ptr<Encoder> e = make_encoder(c.enc, d.skeleton);
      if (!c.init.empty()) load_module(c.init, *e);  // fine-tune a pretrained encoder (names and shapes must match)
      if (c.verbose)
        std::printf("[%s] training on %zu clips of %zu categories%s\n", mt.c_str(), idx.size(), classes.size(),
                    ex ? (" + " + std::to_string(ex->motions.size()) + " generated").c_str() : "");
      TrainConfig tc = c.train;
      tc.seed = ms;
      tc.verbose = c.verbose;
      if (ex) tc.use_extra(*ex, c.gen_ratio);
      if (c.mix) tc.use_extra(*c.mix, idx.empty() ? 1.0 : c.mix_ratio);  // lodo: the other datasets only
      if (!c.out_dir.empty()) tc.log_csv = c.out_dir + "/train_" + mt + ".csv";
      TrainResult r = train_contrastive(*e, d, idx, tc);
      haad_train_seconds += r.seconds;
      if (c.verbose)
        std::printf("[%s] %d steps in %.1fs (%.0f clips/s), best validation loss %.4f at step %d\n", mt.c_str(), r.steps,
                    r.seconds, r.clips_per_sec, r.best_val, r.best_step);
      tj.push(Json::object().set("steps", Json::number(r.steps)).set("seconds", Json::number(r.seconds))
                  .set("clips_per_sec", Json::number(r.clips_per_sec)).set("best_val_loss", Json::number(r.best_val))
                  .set("early_stopped", Json::boolean(r.early_stopped)));
      model.members.push_back(std::move(e));
    }
    if (tj.size() == 1) tj = Json(tj.arr[0]);  // one member: the object it always was
    return std::make_pair(std::move(model), tj);
  };

  // the generated support clips of a model (tag) for every train-split clip of `classes`, embedded by its encoder
  auto gen_support = [&](const Model& e, const std::vector<int>& trained, const std::vector<int>& classes,
                         const std::string& tag) {
    GenSupport gs;
    if (!c.support_gen) return gs;
    std::vector<int> src = train_clips(classes);
    std::vector<std::vector<Motion>> g = c.support_gen(train_clips(trained), src, tag);
    std::vector<const Motion*> ptrs;
    for (size_t i = 0; i < src.size(); ++i)
      for (const Motion& m : g[i]) {
        gs.rows[src[i]].push_back((int64_t)ptrs.size());
        ptrs.push_back(&m);
      }
    if (!ptrs.empty()) {
      gs.emb = embed_members(e.ptrs(), ptrs, d.skeleton, F);
      gs.raw = raw_dct_rows(ptrs, d.skeleton, F);
    }
    return gs;
  };

  // one setting's figures: JSON per K, Markdown rows, per-category AUC at K=5
  auto summarize = [&](const std::string& setting, Accs& acc, Json& s) {
    Acc& h = acc.h;
    for (int K : c.Ks) {
      Json hs = h.summary(K), ks = acc.k.summary(K), ys = acc.hy.summary(K);
      s.set("haad_K" + std::to_string(K), hs);
      s.set("knn_dct_K" + std::to_string(K), ks);
      s.set("hybrid_K" + std::to_string(K), ys);
      md += "| " + setting + " | " + std::to_string(K) + " | " + fmt(hs, "auc") + " | " + fmt(ks, "auc") + " | " +
            fmt(ys, "auc") + " | " + fmt(hs, "ap") + " | " + fmt(hs, "eer") + " |";
      if (c.support_gen) {
        Json as = acc.ha.summary(K);
        s.set("haad_support_aug_K" + std::to_string(K), as);
        md += " " + fmt(as, "auc") + " |";
      }
      md += "\n";
    }
    Json per = Json::object();
    for (auto& [cls, v] : h.class_auc[5]) per.set(d.classes[cls], Json::number(mean_std(v).mean));
    s.set("per_category_auc_K5", per);
  };

  // the training/evaluation category sets, shared by the main settings and the ablation
  std::vector<CategorySplit> fold_splits;
  if (lodo) {
    CategorySplit all_out;
    for (int i = 0; i < (int)d.classes.size(); ++i) all_out.heldout_classes.push_back(i);
    fold_splits.push_back(all_out);
  } else if (paper)
    fold_splits.push_back(unseen_split_by_name(d, c.unseen_names.empty() ? default_unseen_names(d) : c.unseen_names));
  else
    for (int f = 0; f < c.folds; ++f) fold_splits.push_back(unseen_split(d, c.folds, f, c.seed));
  // paper: one model on the seen categories serves both settings
  const std::vector<int> seen_classes = paper ? fold_splits[0].train_classes : seen_split(d).train_classes;

  // With vs without generative augmentation: the same training seeds, the same
  // episodes; per seed the K=5 AUC (mean over categories and draws), then the
  // difference's mean and std over seeds.
  auto run_ablation = [&]() {
    Json ab = Json::object();
    md += "\n### Generative augmentation ablation (K=5 AUC, " + std::to_string(c.ablation_seeds) +
          " training seeds, same episodes)\n\n| setting | without | with | difference (with - without) |\n|---|---:|---:|---:|\n";
    auto one_setting = [&](const std::string& name, const std::vector<std::pair<std::vector<int>, std::string>>& units,
                           const std::vector<std::vector<int>>& eval_classes, bool restrict_test) {
      std::vector<double> without, with, diff;
      for (int s = 0; s < c.ablation_seeds; ++s) {
        uint64_t seed = c.seed + 1000 * (uint64_t)(s + 1);
        double auc[2];
        for (int v = 0; v < 2; ++v) {
          Accs acc;
          for (size_t u = 0; u < units.size(); ++u) {
            const ExtraClips* ex = v ? pool_for(units[u].first, units[u].second) : nullptr;
            auto tagged = units[u].second + (v ? "_gen" : "_nogen") + "_seed" + std::to_string(s);
            auto [e, tj] = train_model(units[u].first, tagged, seed, ex);
            Tensor emb = embed_table(e.ptrs(), all, d.skeleton, F, c.support_variants, c.raw_weight);
            evaluate(emb, eval_classes[u], restrict_test ? eval_classes[u] : std::vector<int>{}, acc, nullptr, nullptr, nullptr,
                     units[u].first);
          }
          Json sm = acc.h.summary(5);
          auc[v] = sm.at("auc").at("mean").num;
        }
        without.push_back(auc[0]);
        with.push_back(auc[1]);
        diff.push_back(auc[1] - auc[0]);
        if (c.verbose)
          std::printf("[ablation %s seed %d] K=5 AUC without %.4f, with %.4f (%+.4f)\n", name.c_str(), s, auc[0], auc[1],
                      auc[1] - auc[0]);
      }
      auto arr = [](const std::vector<double>& v) {
        Json a = Json::array();
        for (double x : v) a.push(Json::number(x));
        return a;
      };
      MeanStd mw = mean_std(without), mg = mean_std(with), md_ = mean_std(diff);
      ab.set(name, Json::object().set("without", arr(without)).set("with", arr(with)).set("difference", arr(diff))
                        .set("difference_mean", Json::number(md_.mean)).set("difference_std", Json::number(md_.std)));
      char b[256];
      std::snprintf(b, sizeof b, "| %s | %.3f ± %.3f | %.3f ± %.3f | %+.3f ± %.3f |\n", name.c_str(), mw.mean, mw.std, mg.mean,
                    mg.std, md_.mean, md_.std);
      md += b;
    };
    if (c.seen) one_setting("seen", {{seen_classes, "seen"}}, {seen_classes}, false);
    if (c.unseen) {
      std::vector<std::pair<std::vector<int>, std::string>> units;
      std::vector<std::vector<int>> ev;
      for (size_t f = 0; f < fold_splits.size(); ++f) {
        units.push_back({fold_splits[f].train_classes, "unseen_fold" + std::to_string(f)});
        ev.push_back(fold_splits[f].heldout_classes);
      }
      one_setting("unseen", units, ev, !paper);
    }
    return ab;
  };

  Json settings = Json::object();
  const uint64_t train_seed = c.train_seed ? c.train_seed : c.seed;
  if (lodo && c.seen) throw std::invalid_argument("--protocol lodo has no seen setting (use --no-seen)");
  Tensor paper_emb;  // the paper protocol's one model, trained in the seen setting, reused in the unseen one
  Json paper_tj;
  GenSupport paper_gs;
  if (c.seen) {
    const std::vector<int>& classes = seen_classes;
    auto [e, tj] = train_model(classes, "seen", train_seed, pool_for(classes, "seen"));
    Tensor emb = embed_table(e.ptrs(), all, d.skeleton, F, c.support_variants, c.raw_weight);
    if (paper) paper_emb = emb, paper_tj = tj;
    // paper: the one model's generated support covers the unseen categories too (its generator never trains on them)
    std::vector<int> gen_classes = classes;
    if (paper) gen_classes.insert(gen_classes.end(), fold_splits[0].heldout_classes.begin(), fold_splits[0].heldout_classes.end());
    if (c.support_gen) paper_gs = gen_support(e, classes, gen_classes, "seen");
    Accs acc;
    std::vector<double> ph, pk;
    std::vector<int> py;
    evaluate(emb, classes, {}, acc, &ph, &pk, &py, classes, c.support_gen ? &paper_gs : nullptr);
    Json s = Json::object().set("training", tj);
    summarize("seen", acc, s);
    settings.set("seen", s);
    roc_seen = {{"haad (seen, K=5)", roc_curve(ph, py)}, {"kNN raw DCT", roc_curve(pk, py)}};
  }
  if (c.unseen) {
    Accs acc;
    std::vector<double> ph, pk;
    std::vector<int> py;
    Json folds = Json::array();
    for (size_t f = 0; f < fold_splits.size(); ++f) {
      const CategorySplit& cs = fold_splits[f];
      std::string tag = "unseen_fold" + std::to_string(f);
      Tensor emb;
      Json tj;
      GenSupport gs;
      if (paper_emb.defined()) {
        emb = paper_emb, tj = paper_tj, gs = paper_gs;
      } else {
        auto [e, t] = train_model(cs.train_classes, tag, train_seed, pool_for(cs.train_classes, tag));
        emb = embed_table(e.ptrs(), all, d.skeleton, F, c.support_variants, c.raw_weight);
        tj = t;
        gs = gen_support(e, cs.train_classes, cs.heldout_classes, tag);
      }
      evaluate(emb, cs.heldout_classes, paper ? std::vector<int>{} : cs.heldout_classes, acc, &ph, &pk, &py,
               cs.train_classes, c.support_gen ? &gs : nullptr);  // lodo: nothing of d was trained on, so the K = 1 fallback spread is neutral
      Json held = Json::array();
      for (int x : cs.heldout_classes) held.push(Json::string(d.classes[x]));
      folds.push(Json::object().set("heldout", held).set("training", tj));
    }
    Json s = Json::object().set("folds", folds);
    summarize("unseen", acc, s);
    settings.set("unseen", s);
    roc_unseen = {{"haad (unseen, K=5)", roc_curve(ph, py)}, {"kNN raw DCT", roc_curve(pk, py)}};
  }
  out.set("settings", settings);
  if (c.gen_aug && c.ablation_seeds > 0) out.set("generative_augmentation_ablation", run_ablation());
  out.set("haad_training_seconds_total", Json::number(haad_train_seconds));

  if (c.baseline_ae) {
    // one model per category, trained on its K=5 support clips; it never sees
    // other categories, so its figure serves both settings
    double t0 = now();
    Acc a;
    int trained = 0;
    for (int draw = 0; draw < c.ae_draws; ++draw)
      for (int cls = 0; cls < (int)d.classes.size(); ++cls) {
        Episode e;
        try {
          e = sample_episode(d, cls, 5, split.train, split.test, c.seed * 7919 + draw);
        } catch (const std::invalid_argument&) {
          continue;
        }
        std::vector<double> s = ae_scores(raw_unnorm, e.support, e.test, c.ae_steps, c.seed + draw * 1000 + cls);
        a.add(5, draw, cls, metrics(s, e.anomaly));
        ++trained;
      }
    double secs = now() - t0;
    Json j = a.summary(5);
    j.set("models_trained", Json::number(trained)).set("training_seconds_total", Json::number(secs));
    out.set("baseline_per_category_autoencoder_K5", j);
    char b[256];
    std::snprintf(b, sizeof b, "\nPer-category autoencoder baseline (K=5, all categories, %d draws): AUC %s; %d models, %.1fs "
                  "of training in all (haad: one model per setting, %.1fs in all).\n",
                  c.ae_draws, fmt(j, "auc").c_str(), trained, secs, haad_train_seconds);
    md += b;
  }
  if (skipped.size()) {
    md += "\nEpisodes not possible (too few support clips from the train subjects):";
    for (auto& s : skipped.arr) md += "\n- " + s.str;
    md += "\n";
  }
  out.set("skipped_episodes", skipped);
  out.set("wall_seconds", Json::number(now() - t_start));
  // peak RSS is the whole process (what /usr/bin/time -v says); tensor peak is
  // the caching allocator's high-water mark of live tensors on the CPU
  double rss_mb = process_peak_rss() / 1048576.0, tensor_mb = mem_stats(Device::CPU).peak / 1048576.0;
  out.set("peak_rss_mb", Json::number(rss_mb)).set("tensor_peak_mb", Json::number(tensor_mb));
  char mem[200];
  std::snprintf(mem, sizeof mem, "\nWall %.0f s; peak RSS %.0f MB (tensors at most %.0f MB of it).\n", now() - t_start, rss_mb,
                tensor_mb);
  md += mem;
  if (!c.out_dir.empty()) {
    std::filesystem::create_directories(c.out_dir);
    write_file_atomic(c.out_dir + "/results.json", out.dump(1) + "\n");
    write_file_atomic(c.out_dir + "/results.md", md);
    if (!roc_seen.empty()) write_file_atomic(c.out_dir + "/roc_seen.svg", roc_svg(roc_seen, d.name + ": seen categories, K=5 (pooled)"));
    if (!roc_unseen.empty())
      write_file_atomic(c.out_dir + "/roc_unseen.svg", roc_svg(roc_unseen, d.name + ": unseen categories, K=5 (pooled)"));
  }
  return {out, md};
}

}  // namespace haad
