import NumSyncFixtures
import Testing

@testable import NumSyncCore

@Suite("Relations")
struct RelationTests {
    @Test("every relation is owned by a managed list that declares it, and its paths sit under that list's")
    func declarationsHoldTogether() {
        for collection in ResourceCollection.all {
            for relation in collection.relations {
                #expect(relation.ownerKey == collection.key)
                #expect(relation.owner == collection)
                for template in [relation.targetsPath, relation.valuePath, relation.clearPath] {
                    #expect(template.template.hasPrefix(collection.path + "/{id}/"))
                }
                #expect(relation.valuePath.parameterNames == ["id", "target"])
                #expect(relation.clearPath.parameterNames == ["id", "target"])
                #expect(relation.targetsPath.parameterNames == ["id"])
                // An entry's key is the relation's or a field's, never both.
                #expect(collection.field(named: relation.key) == nil)
                #expect(DesiredFileDecoder.entryKeys(of: collection).contains(relation.key))
            }
        }
        #expect(ResourceCollection.exclusiveNumbers.relations == [.exclusiveAgents])
        #expect(ResourceCollection.all.dropFirst().allSatisfy { $0.relations.isEmpty })
    }

    @Test(
        "a path template fills whole segments and never reads a value as a template",
        arguments: [
            (["id": "7", "target": "q%2F1"], "exclusive_numbers/7/call_queues/q%2F1/agents"),
            (["id": "{target}", "target": "9"], "exclusive_numbers/{target}/call_queues/9/agents"),
            (["id": "7"], "exclusive_numbers/7/call_queues/{target}/agents"),
        ])
    func fillsSegments(parameters: [String: String], expected: String) {
        #expect(Relation.exclusiveAgents.valuePath.filled(parameters) == expected)
    }

    @Test("a router pattern names each parameter with the router's prefix")
    func routerPattern() {
        #expect(
            Relation.exclusiveAgents.clearPath.pattern(parameterPrefix: ":")
                == "exclusive_numbers/:id/call_queues/:target/destroy")
        #expect(PathTemplate(stringLiteral: "a/{}/b").parameterNames.isEmpty)
    }
}
