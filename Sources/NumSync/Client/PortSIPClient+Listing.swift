import Foundation
import NumSyncCore

extension PortSIPClient {
    /// PortSIP's largest page.
    public static let pageSize = 100

    /// Every record of a collection, or a `PortSIPError` with `.incompleteListing` when the pages
    /// do not add up (an id seen twice, a short page, a `count` that changes), because planning
    /// creates from a partial listing would duplicate numbers.
    ///
    /// Asks for the first page, then fetches the rest concurrently once `count` is known. A server
    /// that ignores paging and returns everything at once is accepted as long as it sends `count`
    /// items.
    public func list(_ collection: ResourceCollection = .exclusiveNumbers) async throws -> [ObservedNumber] {
        let first = try await page(collection, skip: 0)
        let total = first.page.count
        let path = "/api/\(collection.path)"
        if first.page.items.count >= total {
            guard first.page.items.count == total else {
                throw PortSIPError.incomplete(
                    "GET", path, "the server sent \(first.page.items.count) items but says count is \(total)")
            }
            return try Self.checkUnique(first.page.items, path: path)
        }
        guard first.page.items.count == Self.pageSize else {
            throw PortSIPError.incomplete(
                "GET", first.path,
                "the first page has \(first.page.items.count) items, expected \(Self.pageSize) of \(total)")
        }
        let skips = Array(stride(from: Self.pageSize, to: total, by: Self.pageSize))
        var pages: [Int: [Wire.Item]] = [0: first.page.items]
        try await withThrowingTaskGroup(of: (Int, Wire.Page, String).self) { group in
            var next = 0
            func addNext() {
                guard next < skips.count else { return }
                let skip = skips[next]
                next += 1
                group.addTask {
                    let fetched = try await self.page(collection, skip: skip)
                    return (skip, fetched.page, fetched.path)
                }
            }
            for _ in 0..<max(1, settings.parallelism) { addNext() }
            while let (skip, page, pagePath) = try await group.next() {
                guard page.count == total else {
                    group.cancelAll()
                    throw PortSIPError.incomplete(
                        "GET", pagePath, "count changed from \(total) to \(page.count) during the listing")
                }
                let expected = min(Self.pageSize, total - skip)
                guard page.items.count == expected else {
                    group.cancelAll()
                    throw PortSIPError.incomplete(
                        "GET", pagePath, "the page has \(page.items.count) items, expected \(expected) of \(total)")
                }
                pages[skip] = page.items
                addNext()
            }
        }
        var items: [Wire.Item] = []
        items.reserveCapacity(total)
        for skip in [0] + skips { items += pages[skip]! }
        return try Self.checkUnique(items, path: path)
    }

    /// One record by id.
    public func retrieve(_ id: String, in collection: ResourceCollection = .exclusiveNumbers) async throws
        -> ObservedNumber
    {
        let request = APIRequest(
            method: "GET", path: "/\(collection.path)/\(APIRequest.escapePathComponent(id))", intent: .read)
        let response = try await perform(request)
        return try decode(Wire.Item.self, from: response, request: request).observed
    }

    /// Creates a record; returns its id. A failure with `outcomeIsUnknown` means: look first.
    public func create(_ assignments: [Operation.Assignment], in collection: ResourceCollection = .exclusiveNumbers)
        async throws -> String
    {
        let request = APIRequest(
            method: "POST", path: "/\(collection.path)", body: JSONText.object(assignments), intent: .create)
        return try createdID(from: try await perform(request), request: request)
    }

    /// Changes only the fields given.
    public func update(
        _ id: String, _ assignments: [Operation.Assignment], in collection: ResourceCollection = .exclusiveNumbers
    ) async throws {
        let request = APIRequest(
            method: "POST", path: "/\(collection.path)/\(APIRequest.escapePathComponent(id))",
            body: JSONText.object(assignments), intent: .update)
        _ = try await perform(request)
    }

    /// Destroys a record.
    public func destroy(_ id: String, in collection: ResourceCollection = .exclusiveNumbers) async throws {
        let request = APIRequest(
            method: "POST", path: "/\(collection.path)/\(APIRequest.escapePathComponent(id))/destroy", intent: .destroy)
        _ = try await perform(request)
    }

    /// The id in a create's answer.
    func createdID(from response: APIResponse, request: APIRequest) throws -> String {
        try decode(Wire.Created.self, from: response, request: request).id
    }

    private func page(_ collection: ResourceCollection, skip: Int) async throws -> (page: Wire.Page, path: String) {
        let request = APIRequest.page(collection, skip: skip, top: Self.pageSize)
        let response = try await perform(request)
        return (try decode(Wire.Page.self, from: response, request: request), "/api" + request.path)
    }

    private func decode<T: Decodable>(_ type: T.Type, from response: APIResponse, request: APIRequest) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            let snippet = String(decoding: response.body.prefix(120), as: UTF8.self)
            throw PortSIPError(
                method: request.method, path: "/api" + request.path,
                kind: .invalidResponse(
                    status: response.status, reason: "cannot read the JSON (\(Self.describe(error))): \(snippet)"))
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        default: return "\(error)"
        }
    }

    private static func checkUnique(_ items: [Wire.Item], path: String) throws -> [ObservedNumber] {
        var seen = Set<String>()
        seen.reserveCapacity(items.count)
        for item in items where !seen.insert(item.id).inserted {
            throw PortSIPError.incomplete("GET", path, "id \(item.id) appears on two pages")
        }
        return items.map(\.observed)
    }
}
