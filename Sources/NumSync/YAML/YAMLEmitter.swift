import CYAML
import NumSyncCore

/// Writes YAML through libyaml's emitter, which decides for every scalar whether the requested
/// style can hold it exactly and falls back to a quoted style when not.
struct YAMLEmitter: ~Copyable {
    /// How a scalar should be written, if libyaml agrees it can be written so exactly.
    enum ScalarStyle {
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
    }

    /// Raised when libyaml refuses an event (which would be a bug in the event order).
    struct EmitError: Error, CustomStringConvertible {
        var description: String
    }

    private final class Output {
        var bytes: [UInt8] = []
    }

    private let emitter: UnsafeMutablePointer<yaml_emitter_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private let output: Output
    private let outputPointer: UnsafeMutableRawPointer

    init() {
        emitter = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        output = Output()
        output.bytes.reserveCapacity(1 << 16)
        outputPointer = Unmanaged.passRetained(output).toOpaque()
        yaml_emitter_initialize(emitter)
        yaml_emitter_set_output(
            emitter,
            { data, buffer, size in
                let output = Unmanaged<Output>.fromOpaque(data!).takeUnretainedValue()
                output.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                return 1
            }, outputPointer)
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_width(emitter, -1)
        yaml_emitter_set_indent(emitter, 2)
    }

    deinit {
        yaml_emitter_delete(emitter)
        Unmanaged<Output>.fromOpaque(outputPointer).release()
        emitter.deallocate()
        event.deallocate()
    }

    mutating func streamStart() throws(EmitError) {
        yaml_stream_start_event_initialize(event, YAML_UTF8_ENCODING)
        try emit("stream start")
    }

    mutating func documentStart() throws(EmitError) {
        yaml_document_start_event_initialize(event, nil, nil, nil, 1)
        try emit("document start")
    }

    mutating func mappingStart(flow: Bool = false) throws(EmitError) {
        yaml_mapping_start_event_initialize(
            event, nil, nil, 1, flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE)
        try emit("mapping start")
    }

    mutating func mappingEnd() throws(EmitError) {
        yaml_mapping_end_event_initialize(event)
        try emit("mapping end")
    }

    mutating func sequenceStart(flow: Bool = false) throws(EmitError) {
        yaml_sequence_start_event_initialize(
            event, nil, nil, 1, flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE)
        try emit("sequence start")
    }

    mutating func sequenceEnd() throws(EmitError) {
        yaml_sequence_end_event_initialize(event)
        try emit("sequence end")
    }

    mutating func scalar(_ text: String, style: ScalarStyle = .plain) throws(EmitError) {
        let libyamlStyle: yaml_scalar_style_t
        switch style {
        case .plain: libyamlStyle = YAML_PLAIN_SCALAR_STYLE
        case .singleQuoted: libyamlStyle = YAML_SINGLE_QUOTED_SCALAR_STYLE
        case .doubleQuoted: libyamlStyle = YAML_DOUBLE_QUOTED_SCALAR_STYLE
        case .literal: libyamlStyle = YAML_LITERAL_SCALAR_STYLE
        }
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0] }
        let length = Int32(text.utf8.count)
        bytes.withUnsafeBufferPointer { buffer in
            _ = yaml_scalar_event_initialize(event, nil, nil, buffer.baseAddress, length, 1, 1, libyamlStyle)
        }
        try emit("scalar")
    }

    mutating func documentEnd() throws(EmitError) {
        yaml_document_end_event_initialize(event, 1)
        try emit("document end")
    }

    mutating func streamEnd() throws(EmitError) {
        yaml_stream_end_event_initialize(event)
        try emit("stream end")
        yaml_emitter_flush(emitter)
    }

    /// Everything emitted so far, as text.
    var text: String {
        String(decoding: output.bytes, as: UTF8.self)
    }

    private mutating func emit(_ what: String) throws(EmitError) {
        guard yaml_emitter_emit(emitter, event) == 1 else {
            let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown"
            throw EmitError(description: "libyaml refused the \(what) event: \(problem)")
        }
    }
}
