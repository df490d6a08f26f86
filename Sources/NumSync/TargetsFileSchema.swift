import Foundation
import NumSyncCore

/// The JSON Schema (draft 2020-12) of a targets file (`numsync schema --targets`), built from
/// the decoder's keys so that the two agree.
public enum TargetsFileSchema {
    /// The schema as pretty JSON with sorted keys, ending with a newline.
    public static var json: String {
        let variable: [String: Any] = [
            "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
            "description": "The name of an environment variable that holds the secret; never the secret itself.",
        ]
        let properties: [String: Any] = [
            "name": [
                "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                "description": "Unique in the file; names report files, metrics and CI jobs.",
            ],
            "url": [
                "type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^/@?#]+(/[^?#]*)?$",
                "description":
                    "The PBX, e.g. https://pbx.example.com:8887; no user name or password, query or fragment.",
            ],
            "token_env": variable,
            "username_env": variable,
            "password_env": variable,
            "domain": ["type": "string", "description": "The tenant's SIP domain, for an account's sign-in."],
            "ca_cert": [
                "type": "string", "pattern": "^[^-]", "description": "A PEM file, relative to the targets file.",
            ],
            "policy": [
                "type": "string", "pattern": "^[^-]",
                "description":
                    "A policy file for this target, relative to the targets file; checked with any --policy given.",
            ],
            "files": [
                "type": "array", "minItems": 1, "items": ["type": "string", "pattern": "^[^-]"],
                "description": "Desired-state files and directories, relative to the targets file.",
            ],
            "recursive": ["type": "boolean"],
            "labels": [
                "type": "object", "propertyNames": ["pattern": "^[A-Za-z_][A-Za-z0-9_]*$"],
                "additionalProperties": ["type": ["string", "number", "boolean"]],
            ],
            "rate_limit": ["type": "integer", "minimum": 0, "description": "Requests a minute; 0: no limit."],
        ]
        precondition(Set(properties.keys) == Set(TargetsFileDecoder.targetKeys))
        let target: [String: Any] = [
            "type": "object", "additionalProperties": false, "required": ["name", "url", "files"],
            "properties": properties,
            "oneOf": [
                [
                    "required": ["token_env"],
                    "not": ["anyOf": [["required": ["username_env"]], ["required": ["password_env"]]]],
                ],
                ["required": ["username_env", "password_env"], "not": ["required": ["token_env"]]],
            ],
        ]
        let schema: [String: Any] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://numsync.dev/schema/targets-v1.json",
            "title": "numsync targets",
            "description": "The PBXs one repository describes; it names environment variables, never secrets.",
            "type": "object", "additionalProperties": false, "required": ["targets"],
            "properties": ["targets": ["type": "array", "minItems": 1, "items": target]],
        ]
        let data = try! JSONSerialization.data(
            withJSONObject: schema, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
