/// Splits one RFC 4180 CSV line into its fields (quoted fields may hold commas and `""`).
func csvFields(_ line: Substring) -> [String] {
  var fields: [String] = []
  var field = ""
  var quoted = false
  var previous: Character? = nil
  for character in line {
    if character == "\"" {
      if quoted == false && previous == "\"" { field.append("\"") }
      quoted.toggle()
    } else if character == "," && !quoted {
      fields.append(field)
      field = ""
    } else {
      field.append(character)
    }
    previous = character
  }
  fields.append(field)
  return fields
}
