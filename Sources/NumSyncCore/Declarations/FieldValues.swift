/// A record's field values, in its list's declaration order.
///
/// Up to two values are kept inline and more in an array: exclusive numbers have two, so loading
/// 100,000 of them allocates nothing per entry. `scripts/bench` measured the difference: an array
/// per entry added about 15 ms of decode time on 100,000 entries, enough to push loading past
/// 1.5 times a bare libyaml scan. The fast path stays while that holds.
public struct FieldValues: Sendable, Hashable, RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral {
    private enum Storage: Sendable, Hashable {
        case inline(count: Int, FieldValue, FieldValue)
        case heap([FieldValue])
    }

    private var storage: Storage

    /// Values in order.
    public init(_ values: some Collection<FieldValue>) {
        switch values.count {
        case 0: storage = .inline(count: 0, .bool(false), .bool(false))
        case 1: storage = .inline(count: 1, values.first!, .bool(false))
        case 2:
            let second = values.index(after: values.startIndex)
            storage = .inline(count: 2, values.first!, values[second])
        default: storage = .heap(Array(values))
        }
    }

    public init(arrayLiteral elements: FieldValue...) {
        self.init(elements)
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .inline(let count, _, _): return count
        case .heap(let values): return values.count
        }
    }

    public subscript(position: Int) -> FieldValue {
        get {
            switch storage {
            case .inline(let count, let first, let second):
                precondition(position >= 0 && position < count, "field value index out of range")
                return position == 0 ? first : second
            case .heap(let values):
                return values[position]
            }
        }
        set {
            switch storage {
            case .inline(let count, let first, let second):
                precondition(position >= 0 && position < count, "field value index out of range")
                storage =
                    position == 0 ? .inline(count: count, newValue, second) : .inline(count: count, first, newValue)
            case .heap(var values):
                storage = .inline(count: 0, .bool(false), .bool(false))
                values[position] = newValue
                storage = .heap(values)
            }
        }
    }

    public static func == (lhs: FieldValues, rhs: FieldValues) -> Bool {
        lhs.elementsEqual(rhs)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for value in self { hasher.combine(value) }
    }
}
