// A priori bounds on the absolute error |Ŝ - S| of each summation, from Higham, *Accuracy and
// Stability of Numerical Algorithms*, 2nd ed. (SIAM 2002), chapter 4. They use the standard model
// fl(a + b) = (a + b)(1 + δ), |δ| ≤ u, so they ignore underflow (harmless for additions, whose
// subnormal results are exact, but not for a wide sum narrowed to a subnormal) and assume no
// overflow. Every bound is a multiple of Σ|x_i| (`absSum`);
// divide by |S| for a relative bound, which multiplies it by the condition number Σ|x_i| / |S|.

/// Higham's `γ_k = k·u / (1 - k·u)`: the bound on |θ| for a product of k factors (1 + δ_i),
/// |δ_i| ≤ u (Higham Lemma 3.1). Zero for k = 0; +inf once `k·u ≥ 1`, where the lemma says
/// nothing.
public func gammaFactor(_ k: Int, u: Double) -> Double {
  precondition(k >= 0, "γ_k needs k ≥ 0")
  if k == 0 { return 0 }
  let ku = Double(k) * u
  return ku >= 1 ? .infinity : ku / (1 - ku)
}

/// Recursive summation: `γ_(n-1) Σ|x_i|` (Higham §4.2); each term goes through at most n - 1
/// rounded additions (the first, 0 + x0, is exact). +inf once `(n-1)·u ≥ 1`: for Float16 past
/// n = 2048, for bfloat16 past n = 256.
public func recursiveSumBound(n: Int, u: Double, absSum: Double) -> Double {
  scaled(gammaFactor(max(n - 1, 0), u: u), absSum)
}

/// Textbook pairwise summation (recursive halving down to single terms): `γ_⌈log2 n⌉ Σ|x_i|`
/// (Higham §4.2).
///
/// This does **not** bound NumPy's blocked scheme, which `pairwiseSum` and `Summation.pairwise`
/// implement: inside a block one accumulator adds n/8 terms in sequence. Use
/// `numpyPairwiseSumBound` for that (and `bound(for: .pairwise, …)` does).
public func pairwiseSumBound(n: Int, u: Double, absSum: Double) -> Double {
  scaled(gammaFactor(ceilLog2(n), u: u), absSum)
}

/// NumPy's blocked pairwise summation (`pairwiseSum`): `γ_h Σ|x_i|` with
/// `h = pairwiseAdditionDepth(n)`, the most rounded additions any one term passes through
/// (Higham §4.2: a summation tree in which term i goes through h_i roundings errs by at most
/// Σ γ_(h_i) |x_i|).
public func numpyPairwiseSumBound(n: Int, u: Double, absSum: Double) -> Double {
  scaled(gammaFactor(pairwiseAdditionDepth(n: n), u: u), absSum)
}

/// The largest number of rounded additions one term passes through in NumPy's pairwise scheme
/// for `n` terms (see `pairwiseSum`):
/// - `n < 8`: n - 1 (a plain loop from zero; the first addition is exact);
/// - `8 ≤ n ≤ 128`: `(m/8 - 1) + 3 + n % 8` with `m = n - n % 8`: x0 stays in accumulator r0 for
///   m/8 - 1 additions, then three levels combine the eight accumulators, then the n % 8 leftover
///   terms are added one by one;
/// - otherwise: 1 + the larger depth of the two halves (split at n/2 rounded down to a multiple
///   of 8).
///
/// Examples: 7 → 6, 8 → 3, 15 → 10, 16 → 4, 127 → 24, 128 → 18, 10⁴ → 19, where ⌈log2 n⌉ is
/// 3, 3, 4, 4, 7, 7, 14. The depth is not monotone in n.
public func pairwiseAdditionDepth(n: Int) -> Int {
  precondition(n >= 0, "a sum has n ≥ 0 terms")
  // The sizes met at one level of the recursion are all within a few multiples of 8 of each
  // other, so keeping the distinct ones keeps this O(log n).
  var sizes = [n]
  var level = 0
  var deepest = 0
  while !sizes.isEmpty {
    var next: [Int] = []
    for size in sizes {
      if size <= 128 {
        deepest = max(deepest, level + blockDepth(size))
      } else {
        let front = (size / 2) - (size / 2) % 8
        for half in [front, size - front] where !next.contains(half) {
          next.append(half)
        }
      }
    }
    sizes = next
    level += 1
  }
  return deepest
}

/// Kahan's compensated summation: `(2u + n·u²) Σ|x_i|`.
///
/// Higham (4.8), after Knuth, gives `|E_n| ≤ (2u + O(n·u²)) Σ|x_i|`; the O(n·u²) term is taken
/// here with constant 1, so this is the first-order bound with a nominal second-order term, not
/// a theorem. It says little once n·u approaches 1 (Float16 past n ≈ 2048), where the
/// second-order term dominates.
public func kahanSumBound(n: Int, u: Double, absSum: Double) -> Double {
  scaled(2 * u + Double(n) * u * u, absSum)
}

/// Neumaier's summation: `[u + (1 + u)·C] Σ|x_i|` with `C = γ_(n-1)·n·u·(1 + γ_(n-1))`; 0 for
/// n ≤ 1 and +inf once `(n-1)·u ≥ 1`.
///
/// Not Kahan's `(2u + n·u²)`: that form assumes the compensation loses nothing, but `c` is a
/// recursive sum in the format and fails exactly when the sum is long (10⁴ values uniform in
/// [0, 1] in Float16 err by about 900 against a Kahan-form bound of 17; even in Float, 65536
/// copies of 0.1 err by 2^-9, 2.5 times `(2u + 3n·u²) Σ|x|`). Derived here:
/// - the running sum `s` is a recursive sum, so every partial sum has |s_i| ≤ (1 + γ_(n-1)) Σ|x|;
/// - each step's error `e_i` is computed exactly (Fast2Sum, larger operand first), with
///   |e_i| ≤ u|s_i|, and S = s_n + Σ e_i exactly; so Σ|e_i| ≤ n·u·(1 + γ_(n-1)) Σ|x|;
/// - `c` sums the e_i recursively: |c - Σ e_i| ≤ γ_(n-1) Σ|e_i| ≤ C·Σ|x|;
/// - the final `s + c` rounds once: ≤ u·|s_n + c| ≤ u·(Σ|x| + C·Σ|x|).
/// To first order this is u·Σ|x|, half of Kahan's; the second-order term grows like n²u².
public func neumaierSumBound(n: Int, u: Double, absSum: Double) -> Double {
  guard n > 1 else { return 0 }
  let g = gammaFactor(n - 1, u: u)
  guard g.isFinite else { return .infinity }
  let compensation = g * Double(n) * u * (1 + g)
  return scaled(u + (1 + u) * compensation, absSum)
}

/// Summation in a wider format then one rounding to the format (`wideSum`):
/// `e + u·(Σ|x_i| + e)` with `e = γ_(n-1)(wideU) Σ|x_i|` the recursive bound in the wide format.
///
/// The final rounding errs by at most u·|S_wide|, and |S_wide| ≤ |S| + e ≤ Σ|x_i| + e, which
/// stands in for the unknown |S|. When `wideU ≥ u` the wide format is the format itself (Double,
/// MPFR) and there is no final rounding, so this is `recursiveSumBound`.
public func wideSumBound(n: Int, u: Double, wideU: Double, absSum: Double) -> Double {
  let e = recursiveSumBound(n: n, u: wideU, absSum: absSum)
  guard wideU < u else { return e }
  return e + u * (absSum + e)
}

/// The a priori bound on |Ŝ - S| for `method` on n terms with Σ|x_i| = `absSum`, in a format of
/// unit roundoff `u`.
///
/// `.pairwise` uses `numpyPairwiseSumBound` (the scheme actually implemented), not the textbook
/// `pairwiseSumBound`. `.wide` needs the wide format's unit roundoff; without `wideU` it is that
/// of `LossReal.Wide` for the formats here: 2^-24 (Float) for Float16 and bfloat16 (any u above
/// 2^-24), 2^-53 (Double) for Float, and u itself for Double and finer (whose Wide is themselves).
public func bound(
  for method: Summation, n: Int, u: Double, absSum: Double, wideU: Double? = nil
) -> Double {
  switch method {
  case .recursive:
    recursiveSumBound(n: n, u: u, absSum: absSum)
  case .pairwise:
    numpyPairwiseSumBound(n: n, u: u, absSum: absSum)
  case .kahan:
    kahanSumBound(n: n, u: u, absSum: absSum)
  case .neumaier:
    neumaierSumBound(n: n, u: u, absSum: absSum)
  case .wide:
    wideSumBound(n: n, u: u, wideU: wideU ?? wideUnitRoundoff(u), absSum: absSum)
  case .torch, .xla:
    // Any order of n - 1 additions obeys the recursive bound; 16-bit formats add in Float.
    u > 0x1p-24
      ? wideSumBound(n: n, u: u, wideU: wideU ?? wideUnitRoundoff(u), absSum: absSum)
      : recursiveSumBound(n: n, u: u, absSum: absSum)
  case .eigen:
    // float16 adds in half packets (the recursive bound in the format); bfloat16 in Float.
    u > 0x1p-11 ? wideSumBound(n: n, u: u, wideU: wideU ?? wideUnitRoundoff(u), absSum: absSum)
      : recursiveSumBound(n: n, u: u, absSum: absSum)
  }
}

// MARK: - Helpers

/// The unit roundoff of `LossReal.Wide` for a format of unit roundoff `u` (see `bound`).
func wideUnitRoundoff(_ u: Double) -> Double {
  let float = 0x1p-24, double = 0x1p-53
  if u > float { return float }
  if u > double { return double }
  return u
}

/// ⌈log2 n⌉, and 0 for n ≤ 1 (`utils::CeilLog2` in PyTorch's reductions).
@inlinable
func ceilLog2(_ n: Int) -> Int {
  n <= 1 ? 0 : Int.bitWidth - (n - 1).leadingZeroBitCount
}

/// One block of at most 128 terms (see `pairwiseAdditionDepth`).
func blockDepth(_ n: Int) -> Int {
  if n < 8 { return max(n - 1, 0) }
  let rest = n % 8
  return ((n - rest) / 8 - 1) + 3 + rest
}

/// `factor · absSum`, with a zero factor giving 0 even for an infinite `absSum`: a sum with no
/// rounded additions has no error.
func scaled(_ factor: Double, _ absSum: Double) -> Double {
  factor == 0 ? 0 : factor * absSum
}
