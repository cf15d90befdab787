// GNU MPFR through Debian's libmpfr-dev; nothing of MPFR is vendored here.
#include <stdio.h>
#include <mpfr.h>
