/// `tensorboard.SummaryMetadata` (summary.proto): TensorBoard keeps the first metadata it sees
/// for a tag and shows `summaryDescription` (Markdown) beside the tag's chart.
struct SummaryMetadataMessage: Sendable, Equatable {
  /// `PluginData.plugin_name` and `content`; empty: no plugin data (TensorBoard infers the plugin
  /// from a `histo`; a tensor needs it). An empty content is the plugins' version-0 data.
  var pluginName = ""
  var pluginContent: [UInt8] = []
  var displayName = ""
  var summaryDescription = ""
  /// `data_class` (an enum): 0 unknown, 1 scalar, 2 tensor, 3 blob sequence. TensorBoard's fast
  /// loader (the Rust data server) keeps a legacy value's metadata, description included, only
  /// when this is set; otherwise it replaces it with a blank one.
  var dataClass: UInt64 = 0

  func encoded() -> [UInt8] {
    var writer = ProtobufWriter()
    if !pluginName.isEmpty || !pluginContent.isEmpty {
      var plugin = ProtobufWriter()
      plugin.string(1, pluginName)
      plugin.bytes(2, pluginContent)
      writer.bytes(1, plugin.bytes)
    }
    if !displayName.isEmpty { writer.string(2, displayName) }
    if !summaryDescription.isEmpty { writer.string(3, summaryDescription) }
    if dataClass != 0 { writer.uint64(4, dataClass) }
    return writer.bytes
  }
}
