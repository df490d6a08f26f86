// libFuzzer entry point for the YAML reader and the desired-state decoder. Built by scripts/fuzz
// with `swiftc -sanitize=fuzzer,address` together with NumSyncCore and the reader's sources.

import NumSyncCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDesiredState(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeRawBufferPointer(start: data, count: size))
    let (document, diagnostics) = YAMLReader.read(bytes, file: "fuzz.yaml")
    for diagnostic in diagnostics {
        precondition(diagnostic.location.map { $0.line >= 1 && $0.column >= 1 } ?? true, "bad location")
    }
    guard let document else {
        precondition(diagnostics.containsErrors, "a failed read must say why")
        return 0
    }
    let (file, fileDiagnostics) = DesiredFileDecoder.decode(document)
    let (state, combined) = DesiredState.combining([file, file])
    // Combining a file with itself duplicates every number it holds.
    if fileDiagnostics.isEmpty {
        precondition(
            combined.count >= file.sections.reduce(0) { $0 + $1.numbers.count },
            "duplicates across files must be reported")
    }
    _ = state.entryCount
    return 0
}
