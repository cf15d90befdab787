import LossLabFormats
import LossLabReference

/// The figures a table derives from a certified reference value, when they are certain: the same
/// at both ends of the value's ball, with nothing in between where a figure changes direction
/// (zero, a binade boundary) or, when the computed value lies inside the ball, the same there
/// too. nil when not certain at this precision.
///
/// Each figure is a monotone function of the exact value on either side of the computed value,
/// within a binade of one sign (rounding, the absolute and relative difference to the computed
/// value, the difference in ulps of a fixed binade), so equal figures at the ends (and at the
/// computed value, if inside) mean every value in the ball gives the same figures.

/// The Double nearest to every value in `ball`, if they share one.
func certainDouble(_ ball: MPFRBall) -> Double? {
  if ball.isExact { return ball.midpoint.doubleValue }
  guard let (low, high) = ball.bounds else { return nil }
  let a = low.doubleValue, b = high.doubleValue
  return a.bitPattern == b.bitPattern ? a : nil
}

/// `ErrorMeasure(computed, against: x)`, the same for every x in `exact`.
func certainMeasure<T: MachineFloat>(_ computed: T, against exact: MPFRBall) -> ErrorMeasure? {
  if exact.isExact { return ErrorMeasure(computed, against: exact.midpoint) }
  guard let (low, high) = exact.bounds else { return nil }
  guard low.binadeExponent == high.binadeExponent else { return nil }
  let a = ErrorMeasure(computed, against: low), b = ErrorMeasure(computed, against: high)
  guard a.hasSameFigures(as: b) else { return nil }
  if computed.isFinite {
    // Inside the ball the differences fall to 0 at the computed value: certain only if the
    // figures there are the same too (a difference too small for a Double, say).
    let c = MPFRReal(computed.doubleValue)
    if low < c && c < high && !ErrorMeasure(computed, against: c).hasSameFigures(as: a) {
      return nil
    }
  }
  return a
}

extension ErrorMeasure {
  /// Equal figure by figure, bit for bit (NaN equals NaN).
  func hasSameFigures(as other: ErrorMeasure) -> Bool {
    value.bitPattern == other.value.bitPattern
      && absoluteError.bitPattern == other.absoluteError.bitPattern
      && relativeError.bitPattern == other.relativeError.bitPattern
      && ulpError.bitPattern == other.ulpError.bitPattern
      && bitsError.bitPattern == other.bitsError.bitPattern
      && errorClass == other.errorClass
  }
}

/// `make()`, with its bound made infinite (nothing known) and its expression renamed when it
/// took a branch on a comparison that its balls could not decide (the branch may be wrong, so it
/// is no longer the expression its operations name).
func decided(_ make: () -> MPFRBall) -> MPFRBall {
  _ = MPFRBall.takeUndecidedComparisons()
  let ball = make()
  if MPFRBall.takeUndecidedComparisons() == 0 { return ball }
  return ball.unknown
}
