import Testing

@testable import NumSync

@Suite("Concurrent map")
struct ConcurrentMapTests {
    /// Counts the transforms running at once.
    actor Gauge {
        private(set) var running = 0
        private(set) var highest = 0

        func enter() {
            running += 1
            highest = max(highest, running)
        }

        func leave() { running -= 1 }
    }

    struct Refused: Error, Equatable {
        let element: Int
    }

    @Test("results come back in the elements' order, whatever order the transforms finish in", arguments: [1, 3, 50])
    func keepsOrder(limit: Int) async {
        let elements = Array(0..<40)
        let mapped = await elements.concurrentMap(limit: limit) { element in
            // Later elements yield less, so they tend to finish first.
            for _ in 0..<(40 - element) { await Task.yield() }
            return element * 2
        }
        #expect(mapped == elements.map { $0 * 2 })
    }

    @Test("no more than the limit run at once", arguments: [1, 2, 4])
    func respectsLimit(limit: Int) async {
        let gauge = Gauge()
        _ = await Array(0..<30).concurrentMap(limit: limit) { element in
            await gauge.enter()
            for _ in 0..<5 { await Task.yield() }
            await gauge.leave()
            return element
        }
        #expect(await gauge.highest <= limit)
        #expect(await gauge.running == 0)
    }

    @Test("a limit below one still maps every element, one at a time")
    func limitBelowOne() async {
        let gauge = Gauge()
        let mapped = await [1, 2, 3].concurrentMap(limit: 0) { element in
            await gauge.enter()
            await gauge.leave()
            return element
        }
        #expect(mapped == [1, 2, 3])
        #expect(await gauge.highest == 1)
    }

    @Test("the transform's error is thrown with its own type")
    func rethrowsTypedError() async {
        await #expect(throws: Refused(element: 3)) {
            _ = try await [1, 2, 3, 4].concurrentMap(limit: 1) { (element: Int) throws(Refused) -> Int in
                if element == 3 { throw Refused(element: 3) }
                return element
            }
        }
    }

    @Test("an empty array maps to an empty array without starting anything")
    func empty() async {
        let mapped = await [Int]().concurrentMap(limit: 4) { $0 }
        #expect(mapped.isEmpty)
    }
}
