import NumSyncCore

/// Turns the server's numbers into desired-state files that load back to exactly the same
/// values: sorted by number, numbers always quoted, descriptions in the style that keeps them
/// exact, `enabled` only where it differs from `defaults`.
public enum DesiredStateExport {
    /// One file of an export.
    public struct File: Sendable, Hashable {
        /// The file name within the output directory; nil for a single-file export.
        public var name: String?
        /// The YAML text.
        public var text: String
        /// How many numbers it holds.
        public var count: Int
    }

    /// The first line of every exported file; also how `--force` recognises earlier exports.
    public static let headerMarker = "# Exclusive numbers exported by numsync"

    /// Renders the export. `splitByPrefix` gives one file per prefix of that many leading digits.
    public static func render(
        _ observed: [ObservedNumber], server: String, generatedAt: String, splitByPrefix: Int? = nil
    ) throws -> [File] {
        // One record per number: the oldest copy, as the planner manages it.
        var byNumber: [String: [ObservedNumber]] = [:]
        for record in observed { byNumber[record.number, default: []].append(record) }
        var records: [ObservedNumber] = []
        var duplicateNotes: [String: [String]] = [:]
        for (number, copies) in byNumber {
            let ordered = copies.sorted(by: ObservedNumber.isOlder)
            records.append(ordered[0])
            if ordered.count > 1 { duplicateNotes[number] = ordered.dropFirst().map(\.id) }
        }
        records.sort { $0.number < $1.number }
        let enabledCount = records.filter(\.enabled).count
        let defaultEnabled = enabledCount * 2 >= records.count

        guard let prefixLength = splitByPrefix else {
            let text = try renderFile(
                records, defaultEnabled: defaultEnabled, duplicates: duplicateNotes, server: server,
                generatedAt: generatedAt, total: records.count)
            return [File(name: nil, text: text, count: records.count)]
        }
        var groups: [String: [ObservedNumber]] = [:]
        for record in records {
            let digits = record.number.unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }
            let key =
                digits.count >= prefixLength ? String(String.UnicodeScalarView(digits.prefix(prefixLength))) : "other"
            groups[key, default: []].append(record)
        }
        return try groups.keys.sorted().map { key in
            let group = groups[key]!
            let text = try renderFile(
                group, defaultEnabled: defaultEnabled, duplicates: duplicateNotes, server: server,
                generatedAt: generatedAt, total: records.count)
            return File(name: "\(key).yaml", text: text, count: group.count)
        }
    }

    private static func renderFile(
        _ records: [ObservedNumber], defaultEnabled: Bool, duplicates: [String: [String]], server: String,
        generatedAt: String, total: Int
    ) throws -> String {
        var header = "\(headerMarker) \(NumSyncVersion.current) from \(server) at \(generatedAt).\n"
        header += "# \(records.count.formattedWithSeparators) of \(total.formattedWithSeparators) numbers. "
        header += "`numsync plan` on this file right after the export shows no changes.\n"
        let notes = records.compactMap { record in duplicates[record.number].map { (record, $0) } }
        if !notes.isEmpty {
            header +=
                "# Held more than once on the server; exported once, as the oldest copy (the others are unmanaged):\n"
            for (record, extras) in notes {
                header +=
                    "#   \(record.number.quotedForDisplay): id \(record.id) exported; extra ids \(extras.joined(separator: ", "))\n"
            }
        }
        var emitter = YAMLEmitter()
        try emitter.streamStart()
        try emitter.documentStart()
        try emitter.mappingStart()
        try emitter.scalar("defaults")
        try emitter.mappingStart()
        try emitter.scalar("enabled")
        try emitter.scalar(defaultEnabled ? "true" : "false")
        try emitter.mappingEnd()
        try emitter.scalar("unmanaged")
        try emitter.scalar(UnmanagedPolicy.ignore.rawValue)
        try emitter.scalar("exclusive_numbers")
        if records.isEmpty {
            try emitter.sequenceStart(flow: true)
        } else {
            try emitter.sequenceStart()
        }
        for record in records {
            try emitter.mappingStart()
            try emitter.scalar("number")
            try emitter.scalar(record.number, style: .doubleQuoted)
            if record.enabled != defaultEnabled {
                try emitter.scalar("enabled")
                try emitter.scalar(record.enabled ? "true" : "false")
            }
            if !record.description.isEmpty {
                try emitter.scalar("description")
                try emitter.scalar(record.description, style: style(for: record.description))
            }
            try emitter.mappingEnd()
        }
        try emitter.sequenceEnd()
        try emitter.mappingEnd()
        try emitter.documentEnd()
        try emitter.streamEnd()
        return header + emitter.text
    }

    /// Plain when a YAML reader could not take it for anything but text, a literal block for
    /// several lines, quotes otherwise. libyaml falls back to quotes when a style cannot hold
    /// the text exactly.
    static func style(for text: String) -> YAMLEmitter.ScalarStyle {
        if text.contains("\n") { return .literal }
        if looksLikeNonString(text) { return .singleQuoted }
        return .plain
    }

    /// Whether YAML 1.1 or 1.2 readers would take the plain text as null, a boolean, a number
    /// or a date.
    static func looksLikeNonString(_ text: String) -> Bool {
        let lowered = text.lowercased()
        let words: Set<String> = [
            "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf", ".nan",
        ]
        if words.contains(lowered) { return true }
        guard let first = text.unicodeScalars.first, "0123456789+-.".unicodeScalars.contains(first) else {
            return false
        }
        let numeric = "0123456789abcdefABCDEFxXoO._+-:eE".unicodeScalars
        return text.unicodeScalars.allSatisfy { numeric.contains($0) }
    }
}
