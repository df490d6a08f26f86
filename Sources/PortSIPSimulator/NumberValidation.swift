/// PortSIP's field rules for exclusive numbers, applied to request bodies.
struct NumberValidation {
    /// The fields a body may carry, checked for type and length.
    struct Fields {
        var number: String?
        var enabled: Bool?
        /// `.some(nil)` clears the description.
        var description: String??
    }

    static let maximumNumberLength = 64
    static let maximumDescriptionLength = 1024

    /// Checks a create or update body; returns the fields, or every problem found.
    static func check(_ body: JSONValue?, requireNumber: Bool) -> Result<Fields, Problems> {
        guard case .object(let object)? = body else {
            return .failure(Problems(["request body must be a JSON object"]))
        }
        var problems: [String] = []
        var fields = Fields()
        for key in object.keys.sorted() where !["number", "enabled", "description"].contains(key) {
            problems.append("unknown field \"\(key)\"")
        }
        switch object["number"] {
        case nil:
            if requireNumber { problems.append("number is required") }
        case .string(let number)?:
            let length = number.unicodeScalars.count
            if length < 1 || length > maximumNumberLength {
                problems.append("number must be 1 to \(maximumNumberLength) characters, got \(length)")
            } else {
                fields.number = number
            }
        case let other?:
            problems.append("number must be a string, got \(other.typeName)")
        }
        switch object["enabled"] {
        case nil: break
        case .bool(let enabled)?: fields.enabled = enabled
        case let other?: problems.append("enabled must be a boolean, got \(other.typeName)")
        }
        switch object["description"] {
        case nil: break
        case .null?: fields.description = .some(nil)
        case .string(let description)?:
            let length = description.unicodeScalars.count
            if length > maximumDescriptionLength {
                problems.append("description must be at most \(maximumDescriptionLength) characters, got \(length)")
            } else {
                // PortSIP stores a blank description as null.
                fields.description = .some(description.isEmpty ? nil : description)
            }
        case let other?:
            problems.append("description must be a string, got \(other.typeName)")
        }
        return problems.isEmpty ? .success(fields) : .failure(Problems(problems))
    }

    /// Validation problems, in PortSIP's words.
    struct Problems: Error {
        var messages: [String]
        init(_ messages: [String]) { self.messages = messages }
    }
}
