// Each function mirrors, call for call, what LossLab's reference does per example (see the
// Swift source named in MPFRFloor.h), with every variable initialised once per call: the
// reference's registers come from an arena, these are plain mpfr_init2 variables, reused.
//
// Per example, as streamingIdeal does it:
//   ReferenceRow.load   mpfr_set_d of each input
//   idealExample        the loss; dense losses add it to a zero sum (sum = 0 + f(y, p))
//   ExactReduction      mpfr_add into the running total (an MPFRBallRegister starting at +0)
// and at the end: a copy of the total, mpfr_set_si(n), mpfr_div, mpfr_get_d.
#include "MPFRFloor.h"

#include <mpfr.h>

enum { MAX_VARS = 24 };

/// The shared state of one call: the constants LossLab keeps per arena (0, 1, +inf), the
/// total, and scratch variables, all at `precision`, in MPFR's widest exponent range (as
/// LossLab's per-thread state sets it).
typedef struct {
  mpfr_t zero, one, inf, total;
  mpfr_t v[MAX_VARS];
  mpfr_exp_t saved_emin, saved_emax;
} floor_state;

static void floor_init(floor_state *s, long precision) {
  s->saved_emin = mpfr_get_emin();
  s->saved_emax = mpfr_get_emax();
  mpfr_set_emin(mpfr_get_emin_min());
  mpfr_set_emax(mpfr_get_emax_max());
  mpfr_init2(s->zero, precision);
  mpfr_init2(s->one, precision);
  mpfr_init2(s->inf, precision);
  mpfr_init2(s->total, precision);
  for (int i = 0; i < MAX_VARS; i++) mpfr_init2(s->v[i], precision);
  mpfr_set_zero(s->zero, 1);
  mpfr_set_ui(s->one, 1, MPFR_RNDN);
  mpfr_set_inf(s->inf, 1);
  mpfr_set_d(s->total, 0.0, MPFR_RNDN);
}

/// total / n as a double (MPFRRegister.value, MPFRReal(integer:), /, doubleValue), then clear.
static double floor_finish(floor_state *s, long n) {
  mpfr_set(s->v[0], s->total, MPFR_RNDN);
  mpfr_set_si(s->v[1], n, MPFR_RNDN);
  mpfr_div(s->v[2], s->v[0], s->v[1], MPFR_RNDN);
  double result = mpfr_get_d(s->v[2], MPFR_RNDN);
  mpfr_clear(s->zero);
  mpfr_clear(s->one);
  mpfr_clear(s->inf);
  mpfr_clear(s->total);
  for (int i = 0; i < MAX_VARS; i++) mpfr_clear(s->v[i]);
  mpfr_set_emin(s->saved_emin);
  mpfr_set_emax(s->saved_emax);
  return result;
}

/// LossReal.larger: NaN if either is NaN, else the larger (a < b ? b : a).
static mpfr_srcptr larger(mpfr_srcptr a, mpfr_srcptr b) {
  if (mpfr_nan_p(a)) return a;
  if (mpfr_nan_p(b)) return b;
  return mpfr_less_p(a, b) ? b : a;
}

/// LossReal.softplus into r: larger(x, 0) + log1p(exp(-|x|)), using t[0..2] as scratch.
static void softplus(mpfr_ptr r, mpfr_srcptr x, mpfr_srcptr zero, mpfr_t *t) {
  mpfr_srcptr m = larger(x, zero);
  mpfr_abs(t[0], x, MPFR_RNDN);
  mpfr_neg(t[1], t[0], MPFR_RNDN);
  mpfr_exp(t[2], t[1], MPFR_RNDN);
  mpfr_log1p(t[0], t[2], MPFR_RNDN);
  mpfr_add(r, m, t[0], MPFR_RNDN);
}

double mpfr_floor_bce_ideal(const double *y, const double *p, long n, long precision) {
  floor_state s;
  floor_init(&s, precision);
  mpfr_t *v = s.v;
  for (long i = 0; i < n; i++) {
    mpfr_set_d(v[0], y[i], MPFR_RNDN);
    mpfr_set_d(v[1], p[i], MPFR_RNDN);
    mpfr_srcptr loss = s.zero;
    if (!mpfr_zero_p(v[0])) {
      mpfr_log(v[2], v[1], MPFR_RNDN);
      mpfr_mul(v[3], v[0], v[2], MPFR_RNDN);
      mpfr_sub(v[4], loss, v[3], MPFR_RNDN);
      loss = v[4];
    }
    mpfr_sub(v[5], s.one, v[0], MPFR_RNDN);
    if (!mpfr_zero_p(v[5])) {
      mpfr_neg(v[6], v[1], MPFR_RNDN);
      mpfr_log1p(v[7], v[6], MPFR_RNDN);
      mpfr_mul(v[8], v[5], v[7], MPFR_RNDN);
      mpfr_sub(v[9], loss, v[8], MPFR_RNDN);
      loss = v[9];
    }
    mpfr_add(v[10], s.zero, loss, MPFR_RNDN);
    mpfr_add(s.total, s.total, v[10], MPFR_RNDN);
  }
  return floor_finish(&s, n);
}

double mpfr_floor_bce_logits_ideal(const double *y, const double *x, long n, long precision) {
  floor_state s;
  floor_init(&s, precision);
  mpfr_t *v = s.v;
  for (long i = 0; i < n; i++) {
    mpfr_set_d(v[0], y[i], MPFR_RNDN);
    mpfr_set_d(v[1], x[i], MPFR_RNDN);
    mpfr_srcptr loss = s.zero;
    if (!mpfr_zero_p(v[0])) {
      mpfr_neg(v[2], v[1], MPFR_RNDN);
      softplus(v[3], v[2], s.zero, v + 12);
      mpfr_mul(v[4], v[0], v[3], MPFR_RNDN);
      mpfr_add(v[5], loss, v[4], MPFR_RNDN);
      loss = v[5];
    }
    mpfr_sub(v[6], s.one, v[0], MPFR_RNDN);
    if (!mpfr_zero_p(v[6])) {
      softplus(v[7], v[1], s.zero, v + 12);
      mpfr_mul(v[8], v[6], v[7], MPFR_RNDN);
      mpfr_add(v[9], loss, v[8], MPFR_RNDN);
      loss = v[9];
    }
    mpfr_add(v[10], s.zero, loss, MPFR_RNDN);
    mpfr_add(s.total, s.total, v[10], MPFR_RNDN);
  }
  return floor_finish(&s, n);
}

double mpfr_floor_mse(const double *y, const double *p, long n, long precision) {
  floor_state s;
  floor_init(&s, precision);
  mpfr_t *v = s.v;
  for (long i = 0; i < n; i++) {
    mpfr_set_d(v[0], y[i], MPFR_RNDN);
    mpfr_set_d(v[1], p[i], MPFR_RNDN);
    mpfr_sub(v[2], v[0], v[1], MPFR_RNDN);
    mpfr_mul(v[3], v[2], v[2], MPFR_RNDN);
    mpfr_add(v[4], s.zero, v[3], MPFR_RNDN);
    mpfr_add(s.total, s.total, v[4], MPFR_RNDN);
  }
  return floor_finish(&s, n);
}

double mpfr_floor_sparse_cce_logits(
  const double *x, const long *labels, long n, long classes, long precision)
{
  floor_state s;
  floor_init(&s, precision);
  mpfr_t *v = s.v;
  // v[0 .. classes-1] could be too few for wide rows: keep the row in its own variables.
  mpfr_t row[classes];
  for (long c = 0; c < classes; c++) mpfr_init2(row[c], precision);
  for (long i = 0; i < n; i++) {
    const double *xi = x + i * classes;
    for (long c = 0; c < classes; c++) mpfr_set_d(row[c], xi[c], MPFR_RNDN);
    // logSumExpAbove: k = the first largest logit, m = x[k];
    // (m - x[label]) + log1p(sum over j != k of exp(x[j] - m)).
    long k = 0;
    for (long c = 0; c < classes; c++) {
      if (mpfr_greater_p(row[c], row[k]) || mpfr_nan_p(row[k])) k = c;
    }
    mpfr_srcptr m = row[k];
    mpfr_srcptr sum = s.zero;
    for (long c = 0; c < classes; c++) {
      if (c == k) continue;
      mpfr_sub(v[1], row[c], m, MPFR_RNDN);
      mpfr_exp(v[2], v[1], MPFR_RNDN);
      mpfr_ptr next = sum == v[3] ? v[4] : v[3];
      mpfr_add(next, sum, v[2], MPFR_RNDN);
      sum = next;
    }
    mpfr_sub(v[6], m, row[labels[i]], MPFR_RNDN);
    mpfr_log1p(v[5], sum, MPFR_RNDN);
    mpfr_add(v[7], v[6], v[5], MPFR_RNDN);
    mpfr_add(s.total, s.total, v[7], MPFR_RNDN);
  }
  for (long c = 0; c < classes; c++) mpfr_clear(row[c]);
  return floor_finish(&s, n);
}
