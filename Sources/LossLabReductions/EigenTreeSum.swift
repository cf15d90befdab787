import LossLabFormats

/// `tf.reduce_sum(x)` of a 1-D CPU tensor of `count` terms, `term(i)` each, in the exact order
/// of Eigen's full reduction as TensorFlow 2.21 runs it (tensorflow/core/kernels/reduction_ops.h
/// `ReduceEigenImpl`; Eigen in tensorflow/include/unsupported/Eigen/CXX11/src/Tensor/
/// TensorReduction.h, `FullReducer` on one thread → `InnerMostDimReducer` with tree reduction):
///
/// TensorFlow's pip build targets AVX without FMA (Eigen `Packet8f`, 8 float lanes; found by
/// compiling its own Eigen headers both ways against tf.exp). A range of more than
/// `8 × leaf` terms (`LeafSize`: 1024 for float, 200 for half) is split at the packet-aligned
/// point `8 ⌈(first + ⌈n/2⌉) / 8⌉` and the halves' sums are added to zero in order; a smaller
/// range is summed with 4 packet accumulators over blocks of 32 terms (accumulator k takes
/// packet 4j + k), which are then added into accumulator 0 (0 + 1, + 2, + 3), then single
/// packets into accumulator 0, then the scalar tail from zero left to right, and finally
/// `finalizeBoth`: tail + `predux(accumulator)` where `predux` folds the 8 lanes as
/// ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)) (AVX/Reductions.h:131, SSE/Reductions.h
/// `sse_predux_common`).
///
/// Per format:
/// - Float: as above, every addition in float.
/// - Float16 (`Eigen::half`, no specialization in reduction_ops.h): the same order with
///   `Packet8h`, whose `padd` converts to float, adds and rounds back to half (AVX/PacketMath.h
///   `padd<Packet8h>`), scalar additions in half; `predux` folds the 8 lanes in float and
///   rounds once; leaves of 8 × 200 terms.
/// - BFloat16: `CASTING_SPECIALIZATION(SumReducer, bfloat16, float)`: the float reduction of
///   the widened terms, rounded once.
/// - Double: `Packet4d` (4 lanes, leaf 1024) with the same structure; not checked against TF.
///
/// Checked bit for bit against `tf.reduce_sum` (Tests/FrameworkVectors/kernels/tf-sum-*.txt):
/// float32, float16, bfloat16, lengths 1 to 5000. Larger tensors may be split over threads by
/// Eigen's cost model (`FullReducer<ThreadPoolDevice>`), not modelled.
///
/// **Error bound:** a leaf of m terms: each term passes through at most m/32 + 6 additions; the
/// tree adds ⌈log2(n / 8192)⌉ more. In float16 every one of those additions rounds to half
/// (relative 2^-11 each), which is why a float16 `reduce_sum` is much less accurate than a
/// float accumulator. **Edge cases:** no terms give +0; a -0 total comes out +0 (tail
/// accumulators start at +0); NaN and inf - inf give NaN; float16 overflows to inf at the
/// first packet sum beyond 65504.
@inlinable
public func eigenSum<T: LossReal>(count n: Int, _ term: (Int) -> T) -> T {
  if eigenScalarBytes(T.self) == 2 {
    if isHalf(T.self) {
      return eigenTreeReduce(
        first: 0, count: n, packet: 8, leaf: 200, term,
        fold: { lanes in
          // predux<Packet8h>: half2float, predux<Packet8f>, one rounding to half.
          @inline(__always) func f(_ k: Int) -> T.Wide { lanes[k].widened }
          return T(narrowing: ((f(0) + f(4)) + (f(2) + f(6))) + ((f(1) + f(5)) + (f(3) + f(7))))
        })
    }
    return T(narrowing: eigenSum(count: n) { term($0).widened })
  }
  let packet = eigenScalarBytes(T.self) == 8 ? 4 : 8
  return eigenTreeReduce(first: 0, count: n, packet: packet, leaf: 1024, term, fold: foldHalves)
}

/// `tf.reduce_mean(x)` of a 1-D CPU tensor (reduction_ops.h `ReduceEigenImpl<MeanReducer>`):
/// `eigenSum` divided by n in the format (float16: a half division, rounding once); bfloat16
/// (`CASTING_SPECIALIZATION(bfloat16, float)`): the float sum of the widened terms divided by n
/// in float, rounded once.
///
/// Checked bit for bit against `tf.reduce_mean` (tf-mean-*.txt).
///
/// **Error bound** and **Edge cases:** as `eigenSum`, plus one division; TF returns NaN for no
/// terms (0 / 0 here too).
@inlinable
public func eigenMean<T: LossReal>(count n: Int, _ term: (Int) -> T) -> T {
  if eigenScalarBytes(T.self) == 2 && !isHalf(T.self) {
    return T(narrowing: eigenSum(count: n) { term($0).widened } / T.Wide(integer: n))
  }
  return eigenSum(count: n, term) / T(integer: n)
}

/// Whether `T` is IEEE binary16, not bfloat16: 70,000 overflows it (its largest finite value is
/// 65,504). Folds away when specialized.
@inlinable @inline(__always)
func isHalf<T: LossReal>(_: T.Type) -> Bool {
  eigenScalarBytes(T.self) == 2 && T(integer: 70_000).isInfinite
}

/// The bytes of Eigen's scalar for `T`: its machine format's (`LossReal.encodedFormat`, so that
/// a type storing a format and more, `EigenReal`, sums as that format), else `T`'s own size.
/// Folds away when specialized.
@inlinable @inline(__always)
func eigenScalarBytes<T: LossReal>(_: T.Type) -> Int {
  switch T.encodedFormat {
  case .float16?, .bfloat16?: 2
  case .float32?: 4
  case .float64?: 8
  case nil: MemoryLayout<T>.size
  }
}

/// Lanes folded by halves, in place (lane k += lane k + half, half = count / 2, 1/4, ... 1);
/// lane 0's sum: Eigen's `predux` of a packet in the format itself, torch's
/// `VecReduceAllSIMD<float, plus>`. `lanes.count` is a power of two.
@inlinable
public func foldHalves<A: LossReal>(_ lanes: UnsafeMutableBufferPointer<A>) -> A {
  var half = lanes.count / 2
  while half >= 1 {
    for k in 0..<half { lanes[k] = lanes[k] + lanes[k + half] }
    half /= 2
  }
  return lanes[0]
}

/// `InnerMostDimReducer<Self, SumReducer, Vectorizable = true, UseTreeReduction = true>::reduce`
/// over terms `first ..< first + count`, with `packet` lanes and leaves of `packet × leaf`
/// terms; `fold` is `predux` of the packet accumulator (it may reorder its argument's lanes).
@inlinable
public func eigenTreeReduce<A: LossReal>(
  first: Int, count n: Int, packet: Int, leaf: Int, _ term: (Int) -> A,
  fold: (UnsafeMutableBufferPointer<A>) -> A
) -> A {
  if n > packet * leaf {
    let split = packet * ((first + (n + 1) / 2 + packet - 1) / packet)
    let left = min(split - first, n)
    var accum = A.zero + eigenTreeReduce(
      first: first, count: left, packet: packet, leaf: leaf, term, fold: fold)
    if left < n {
      accum = accum + eigenTreeReduce(
        first: split, count: n - left, packet: packet, leaf: leaf, term, fold: fold)
    }
    return accum
  }
  return withUnsafeTemporaryAllocation(of: A.self, capacity: 4 * packet) { acc in
    acc.initialize(repeating: A.zero)
    var start = 0
    if n >= 4 * packet {
      let size4 = n / (4 * packet) * (4 * packet)
      var j = 0
      while j < size4 {
        for k in 0..<4 {
          for lane in 0..<packet {
            acc[k * packet + lane] = acc[k * packet + lane] + term(first + j + k * packet + lane)
          }
        }
        j += 4 * packet
      }
      for k in 1..<4 {
        for lane in 0..<packet { acc[lane] = acc[lane] + acc[k * packet + lane] }
      }
      start = size4
    }
    if start <= n - packet {
      let size = n / packet * packet
      var j = start
      while j < size {
        for lane in 0..<packet { acc[lane] = acc[lane] + term(first + j + lane) }
        j += packet
      }
      start = size
    }
    var accum = A.zero
    for j in start..<n { accum = accum + term(first + j) }
    return accum + fold(UnsafeMutableBufferPointer(rebasing: acc[0..<packet]))
  }
}
