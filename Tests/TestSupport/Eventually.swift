import Testing

/// Waits for an event that `condition` observes (a commit landed, a process ended), checking
/// every 20 ms. The bound is a safety net for a broken test, never a race: it is minutes, so a
/// loaded machine only makes the wait longer.
public func eventually(
    _ what: String = "the condition", within bound: Duration = .seconds(300),
    sourceLocation: SourceLocation = #_sourceLocation, _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + bound
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("\(what) did not hold within \(bound)", sourceLocation: sourceLocation)
}
