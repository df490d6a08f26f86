extension DesiredState {
    /// A warning for each entry whose `expire_at` is before `now` (RFC 3339 text, given by the
    /// caller: the core has no clock). PortSIP does not say whether it drops an expired entry or
    /// keeps ignoring it; a plan would then create it again and again.
    public func expiredEntries(asOf now: String) -> [Diagnostic] {
        guard let instant = Timestamp(rfc3339: now) else { return [] }
        var warnings: [Diagnostic] = []
        for list in lists {
            guard let field = list.list.valueFields.first(where: { $0.kind == .timestamp }) else { continue }
            for entry in list.numbers {
                guard case .string(let text) = entry[field], let expiry = Timestamp(rfc3339: text), expiry < instant
                else { continue }
                warnings.append(.expired(field.name, text, number: entry.number, at: entry.source))
            }
        }
        return warnings
    }
}
