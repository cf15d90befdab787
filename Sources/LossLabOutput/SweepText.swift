import LossLabRunner

/// A sweep value as every table, plot and TensorBoard tag writes it: a number in its shortest
/// decimal, a count, a reduction's or a profile's name, a loss parameter as the spec wrote it.
public func sweepText(_ value: SweepValue) -> String {
  switch value {
  case .number(let x): shortNumber(x)
  case .count(let n): String(n)
  case .reduction(let reduction): reduction.rawValue
  case .profile(let profile): profile.rawValue
  case .parameter(let text, _): text
  }
}

/// `key=value` of each axis, joined by `separator`: with `;`, the table's `sweep` column.
public func sweepLabel(_ axes: [SweepAxis], separator: String = ";") -> String {
  axes.map { "\($0.key)=\(sweepText($0.value))" }.joined(separator: separator)
}
