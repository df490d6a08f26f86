import NumSyncCore

/// PortSIP's field rules for a list, read from its declaration and applied to request bodies.
struct RecordValidation {
    /// Validation problems, in PortSIP's words.
    struct Problems: Error {
        var messages: [String]
        init(_ messages: [String]) { self.messages = messages }
    }

    /// Checks a create (`requireKey`) or update body; returns the fields to store (a blank text
    /// as null, as PortSIP stores it), or every problem found.
    static func check(_ body: JSONValue?, for list: PortSIPList, requireKey: Bool)
        -> Result<[String: JSONValue], Problems>
    {
        guard case .object(let object)? = body else {
            return .failure(Problems(["request body must be a JSON object"]))
        }
        var problems: [String] = []
        var fields: [String: JSONValue] = [:]
        for key in object.keys.sorted() where list.field(named: key) == nil {
            if list.otherFields.contains(key) {
                // Kept as sent: numsync never reads them, and an update without them leaves them.
                fields[key] = object[key]
            } else {
                problems.append("unknown field \"\(key)\"")
            }
        }
        for field in list.fields {
            let key = field == list.keyField
            switch (field.kind, object[field.name]) {
            case (_, nil):
                if requireKey, key || field.required { problems.append("\(field.name) is required") }
            case (.bool, .bool(let flag)?):
                fields[field.name] = .bool(flag)
            case (.text, .null?) where !key && !requireKey, (.timestamp, .null?) where !requireKey:
                // PortSIP's reference types these fields as strings: null clears one in an update;
                // a create leaves out what it has no value for.
                fields[field.name] = .null
            case (.text(let maximum), .string(let text)?):
                let length = text.unicodeScalars.count
                if key, length < 1 || length > maximum {
                    problems.append("\(field.name) must be 1 to \(maximum) characters, got \(length)")
                } else if length > maximum {
                    problems.append("\(field.name) must be at most \(maximum) characters, got \(length)")
                } else if let pattern = field.pattern, !pattern.matches(text) {
                    problems.append(
                        "\(field.name) must match \(pattern.regularExpression(maximumLength: maximum)), got \(text.debugDescription)"
                    )
                } else {
                    fields[field.name] = text.isEmpty ? .null : .string(text)
                }
            case (.choice(let words), .string(let word)?) where words.contains(word):
                fields[field.name] = .string(word)
            case (.choice(let words), let other?):
                problems.append("\(field.name) must be one of \(words.joined(separator: ", ")), got \(other.shortText)")
            case (.timestamp, .string(let text)?):
                if text.isEmpty {
                    fields[field.name] = .null
                } else if let instant = InstantText.utc(text) {
                    // Stored the way PortSIP writes date-times: UTC. A client that compares the
                    // text it sent with the text it reads back sees a change that is none.
                    fields[field.name] = .string(instant)
                } else {
                    problems.append("\(field.name) must be an RFC 3339 date-time, got \(text.debugDescription)")
                }
            case (.bool, let other?):
                problems.append("\(field.name) must be a boolean, got \(other.typeName)")
            case (.text, .null?), (.timestamp, .null?):
                problems.append("\(field.name) must be a string, got null")
            case (.text, let other?), (.timestamp, let other?):
                problems.append("\(field.name) must be a string, got \(other.typeName)")
            }
        }
        return problems.isEmpty ? .success(fields) : .failure(Problems(problems))
    }
}
