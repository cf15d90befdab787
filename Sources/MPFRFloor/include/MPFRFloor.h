// The C floor for LossLab's MPFR reference: the same MPFR calls the reference path makes
// (LossLabMeasurement's streamingIdeal: StreamedExampleLoss driving ExactReduction), written
// directly against preallocated mpfr_t variables. `losslab-bench` measures LossLab's
// reference against it.
#ifndef MPFR_FLOOR_H
#define MPFR_FLOOR_H

/// Mean over n examples of the ideal BCE from probabilities, -y log p - (1 - y) log1p(-p),
/// each term only where its weight is nonzero (binaryCrossEntropyIdeal).
double mpfr_floor_bce_ideal(const double *y, const double *p, long n, long precision);

/// Mean over n examples of the ideal BCE from logits, y softplus(-x) + (1 - y) softplus(x),
/// softplus(x) = max(x, 0) + log1p(exp(-|x|)) (binaryCrossEntropyLogitsIdeal).
double mpfr_floor_bce_logits_ideal(const double *y, const double *x, long n, long precision);

/// Mean over n examples of (y - p)^2 (squaredError).
double mpfr_floor_mse(const double *y, const double *p, long n, long precision);

/// Mean over n rows of `classes` logits (row-major in x) of logsumexp(row) - row[label], as the
/// reference's ideal writes it: (m - row[label]) + log1p(sum over j != k of exp(row[j] - m)),
/// m = row[k] the first largest logit (logSumExpAbove).
double mpfr_floor_sparse_cce_logits(
  const double *x, const long *labels, long n, long classes, long precision);

#endif
