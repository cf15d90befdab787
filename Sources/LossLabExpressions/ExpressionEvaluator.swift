import LossLabFormats
import LossLabReductions

/// Runs a compiled `ExpressionProgram` in the format `T`, one example per call.
///
/// Made once per format and loss: the constants are rounded and the parameters stored in the
/// register file here, not per call. A call writes the inputs, interprets the instructions with
/// one `switch` per step and reads the result register; nothing is parsed or allocated per call
/// (row registers are allocated on the first call with a given row length and reused after).
/// Everything a call runs is inlinable, so it specializes for each format in the caller's module.
///
/// Not thread-safe: the register file is the evaluator's own, so give each thread its own copy.
public struct ExpressionEvaluator<T: LossReal> {
  @usableFromInline let program: ExpressionProgram
  /// The scalar registers: inputs, constants and parameters, then one per operation.
  @usableFromInline var registers: [T]
  /// The row registers, `rowLength` elements each, one after the other.
  @usableFromInline var rows: [T] = []
  /// The length `rows` was allocated for (-1 before the first row call).
  @usableFromInline var rowLength = -1

  /// An evaluator of `program` in `T`. `constant` rounds a literal's text (one of
  /// `program.literals`) to `T`; it is called once per literal, here. `parameters` are the
  /// parameters' values in the order of `program.parameterNames`.
  public init(_ program: ExpressionProgram, constant: (String) -> T, parameters: [T]) {
    precondition(
      parameters.count == program.parameterNames.count,
      "\(parameters.count) parameter values for the parameters \(program.parameterNames)")
    self.program = program
    registers = Array(repeating: T.zero, count: program.registerCount)
    for (source, register) in zip(program.sources, program.sourceRegisters) {
      switch source {
      case .integer(let value): registers[register] = T(integer: value)
      case .literal(let text): registers[register] = constant(text)
      case .parameter(let position): registers[register] = parameters[position]
      }
    }
  }

  /// The loss of one example of an element-wise program: target `y`, prediction `p`, weight `w`
  /// (ignored unless the program has weights).
  @inlinable
  public mutating func callAsFunction(y: T, p: T, w: T) -> T {
    precondition(program.shape == .elementwise, "a \(program.shape) loss takes rows")
    registers[InputRegister.target] = y
    registers[InputRegister.prediction] = p
    registers[InputRegister.weight] = w
    let none = UnsafeBufferPointer<T>(start: nil, count: 0)
    return run(y: none, p: none, label: 0, rowLength: 0)
  }

  /// The loss of one example of a rows program (`y` and `p` rows of the same length; `label`
  /// ignored) or of a labels program (`p` the row, `label` the class index in `p.indices`;
  /// `y` ignored, it may be empty).
  @inlinable
  public mutating func callAsFunction(
    y: UnsafeBufferPointer<T>, p: UnsafeBufferPointer<T>, label: Int
  ) -> T {
    switch program.shape {
    case .elementwise:
      preconditionFailure("an element-wise loss takes one y and one p")
    case .rows:
      precondition(y.count == p.count, "y has \(y.count) classes and p has \(p.count)")
    case .labels:
      precondition(
        p.indices.contains(label), "label \(label) is not a class of a row of \(p.count)")
    }
    let n = p.count
    if n != rowLength {
      rows = Array(repeating: T.zero, count: program.rowRegisterCount * n)
      rowLength = n
    }
    return run(y: y, p: p, label: label, rowLength: n)
  }

  @inlinable
  mutating func run(
    y: UnsafeBufferPointer<T>, p: UnsafeBufferPointer<T>, label: Int, rowLength n: Int
  ) -> T {
    // Moved out of self (no copy: the arrays stay uniquely referenced) so that the buffers can
    // be held while the code runs.
    var scalars: [T] = []
    var rowStore: [T] = []
    swap(&scalars, &registers)
    swap(&rowStore, &rows)
    defer {
      swap(&scalars, &registers)
      swap(&rowStore, &rows)
    }
    let program = self.program
    return program.code.withUnsafeBufferPointer { code in
      scalars.withUnsafeMutableBufferPointer { r in
        rowStore.withUnsafeMutableBufferPointer { rowBuffer in
          let machine = Machine(
            code: code, r: r, rows: rowBuffer, rowLength: n, y: y, p: p, label: label)
          machine.execute(from: 0, to: code.count, element: 0)
          return r[program.resultRegister]
        }
      }
    }
  }
}

extension ExpressionEvaluator: Sendable where T: Sendable {}

/// The interpreter's state for one call: the code, the registers and the inputs.
@usableFromInline
struct Machine<T: LossReal> {
  @usableFromInline let code: UnsafeBufferPointer<Instruction>
  @usableFromInline let r: UnsafeMutableBufferPointer<T>
  @usableFromInline let rows: UnsafeMutableBufferPointer<T>
  @usableFromInline let rowLength: Int
  @usableFromInline let y: UnsafeBufferPointer<T>
  @usableFromInline let p: UnsafeBufferPointer<T>
  @usableFromInline let label: Int

  @inlinable
  init(
    code: UnsafeBufferPointer<Instruction>, r: UnsafeMutableBufferPointer<T>,
    rows: UnsafeMutableBufferPointer<T>, rowLength: Int, y: UnsafeBufferPointer<T>,
    p: UnsafeBufferPointer<T>, label: Int
  ) {
    self.code = code
    self.r = r
    self.rows = rows
    self.rowLength = rowLength
    self.y = y
    self.p = p
    self.label = label
  }

  /// Runs `code[start..<end]`; `element` is the index a map is computing (`element` reads it).
  @inlinable
  func execute(from start: Int, to end: Int, element: Int) {
    var pc = start
    while pc < end {
      switch code[pc] {
      case .unary(let operation, let dst, let x):
        r[dst] = Self.apply(operation, r[x])
      case .binary(let operation, let dst, let a, let b):
        r[dst] = Self.apply(operation, r[a], r[b])
      case .clip(let dst, let x, let low, let high):
        r[dst] = r[x].clipped(r[low], r[high])
      case .copy(let dst, let src):
        r[dst] = r[src]
      case .jumpUnless(let comparison, let a, let b, let target):
        if !Self.compare(comparison, r[a], r[b]) {
          pc = target
          continue
        }
      case .jump(let target):
        pc = target
        continue
      case .index(let dst, let row):
        r[dst] = self.row(row)[label]
      case .element(let dst, let row):
        r[dst] = self.row(row)[element]
      case .reduce(let reduction, let dst, let row):
        r[dst] = Self.reduce(reduction, self.row(row))
      case .rowFunction(let function, let dst, let row):
        let x = self.row(row)
        let output = UnsafeMutableBufferPointer(
          rebasing: rows[dst * rowLength..<(dst + 1) * rowLength])
        switch function {
        case .softmax:
          stableSoftmax(x, into: output)
        case .logSoftmax:
          let logNormalizer = shiftedLogSumExp(x)
          for i in x.indices { output[i] = x[i] - logNormalizer }
        }
      case .map(let dst, let length, let result):
        let base = dst * rowLength
        for i in 0..<rowLength {
          execute(from: pc + 1, to: pc + 1 + length, element: i)
          rows[base + i] = r[result]
        }
        pc += 1 + length
        continue
      }
      pc += 1
    }
  }

  /// The row an operand names.
  @inlinable @inline(__always)
  func row(_ operand: RowOperand) -> UnsafeBufferPointer<T> {
    switch operand {
    case .target: y
    case .prediction: p
    case .register(let k):
      UnsafeBufferPointer(rebasing: rows[k * rowLength..<(k + 1) * rowLength])
    }
  }

  @inlinable @inline(__always)
  static func apply(_ operation: UnaryOperation, _ x: T) -> T {
    switch operation {
    case .negate: -x
    case .exp: T.exp(x)
    case .expMinusOne: T.expMinusOne(x)
    case .log: T.log(x)
    case .logOnePlus: T.log(onePlus: x)
    case .sqrt: T.sqrt(x)
    case .magnitude: x.magnitude
    case .sigmoid: T.one / (T.one + T.exp(-x))
    case .softplus: T.softplus(x)
    case .logSigmoid: -T.softplus(-x)
    case .tanh: T.tanh(x)
    case .square: x * x
    case .cube: x * x * x
    case .reciprocal: T.one / x
    case .reciprocalOfSquare: T.one / (x * x)
    case .powerOfZero: T.one
    }
  }

  @inlinable @inline(__always)
  static func apply(_ operation: BinaryOperation, _ a: T, _ b: T) -> T {
    switch operation {
    case .add: a + b
    case .subtract: a - b
    case .multiply: a * b
    case .divide: a / b
    case .smaller: T.smaller(a, b)
    case .larger: T.larger(a, b)
    case .power: T.pow(a, b)
    }
  }

  @inlinable @inline(__always)
  static func compare(_ comparison: Comparison, _ a: T, _ b: T) -> Bool {
    switch comparison {
    case .less: a < b
    case .lessOrEqual: a <= b
    case .greater: a > b
    case .greaterOrEqual: a >= b
    case .equal: a == b
    case .notEqual: a != b
    }
  }

  @inlinable
  static func reduce(_ reduction: RowReduction, _ x: UnsafeBufferPointer<T>) -> T {
    switch reduction {
    case .sum:
      return recursiveSum(x)
    case .mean:
      return recursiveSum(x) / T(integer: x.count)
    case .max:
      var m = -T.infinity
      for i in x.indices { m = T.larger(m, x[i]) }
      return m
    case .logSumExp:
      return shiftedLogSumExp(x)
    }
  }
}
