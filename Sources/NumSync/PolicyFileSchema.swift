import Foundation
import NumSyncCore

/// The JSON Schema (draft 2020-12) of a policy file, built from the rules' declarations
/// (`Policy.Kind`), so that the schema and the decoder agree.
public enum PolicyFileSchema {
    /// The schema as pretty JSON with sorted keys, ending with a newline.
    public static var json: String {
        var properties: [String: Any] = [:]
        for list in Policy.lists {
            var rules: [String: Any] = [:]
            for kind in Policy.Kind.allowed(in: list) {
                rules[kind.rawValue] =
                    kind.isLimit
                    ? ["description": kind.summary, "type": "integer", "minimum": 0] as [String: Any]
                    : ["description": kind.summary, "type": "string", "minLength": 1]
            }
            properties[list.key] =
                [
                    "description": "Rules for \(list.key).",
                    "type": "object",
                    "additionalProperties": false,
                    "minProperties": 1,
                    "properties": rules,
                ] as [String: Any]
        }
        let schema: [String: Any] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://numsync.dev/schema/policy-v1.json",
            "title": "numsync policy",
            "description":
                "Rules every plan must keep, whatever the desired-state files say (numsync plan/apply --policy). "
                + "--force does not lift them; an unknown list or rule is an error.",
            "type": "object",
            "additionalProperties": false,
            "minProperties": 1,
            "properties": properties,
        ]
        let data = try! JSONSerialization.data(
            withJSONObject: schema, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
