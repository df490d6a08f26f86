/// Which targets of a targets file a run covers: `--target` names or globs, `--select key=value`
/// on labels, `--exclude` names or globs.
///
/// A pattern that matches no target is an error, never an empty selection: a misspelt
/// `--exclude` must not let a run reach the PBX it meant to leave alone.
public struct TargetSelection: Sendable, Hashable {
    /// Names or globs (`*`, `?`) to include; none means every target.
    public var names: [String]
    /// `key=value` label selectors; a target must match all of them.
    public var selectors: [String]
    /// Names or globs to leave out.
    public var excluded: [String]

    /// Creates a selection.
    public init(names: [String] = [], selectors: [String] = [], excluded: [String] = []) {
        self.names = names
        self.selectors = selectors
        self.excluded = excluded
    }

    /// The selected targets in file order, or the problems with the selection.
    public func select(from targets: [Target]) -> (targets: [Target], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let names = targets.map(\.name)
        for pattern in self.names where !names.contains(where: { Self.matches($0, pattern) }) {
            diagnostics.append(.patternMatchesNoTarget("--target", pattern, names: names))
        }
        for pattern in excluded where !names.contains(where: { Self.matches($0, pattern) }) {
            diagnostics.append(.patternMatchesNoTarget("--exclude", pattern, names: names))
        }
        var labels: [(key: String, value: String)] = []
        for selector in selectors {
            let parts = selector.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                diagnostics.append(.invalidSelector(selector))
                continue
            }
            labels.append((String(parts[0]), String(parts[1])))
        }
        guard diagnostics.isEmpty else { return ([], diagnostics) }
        let selected = targets.filter { target in
            (self.names.isEmpty || self.names.contains { Self.matches(target.name, $0) })
                && labels.allSatisfy { target.labels[$0.key] == $0.value }
                && !excluded.contains { Self.matches(target.name, $0) }
        }
        if selected.isEmpty { diagnostics.append(.noTargetSelected(of: targets.count)) }
        return (selected, diagnostics)
    }

    /// Whether `name` matches `pattern`, where `*` is any run of characters and `?` any one.
    static func matches(_ name: String, _ pattern: String) -> Bool {
        let name = Array(name.unicodeScalars)
        let pattern = Array(pattern.unicodeScalars)
        var n = 0
        var p = 0
        var star: Int?
        var resume = 0
        while n < name.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == name[n] {
                n += 1
                p += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = n
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                n = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
