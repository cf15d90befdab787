/// A loss written as an expression, parsed, checked and compiled once for one shape and one
/// list of parameters; `ExpressionEvaluator` runs it in any `LossReal` format.
///
///     let focal = try ExpressionProgram.compile(
///       "-alpha * (1 - p)^gamma * log(p)", shape: .elementwise,
///       parameters: ["alpha", "gamma"], weights: false)
///
/// Every operation is one `LossReal` operation (or one LossLabReductions function), the one the
/// built-in formula written by hand would call, so an expression rounds exactly where its
/// hand-written twin does and gives the same bits in every format.
///
/// **Language**
/// - Numbers: decimal (`0.25`, `1e-7`) and hexadecimal (`0x1p-12`). An integer that fits in Int
///   is `T(integer:)` (so `1` is `T.one`); every other literal is rounded by the caller from its
///   text, once per format (see `literals`). `2^k` and `2^-k` with integer k are the exact
///   constant `0x1pk`.
/// - Names: the inputs of the shape (`y`, `p`, `w`, `label`) and the parameters.
/// - Operators: `+ - * /`, unary `-`, `^`, the comparisons `< <= > >= == !=` (only as select's
///   condition; IEEE 754: false with a NaN, except `!=`), parentheses, `row[label]`. `^` binds
///   tighter than unary minus (`-x^2` is `-(x^2)`) and is right-associative; then `* /`; then
///   `+ -`; then the comparisons, which do not chain.
/// - `x ^ k` with a literal k takes PyTorch's `pow_tensor_scalar` fast paths (aten
///   `native/cpu/PowKernel.cpp` and `native/Pow.cpp`; NumPy does the same for 2): k = 2 is
///   `x * x`, 3 is `(x * x) * x`, 0.5 is `sqrt(x)`, -1 is `1 / x`, -2 is `1 / (x * x)`, 1 is x
///   and 0 is 1; any other k, and any exponent that is not a literal, is `T.pow`. `pow(x, k)`
///   is always `T.pow`.
/// - Functions, scalar or element by element on a row: `exp`, `expm1`, `log`, `log1p`, `sqrt`,
///   `abs`, `min`, `max` (NaN-propagating), `clip(x, lo, hi)`, `pow`, `sigmoid` (`1 / (1 +
///   exp(-x))`), `softplus`, `log_sigmoid` (`-softplus(-x)`), `tanh`, `select(c, a, b)` (lazy:
///   only the chosen branch of a scalar select is computed).
/// - Rows (shapes rows and labels): `sum` (left to right), `mean` (`sum / n`), `max`,
///   `logsumexp` (max-shifted), `softmax`, `log_softmax` (`x - logsumexp(x)`). Rows combine
///   element by element with rows of the same length and with scalars.
public struct ExpressionProgram: Sendable, Hashable {
  /// The expression as written.
  public let source: String
  public let shape: ExpressionShape
  /// The parameters in the order `ExpressionEvaluator` takes their values.
  public let parameterNames: [String]
  /// Whether the loss has example weights (so that `w` may be used).
  public let weights: Bool
  /// Whether the expression reads the example weight `w`.
  public let usesWeight: Bool
  /// Whether the expression reads the target `y`.
  public let usesTarget: Bool
  /// The texts of the literals that are not integers (`0.25`, `1e-7`, `0x1p-12`, and `0x1pk`
  /// for each `2^k`), each once, in order of appearance: the evaluator's `constant` closure is
  /// called once for each.
  public let literals: [String]

  @usableFromInline let code: [Instruction]
  @usableFromInline let registerCount: Int
  @usableFromInline let rowRegisterCount: Int
  @usableFromInline let sources: [RegisterSource]
  @usableFromInline let sourceRegisters: [Int]
  @usableFromInline let resultRegister: Int
  /// Whether the program is element-wise without jumps (no select), so that it may run one
  /// instruction at a time over a block of elements.
  @usableFromInline let runsInBlocks: Bool

  /// Parses, checks and compiles `source` for `shape`. `parameters` are the names the loss's
  /// parameters go by; `weights` says whether examples carry a weight `w`.
  ///
  /// Throws the first error in the text: a syntax error, an unknown name or function, a wrong
  /// argument count, a row where one number is needed (or the reverse), a comparison outside
  /// select, an input the shape does not have, a parameter named like an input or a function.
  public static func compile(
    _ source: String, shape: ExpressionShape, parameters: [String], weights: Bool
  ) throws(ExpressionError) -> ExpressionProgram {
    let tokens = try Lexer.tokens(source)
    try Checker.checkParameters(parameters, tokens: tokens, source: source)
    let tree = try Parser.parse(tokens, source: source)
    let checker = Checker(source: source, shape: shape, parameters: parameters, weights: weights)
    let checked = try checker.check(tree)
    let (compiler, result) = Compiler.compile(checked)
    return ExpressionProgram(
      source: source, shape: shape, parameterNames: parameters, weights: weights,
      tokens: tokens, compiler: compiler, result: result)
  }

  private init(
    source: String, shape: ExpressionShape, parameterNames: [String], weights: Bool,
    tokens: [Token], compiler: Compiler, result: Int
  ) {
    self.source = source
    self.shape = shape
    self.parameterNames = parameterNames
    self.weights = weights
    // The checker has accepted every name, so a name token is a use.
    usesWeight = tokens.contains { $0.kind == .name(Input.weight.rawValue) }
    usesTarget = tokens.contains { $0.kind == .name(Input.target.rawValue) }
    literals = compiler.sources.compactMap {
      if case .literal(let text) = $0.source { text } else { nil }
    }
    code = compiler.code
    registerCount = compiler.registerCount
    rowRegisterCount = compiler.rowRegisterCount
    sources = compiler.sources.map(\.source)
    sourceRegisters = compiler.sources.map(\.register)
    resultRegister = result
    runsInBlocks = shape == .elementwise && !code.contains(where: \.jumps)
  }

  public static func == (a: ExpressionProgram, b: ExpressionProgram) -> Bool {
    a.source == b.source && a.shape == b.shape && a.parameterNames == b.parameterNames
      && a.weights == b.weights
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(source)
    hasher.combine(shape)
    hasher.combine(parameterNames)
    hasher.combine(weights)
  }
}
