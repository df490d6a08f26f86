import Foundation
import NumSyncCore

extension PortSIPClient {
    /// PortSIP's largest page.
    public static let pageSize = 100

    /// Every record of a list, or a `PortSIPError` with `.incompleteListing` when the pages
    /// do not add up (an id seen twice, a short page, a `count` that changes), because planning
    /// creates from a partial listing would duplicate numbers.
    ///
    /// Asks for the first page, then fetches the rest concurrently once `count` is known. A server
    /// that ignores paging and returns everything at once is accepted as long as it sends `count`
    /// items. A server that sends no `count` is paged one page after another until a short page.
    ///
    /// One listing cannot see a record that moves across a page boundary while it runs; when the
    /// absence of a record matters, prove the listing with `confirm(_:in:)`.
    public func list(_ list: PortSIPList) async throws -> [ObservedRecord] {
        let first = try await page(list, skip: 0)
        guard let total = first.page.count else {
            return try await listWithoutCount(list, first: first)
        }
        let path = "/api/\(list.path)"
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
        let pages = try await skips.concurrentMap(limit: settings.parallelism) { skip in
            let fetched = try await self.page(list, skip: skip)
            guard fetched.page.count == total else {
                throw PortSIPError.incomplete(
                    "GET", fetched.path,
                    "count changed from \(total) to \(fetched.page.count.map(String.init) ?? "none") during the listing"
                )
            }
            let expected = min(Self.pageSize, total - skip)
            guard fetched.page.items.count == expected else {
                throw PortSIPError.incomplete(
                    "GET", fetched.path,
                    "the page has \(fetched.page.items.count) items, expected \(expected) of \(total)")
            }
            return fetched.page.items
        }
        var items: [Wire.Item] = []
        items.reserveCapacity(total)
        for page in [first.page.items] + pages { items += page }
        return try Self.checkUnique(items, path: path)
    }

    /// Pages without a total: one page after another until a page has fewer than `top` items.
    /// A first page larger than `top` means the server ignores paging; that is accepted only when
    /// the next page repeats it exactly, as such a server does.
    private func listWithoutCount(_ list: PortSIPList, first: (page: Wire.Page, path: String))
        async throws -> [ObservedRecord]
    {
        let path = "/api/\(list.path)"
        var items = first.page.items
        if items.count > Self.pageSize {
            let next = try await page(list, skip: items.count)
            guard next.page.count == nil else {
                throw PortSIPError.incomplete("GET", next.path, "the server sent count on one page and not another")
            }
            guard next.page.items.map(\.id) == items.map(\.id) else {
                throw PortSIPError.incomplete(
                    "GET", next.path,
                    "the server sent \(items.count) items for a page of \(Self.pageSize), without a count, and the "
                        + "next page does not repeat them, so the total cannot be known")
            }
            return try Self.checkUnique(items, path: path)
        }
        var last = first.page.items.count
        while last == Self.pageSize {
            let next = try await page(list, skip: items.count)
            guard next.page.count == nil else {
                throw PortSIPError.incomplete("GET", next.path, "the server sent count on one page and not another")
            }
            guard next.page.items.count <= Self.pageSize else {
                throw PortSIPError.incomplete(
                    "GET", next.path,
                    "the page has \(next.page.items.count) items, more than the \(Self.pageSize) asked")
            }
            items += next.page.items
            last = next.page.items.count
        }
        return try Self.checkUnique(items, path: path)
    }

    /// How many listings `confirm(_:in:)` makes at most before giving up.
    public static let maximumConfirmingListings = 3

    /// Proves that a listing saw every record: lists again and requires the same ids.
    ///
    /// A record is missed only when another one, read earlier in the listing, is removed while
    /// it runs (the pages shift under it); that record cannot be in the next listing, so two
    /// listings in a row with the same ids prove that neither missed anything. When they differ,
    /// the server is listed again, up to `maximumConfirmingListings` times, and the last two
    /// must agree. Returns the newest listing (the one to plan from).
    public func confirm(_ listing: [ObservedRecord], in list: PortSIPList)
        async throws -> [ObservedRecord]
    {
        var previous = listing
        for round in 1...Self.maximumConfirmingListings {
            let records = previous.count.formattedWithSeparators
            logger.info(
                "listing /api/\(list.path) again (\(round) of at most \(Self.maximumConfirmingListings)) to prove the listing before it missed nothing: \(records) records"
            )
            counters.withLock { $0.provingListings += 1 }
            let next = try await self.list(list)
            if Self.sameIDs(previous, next) { return next }
            previous = next
        }
        throw PortSIPError.incomplete(
            "GET", "/api/\(list.path)",
            "the server changed while it was being listed, \(Self.maximumConfirmingListings + 1) listings in a row; "
                + "a record may have been missed")
    }

    private static func sameIDs(_ first: [ObservedRecord], _ second: [ObservedRecord]) -> Bool {
        guard first.count == second.count else { return false }
        return Set(first.map { ExactText($0.id) }) == Set(second.map { ExactText($0.id) })
    }

    /// One record by id.
    public func retrieve(_ id: String, in list: PortSIPList) async throws
        -> ObservedRecord
    {
        let request = APIRequest(
            method: "GET", path: "/\(list.path)/\(APIRequest.escapePathComponent(id))", intent: .read)
        let response = try await perform(request)
        return try decode(Wire.Item.self, from: response, request: request, list: list).observed
    }

    /// Creates a record; returns its id. A failure with `outcomeIsUnknown` means: look first.
    public func create(_ assignments: [Change.Assignment], in list: PortSIPList)
        async throws -> String
    {
        let request = APIRequest(
            method: "POST", path: "/\(list.path)", body: JSONText.object(assignments), intent: .create)
        return try createdID(from: try await perform(request), request: request)
    }

    /// Changes only the fields given.
    public func update(
        _ id: String, _ assignments: [Change.Assignment], in list: PortSIPList
    ) async throws {
        let request = APIRequest(
            method: "POST", path: "/\(list.path)/\(APIRequest.escapePathComponent(id))",
            body: JSONText.object(assignments), intent: .update)
        _ = try await perform(request)
    }

    /// Destroys a record.
    public func destroy(_ id: String, in list: PortSIPList) async throws {
        let request = APIRequest(
            method: "POST", path: "/\(list.path)/\(APIRequest.escapePathComponent(id))/destroy", intent: .destroy)
        _ = try await perform(request)
    }

    /// The id in a create's answer.
    func createdID(from response: APIResponse, request: APIRequest) throws -> String {
        try decode(Wire.Created.self, from: response, request: request).id
    }

    private func page(_ list: PortSIPList, skip: Int) async throws -> (page: Wire.Page, path: String) {
        let request = APIRequest.page(list, skip: skip, top: Self.pageSize)
        let response = try await perform(request)
        return (
            try decode(Wire.Page.self, from: response, request: request, list: list), "/api" + request.path
        )
    }

    func decode<T: Decodable>(
        _ type: T.Type, from response: APIResponse, request: APIRequest,
        list: PortSIPList? = nil
    ) throws -> T {
        do {
            let decoder = JSONDecoder()
            // Records are read by their list's declaration; other answers need none.
            if let list { decoder.userInfo[Wire.listKey] = list }
            return try decoder.decode(T.self, from: Data(response.body))
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

    private static func checkUnique(_ items: [Wire.Item], path: String) throws -> [ObservedRecord] {
        var seen = Set<ExactText>()
        seen.reserveCapacity(items.count)
        for item in items where !seen.insert(ExactText(item.id)).inserted {
            throw PortSIPError.incomplete("GET", path, "id \(item.id) appears on two pages")
        }
        return items.map(\.observed)
    }
}
