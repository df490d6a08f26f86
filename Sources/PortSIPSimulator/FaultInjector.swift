/// Decides, request by request, which fault to inject; seeded so that runs repeat.
actor FaultInjector {
    /// What to do to one request.
    enum Fault: Equatable {
        case none
        case fail
        case throttle
        case drop
    }

    private let faults: SimulatorConfiguration.Faults
    private var state: UInt64

    init(_ faults: SimulatorConfiguration.Faults) {
        self.faults = faults
        self.state = faults.seed
    }

    /// The fault for a request; `drop` only for writes.
    func draw(isWrite: Bool) -> Fault {
        guard faults.failRate > 0 || faults.throttleRate > 0 || faults.dropRate > 0 else { return .none }
        let roll = nextUnit()
        if roll < faults.throttleRate { return .throttle }
        if roll < faults.throttleRate + faults.failRate { return .fail }
        if isWrite, roll < faults.throttleRate + faults.failRate + faults.dropRate { return .drop }
        return .none
    }

    /// SplitMix64, mapped to [0, 1).
    private func nextUnit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
