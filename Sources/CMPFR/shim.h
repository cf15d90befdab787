// GNU MPFR through Debian's libmpfr-dev; nothing of MPFR is vendored here.
#include <stdio.h>
#include <mpfr.h>

// MPFR's predicates are macros in mpfr.h (a look at the exponent or the sign field), which
// Swift cannot import: it would call the library's out-of-line copies instead, one call per
// test, several per ball operation. These inline functions expand the macros (`mpfr_number_p`,
// a function in mpfr.h, is "regular or zero").
static inline int losslab_mpfr_nan_p(mpfr_srcptr x) { return mpfr_nan_p(x); }
static inline int losslab_mpfr_inf_p(mpfr_srcptr x) { return mpfr_inf_p(x); }
static inline int losslab_mpfr_zero_p(mpfr_srcptr x) { return mpfr_zero_p(x); }
static inline int losslab_mpfr_number_p(mpfr_srcptr x) { return mpfr_regular_p(x) || mpfr_zero_p(x); }
static inline int losslab_mpfr_regular_p(mpfr_srcptr x) { return mpfr_regular_p(x); }
static inline int losslab_mpfr_signbit(mpfr_srcptr x) { return mpfr_signbit(x); }
