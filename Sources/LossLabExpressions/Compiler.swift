/// Where a scalar register's value comes from before the first instruction runs.
@usableFromInline
enum RegisterSource: Sendable, Hashable {
  /// `T(integer:)`, once, when the evaluator is made.
  case integer(Int)
  /// The caller's rounding of this literal text, once, when the evaluator is made.
  case literal(String)
  /// The loss parameter at this position.
  case parameter(Int)
}

/// Turns a checked expression into instructions.
///
/// Registers 0, 1, 2 hold the element-wise inputs y, p, w; then come the constants and
/// parameters (each distinct one in one register, filled when the evaluator is made), then one
/// register per operation. Row registers are numbered separately.
///
/// A row expression built element by element (`y * log(p)`) becomes a `map`: a loop that runs
/// the scalar code of one element for each index. Its inputs that are not element-wise (a
/// scalar such as `1 - eps`, a reduction, a softmax row) are computed once before the loop;
/// inside a select of a row they are therefore computed whichever branch each element takes,
/// as NumPy's and PyTorch's `where` computes both of its rows. A select of scalars jumps over
/// the branch it does not take.
struct Compiler {
  private(set) var code: [Instruction] = []
  /// The code of the map being built, if any: element-wise code goes here, jumps relative to it.
  private var body: [Instruction]? = nil
  private(set) var sources: [(register: Int, source: RegisterSource)] = []
  private(set) var registerCount = InputRegister.count
  private(set) var rowRegisterCount = 0

  /// Compiles `expression` and returns the register holding its value.
  static func compile(_ expression: CheckedExpression) -> (Compiler, result: Int) {
    var compiler = Compiler()
    let result = compiler.number(expression)
    return (compiler, result)
  }

  private mutating func emit(_ instruction: Instruction) {
    if body != nil { body!.append(instruction) } else { code.append(instruction) }
  }

  /// Where the next instruction goes, in the current code (the map body's own numbering).
  private var here: Int { body?.count ?? code.count }

  private mutating func patch(_ at: Int, _ instruction: Instruction) {
    if body != nil { body![at] = instruction } else { code[at] = instruction }
  }

  private mutating func newRegister() -> Int {
    defer { registerCount += 1 }
    return registerCount
  }

  private mutating func register(for source: RegisterSource) -> Int {
    if let existing = sources.first(where: { $0.source == source }) { return existing.register }
    let r = newRegister()
    sources.append((r, source))
    return r
  }

  /// Emits the code of a number (a scalar, or inside a map the element of a row) and returns its
  /// register. A scalar needed inside a map is computed before the map.
  private mutating func number(_ e: CheckedExpression) -> Int {
    precondition(!e.isBoolean, "the checker lets comparisons only into select")
    if body != nil && !e.isRow { return outsideMap { $0.number(e) } }
    switch e.kind {
    case .input(let input):
      switch input {
      case .target, .prediction:
        guard e.isRow else {
          return input == .target ? InputRegister.target : InputRegister.prediction
        }
        let r = newRegister()
        emit(.element(dst: r, row: input == .target ? .target : .prediction))
        return r
      case .weight:
        return InputRegister.weight
      case .label:
        preconditionFailure("the checker lets label only into an index")
      }
    case .parameter(let position):
      return register(for: .parameter(position))
    case .integer(let value):
      return register(for: .integer(value))
    case .literal(let text):
      return register(for: .literal(text))
    case .unary(let operation, let x):
      let rx = number(x)
      let r = newRegister()
      emit(.unary(operation, dst: r, x: rx))
      return r
    case .binary(let operation, let a, let b):
      let ra = number(a)
      let rb = number(b)
      let r = newRegister()
      emit(.binary(operation, dst: r, a: ra, b: rb))
      return r
    case .clip(let x, let low, let high):
      let rx = number(x)
      let rl = number(low)
      let rh = number(high)
      let r = newRegister()
      emit(.clip(dst: r, x: rx, low: rl, high: rh))
      return r
    case .select(let condition, let a, let b):
      guard case .comparison(let comparison, let lhs, let rhs) = condition.kind else {
        preconditionFailure("the checker lets only comparisons be conditions")
      }
      let rl = number(lhs)
      let rr = number(rhs)
      let r = newRegister()
      let conditional = here
      emit(.jump(target: -1))  // patched below
      let ra = number(a)
      emit(.copy(dst: r, src: ra))
      let skip = here
      emit(.jump(target: -1))
      patch(conditional, .jumpUnless(comparison, a: rl, b: rr, target: here))
      let rb = number(b)
      emit(.copy(dst: r, src: rb))
      patch(skip, .jump(target: here))
      return r
    case .reduction(let reduction, let x):
      let row = rowOperand(x)
      let r = newRegister()
      emit(.reduce(reduction, dst: r, row: row))
      return r
    case .index(let x):
      let row = rowOperand(x)
      let r = newRegister()
      emit(.index(dst: r, row: row))
      return r
    case .rowFunction:
      // An element of a softmax row inside a map.
      let row = outsideMap { $0.rowOperand(e) }
      let r = newRegister()
      emit(.element(dst: r, row: row))
      return r
    case .comparison:
      preconditionFailure("the checker lets comparisons only into select")
    }
  }

  /// Runs `build` with the code going before the map being built (or where it goes anyway).
  private mutating func outsideMap<R>(_ build: (inout Compiler) -> R) -> R {
    let saved = body
    body = nil
    defer { body = saved }
    return build(&self)
  }

  /// The row `e` as an instruction operand: an input row as it is, a row function or an
  /// element-wise row computed into a new row register.
  private mutating func rowOperand(_ e: CheckedExpression) -> RowOperand {
    precondition(e.isRow && body == nil, "rows are made outside maps")
    switch e.kind {
    case .input(.target): return .target
    case .input(.prediction): return .prediction
    case .rowFunction(let function, let x):
      let source = rowOperand(x)
      let dst = newRowRegister()
      code.append(.rowFunction(function, dst: dst, row: source))
      return .register(dst)
    case .input, .parameter, .integer, .literal, .unary, .binary, .clip, .comparison, .select,
      .reduction, .index:
      body = []
      let result = number(e)
      let mapCode = body!
      body = nil
      let dst = newRowRegister()
      code.append(.map(dst: dst, length: mapCode.count, result: result))
      let base = code.count
      for instruction in mapCode { code.append(Self.relocated(instruction, by: base)) }
      return .register(dst)
    }
  }

  private mutating func newRowRegister() -> Int {
    defer { rowRegisterCount += 1 }
    return rowRegisterCount
  }

  /// `instruction` with its jump target moved by `offset`.
  private static func relocated(_ instruction: Instruction, by offset: Int) -> Instruction {
    switch instruction {
    case .jump(let target): .jump(target: target + offset)
    case .jumpUnless(let comparison, let a, let b, let target):
      .jumpUnless(comparison, a: a, b: b, target: target + offset)
    case .unary, .binary, .clip, .copy, .index, .element, .reduce, .rowFunction, .map:
      instruction
    }
  }
}
