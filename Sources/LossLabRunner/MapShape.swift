/// A case's 2-D map (`map: {columns: 128, rows: 64}`): the grid of its two varying inputs,
/// y_pred across and y_true up, cut into cells by rank (each cell holds the same number of
/// consecutive values of each input, so exhaustive float16 inputs fall in cells by bit pattern,
/// a log scale on each side of 0). A cell keeps how its points rounded; each target keeps where
/// the formula first turns bad on each side of logit 0 (`MapTally`).
public struct MapShape: Sendable, Equatable {
  public var columns: Int
  public var rows: Int

  public init(columns: Int, rows: Int) {
    self.columns = columns
    self.rows = rows
  }

  /// The most cells either way: a plot of 512 x 512 cells is already finer than its pixels.
  public static let maxCells = 512
}
