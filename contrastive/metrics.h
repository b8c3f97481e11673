// Detection metrics for anomaly scores (higher = more anomalous) against
// labels (1 = anomaly): ROC curve, AUC-ROC (ties count half), average
// precision, equal error rate.
#pragma once
#include <vector>

namespace haad {

struct RocPoint { double fpr, tpr; };
std::vector<RocPoint> roc_curve(const std::vector<double>& scores, const std::vector<int>& labels);
double auc_roc(const std::vector<double>& scores, const std::vector<int>& labels);
double average_precision(const std::vector<double>& scores, const std::vector<int>& labels);
double equal_error_rate(const std::vector<double>& scores, const std::vector<int>& labels);

struct MeanStd { double mean = 0, std = 0; int n = 0; };
MeanStd mean_std(const std::vector<double>& v);

}  // namespace haad
