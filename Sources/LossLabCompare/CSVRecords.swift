/// Splits CSV text (RFC 4180: quoted fields, doubled quotes) into records, each with the line it
/// starts on. LossLab's own tables never put a newline inside a field, but quoted ones are read.
func csvRecords(_ text: String) -> [(line: Int, fields: [String])] {
  var records: [(line: Int, fields: [String])] = []
  var fields: [String] = []
  var field = ""
  var quoted = false, fieldStarted = false
  var line = 1, recordLine = 1
  var characters = text.makeIterator()
  var pending: Character? = nil
  func endRecord() {
    fields.append(field)
    if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
    fields = []
    field = ""
    fieldStarted = false
  }
  while let c = pending ?? characters.next() {
    pending = nil
    if quoted {
      if c == "\"" {
        if let next = characters.next() {
          if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
        } else {
          quoted = false
        }
      } else {
        if c == "\n" || c == "\r\n" { line += 1 }
        field.append(c)
      }
      continue
    }
    switch c {
    case "\"" where !fieldStarted && field.isEmpty:
      quoted = true
      fieldStarted = true
    case ",":
      fields.append(field)
      field = ""
      fieldStarted = false
    case "\n", "\r\n":
      endRecord()
      line += 1
      recordLine = line
    default:
      field.append(c)
      fieldStarted = true
    }
  }
  if !field.isEmpty || !fields.isEmpty { endRecord() }
  return records
}
