import Foundation
import NumSync
import NumSyncCore
import NumSyncFixtures
import Testing

@Suite("JSON Schema")
struct SchemaTests {
    let schema = try! JSONSerialization.jsonObject(with: Data(DesiredStateSchema.json.utf8)) as! [String: Any]

    @Test("it is draft 2020-12 and closed")
    func draft() {
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["additionalProperties"] as? Bool == false)
    }

    @Test("its keys are exactly the decoder's keys, for every list")
    func keysMatchDecoder() throws {
        let properties = try #require(schema["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(DesiredFileDecoder.topLevelKeys))
        let defaults = try #require((properties["defaults"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Set(defaults.keys) == Set(DesiredFileDecoder.defaultsKeys))
        for list in PortSIPList.all {
            let reference = try #require(
                ((properties[list.key] as? [String: Any])?["items"] as? [String: Any])?["$ref"] as? String)
            let name = try #require(reference.split(separator: "/").last.map(String.init))
            let definition = try #require((schema["$defs"] as? [String: Any])?[name] as? [String: Any])
            let entry = try #require(definition["properties"] as? [String: Any])
            #expect(Set(entry.keys) == Set(DesiredFileDecoder.entryKeys(of: list)))
            #expect(
                (entry[list.keyField.name] as? [String: Any])?["maxLength"] as? Int
                    == list.keyField.maximumLength)
            let required = try #require(definition["required"] as? [String])
            #expect(
                Set(required) == Set([list.keyField.name] + list.valueFields.filter(\.required).map(\.name))
            )
            if let description = list.field(named: "description") {
                #expect((entry["description"] as? [String: Any])?["maxLength"] as? Int == description.maximumLength)
            }
        }
    }

    @Test("its policies are exactly the planner's, for all lists at once or per list")
    func policiesMatch() throws {
        let unmanaged = try #require((schema["properties"] as? [String: Any])?["unmanaged"] as? [String: Any])
        let choices = try #require(unmanaged["oneOf"] as? [[String: Any]])
        #expect(choices[0]["enum"] as? [String] == UnmanagedPolicy.allCases.map(\.rawValue))
        let perList = try #require(choices[1]["properties"] as? [String: Any])
        #expect(Set(perList.keys) == Set(PortSIPList.all.map(\.key)))
    }

    @Test("the policy schema names exactly the rules the decoder takes, list by list")
    func policyRules() throws {
        let policy = try #require(
            try JSONSerialization.jsonObject(with: Data(PolicyFileSchema.json.utf8)) as? [String: Any])
        let properties = try #require(policy["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(Policy.lists.map(\.key)))
        for list in Policy.lists {
            let rules = try #require((properties[list.key] as? [String: Any])?["properties"] as? [String: Any])
            #expect(Set(rules.keys) == Set(Policy.Kind.allowed(in: list).map(\.rawValue)))
        }
    }
}
