/// The element types a conversion stored, with how many tensors each: what the report prints instead of the
/// `--dtype` given, which for `keep` says nothing about the file.
public struct StoredTypeCounts: Sendable, Equatable {
    /// (type, tensors), most tensors first, ties by name.
    public let counts: [(type: String, tensors: Int)]

    public init(_ types: [String]) {
        counts = Dictionary(grouping: types, by: { $0 }).map { ($0.key, $0.value.count) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }

    public static func == (lhs: StoredTypeCounts, rhs: StoredTypeCounts) -> Bool {
        lhs.counts.elementsEqual(rhs.counts) { $0.type == $1.type && $0.tensors == $1.tensors }
    }

    /// "float16" when every tensor has one type; "float16 (144 tensors), int64 (1)" otherwise.
    public var summary: String {
        guard counts.count > 1 else { return counts.first?.type ?? "no tensors" }
        return counts.enumerated().map { index, entry in
            "\(entry.type) (\(entry.tensors)\(index == 0 ? " tensors" : ""))"
        }.joined(separator: ", ")
    }
}
