// TEMPORARY: replaced by the reductions branch.
import LossLabFormats
public enum Summation: String, CaseIterable, Sendable { case recursive, pairwise, kahan, neumaier, wide }
public enum Reduction: String, CaseIterable, Sendable { case mean, sum; case epochMean = "epoch-mean"; case ema }
@inlinable public func recursiveSum<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> T { var s = T.zero; for v in x { s = s + v }; return s }
@inlinable public func sum<T: LossReal>(_ x: UnsafeBufferPointer<T>, using method: Summation) -> T { recursiveSum(x) }
@inlinable public func reduce<T: LossReal>(_ x: UnsafeBufferPointer<T>, _ reduction: Reduction, summation: Summation, smoothing: T? = nil) -> T {
  let s = sum(x, using: summation); return reduction == .sum ? s : s / T(integer: x.count) }
@inlinable public func shiftedLogSumExp<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> T {
  var m = x[0]; for v in x { m = T.larger(m, v) }; if !m.isFinite { m = T.zero }
  var s = T.zero; for v in x { s = s + T.exp(v - m) }; return T.log(s) + m }
public func recursiveSumBound(n: Int, u: Double, absSum: Double) -> Double { 0 }
