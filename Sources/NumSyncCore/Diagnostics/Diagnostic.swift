/// A problem found in the desired-state files, with where it is and what it is.
///
/// Wording lives in `Diagnostic+Messages.swift`; everything else builds on those factories.
public struct Diagnostic: Hashable, Sendable {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// A secondary location that helps explain the diagnostic ("first defined here").
    public struct Note: Hashable, Sendable {
        /// Where the note points.
        public var location: SourceLocation?
        /// What the note says.
        public var message: String

        /// Creates a note.
        public init(location: SourceLocation?, message: String) {
            self.location = location
            self.message = message
        }
    }

    /// Error or warning.
    public var severity: Severity
    /// Where the problem is; `nil` only for problems with no place in a file.
    public var location: SourceLocation?
    /// What is wrong, in one line.
    public var message: String
    /// Related places.
    public var notes: [Note]

    /// Creates a diagnostic.
    public init(
        severity: Severity = .error,
        location: SourceLocation?,
        message: String,
        notes: [Note] = []
    ) {
        self.severity = severity
        self.location = location
        self.message = message
        self.notes = notes
    }
}

extension Diagnostic: Comparable {
    /// Orders diagnostics by file, line and column, so output never flaps.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        switch (lhs.location, rhs.location) {
        case (nil, nil): return lhs.message < rhs.message
        case (nil, _): return true
        case (_, nil): return false
        case (let l?, let r?):
            if l != r { return l < r }
            return lhs.message < rhs.message
        }
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
