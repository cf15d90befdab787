import LossLabFormats
import LossLabReductions

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
      case .unary, .binary, .clip, .copy:
        Self.execute(code[pc], columns: r.baseAddress!, stride: 1, count: 1)
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

  /// Runs the jump-free element-wise `code` over `count` elements at once: register `k` is the
  /// column `columns[k * stride ..< k * stride + count]`. Each element sees the operations, in
  /// the order, that `execute(from:to:element:)` would run for it alone.
  @inlinable
  static func execute(
    block code: UnsafeBufferPointer<Instruction>, columns: UnsafeMutablePointer<T>, stride: Int,
    count: Int
  ) {
    for instruction in code { execute(instruction, columns: columns, stride: stride, count: count) }
  }

  /// One arithmetic instruction over `count` elements of columns `stride` apart (`stride` 1 and
  /// `count` 1: the scalar registers), one loop per operation so that the loops vectorize.
  @inlinable @inline(__always)
  static func execute(
    _ instruction: Instruction, columns: UnsafeMutablePointer<T>, stride: Int, count: Int
  ) {
    @inline(__always) func column(_ k: Int) -> UnsafeMutablePointer<T> { columns + k * stride }
    switch instruction {
    case .unary(let operation, let dst, let x):
      apply(operation, column(x), into: column(dst), count: count)
    case .binary(let operation, let dst, let a, let b):
      apply(operation, column(a), column(b), into: column(dst), count: count)
    case .clip(let dst, let x, let low, let high):
      let out = column(dst), x = column(x), low = column(low), high = column(high)
      for i in 0..<count { out[i] = x[i].clipped(low[i], high[i]) }
    case .copy(let dst, let src):
      let out = column(dst), x = column(src)
      for i in 0..<count { out[i] = x[i] }
    case .jumpUnless, .jump, .index, .element, .reduce, .rowFunction, .map:
      preconditionFailure("\(instruction) is not element-wise arithmetic")
    }
  }

  @inlinable @inline(__always)
  static func apply(
    _ operation: UnaryOperation, _ x: UnsafePointer<T>, into out: UnsafeMutablePointer<T>,
    count: Int
  ) {
    @inline(__always) func each(_ f: (T) -> T) { for i in 0..<count { out[i] = f(x[i]) } }
    switch operation {
    case .negate: each { -$0 }
    case .exp: each { T.exp($0) }
    case .expMinusOne: each { T.expMinusOne($0) }
    case .log: each { T.log($0) }
    case .logOnePlus: each { T.log(onePlus: $0) }
    case .sqrt: each { T.sqrt($0) }
    case .magnitude: each { $0.magnitude }
    case .sigmoid: each { T.one / (T.one + T.exp(-$0)) }
    case .softplus: each { T.softplus($0) }
    case .logSigmoid: each { -T.softplus(-$0) }
    case .tanh: each { T.tanh($0) }
    case .square: each { $0 * $0 }
    case .cube: each { $0 * $0 * $0 }
    case .reciprocal: each { T.one / $0 }
    case .reciprocalOfSquare: each { T.one / ($0 * $0) }
    case .powerOfZero: each { _ in T.one }
    }
  }

  @inlinable @inline(__always)
  static func apply(
    _ operation: BinaryOperation, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>,
    into out: UnsafeMutablePointer<T>, count: Int
  ) {
    @inline(__always) func each(_ f: (T, T) -> T) { for i in 0..<count { out[i] = f(a[i], b[i]) } }
    switch operation {
    case .add: each(+)
    case .subtract: each(-)
    case .multiply: each(*)
    case .divide: each(/)
    case .smaller: each(T.smaller)
    case .larger: each(T.larger)
    case .power: each(T.pow)
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
