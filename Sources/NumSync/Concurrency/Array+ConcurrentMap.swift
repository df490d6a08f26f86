extension Array where Element: Sendable {
    /// Maps every element with `transform`, at most `limit` at once, and returns the results in
    /// the elements' order.
    ///
    /// The first error thrown cancels the transforms still running and is rethrown; with a
    /// transform that cannot throw, neither can the map.
    package func concurrentMap<Result: Sendable, Failure: Error>(
        limit: Int, _ transform: @escaping @Sendable (Element) async throws(Failure) -> Result
    ) async throws(Failure) -> [Result] {
        guard !isEmpty else { return [] }
        var results = [Result?](repeating: nil, count: count)
        do {
            try await withThrowingTaskGroup(of: (Int, Result).self) { group in
                var next = startIndex
                func startNext() {
                    guard next < endIndex else { return }
                    let index = next
                    let element = self[index]
                    next += 1
                    group.addTask { (index, try await transform(element)) }
                }
                for _ in 0..<Swift.max(1, limit) { startNext() }
                while let (index, result) = try await group.next() {
                    results[index] = result
                    startNext()
                }
            }
        } catch {
            // Only `transform` throws, and it throws `Failure`.
            throw error as! Failure
        }
        return results.map { $0! }
    }
}
