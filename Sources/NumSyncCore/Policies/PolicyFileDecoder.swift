/// Reads a policy file from its YAML document, collecting every problem with its place. It fails
/// closed: an unknown list or rule, a value of the wrong kind, a pattern that does not compile
/// and a file without rules are errors, never skipped.
public struct PolicyFileDecoder {
    private let document: YAMLDocument
    private var diagnostics: [Diagnostic] = []
    private var rules: [Policy.Rule] = []

    private init(document: YAMLDocument) {
        self.document = document
    }

    /// The policy of `document`, and every problem found (usable only without errors).
    public static func decode(_ document: YAMLDocument) -> (policy: Policy, diagnostics: [Diagnostic]) {
        var decoder = PolicyFileDecoder(document: document)
        decoder.decodeFile()
        return (Policy(file: document.file, rules: decoder.rules), decoder.diagnostics.sorted())
    }

    private mutating func decodeFile() {
        let root = document.root
        let lists = Policy.lists.map(\.key)
        guard document[root].kind == .mapping else {
            diagnostics.append(.policyWithoutRules(found: document[root], at: document.location(of: root)))
            return
        }
        for (key, value) in document.pairs(of: root) {
            let name = document.text(of: key)
            guard let list = Policy.lists.first(where: { $0.key == name }) else {
                diagnostics.append(
                    .unknownKey(name, in: "a policy file", allowed: lists, at: document.location(of: key)))
                continue
            }
            guard document.kind(of: value) == .mapping else {
                diagnostics.append(
                    .expected("a mapping of rules", for: name, found: document[value], at: document.location(of: value))
                )
                continue
            }
            let allowed = Policy.Kind.allowed(in: list)
            for (ruleKey, ruleValue) in document.pairs(of: value) {
                let ruleName = document.text(of: ruleKey)
                let location = document.location(of: ruleKey)
                guard let kind = allowed.first(where: { $0.rawValue == ruleName }) else {
                    diagnostics.append(
                        .unknownKey(
                            ruleName, in: "`\(name)` of a policy", allowed: allowed.map(\.rawValue), at: location))
                    continue
                }
                let text = document.text(of: ruleValue)
                let valueLocation = document.location(of: ruleValue)
                guard document.kind(of: ruleValue) == .scalar, !document.isNull(ruleValue) else {
                    diagnostics.append(
                        .expected(
                            kind.isLimit ? "a whole number" : "a regular expression", for: "\(name).\(ruleName)",
                            found: document[ruleValue], at: valueLocation))
                    continue
                }
                if kind.isLimit {
                    guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let limit = Int(text) else {
                        diagnostics.append(.invalidPolicyLimit(name + "." + ruleName, text, at: valueLocation))
                        continue
                    }
                    rules.append(Policy.Rule(list: list, kind: kind, limit: limit, source: location))
                } else {
                    do {
                        _ = try Regex(text)
                    } catch {
                        diagnostics.append(.invalidPolicyPattern(name + "." + ruleName, text, at: valueLocation))
                        continue
                    }
                    rules.append(Policy.Rule(list: list, kind: kind, pattern: text, source: location))
                }
            }
        }
        if rules.isEmpty, diagnostics.isEmpty {
            diagnostics.append(.policyWithoutRules(found: document[root], at: document.location(of: root)))
        }
    }
}
