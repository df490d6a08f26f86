import CYAML
import NumSyncCore

/// Reads one YAML file through libyaml's event API into a located `YAMLDocument`.
///
/// Syntax errors stop the reading (libyaml cannot go on after one); problems libyaml accepts
/// but numsync does not (duplicate keys, unsupported tags, a second document, alias bombs) are
/// collected. Nothing here allocates per node: nodes are plain records and scalars' text is
/// copied once, into one buffer.
public enum YAMLReader {
    /// Aliases may expand to this many nodes, or four times the nodes written, whichever is more.
    public static let minimumAliasExpansionLimit = 1_000_000
    /// How deep sequences and mappings may nest. A desired-state file needs 3; libyaml's work
    /// grows with the square of the depth, so reading stops here rather than minutes later.
    public static let maximumNesting = 64

    /// Reads the file at `path` and its YAML document: nil, and the problems, when the file
    /// cannot be read or the document has errors; a document holding nothing is `empty`'s problem.
    public static func read(fileAt path: String, empty: Diagnostic) -> (
        document: YAMLDocument?, diagnostics: [Diagnostic]
    ) {
        let bytes: [UInt8]
        switch DesiredStateLoader.readFile(path) {
        case .success(let read): bytes = read
        case .failure(let failure): return (nil, [.unreadable(path, reason: failure.description)])
        }
        let (document, diagnostics) = read(bytes, file: path)
        guard let document, !diagnostics.contains(where: { $0.severity == .error }) else {
            return (nil, diagnostics.isEmpty ? [empty] : diagnostics)
        }
        return (document, diagnostics)
    }

    /// Reads `bytes` (the whole file) as the file named `file`.
    public static func read(_ bytes: [UInt8], file: String) -> (document: YAMLDocument?, diagnostics: [Diagnostic]) {
        // Offsets into the text are 32-bit; a scalar's text is never longer than what it was written as.
        guard bytes.count < Int32.max else {
            return (nil, [.unreadable(file, reason: "larger than 2 GiB")])
        }
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer {
            parser.deallocate()
            event.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else {
            return (nil, [.unreadable(file, reason: "libyaml could not start")])
        }
        defer { yaml_parser_delete(parser) }
        var builder = Builder(file: file, bytes: bytes)
        return bytes.withUnsafeBufferPointer { buffer in
            // libyaml needs a valid pointer even for empty input.
            let empty: [UInt8] = [0]
            return empty.withUnsafeBufferPointer { emptyBuffer in
                let base = buffer.baseAddress ?? emptyBuffer.baseAddress!
                yaml_parser_set_input_string(parser, base, buffer.count)
                yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
                while true {
                    guard yaml_parser_parse(parser, event) == 1 else {
                        builder.diagnostics.append(builder.syntaxError(parser.pointee))
                        return (nil, builder.diagnostics)
                    }
                    defer { yaml_event_delete(event) }
                    switch builder.consume(event) {
                    case .more: continue
                    case .stop: return (nil, builder.diagnostics)
                    case .done:
                        guard let document = builder.document, !builder.diagnostics.containsErrors else {
                            return (nil, builder.diagnostics)
                        }
                        return (document, builder.diagnostics)
                    }
                }
            }
        }
    }

    private enum Step {
        case more
        case stop
        case done
    }

    /// One open sequence or mapping.
    private struct Frame {
        var kind: YAMLNode.Kind
        var tag: YAMLNode.Tag?
        var anchor: String?
        var line: Int32
        var column: Int32
        /// Where this frame's children start in `pending`.
        var pendingStart: Int
        /// 1 plus the expanded sizes of the children added so far (summed as they arrive, while
        /// they are still in cache).
        var expandedSize = 1
    }

    private struct Builder {
        let file: String
        let bytes: [UInt8]
        var diagnostics: [Diagnostic] = []
        /// The document so far; its root is set at the end.
        var tree: YAMLDocument
        var pending: [Int32] = []
        var frames: [Frame] = []
        /// Anchored nodes, and how many nodes each stands for with its aliases expanded.
        var anchors: [String: (index: Int32, expandedSize: Int)] = [:]
        var aliasExpansion = 0
        var documents = 0
        var root: Int32?
        var document: YAMLDocument?

        init(file: String, bytes: [UInt8]) {
            self.file = file
            self.bytes = bytes
            tree = YAMLDocument(file: file, records: [], children: [], scalarText: [], root: 0)
            // A rough guess that saves most reallocations on big files.
            let estimate = bytes.count / 12
            tree.records.reserveCapacity(estimate)
            pending.reserveCapacity(1024)
            tree.children.reserveCapacity(estimate)
            // A scalar's text is never longer than what it was written as.
            tree.scalarText.reserveCapacity(bytes.count)
        }

        func location(_ mark: yaml_mark_t) -> SourceLocation {
            SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        }

        mutating func consume(_ pointer: UnsafeMutablePointer<yaml_event_t>) -> Step {
            let mark = pointer.pointee.start_mark
            switch pointer.pointee.type {
            case YAML_STREAM_START_EVENT:
                return .more
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    diagnostics.append(.multipleDocuments(at: location(mark)))
                    return .stop
                }
                return .more
            case YAML_DOCUMENT_END_EVENT:
                return .more
            case YAML_STREAM_END_EVENT:
                guard let root else {
                    diagnostics.append(.emptyFile(file, list: DesiredFileDecoder.defaultList.key))
                    return .stop
                }
                guard !tree.isNull(root) else {
                    diagnostics.append(.emptyFile(file, list: DesiredFileDecoder.defaultList.key))
                    return .stop
                }
                tree.root = root
                document = tree
                return .done
            case YAML_ALIAS_EVENT:
                let name = String(cString: pointer.pointee.data.alias.anchor)
                guard let (target, size) = anchors[name] else {
                    diagnostics.append(.undefinedAlias(name, at: location(mark)))
                    return .stop
                }
                aliasExpansion = aliasExpansion.addingSaturating(size)
                let limit = Swift.max(minimumAliasExpansionLimit, 4 * tree.records.count)
                if aliasExpansion > limit {
                    diagnostics.append(.aliasExpansionLimit(limit, at: location(mark)))
                    return .stop
                }
                return add(target, expandedSize: size)
            case YAML_SCALAR_EVENT:
                let scalar = pointer.pointee.data.scalar
                let textStart = Int32(tree.scalarText.count)
                if let value = scalar.value, scalar.length > 0 {
                    tree.scalarText.append(contentsOf: UnsafeBufferPointer(start: value, count: Int(scalar.length)))
                }
                let style: YAMLNode.Style
                switch scalar.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: style = .literal
                case YAML_FOLDED_SCALAR_STYLE: style = .folded
                default: style = .plain
                }
                let tag = scalar.tag == nil ? nil : resolveTag(scalar.tag, at: mark)
                let index = Int32(tree.records.count)
                tree.records.append(
                    YAMLDocument.Record(
                        kind: .scalar, style: style, tag: tag, line: Int32(mark.line) + 1,
                        column: Int32(mark.column) + 1, start: textStart,
                        count: Int32(tree.scalarText.count) - textStart))
                if let anchor = scalar.anchor { anchors[String(cString: anchor)] = (index, 1) }
                return add(index, expandedSize: 1)
            case YAML_SEQUENCE_START_EVENT where frames.count >= maximumNesting,
                YAML_MAPPING_START_EVENT where frames.count >= maximumNesting:
                diagnostics.append(.nestingTooDeep(maximumNesting, at: location(mark)))
                return .stop
            case YAML_SEQUENCE_START_EVENT:
                let start = pointer.pointee.data.sequence_start
                frames.append(
                    Frame(
                        kind: .sequence, tag: resolveTag(start.tag, at: mark),
                        anchor: start.anchor.map { String(cString: $0) }, line: Int32(mark.line) + 1,
                        column: Int32(mark.column) + 1, pendingStart: pending.count))
                return .more
            case YAML_MAPPING_START_EVENT:
                let start = pointer.pointee.data.mapping_start
                frames.append(
                    Frame(
                        kind: .mapping, tag: resolveTag(start.tag, at: mark),
                        anchor: start.anchor.map { String(cString: $0) }, line: Int32(mark.line) + 1,
                        column: Int32(mark.column) + 1, pendingStart: pending.count))
                return .more
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let frame = frames.removeLast()
                let childStart = tree.children.count
                if frame.kind == .sequence {
                    tree.children.append(contentsOf: pending[frame.pendingStart...])
                } else {
                    finishMapping(pending[frame.pendingStart...])
                }
                pending.removeLast(pending.count - frame.pendingStart)
                let size = frame.expandedSize
                let index = Int32(tree.records.count)
                tree.records.append(
                    YAMLDocument.Record(
                        kind: frame.kind, style: .collection, tag: frame.tag, line: frame.line, column: frame.column,
                        start: Int32(childStart), count: Int32(tree.children.count - childStart)))
                if let anchor = frame.anchor { anchors[anchor] = (index, size) }
                return add(index, expandedSize: size)
            default:
                return .more
            }
        }

        /// Adds a finished node to the open collection, or makes it the root.
        mutating func add(_ index: Int32, expandedSize: Int) -> Step {
            if frames.isEmpty {
                root = index
            } else {
                pending.append(index)
                frames[frames.count - 1].expandedSize = frames[frames.count - 1].expandedSize.addingSaturating(
                    expandedSize)
            }
            return .more
        }

        /// Appends a mapping's pairs to `children`: explicit pairs first, checked for duplicates,
        /// then pairs from merge keys that no explicit key overrides.
        mutating func finishMapping(_ flat: ArraySlice<Int32>) {
            let start = tree.children.count
            // Small mappings (every entry of a desired-state file) are checked by a linear scan,
            // which allocates nothing; large ones by a dictionary.
            var large: [String: Int32]? = flat.count > 32 ? [:] : nil
            var merges: [Int32] = []
            var i = flat.startIndex
            while i < flat.endIndex {
                let key = flat[i]
                let value = flat[i + 1]
                i += 2
                guard tree.records[Int(key)].kind == .scalar else {
                    diagnostics.append(.complexKey(at: nodeLocation(key)))
                    continue
                }
                if tree.records[Int(key)].style == .plain, tree.records[Int(key)].tag == nil,
                    tree.text(of: key, equals: "<<")
                {
                    if !merges.isEmpty {
                        diagnostics.append(.duplicateKey("<<", at: nodeLocation(key), first: nodeLocation(merges[0])))
                    }
                    merges.append(value)
                    continue
                }
                if let first = existingKey(key, from: start, large) {
                    diagnostics.append(
                        .duplicateKey(tree.text(of: key), at: nodeLocation(key), first: nodeLocation(first)))
                    continue
                }
                if large != nil { large![tree.text(of: key)] = key }
                tree.children.append(key)
                tree.children.append(value)
            }
            for merge in merges {
                let node = tree.records[Int(merge)]
                var sources: [Int32] = []
                if node.kind == .mapping {
                    sources = [merge]
                } else if node.kind == .sequence {
                    let first = Int(node.start)
                    sources = Array(tree.children[first..<first + Int(node.count)])
                }
                guard !sources.isEmpty, sources.allSatisfy({ tree.records[Int($0)].kind == .mapping }) else {
                    diagnostics.append(.invalidMerge(at: nodeLocation(merge)))
                    continue
                }
                for source in sources {
                    let sourceNode = tree.records[Int(source)]
                    let first = Int(sourceNode.start)
                    var j = first
                    while j < first + Int(sourceNode.count) {
                        let key = tree.children[j]
                        let value = tree.children[j + 1]
                        j += 2
                        if existingKey(key, from: start, large) == nil {
                            if large != nil { large![tree.text(of: key)] = key }
                            tree.children.append(key)
                            tree.children.append(value)
                        }
                    }
                }
            }
        }

        /// The key already in the mapping being finished (pairs from `start`) with the same text
        /// as `candidate`.
        func existingKey(_ candidate: Int32, from start: Int, _ large: [String: Int32]?) -> Int32? {
            if let large { return large[tree.text(of: candidate)] }
            var j = start
            while j < tree.children.count {
                let key = tree.children[j]
                if tree.text(of: key, equalsTextOf: candidate) { return key }
                j += 2
            }
            return nil
        }

        func nodeLocation(_ index: Int32) -> SourceLocation {
            let node = tree.records[Int(index)]
            return SourceLocation(file: file, line: Int(node.line), column: Int(node.column))
        }

        mutating func resolveTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, at mark: yaml_mark_t) -> YAMLNode.Tag? {
            guard let tag else { return nil }
            let text = String(cString: tag)
            switch text {
            case "!": return .string
            case "tag:yaml.org,2002:str": return .string
            case "tag:yaml.org,2002:int": return .integer
            case "tag:yaml.org,2002:float": return .float
            case "tag:yaml.org,2002:bool": return .boolean
            case "tag:yaml.org,2002:null": return .null
            case "tag:yaml.org,2002:map": return .mapping
            case "tag:yaml.org,2002:seq": return .sequence
            default:
                let shown = text.hasPrefix("tag:yaml.org,2002:") ? "!!" + text.dropFirst(18) : text
                diagnostics.append(.unsupportedTag(shown, at: location(mark)))
                return nil
            }
        }

        /// The diagnostic for a failed `yaml_parser_parse`.
        func syntaxError(_ parser: yaml_parser_t) -> Diagnostic {
            let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
            if parser.error == YAML_READER_ERROR {
                let offset = Swift.min(Int(parser.problem_offset), bytes.count)
                var detail = problem
                if parser.problem_value != -1 {
                    detail +=
                        ": 0x" + String(UInt8(truncatingIfNeeded: parser.problem_value), radix: 16, uppercase: true)
                }
                return .invalidUTF8(at: locationOfOffset(offset), detail: detail)
            }
            if parser.error == YAML_MEMORY_ERROR {
                return .unreadable(file, reason: "out of memory while parsing")
            }
            let context = parser.context.map { String(cString: $0) }
            if let offset = byteOffset(of: parser.problem_mark), offset < bytes.count, bytes[offset] == 0x09 {
                return .yamlTab(at: location(parser.problem_mark))
            }
            return .yamlSyntax(
                at: location(parser.problem_mark), problem: problem, context: context,
                contextLocation: context == nil ? nil : location(parser.context_mark))
        }

        /// The byte offset of a libyaml mark, whose index and column count characters, not bytes.
        func byteOffset(of mark: yaml_mark_t) -> Int? {
            var offset = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var line = 0
            while line < Int(mark.line) {
                guard offset < bytes.count else { return nil }
                let byte = bytes[offset]
                offset += 1
                // A line ends at LF, CRLF or a lone CR, as libyaml counts them.
                if byte == 0x0A || (byte == 0x0D && (offset == bytes.count || bytes[offset] != 0x0A)) { line += 1 }
            }
            var column = 0
            while column < Int(mark.column) {
                guard offset < bytes.count else { return nil }
                offset += 1
                // Skip the continuation bytes of a multi-byte character.
                while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
                column += 1
            }
            return offset
        }

        /// The line and column of a byte offset, counting characters as libyaml does.
        func locationOfOffset(_ offset: Int) -> SourceLocation {
            var line = 1
            var column = 1
            for byte in bytes[..<offset] {
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return SourceLocation(file: file, line: line, column: column)
        }
    }
}

extension Int {
    fileprivate func addingSaturating(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
