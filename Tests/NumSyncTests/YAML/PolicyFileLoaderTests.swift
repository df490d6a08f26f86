import NumSync
import NumSyncCore
import Testing

@Suite("Reading policy files")
struct PolicyFileLoaderTests {
    static func decode(_ text: String) -> (Policy, [String]) {
        let (document, read) = YAMLReader.read(Array(text.utf8), file: "policy.yaml")
        guard let document else { return (Policy(file: "policy.yaml", rules: []), read.map(\.message)) }
        let (policy, diagnostics) = PolicyFileDecoder.decode(document)
        return (policy, (read + diagnostics).map { "\($0.location.map(\.description) ?? "-"): \($0.message)" })
    }

    @Test("every rule of every list is read with its place")
    func reads() {
        let (policy, problems) = Self.decode(
            """
            exclusive_numbers:
              max_creates: 50
              max_deletes: 0
              number_pattern: '^\\+49'
            vip_numbers:
              max_changes: 10
            call_queues:
              max_member_removals: 2
            """)
        #expect(problems.isEmpty)
        #expect(
            policy.rules.map(\.written) == [
                "exclusive_numbers.max_creates: 50", "exclusive_numbers.max_deletes: 0",
                "exclusive_numbers.number_pattern: '^\\+49'", "vip_numbers.max_changes: 10",
                "call_queues.max_member_removals: 2",
            ])
        #expect(policy.rules[3].source.description == "policy.yaml:6:3")
    }

    @Test(
        "it fails closed: an unknown list or rule, a wrong value, a bad pattern and a file without rules are located errors",
        arguments: [
            ("servers: {}\n", #"policy.yaml:1:1: unknown key "servers" in a policy file"#),
            ("exclusive_numbers:\n  max_delete: 0\n", #"did you mean `max_deletes`?"#),
            ("call_queues:\n  max_creates: 1\n", #"unknown key "max_creates" in `call_queues` of a policy"#),
            ("vip_numbers:\n  max_changes: ten\n", #"`vip_numbers.max_changes` must be a whole number (0 or more)"#),
            ("vip_numbers:\n  max_changes: -1\n", #"must be a whole number (0 or more), found "-1""#),
            ("vip_numbers:\n  max_changes:\n", "`vip_numbers.max_changes` must be a whole number, found null"),
            ("exclusive_numbers:\n  number_pattern: '(['\n", #""([" is not a regular expression"#),
            ("exclusive_numbers: {}\n", "with at least one rule"),
            ("- exclusive_numbers\n", "a policy file must be a mapping of lists to rules"),
            ("exclusive_numbers: []\n", "`exclusive_numbers` must be a mapping of rules"),
        ])
    func failsClosed(text: String, expected: String) {
        let (_, problems) = Self.decode(text)
        #expect(problems.contains { $0.contains(expected) }, "\(problems)")
    }
}
