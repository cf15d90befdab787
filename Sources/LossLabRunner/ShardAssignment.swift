/// Which chunks each shard measures, over every experiment of a run: the chunks go, the most
/// costly first (`ExperimentPlan.cost`), each to the shard with the least work so far (the
/// lowest-numbered on ties): Graham's longest-processing-time rule, whose busiest shard has at
/// most 4/3 of the optimum. It depends only on the plans and the shard count.
public struct ShardAssignment: Sendable {
  /// `chunks[s][e]`: the chunks of experiment e that shard s + 1 measures, ascending.
  public let chunks: [[[Int]]]
  /// The estimated cost each shard got.
  public let costs: [Double]

  public init(_ plans: [ExperimentPlan], shards count: Int) {
    var all: [(experiment: Int, chunk: Int, cost: Double)] = []
    for (e, plan) in plans.enumerated() {
      for chunk in 0..<plan.chunkCount { all.append((e, chunk, plan.cost(ofChunk: chunk))) }
    }
    // A stable sort: equal costs keep run order.
    let order = all.indices.sorted { all[$0].cost != all[$1].cost ? all[$0].cost > all[$1].cost : $0 < $1 }
    var chunks = Array(repeating: Array(repeating: [Int](), count: plans.count), count: count)
    var costs = Array(repeating: 0.0, count: count)
    for i in order {
      let shard = costs.indices.min { costs[$0] != costs[$1] ? costs[$0] < costs[$1] : $0 < $1 }!
      chunks[shard][all[i].experiment].append(all[i].chunk)
      costs[shard] += all[i].cost
    }
    self.chunks = chunks.map { $0.map { $0.sorted() } }
    self.costs = costs
  }

  /// The chunks of experiment `experiment` that `shard` measures.
  public func chunks(_ shard: Shard, experiment: Int) -> [Int] { chunks[shard.index - 1][experiment] }
}
