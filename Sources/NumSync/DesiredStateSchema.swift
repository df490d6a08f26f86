import Foundation
import NumSyncCore

/// The JSON Schema (draft 2020-12) of a desired-state file, for editors that use
/// yaml-language-server. Built from the lists' declarations and the decoder's keys, so the
/// three agree.
public enum DesiredStateSchema {
    /// The schema as pretty JSON with sorted keys, ending with a newline.
    public static var json: String {
        let policy: [String: Any] = ["enum": UnmanagedPolicy.allCases.map(\.rawValue)]
        var properties: [String: Any] = [
            "defaults": [
                "description": "Defaults for entries that omit a field.",
                "type": ["object", "null"],
                "additionalProperties": false,
                "properties": [
                    "enabled": [
                        "description": "Default of `enabled` (true if absent). Write true or false, not yes/no/on/off.",
                        "type": "boolean",
                    ]
                ],
            ],
            "unmanaged": [
                "description":
                    "What apply does with records on the server that no file lists: one policy for every managed "
                    + "list, or a policy per list. `disable` needs a list with `enabled`.",
                "default": "ignore",
                "oneOf": [
                    policy,
                    [
                        "type": "object",
                        "additionalProperties": false,
                        "properties": Dictionary(
                            uniqueKeysWithValues: PortSIPList.all.map { ($0.key, policy) }),
                    ] as [String: Any],
                ],
            ],
        ]
        var definitions: [String: Any] = [:]
        for list in PortSIPList.all {
            let definition = list.recordName.split(whereSeparator: { $0 == " " || $0 == "-" }).enumerated().map {
                index, word in
                index == 0 ? String(word) : word.prefix(1).uppercased() + word.dropFirst()
            }.joined()
            properties[list.key] = [
                "description": list.summary + " A list no file names is not managed.",
                "type": "array",
                "items": ["$ref": "#/$defs/\(definition)"],
            ]
            var entryProperties = Dictionary(
                uniqueKeysWithValues: list.fields.map { ($0.name, property($0, in: list)) })
            for relation in list.relations { entryProperties[relation.key] = property(of: relation) }
            definitions[definition] = [
                "type": "object",
                "additionalProperties": false,
                "required": [list.keyField.name] + list.valueFields.filter(\.required).map(\.name),
                "properties": entryProperties,
            ]
        }
        for groups in PortSIPList.readOnly {
            properties[groups.key] = property(ofGroups: groups)
        }
        let schema: [String: Any] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://numsync.dev/schema/desired-state-v1.json",
            "title": "numsync desired state",
            "description":
                "PortSIP number lists as numsync keeps them. numsync reads every scalar as written: an unquoted "
                + "+14155550100 is the text +14155550100.",
            "type": "object",
            "additionalProperties": false,
            "properties": properties,
            "$defs": definitions,
        ]
        let data = try! JSONSerialization.data(
            withJSONObject: schema, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `call_queues` or `ring_groups`: group extension numbers to `{members: [...]}`, a member
    /// written as its extension number or as `{extension, skill_level}`.
    private static func property(ofGroups groups: PortSIPList) -> [String: Any] {
        let relation = groups.relations[0]
        let extensionNumber: [String: Any] = ["type": ["string", "integer"], "pattern": "^[0-9]{3,64}$"]
        let member: [String: Any] = [
            "oneOf": [
                extensionNumber,
                [
                    "type": "object", "additionalProperties": false, "required": ["extension"],
                    "properties": [
                        "extension": extensionNumber,
                        "skill_level": [
                            "type": "integer", "minimum": Member.skillLevels.lowerBound,
                            "maximum": Member.skillLevels.upperBound, "default": Member.defaultSkillLevel,
                        ] as [String: Any],
                    ] as [String: Any],
                ] as [String: Any],
            ]
        ]
        return [
            "description":
                "The members of the \(groups.recordName)s named here, by extension number; numsync does not create "
                + "\(groups.recordName)s, and one not named is left as it is.",
            "type": "object",
            "propertyNames": ["pattern": "^[0-9]{3,64}$"],
            "additionalProperties": [
                "type": "object", "additionalProperties": false, "required": [relation.key],
                "properties": [
                    relation.key: ["description": relation.summary, "type": "array", "items": member] as [String: Any]
                ],
            ] as [String: Any],
        ]
    }

    /// The schema of an entry's relation key: a mapping of target extension numbers to values.
    private static func property(of relation: Relation) -> [String: Any] {
        let extensionNumber: [String: Any] = ["type": ["string", "integer"], "pattern": "^[0-9]{3,64}$"]
        return [
            "description": relation.summary,
            "type": "object",
            "propertyNames": ["pattern": "^[0-9]{3,64}$"],
            "additionalProperties": ["type": "array", "items": extensionNumber, "uniqueItems": true] as [String: Any],
        ]
    }

    /// The schema of one field: YAML scalars are read as written, so a key or text field also
    /// takes what YAML would type as a number.
    private static func property(_ field: Field, in list: PortSIPList) -> [String: Any] {
        var property: [String: Any] = ["description": field.summary]
        switch field.kind {
        case .bool:
            property["type"] = "boolean"
        case .text(let maximumLength) where field == list.keyField:
            property["type"] = ["string", "integer", "number"]
            property["minLength"] = 1
            property["maxLength"] = maximumLength
            property["pattern"] =
                field.pattern?.regularExpression(maximumLength: maximumLength) ?? "^[^\\s\\p{Cc}](.*[^\\s\\p{Cc}])?$"
        case .text(let maximumLength):
            property["type"] = ["string", "number", "boolean", "null"]
            property["maxLength"] = maximumLength
        case .choice(let words):
            property["enum"] = words
        case .timestamp:
            property["type"] = ["string", "null"]
            property["format"] = "date-time"
        }
        return property
    }
}
