import FileWriting
import Foundation
import NumSyncCore

/// The records of one of PortSIP's lists: kept in creation order, persisted atomically when asked.
public actor NumberStore {
    /// A problem loading `--data`.
    public struct DataFileError: Error, CustomStringConvertible {
        /// What went wrong, with the path.
        public var description: String
    }

    /// The list, as declared.
    public nonisolated let list: PortSIPList
    /// Records in creation order; deleted ones are nil until the next compaction.
    private var slots: [WireRecord?] = []
    private var positions: [String: Int] = [:]
    private var holes = 0
    private var lastMillisecond: UInt64 = 0
    private var sequence: UInt64 = 0
    private let dataFile: String?
    private var dirty = false
    private var generation = 0

    /// Opens a store of `list`, loading `dataFile` if it exists. A corrupt file is an
    /// error, never emptied.
    public init(list: PortSIPList, dataFile: String?) throws {
        self.list = list
        self.dataFile = dataFile
        guard let dataFile, FileManager.default.fileExists(atPath: dataFile) else { return }
        guard let data = FileManager.default.contents(atPath: dataFile) else {
            throw DataFileError(description: "cannot read \(dataFile)")
        }
        let file: WireDataFile
        do {
            file = try JSONDecoder().decode(WireDataFile.self, from: data)
        } catch {
            throw DataFileError(
                description: "\(dataFile) is not a numsync-sim data file (\(error)); move it away or fix it")
        }
        guard file.format == Self.format else {
            throw DataFileError(
                description: "\(dataFile) has format \(file.format.debugDescription), expected \(Self.format)")
        }
        for item in file.items {
            guard positions[item.id] == nil else {
                throw DataFileError(description: "\(dataFile) holds id \(item.id) twice")
            }
            positions[item.id] = slots.count
            slots.append(item)
        }
    }

    static let format = "numsync-sim/1"

    /// How many records there are.
    public var count: Int { slots.count - holes }

    /// Every record, in creation order.
    public func all() -> [WireRecord] {
        compact()
        return slots.map { $0! }
    }

    /// `top` records starting at `skip`, in creation order.
    func page(skip: Int, top: Int) -> [WireRecord] {
        compact()
        guard skip < slots.count else { return [] }
        return slots[skip..<min(slots.count, skip + top)].map { $0! }
    }

    /// One record.
    func get(_ id: String) -> WireRecord? {
        positions[id].flatMap { slots[$0] }
    }

    /// Adds a record with a fresh id and `created_at`; fields the request leaves out take the
    /// list's defaults (a blank text is null).
    func create(_ fields: [String: JSONValue]) -> WireRecord {
        var stored: [String: JSONValue] = [:]
        for field in list.fields {
            stored[field.name] = fields[field.name] ?? Self.stored(field.defaultValue)
        }
        for name in list.otherFields { stored[name] = fields[name] }
        let record = WireRecord(id: nextID(), created_at: Self.timestamp(Date()), fields: stored)
        positions[record.id] = slots.count
        slots.append(record)
        markDirty()
        return record
    }

    /// Adds records as given (for seeding tests); ids must be new.
    public func insert(_ records: [WireRecord]) {
        for record in records where positions[record.id] == nil {
            positions[record.id] = slots.count
            slots.append(record)
        }
        markDirty()
    }

    /// Replaces every record (for seeding tests).
    public func replaceAll(with records: [WireRecord]) {
        slots = []
        positions = [:]
        holes = 0
        insert(records)
    }

    /// Changes the fields given; returns the updated record, or nil for an unknown id.
    func update(_ id: String, _ fields: [String: JSONValue]) -> WireRecord? {
        guard let position = positions[id], var record = slots[position] else { return nil }
        for (name, value) in fields { record.fields[name] = value }
        slots[position] = record
        markDirty()
        return record
    }

    /// Removes the record at `position` (creation order) and adds a new one with `number` at
    /// the end: the server changing under a listing. Returns false when there is no such record.
    func shift(removingAt position: Int, adding number: String) -> Bool {
        compact()
        guard position < slots.count, let removed = slots[position] else { return false }
        _ = destroy(removed.id)
        _ = create([list.keyField.name: .string(number)])
        return true
    }

    /// Removes a record (a hand edit, for tests); false for an unknown id.
    public func destroy(_ id: String) -> Bool {
        guard let position = positions.removeValue(forKey: id) else { return false }
        slots[position] = nil
        holes += 1
        markDirty()
        return true
    }

    /// Writes the data file if anything changed since the last write, atomically: a crash
    /// never leaves half a file.
    public func flush() throws {
        guard let dataFile, dirty else { return }
        compact()
        let file = WireDataFile(format: Self.format, items: slots.map { $0! })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(file)
        do {
            try AtomicFile.write([UInt8](data), to: dataFile, overwrite: true)
        } catch {
            throw DataFileError(description: error.description)
        }
        dirty = false
    }

    /// Whether there are unwritten changes.
    var hasUnwrittenChanges: Bool { dirty && dataFile != nil }

    private func markDirty() {
        dirty = true
        generation += 1
    }

    private func compact() {
        guard holes > 0 else { return }
        slots.removeAll { $0 == nil }
        positions = [:]
        positions.reserveCapacity(slots.count)
        for (position, record) in slots.enumerated() { positions[record!.id] = position }
        holes = 0
    }

    /// A snowflake id (milliseconds since 2010 in the high bits, a sequence in the low 22),
    /// written as PortSIP's docs show it: base64 of the decimal string.
    private func nextID() -> String {
        let now = UInt64(Date().timeIntervalSince1970 * 1000) - 1_262_304_000_000
        if now > lastMillisecond {
            lastMillisecond = now
            sequence = 0
        } else {
            sequence += 1
            if sequence >= 1 << 22 {
                lastMillisecond += 1
                sequence = 0
            }
        }
        let snowflake = lastMillisecond << 22 | sequence
        return Data(String(snowflake).utf8).base64EncodedString()
    }

    /// A declared default as stored: a blank text is null, as PortSIP stores it.
    private static func stored(_ value: FieldValue) -> JSONValue {
        switch value {
        case .bool(let flag): return .bool(flag)
        case .string(let text): return text.isEmpty ? .null : .string(text)
        }
    }

    /// RFC 3339 UTC with second precision, as PortSIP's examples show.
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }
}
