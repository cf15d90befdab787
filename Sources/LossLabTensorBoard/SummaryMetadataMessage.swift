/// `tensorboard.SummaryMetadata` (summary.proto): TensorBoard keeps the first metadata it sees
/// for a tag and shows `summaryDescription` (Markdown) beside the tag's chart.
struct SummaryMetadataMessage: Sendable, Equatable {
  /// `PluginData.plugin_name` and `content`; empty: no plugin data (TensorBoard infers the plugin
  /// from `simple_value` or `histo`).
  var pluginName = ""
  var pluginContent: [UInt8] = []
  var displayName = ""
  var summaryDescription = ""

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
    return writer.bytes
  }
}
