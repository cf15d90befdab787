import LossLabRunner

/// An experiment's precision table drawn as an SVG figure, the plot chosen from the table's
/// shape (not from the experiment's name):
///
/// - rows with 2-D maps (`map:` cases): heat maps of the error over y_pred × y_true with the
///   cliff curves (`MapPlot`);
/// - every row swept over ≥ 5 values of eps: heat maps of the error over eps × the swept input
///   (`EpsilonHeatMaps`);
/// - rows with error profiles (grid sweeps of one input): error against that input, cliffs
///   marked (`ProfilePlot`);
/// - rows swept over n: max error against n on log–log axes, with the measured / Higham bound
///   ratio where the rows have one (`GrowthPlot`);
/// - rows swept over other axes: max error against the axis with the most values (`SweepPlot`);
/// - nothing swept: a dot chart of max error per formula and format (`DotChart`).
///
/// Errors are rounding errors (against the formula as written) in ulps of the row's format, on a log axis with a "0" band for exact
/// results (errors below 10⁻³ ulp drawn at 10⁻³) and an "inf/NaN" band for non-finite ones.
public enum ExperimentPlot {
  /// The figure's shape, as chosen from the rows.
  enum Shape: Equatable { case maps, epsilonHeatMaps, profiles, growth, sweep, dots }

  /// The SVG document (about 960 px wide), or nil for a result with no rows.
  public static func svg(_ result: ExperimentResult) -> String? {
    guard !result.rows.isEmpty else { return nil }
    switch shape(result) {
    case .maps: return MapPlot.svg(result)
    case .epsilonHeatMaps: return EpsilonHeatMaps.svg(result)
    case .profiles: return ProfilePlot.svg(result)
    case .growth: return GrowthPlot.svg(result)
    case .sweep: return SweepPlot.svg(result)
    case .dots: return DotChart.svg(result)
    }
  }

  static func shape(_ result: ExperimentResult) -> Shape {
    if result.rows.contains(where: { $0.map != nil }) { return .maps }
    let coordinates = result.rows.map { RowCoordinates($0, spec: result.spec) }
    let epsilons = ordered(coordinates.compactMap { $0.value("eps") })
    if coordinates.allSatisfy({ $0.sweptKeys.contains("eps") }), epsilons.count >= 5 {
      return .epsilonHeatMaps
    }
    if result.rows.contains(where: { !$0.profile.isEmpty }) { return .profiles }
    let sweptN = coordinates.filter { $0.sweptKeys.contains("n") }.compactMap { $0.value("n") }
    if ordered(sweptN).count >= 2 { return .growth }
    if result.rows.contains(where: { !$0.axes.isEmpty }) { return .sweep }
    return .dots
  }

  /// The footnote every figure carries: how 0 and non-finite errors are drawn.
  static let bandsNote =
    "Error: rounding, against each formula as written (its eps and clip included; the tables also give the error against the ideal loss), in ulps of the row's format, against MPFR. Band \"0\": exact (errors below 1e-3 ulp drawn at 1e-3); band \"inf/NaN\": NaN or overflow."
}
