// Fused optimizer updates, one pass over each parameter.
#include <cmath>
#include "kernels/cpu/cpu.h"
#include "kernels/cpu/dispatch.h"

namespace haad {

// Adam (decoupled=false: L2 added to the gradient) and AdamW (decoupled weight decay).
// bc1 = 1 - b1^t, bc2 = 1 - b2^t.
void cpu_adamw_step(DType t, void* p, const void* g, void* m, void* v, int64_t n, double lr, double b1,
                    double b2, double eps, double wd, double bc1, double bc2, bool decoupled) {
  HAAD_FLOAT_DISPATCH(t, {
    T* pp = (T*)p;
    const T* gp = (const T*)g;
    T* mp = (T*)m;
    T* vp = (T*)v;
    T step = (T)(lr / bc1), rb2 = (T)(1.0 / std::sqrt(bc2));
_Pragma("omp parallel for simd if (n > HAAD_OMP_MIN)")
    for (int64_t i = 0; i < n; ++i) {
      T gi = gp[i];
      if (decoupled) pp[i] -= (T)(lr * wd) * pp[i];
      else gi += (T)wd * pp[i];
      mp[i] = (T)b1 * mp[i] + (T)(1 - b1) * gi;
      vp[i] = (T)b2 * vp[i] + (T)(1 - b2) * gi * gi;
      pp[i] -= step * mp[i] / (std::sqrt(vp[i]) * rb2 + (T)eps);
    }
  });
}

// SGD with momentum / Nesterov, PyTorch semantics (first step copies the gradient).
void cpu_sgd_step(DType t, void* p, const void* g, void* buf, int64_t n, double lr, double mom, double damp,
                  double wd, bool nesterov, bool first) {
  HAAD_FLOAT_DISPATCH(t, {
    T* pp = (T*)p;
    const T* gp = (const T*)g;
    T* bp = (T*)buf;
    for (int64_t i = 0; i < n; ++i) {
      T d = gp[i] + (T)wd * pp[i];
      if (mom != 0) {
        bp[i] = first ? d : (T)mom * bp[i] + (T)(1 - damp) * d;
        d = nesterov ? d + (T)mom * bp[i] : bp[i];
      }
      pp[i] -= (T)lr * d;
    }
  });
}

double cpu_sumsq(DType t, const void* x, int64_t n) {
  double acc = 0;
  HAAD_FLOAT_DISPATCH(t, {
    const T* p = (const T*)x;
    for (int64_t i = 0; i < n; ++i) acc += (double)p[i] * p[i];
  });
  return acc;
}

}  // namespace haad
