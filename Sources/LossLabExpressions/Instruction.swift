// The compiled form of a checked expression: a flat array of instructions over a register file
// of scalars and a set of row registers, interpreted by `ExpressionEvaluator`. Every case names
// the one `LossReal` operation (or LossLabReductions function) it performs, so an expression
// rounds exactly where the same formula written by hand in Swift does.

/// One step of a compiled expression. Scalar registers are indices into the evaluator's
/// register file; jumps are absolute indices into the program's code.
@usableFromInline
enum Instruction: Sendable, Hashable {
  /// `r[dst] = op(r[x])`.
  case unary(UnaryOperation, dst: Int, x: Int)
  /// `r[dst] = op(r[a], r[b])`.
  case binary(BinaryOperation, dst: Int, a: Int, b: Int)
  /// `r[dst] = r[x].clipped(r[low], r[high])`.
  case clip(dst: Int, x: Int, low: Int, high: Int)
  /// `r[dst] = r[src]`: the result of the branch of a select.
  case copy(dst: Int, src: Int)
  /// Continues at `target` unless `r[a] op r[b]`: the condition of a select.
  case jumpUnless(Comparison, a: Int, b: Int, target: Int)
  case jump(target: Int)
  /// `r[dst] = row[label]`.
  case index(dst: Int, row: RowOperand)
  /// `r[dst] = row[i]` for the element `i` a `map` is computing.
  case element(dst: Int, row: RowOperand)
  /// `r[dst] = reduction(row)`.
  case reduce(RowReduction, dst: Int, row: RowOperand)
  /// Row register `dst` = `function(row)`.
  case rowFunction(RowFunction, dst: Int, row: RowOperand)
  /// For each element `i` of the rows: runs the next `length` instructions (which read element
  /// `i` of their rows with `element`), then stores `r[result]` in row register `dst` at `i`.
  case map(dst: Int, length: Int, result: Int)

  /// Whether the instruction may continue anywhere but at the next one.
  var jumps: Bool {
    switch self {
    case .jump, .jumpUnless: true
    case .unary, .binary, .clip, .copy, .index, .element, .reduce, .rowFunction, .map: false
    }
  }
}

/// The registers that hold the element-wise inputs; constants, parameters and results follow.
@usableFromInline
enum InputRegister {
  @usableFromInline static let target = 0
  @usableFromInline static let prediction = 1
  @usableFromInline static let weight = 2
  static let count = 3
}

/// A row an instruction reads: the target row `y`, the prediction row `p`, or a row register.
@usableFromInline
enum RowOperand: Sendable, Hashable {
  case target, prediction
  case register(Int)
}

@usableFromInline
enum UnaryOperation: Sendable, Hashable {
  /// `-x`.
  case negate
  /// `T.exp`, `T.expMinusOne`, `T.log`, `T.log(onePlus:)`, `T.sqrt`, `x.magnitude`.
  case exp, expMinusOne, log, logOnePlus, sqrt, magnitude
  /// `T.one / (T.one + T.exp(-x))`, as the naive from-logits binary cross-entropy computes it.
  case sigmoid
  /// `T.softplus(x)`.
  case softplus
  /// `-T.softplus(-x)`.
  case logSigmoid
  /// `T.tanh(x)`.
  case tanh
  /// `x ^ 2` as `x * x`.
  case square
  /// `x ^ 3` as `(x * x) * x`.
  case cube
  /// `x ^ -1` as `T.one / x`.
  case reciprocal
  /// `x ^ -2` as `T.one / (x * x)`.
  case reciprocalOfSquare
  /// `x ^ 0`: `T.one`, whatever `x` is (NaN and inf included), as `pow(x, 0)` in IEEE 754.
  case powerOfZero
}

@usableFromInline
enum BinaryOperation: Sendable, Hashable {
  case add, subtract, multiply, divide
  /// `T.smaller`, `T.larger`: NaN if either operand is NaN.
  case smaller, larger
  /// `T.pow(a, b)`.
  case power
}

/// IEEE 754 comparisons: false when either side is NaN, except `!=`, which is true.
@usableFromInline
enum Comparison: String, Sendable, Hashable {
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case equal = "=="
  case notEqual = "!="
}

@usableFromInline
enum RowReduction: Sendable, Hashable {
  /// `recursiveSum`: left to right in the format from +0.
  case sum
  /// `recursiveSum(x) / T(integer: x.count)`.
  case mean
  /// `T.larger` folded from -inf: NaN if any element is NaN, -inf for an empty row.
  case max
  /// `shiftedLogSumExp`.
  case logSumExp
}

@usableFromInline
enum RowFunction: Sendable, Hashable {
  /// `stableSoftmax`: `exp(x - m) / Σ exp(x - m)`.
  case softmax
  /// `x_i - shiftedLogSumExp(x)`, each term as `categoricalCrossEntropyLogitsStable` computes it.
  case logSoftmax
}
