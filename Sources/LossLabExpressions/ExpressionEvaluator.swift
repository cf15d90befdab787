import LossLabFormats
import LossLabReductions

/// Runs a compiled `ExpressionProgram` in the format `T`, one example per call, or the elements
/// of a batch per call (`elementwise(y:p:w:columns:into:)`).
///
/// Made once per format and loss: the constants are rounded and the parameters stored in the
/// register file here, not per call. A call writes the inputs, interprets the instructions with
/// one `switch` per step and reads the result register; nothing is parsed or allocated per call
/// (row and block registers are allocated on the first call that needs them and reused after).
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
  /// The block registers of `elementwise`: one column of `blockLength` elements per scalar
  /// register, the constants and parameters repeated down theirs.
  @usableFromInline var block: [T] = []
  /// The length `block`'s columns were allocated for (0 before the first block).
  @usableFromInline var blockLength = 0
  /// The most elements a block holds: enough to amortize an instruction's dispatch, few enough
  /// that a block's registers stay in the L1 cache.
  @usableFromInline static var maxBlockLength: Int { 256 }

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

  /// The losses of the element-wise examples `y[i]`, `p[i]`, weight `w[i / columns]`, for `i`
  /// in `p.indices`, into `losses[i]`: for each element, the operations in the order of
  /// `callAsFunction(y:p:w:)`, with the set-up paid once per call. An empty `y` reads as targets
  /// 0, an empty `w` as weights 1.
  ///
  /// A program without jumps (no select) runs each instruction over a block of elements, its
  /// registers columns: the dispatch is paid once per block and the loops vectorize. A program
  /// with jumps runs element after element.
  @inlinable
  public mutating func elementwise(
    y: UnsafeBufferPointer<T>, p: UnsafeBufferPointer<T>, w: UnsafeBufferPointer<T>,
    columns: Int, into losses: UnsafeMutableBufferPointer<T>
  ) {
    precondition(program.shape == .elementwise, "a \(program.shape) loss takes rows")
    precondition(
      losses.count == p.count && (y.isEmpty || y.count == p.count)
        && (w.isEmpty || w.count * columns == p.count),
      "\(y.count) targets, \(p.count) predictions, \(w.count) weights of \(columns) columns"
        + " and \(losses.count) losses")
    let zero = T.zero, one = T.one
    /// Writes element `i`'s inputs into the input registers, `stride` apart from `at`.
    @inline(__always) func load(_ i: Int, _ at: UnsafeMutablePointer<T>, stride: Int) {
      at[InputRegister.target * stride] = y.isEmpty ? zero : y[i]
      at[InputRegister.prediction * stride] = p[i]
      at[InputRegister.weight * stride] =
        w.isEmpty ? one : columns == 1 ? w[i] : w[i / columns]
    }
    let result = program.resultRegister
    guard program.runsInBlocks else {
      let none = UnsafeBufferPointer<T>(start: nil, count: 0)
      withMachine(y: none, p: none, label: 0, rowLength: 0) { machine in
        for i in p.indices {
          load(i, machine.r.baseAddress!, stride: 1)
          machine.execute(from: 0, to: machine.code.count, element: 0)
          losses[i] = machine.r[result]
        }
      }
      return
    }
    let needed = min(p.count, Self.maxBlockLength)
    if needed > blockLength {
      block = registers.flatMap { Array(repeating: $0, count: needed) }
      blockLength = needed
    }
    var file: [T] = []
    swap(&file, &block)
    defer { swap(&file, &block) }
    let length = blockLength
    program.code.withUnsafeBufferPointer { code in
      file.withUnsafeMutableBufferPointer { file in
        let registers = file.baseAddress!
        for start in stride(from: 0, to: p.count, by: length) {
          let count = min(length, p.count - start)
          for i in 0..<count { load(start + i, registers + i, stride: length) }
          Machine.execute(block: code, columns: registers, stride: length, count: count)
          let column = registers + result * length
          for i in 0..<count { losses[start + i] = column[i] }
        }
      }
    }
  }

  @inlinable
  mutating func run(
    y: UnsafeBufferPointer<T>, p: UnsafeBufferPointer<T>, label: Int, rowLength n: Int
  ) -> T {
    let result = program.resultRegister
    return withMachine(y: y, p: p, label: label, rowLength: n) { machine in
      machine.execute(from: 0, to: machine.code.count, element: 0)
      return machine.r[result]
    }
  }

  /// `body` given a machine on the program's code and this evaluator's registers.
  @inlinable
  mutating func withMachine<R>(
    y: UnsafeBufferPointer<T>, p: UnsafeBufferPointer<T>, label: Int, rowLength n: Int,
    _ body: (Machine<T>) -> R
  ) -> R {
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
    return program.code.withUnsafeBufferPointer { code in
      scalars.withUnsafeMutableBufferPointer { r in
        rowStore.withUnsafeMutableBufferPointer { rowBuffer in
          body(Machine(code: code, r: r, rows: rowBuffer, rowLength: n, y: y, p: p, label: label))
        }
      }
    }
  }
}

extension ExpressionEvaluator: Sendable where T: Sendable {}
