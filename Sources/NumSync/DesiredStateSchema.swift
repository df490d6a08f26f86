import NumSyncCore

/// The JSON Schema (draft 2020-12) of a desired-state file, for editors that use
/// yaml-language-server. Built from the decoder's own key lists and limits so the two agree.
public enum DesiredStateSchema {
    /// The schema as pretty JSON, ending with a newline.
    public static var json: String {
        let policies = UnmanagedPolicy.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        let topLevel = DesiredFileDecoder.topLevelKeys
        let entry = DesiredFileDecoder.entryKeys
        let defaults = DesiredFileDecoder.defaultsKeys
        precondition(topLevel == ["defaults", "unmanaged", "exclusive_numbers"], "update the schema")
        precondition(entry == ["number", "enabled", "description"], "update the schema")
        precondition(defaults == ["enabled"], "update the schema")
        return """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://numsync.dev/schema/desired-state-v1.json",
              "title": "numsync desired state",
              "description": "PortSIP exclusive numbers as numsync keeps them. numsync reads every scalar as written: an unquoted +14155550100 is the text +14155550100.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "defaults": {
                  "description": "Defaults for entries that omit a field.",
                  "type": ["object", "null"],
                  "additionalProperties": false,
                  "properties": {
                    "enabled": {
                      "description": "Default of `enabled` (true if absent). Write true or false, not yes/no/on/off.",
                      "type": "boolean"
                    }
                  }
                },
                "unmanaged": {
                  "description": "What apply does with numbers on the server that no file lists.",
                  "enum": [\(policies)],
                  "default": "ignore"
                },
                "exclusive_numbers": {
                  "description": "The exclusive (caller) numbers, matched to the server by `number`.",
                  "type": "array",
                  "items": { "$ref": "#/$defs/exclusiveNumber" }
                }
              },
              "$defs": {
                "exclusiveNumber": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["number"],
                  "properties": {
                    "number": {
                      "description": "The telephone number, exactly as PortSIP holds it (1 to \(DesiredFileDecoder.maximumNumberLength) characters, no surrounding spaces).",
                      "type": ["string", "integer", "number"],
                      "minLength": 1,
                      "maxLength": \(DesiredFileDecoder.maximumNumberLength),
                      "pattern": "^[^\\\\s\\\\p{Cc}](.*[^\\\\s\\\\p{Cc}])?$"
                    },
                    "enabled": {
                      "description": "Whether calls from this number go to the queue's exclusive agents. Defaults to defaults.enabled.",
                      "type": "boolean"
                    },
                    "description": {
                      "description": "Free text, at most \(DesiredFileDecoder.maximumDescriptionLength) characters; omitted or null means empty.",
                      "type": ["string", "number", "boolean", "null"],
                      "maxLength": \(DesiredFileDecoder.maximumDescriptionLength)
                    }
                  }
                }
              }
            }

            """
    }
}
