import NumSyncFixtures
import Testing

@testable import NumSyncCore

@Suite("Relations")
struct RelationTests {
    @Test("every relation is owned by a list that declares it, and its paths sit under that list's")
    func declarationsHoldTogether() {
        for list in PortSIPList.all + PortSIPList.readOnly {
            for relation in list.relations {
                #expect(relation.ownerKey == list.key)
                #expect(relation.owner == list)
                #expect(Relation.all.contains(relation))
                for template in [relation.targetsPath, relation.valuePath, relation.clearPath].compactMap({ $0 }) {
                    #expect(template.template.hasPrefix(list.path + "/{id}"))
                }
                // A relation with targets names them in every path; one without names the owner only.
                let target = relation.target == nil ? [] : ["target"]
                #expect(relation.valuePath.parameterNames == ["id"] + target)
                #expect(relation.clearPath.map(\.parameterNames) ?? ["id"] + target == ["id"] + target)
                #expect((relation.targetsPath == nil) == (relation.target == nil))
                #expect(relation.targetsPath.map(\.parameterNames) ?? ["id"] == ["id"])
                // An entry's key is the relation's or a field's, never both.
                #expect(list.field(named: relation.key) == nil)
                if !list.isReadOnly {
                    #expect(DesiredFileDecoder.entryKeys(of: list).contains(relation.key))
                }
            }
        }
        #expect(PortSIPList.exclusiveNumbers.relations == [.exclusiveAgents])
        #expect(PortSIPList.all.dropFirst().allSatisfy { $0.relations.isEmpty })
        #expect(PortSIPList.callQueues.relations == [.queueMembers])
        #expect(PortSIPList.ringGroups.relations == [.ringGroupMembers])
        #expect(Relation.all.count == 3)
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
            Relation.exclusiveAgents.clearPath?.pattern(parameterPrefix: ":")
                == "exclusive_numbers/:id/call_queues/:target/destroy")
        #expect(PathTemplate(stringLiteral: "a/{}/b").parameterNames.isEmpty)
    }
}
