/// Decides when a listing sees the server change under it (`--paging shift`): a listing starts
/// with a request at `skip=0`, and the first request for a later page of each of the first
/// `limit` listings shifts the records.
actor ListingShifts {
    private let limit: Int
    private var listings = 0
    private var shiftedListing = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// Records a request for a page; true when the records should shift before it is answered.
    func shouldShift(beforePageAt skip: Int) -> Bool {
        if skip == 0 {
            listings += 1
            return false
        }
        guard listings <= limit, shiftedListing < listings else { return false }
        shiftedListing = listings
        return true
    }
}
