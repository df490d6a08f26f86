/// One YAML document as a tree of located nodes, stored flat for speed.
///
/// The reader (in `NumSync`, over libyaml) builds it; the decoders here read it. Aliases are
/// already resolved: an alias is the index of the node it names, so the tree may share nodes.
/// Merge keys (`<<`) are already applied to the mappings that use them.
public struct YAMLDocument: Sendable {
    /// The file the document came from, as the user named it.
    public var file: String
    /// Every node, in the order the reader finished them.
    public var nodes: [YAMLNode]
    /// Child indices of collections: items of a sequence, or key, value, key, value of a mapping.
    public var children: [Int32]
    /// The index of the root node.
    public var root: Int32

    /// Creates a document from its parts.
    public init(file: String, nodes: [YAMLNode], children: [Int32], root: Int32) {
        self.file = file
        self.nodes = nodes
        self.children = children
        self.root = root
    }

    /// The node at `index`.
    @inlinable
    public subscript(index: Int32) -> YAMLNode { nodes[Int(index)] }

    /// Where the node at `index` starts.
    public func location(of index: Int32) -> SourceLocation {
        let node = nodes[Int(index)]
        return SourceLocation(file: file, line: Int(node.line), column: Int(node.column))
    }

    /// The items of a sequence node.
    @inlinable
    public func items(of index: Int32) -> ArraySlice<Int32> {
        let node = nodes[Int(index)]
        let start = Int(node.childStart)
        return children[start..<start + Int(node.childCount)]
    }

    /// The key/value pairs of a mapping node, in document order (merged pairs last).
    @inlinable
    public func pairs(of index: Int32) -> [(key: Int32, value: Int32)] {
        let node = nodes[Int(index)]
        let start = Int(node.childStart)
        var result: [(key: Int32, value: Int32)] = []
        result.reserveCapacity(Int(node.childCount) / 2)
        var i = start
        while i < start + Int(node.childCount) {
            result.append((children[i], children[i + 1]))
            i += 2
        }
        return result
    }
}

/// One node of a `YAMLDocument`: a scalar with its text exactly as YAML defines it, or a collection.
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
    /// How many nodes this one stands for with every alias in it expanded (at most `Int32.max`).
    public var expandedSize: Int32
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
        expandedSize: Int32 = 1,
        text: String = ""
    ) {
        self.kind = kind
        self.style = style
        self.tag = tag
        self.line = line
        self.column = column
        self.childStart = childStart
        self.childCount = childCount
        self.expandedSize = expandedSize
        self.text = text
    }

    /// Whether this scalar means null: a plain `~`, `null` in any case, or nothing at all.
    public var isNull: Bool {
        guard kind == .scalar else { return false }
        if tag == .null { return true }
        guard style == .plain, tag == nil else { return false }
        if text.isEmpty || text == "~" { return true }
        return text.utf8.count == 4 && text.lowercased() == "null"
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
