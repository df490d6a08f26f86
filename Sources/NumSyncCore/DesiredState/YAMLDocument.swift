/// One YAML document as a tree of located nodes, stored flat for speed.
///
/// The reader (in `NumSync`, over libyaml) builds it; the decoders here read it. Aliases are
/// already resolved: an alias is the index of the node it names, so the tree may share nodes.
/// Merge keys (`<<`) are already applied to the mappings that use them.
///
/// Nodes are small plain records and every scalar's text lives in one byte buffer, so building a
/// document allocates nothing per node; a `String` is made only for the text a decoder keeps.
public struct YAMLDocument: Sendable {
    /// The file the document came from, as the user named it.
    public var file: String
    /// Every node, in the order the reader finished them.
    public var records: [Record]
    /// Child indices of collections: items of a sequence, or key, value, key, value of a mapping.
    public var children: [Int32]
    /// The UTF-8 text of every scalar, one after another; a scalar's record says where its is.
    public var scalarText: [UInt8]
    /// The index of the root node.
    public var root: Int32

    /// Creates a document from its parts.
    public init(file: String, records: [Record], children: [Int32], scalarText: [UInt8], root: Int32) {
        self.file = file
        self.records = records
        self.children = children
        self.scalarText = scalarText
        self.root = root
    }

    /// One node, without its text: what a document stores per node.
    public struct Record: Sendable {
        /// Scalar, sequence or mapping.
        public var kind: YAMLNode.Kind
        /// How a scalar was written.
        public var style: YAMLNode.Style
        /// An explicit core tag, if the file wrote one.
        public var tag: YAMLNode.Tag?
        /// 1-based line where the node starts.
        public var line: Int32
        /// 1-based column where the node starts.
        public var column: Int32
        /// Collections: where the children start in `children`; scalars: where the text starts
        /// in `scalarText`.
        public var start: Int32
        /// Collections: how many entries of `children` belong to the node; scalars: the text's
        /// length in bytes.
        public var count: Int32

        /// Creates a record.
        @inlinable
        public init(
            kind: YAMLNode.Kind, style: YAMLNode.Style, tag: YAMLNode.Tag?, line: Int32, column: Int32,
            start: Int32, count: Int32
        ) {
            self.kind = kind
            self.style = style
            self.tag = tag
            self.line = line
            self.column = column
            self.start = start
            self.count = count
        }
    }

    /// The node at `index`, with its text.
    public subscript(index: Int32) -> YAMLNode {
        let record = records[Int(index)]
        return YAMLNode(
            kind: record.kind, style: record.style, tag: record.tag, line: record.line, column: record.column,
            childStart: record.kind == .scalar ? 0 : record.start,
            childCount: record.kind == .scalar ? 0 : record.count,
            text: record.kind == .scalar ? text(of: index) : "")
    }

    /// The kind of the node at `index`.
    @inlinable
    public func kind(of index: Int32) -> YAMLNode.Kind { records[Int(index)].kind }

    /// The text of the scalar at `index` ("" for collections).
    public func text(of index: Int32) -> String {
        withText(of: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 bytes of the scalar at `index` (none for collections).
    @inlinable
    public func withText<Result>(of index: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let record = records[Int(index)]
        guard record.kind == .scalar, record.count > 0 else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return scalarText.withUnsafeBufferPointer { buffer in
            body(UnsafeBufferPointer(rebasing: buffer[Int(record.start)..<Int(record.start) + Int(record.count)]))
        }
    }

    /// Whether the node at `index` is a scalar whose text is exactly `expected`.
    @inlinable
    public func text(of index: Int32, equals expected: StaticString) -> Bool {
        let record = records[Int(index)]
        let count = Int(record.count)
        guard record.kind == .scalar, count == expected.utf8CodeUnitCount else { return false }
        let start = Int(record.start)
        let pointer = expected.utf8Start
        for i in 0..<count where scalarText[start + i] != pointer[i] { return false }
        return true
    }

    /// Whether the node at `index` is a scalar whose text is `expected`, compared as bytes.
    public func text(of index: Int32, equalsText expected: String) -> Bool {
        let record = records[Int(index)]
        var expected = expected
        return expected.withUTF8 { bytes in
            guard record.kind == .scalar, Int(record.count) == bytes.count else { return false }
            let start = Int(record.start)
            for i in 0..<bytes.count where scalarText[start + i] != bytes[i] { return false }
            return true
        }
    }

    /// Whether the node at `index` means null: a plain `~`, `null` in any case, or nothing at all.
    @inlinable
    public func isNull(_ index: Int32) -> Bool {
        let record = records[Int(index)]
        return withText(of: index) {
            YAMLNode.meansNull(kind: record.kind, style: record.style, tag: record.tag, text: $0)
        }
    }

    /// Whether the scalars at `a` and `b` have the same text, byte for byte.
    @inlinable
    public func text(of a: Int32, equalsTextOf b: Int32) -> Bool {
        let first = records[Int(a)]
        let second = records[Int(b)]
        guard first.kind == .scalar, second.kind == .scalar, first.count == second.count else { return false }
        if first.start == second.start { return true }
        let x = Int(first.start)
        let y = Int(second.start)
        for i in 0..<Int(first.count) where scalarText[x + i] != scalarText[y + i] { return false }
        return true
    }

    /// Where the node at `index` starts.
    public func location(of index: Int32) -> SourceLocation {
        let record = records[Int(index)]
        return SourceLocation(file: file, line: Int(record.line), column: Int(record.column))
    }

    /// The items of a sequence node.
    @inlinable
    public func items(of index: Int32) -> ArraySlice<Int32> {
        let record = records[Int(index)]
        let start = Int(record.start)
        return children[start..<start + Int(record.count)]
    }

    /// Calls `body` with each key/value pair of a mapping node, in document order (merged pairs
    /// last), without building an array: what a decoder walks for every entry.
    @inlinable
    public func forEachPair(of index: Int32, _ body: (_ key: Int32, _ value: Int32) throws -> Void) rethrows {
        let record = records[Int(index)]
        var i = Int(record.start)
        let end = i + Int(record.count)
        while i < end {
            try body(children[i], children[i + 1])
            i += 2
        }
    }

    /// The length in bytes of a scalar's text (for a collection, how many children it has).
    @inlinable
    public func byteCount(of index: Int32) -> Int {
        Int(records[Int(index)].count)
    }

    /// The key/value pairs of a mapping node, in document order (merged pairs last).
    @inlinable
    public func pairs(of index: Int32) -> [(key: Int32, value: Int32)] {
        let record = records[Int(index)]
        let start = Int(record.start)
        var result: [(key: Int32, value: Int32)] = []
        result.reserveCapacity(Int(record.count) / 2)
        var i = start
        while i < start + Int(record.count) {
            result.append((children[i], children[i + 1]))
            i += 2
        }
        return result
    }
}

/// One node of a `YAMLDocument` with its text: what messages about a node are made from.
public struct YAMLNode: Sendable {
    /// Scalar, sequence or mapping.
    public enum Kind: UInt8, Sendable {
        case scalar
        case sequence
        case mapping
    }

    /// How a scalar was written, which decides whether `null` means null.
    public enum Style: UInt8, Sendable {
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded
        /// Not a scalar.
        case collection
    }

    /// The YAML core tags a node may carry explicitly (`!!str`, `!!bool`, ...).
    public enum Tag: UInt8, Sendable {
        case string
        case integer
        case float
        case boolean
        case null
        case mapping
        case sequence
    }

    /// Scalar, sequence or mapping.
    public var kind: Kind
    /// How a scalar was written.
    public var style: Style
    /// An explicit core tag, if the file wrote one.
    public var tag: Tag?
    /// 1-based line where the node starts.
    public var line: Int32
    /// 1-based column where the node starts.
    public var column: Int32
    /// For collections: where the children start in `YAMLDocument.children`.
    public var childStart: Int32
    /// For collections: how many entries of `YAMLDocument.children` belong to the node.
    public var childCount: Int32
    /// For scalars: the value exactly as YAML defines it (escapes applied, folding done).
    public var text: String

    /// Creates a node.
    public init(
        kind: Kind,
        style: Style,
        tag: Tag?,
        line: Int32,
        column: Int32,
        childStart: Int32 = 0,
        childCount: Int32 = 0,
        text: String = ""
    ) {
        self.kind = kind
        self.style = style
        self.tag = tag
        self.line = line
        self.column = column
        self.childStart = childStart
        self.childCount = childCount
        self.text = text
    }

    /// Whether this scalar means null: a plain `~`, `null` in any case, or nothing at all.
    public var isNull: Bool {
        var text = text
        return text.withUTF8 { Self.meansNull(kind: kind, style: style, tag: tag, text: $0) }
    }

    /// The one rule for null: a `!!null` tag, or a plain untagged scalar that is empty, `~`, or
    /// `null` in any case.
    @inlinable
    static func meansNull(kind: Kind, style: Style, tag: Tag?, text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard kind == .scalar else { return false }
        if tag == .null { return true }
        guard style == .plain, tag == nil else { return false }
        switch text.count {
        case 0: return true
        case 1: return text[0] == UInt8(ascii: "~")
        // ASCII letters differ from their upper case by 0x20 only.
        case 4:
            return text[0] | 0x20 == UInt8(ascii: "n") && text[1] | 0x20 == UInt8(ascii: "u")
                && text[2] | 0x20 == UInt8(ascii: "l") && text[3] | 0x20 == UInt8(ascii: "l")
        default: return false
        }
    }

    /// A short name for the kind of value, for messages: "a mapping", "the string \"x\"", "null".
    public var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        case .scalar: return isNull ? "null" : "a scalar"
        }
    }
}
