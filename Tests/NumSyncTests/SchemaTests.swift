import Foundation
import NumSync
import NumSyncCore
import Testing

@Suite("JSON Schema")
struct SchemaTests {
    let schema = try! JSONSerialization.jsonObject(with: Data(DesiredStateSchema.json.utf8)) as! [String: Any]

    @Test("it is draft 2020-12 and closed")
    func draft() {
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["additionalProperties"] as? Bool == false)
    }

    @Test("its keys are exactly the decoder's keys")
    func keysMatchDecoder() throws {
        let properties = try #require(schema["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(DesiredFileDecoder.topLevelKeys))
        let defaults = try #require((properties["defaults"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Set(defaults.keys) == Set(DesiredFileDecoder.defaultsKeys))
        let entry = try #require(
            ((schema["$defs"] as? [String: Any])?["exclusiveNumber"] as? [String: Any])?["properties"] as? [String: Any]
        )
        #expect(Set(entry.keys) == Set(DesiredFileDecoder.entryKeys))
        let collection = ResourceCollection.exclusiveNumbers
        #expect((entry["number"] as? [String: Any])?["maxLength"] as? Int == collection.keyField.maximumLength)
        #expect(
            (entry["description"] as? [String: Any])?["maxLength"] as? Int
                == collection.field(named: "description")?.maximumLength)
    }

    @Test("its policies are exactly the planner's")
    func policiesMatch() throws {
        let unmanaged = try #require((schema["properties"] as? [String: Any])?["unmanaged"] as? [String: Any])
        #expect(unmanaged["enum"] as? [String] == UnmanagedPolicy.allCases.map(\.rawValue))
    }
}
