extension ExperimentSpec {
  /// A digest of the values its `{file: ...}` inputs read (FNV-1a over every value's bit
  /// pattern, case by case, input by input), or "" when it reads no file: a merge checks that
  /// the shards and the merge read the same data, as the spec's text alone cannot say.
  public var fileDataDigest: String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var files = 0
    func mix(_ word: UInt64) {
      for byte in 0..<8 {
        hash ^= (word >> (8 * UInt64(byte))) & 0xFF
        hash = hash &* 0x0000_0100_0000_01B3
      }
    }
    for experimentCase in cases {
      for name in InputName.allCases {
        guard case .file(let tensor) = experimentCase.inputs[name] else { continue }
        files += 1
        mix(UInt64(tensor.values.count))
        for value in tensor.values { mix(value.bitPattern) }
      }
    }
    return files == 0 ? "" : "fnv1a64:" + String(hash, radix: 16)
  }
}
