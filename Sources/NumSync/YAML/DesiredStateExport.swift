import FileWriting
import Foundation
import NumSyncCore

/// Turns the server's numbers into desired-state files that load back to exactly the same
/// values: sorted by number, numbers always quoted, descriptions in the style that keeps them
/// exact, `enabled` only where it differs from `defaults`.
///
/// A record a desired-state file cannot hold (a number with spaces at its ends, a control or
/// hidden character, over 64 characters; a description over 1,024) is left out and named, so
/// that the file never fails later. Every export is read back before it is returned: anything
/// that does not load to exactly the records exported is an error, and nothing is written.
public enum DesiredStateExport {
    /// What an export produced.
    public struct Result: Sendable {
        /// The files to write.
        public var files: [File]
        /// Records left out, each with the reason, sorted by number.
        public var refused: [Refusal]
    }

    /// A server record that cannot be written to a desired-state file.
    public struct Refusal: Sendable, Hashable, CustomStringConvertible {
        /// The record.
        public var record: ObservedNumber
        /// Why.
        public var reason: String

        /// `record NzAw... ("+1 "): the number has leading or trailing whitespace ...`.
        public var description: String {
            "record \(record.id) (\(record.number.quotedForDisplay)): \(reason); a desired-state file cannot hold it, "
                + "so it is not exported (fix it on the PBX, then export again)"
        }
    }

    /// An export that would not load back as exported: a bug, reported instead of written.
    public struct RoundTripError: Error, CustomStringConvertible {
        /// What differs.
        public var description: String
    }

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

    /// Renders the export, reads it back, and returns it with the records left out.
    /// `splitByPrefix` gives one file per prefix of that many leading digits.
    public static func export(
        _ observed: [ObservedNumber], of collection: ResourceCollection = .exclusiveNumbers, server: String,
        generatedAt: String, splitByPrefix: Int? = nil
    ) throws -> Result {
        var refused: [Refusal] = []
        let exportable = observed.filter { record in
            var reasons = collection.problems(ofNumber: record.number).map { "the number \($0)" }
            for field in collection.valueFields {
                guard let maximum = field.maximumLength, case .string(let text) = record[field],
                    let length = FieldRules.excessLength(text, maximum: maximum)
                else { continue }
                reasons.append("the \(field.name) is \(length.formattedWithSeparators) characters long")
            }
            guard reasons.isEmpty else {
                refused.append(Refusal(record: record, reason: reasons.joined(separator: "; ")))
                return false
            }
            return true
        }
        refused.sort { ObservedNumber.precedes($0.record, $1.record) }
        let (files, exported) = try render(
            exportable, of: collection, refused: refused, server: server, generatedAt: generatedAt,
            splitByPrefix: splitByPrefix)
        try checkRoundTrip(files, exported: exported)
        return Result(files: files, refused: refused)
    }

    /// Loads the files as `numsync plan` would and requires exactly the exported records.
    private static func checkRoundTrip(_ files: [File], exported: [ObservedNumber]) throws(RoundTripError) {
        let sources = files.map { (name: $0.name ?? "export.yaml", bytes: Array($0.text.utf8)) }
        let loaded = DesiredStateLoader.load(sources: sources)
        guard loaded.succeeded else {
            let first = loaded.diagnostics.first.map(\.message) ?? "no detail"
            throw RoundTripError(description: "the exported YAML does not load back (\(first)); nothing was written")
        }
        let plan = Plan(desired: loaded.state, observed: exported, policy: PlanPolicy(unmanaged: .ignore))
        guard plan.isEmpty, plan.unmanaged.isEmpty else {
            let first =
                plan.changes.first.map { "\($0.action.rawValue) \($0.number.quotedForDisplay)" } ?? "unmanaged"
            throw RoundTripError(
                description:
                    "the exported YAML does not load back to the server's values (\(first)); nothing was written")
        }
    }

    /// Renders the files; returns them with the records they hold.
    private static func render(
        _ observed: [ObservedNumber], of collection: ResourceCollection, refused: [Refusal], server: String,
        generatedAt: String, splitByPrefix: Int?
    ) throws -> (files: [File], exported: [ObservedNumber]) {
        // One record per number: the oldest copy, as the planner manages it.
        let listing = ServerListing(observed)
        let records = listing.managed.values.sorted { $0.number.precedesByBytes($1.number) }
        var duplicateNotes: [ExactText: [String]] = [:]
        for duplicate in listing.duplicates {
            duplicateNotes[ExactText(duplicate.number)] = duplicate.extras.map(\.id)
        }
        // `defaults.enabled` is what most records have, so that few entries need `enabled`.
        let defaulted = collection.field(named: "enabled")
        let defaultEnabled = defaulted.map { field in
            records.filter { $0[field] == .bool(true) }.count * 2 >= records.count
        }
        let layout = Layout(collection: collection, defaulted: defaulted, defaultEnabled: defaultEnabled)

        guard let prefixLength = splitByPrefix else {
            let text = try renderFile(
                records, layout: layout, duplicates: duplicateNotes, refused: refused, server: server,
                generatedAt: generatedAt, total: records.count)
            return ([File(name: nil, text: text, count: records.count)], records)
        }
        var groups: [String: [ObservedNumber]] = [:]
        for record in records {
            let digits = record.number.unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }
            let key =
                digits.count >= prefixLength ? String(String.UnicodeScalarView(digits.prefix(prefixLength))) : "other"
            groups[key, default: []].append(record)
        }
        let files = try groups.keys.sorted().map { key in
            let group = groups[key]!
            let text = try renderFile(
                group, layout: layout, duplicates: duplicateNotes, refused: refused, server: server,
                generatedAt: generatedAt, total: records.count)
            return File(name: "\(key).yaml", text: text, count: group.count)
        }
        return (files, records)
    }

    /// What every file of an export shares: the list, and the `defaults` chosen for it.
    private struct Layout {
        var collection: ResourceCollection
        /// The field `defaults` covers, if the list has it.
        var defaulted: Field?
        /// The value written as `defaults.enabled`.
        var defaultEnabled: Bool?

        /// The value an entry that omits `field` has in the exported file.
        func omitted(_ field: Field) -> FieldValue {
            if field == defaulted, let defaultEnabled { return .bool(defaultEnabled) }
            return field.defaultValue
        }
    }

    private static func renderFile(
        _ records: [ObservedNumber], layout: Layout, duplicates: [ExactText: [String]], refused: [Refusal],
        server: String, generatedAt: String, total: Int
    ) throws -> String {
        var header = "\(headerMarker) \(NumSyncVersion.current) from \(server) at \(generatedAt).\n"
        header += "# \(records.count.formattedWithSeparators) of \(total.formattedWithSeparators) numbers. "
        header += "`numsync plan` on this file right after the export shows no changes.\n"
        let notes = records.compactMap { record in duplicates[ExactText(record.number)].map { (record, $0) } }
        if !notes.isEmpty {
            header +=
                "# Held more than once on the server; exported once, as the oldest copy (the others are unmanaged):\n"
            for (record, extras) in notes {
                header +=
                    "#   \(record.number.quotedForDisplay): id \(record.id) exported; extra ids \(extras.joined(separator: ", "))\n"
            }
        }
        if !refused.isEmpty {
            header += "# Not exported: a desired-state file cannot hold these server records as they are:\n"
            for refusal in refused {
                header += "#   id \(refusal.record.id) \(refusal.record.number.quotedForDisplay): \(refusal.reason)\n"
            }
        }
        var emitter = YAMLEmitter()
        try emitter.streamStart()
        try emitter.documentStart()
        try emitter.mappingStart()
        if let defaulted = layout.defaulted, let defaultEnabled = layout.defaultEnabled {
            try emitter.scalar("defaults")
            try emitter.mappingStart()
            try emitter.scalar(defaulted.name)
            try emitter.scalar(defaultEnabled ? "true" : "false")
            try emitter.mappingEnd()
        }
        try emitter.scalar("unmanaged")
        try emitter.scalar(UnmanagedPolicy.ignore.rawValue)
        try emitter.scalar(layout.collection.key)
        if records.isEmpty {
            try emitter.sequenceStart(flow: true)
        } else {
            try emitter.sequenceStart()
        }
        for record in records {
            try emitter.mappingStart()
            try emitter.scalar(layout.collection.keyField.name)
            try emitter.scalar(record.number, style: .doubleQuoted)
            for field in layout.collection.valueFields where record[field] != layout.omitted(field) {
                try emitter.scalar(field.name)
                switch record[field] {
                case .bool(let flag): try emitter.scalar(flag ? "true" : "false")
                case .string(let text): try emitter.scalar(text, style: style(for: text))
                }
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

    /// Writes a split export into `directory`, creating it if needed. A directory that already
    /// holds YAML files is refused unless `replacingEarlierExport`; then only files an earlier
    /// export wrote (they start with `headerMarker`) are removed, and the paths of the others are
    /// returned: they would still add numbers to the desired state.
    public static func write(_ files: [File], toDirectory directory: String, replacingEarlierExport: Bool)
        throws(AtomicFile.WriteError) -> [String]
    {
        let manager = FileManager.default
        var kept: [String] = []
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw AtomicFile.WriteError(description: "\(directory) exists and is not a directory")
            }
            let existing = ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).filter {
                $0.hasSuffix(".yaml") || $0.hasSuffix(".yml")
            }
            if !existing.isEmpty, !replacingEarlierExport {
                throw AtomicFile.WriteError(
                    description: "\(directory) already holds YAML files; pass --force to replace an earlier export")
            }
            let names = Set(files.compactMap(\.name))
            for name in existing.sorted() where !names.contains(name) {
                let path = directory + "/" + name
                let head = manager.contents(atPath: path).map { String(decoding: $0.prefix(200), as: UTF8.self) } ?? ""
                if head.hasPrefix(headerMarker) {
                    try? manager.removeItem(atPath: path)
                } else {
                    kept.append(path)
                }
            }
        } else {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw AtomicFile.WriteError(description: "cannot create \(directory): \(error.localizedDescription)")
            }
        }
        for file in files {
            try AtomicFile.write(file.text, to: directory + "/" + file.name!, overwrite: true)
        }
        return kept
    }
}
