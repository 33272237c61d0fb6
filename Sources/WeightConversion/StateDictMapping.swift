/// One tensor of a checkpoint as the mapping sees it: where it sits and what shape it has.
public struct SourceTensor: Sendable, Hashable {
    /// Container keys joined by `/`, e.g. `state_dict/encoder.conv_in.weight`.
    public let name: String
    public let shape: [Int]

    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
    }

    /// The folder of containers that holds this tensor (`state_dict`), empty at the top level.
    public var container: String {
        guard let slash = name.lastIndex(of: "/") else { return "" }
        return String(name[..<slash])
    }

    /// The state-dict key inside its container (`encoder.conv_in.weight`).
    public var key: String {
        guard let slash = name.lastIndex(of: "/") else { return name }
        return String(name[name.index(after: slash)...])
    }
}

/// An expected weight: the key the model's state dict has and its shape.
public struct ExpectedWeight: Sendable, Hashable {
    public let key: String
    public let shape: [Int]

    public init(key: String, shape: [Int]) {
        self.key = key
        self.shape = shape
    }
}

/// A source tensor after wrapper prefixes were stripped: `key` is the model's name for it.
public struct MappedTensor: Sendable, Hashable {
    public let source: SourceTensor
    public let key: String
}

/// The outcome of matching a checkpoint against a model's expected weights.
public struct StateDictMapping: Sendable {
    /// The container the state dict was found in (`state_dict`, `model`, … or empty for the top level).
    public let container: String
    /// Tensors that match an expected key with the right shape, in expected (state-dict) order.
    public let matched: [MappedTensor]
    /// Expected weights the checkpoint does not have.
    public let missing: [ExpectedWeight]
    /// Checkpoint tensors the model does not expect (after dropping training-only keys).
    public let unexpected: [MappedTensor]
    /// Tensors whose key is expected but whose shape differs.
    public let wrongShape: [(expected: ExpectedWeight, found: MappedTensor)]
    /// Training-only tensors dropped by the ignore list (e.g. `loss.*`).
    public let dropped: [MappedTensor]

    public var isExact: Bool { missing.isEmpty && unexpected.isEmpty && wrongShape.isEmpty }

    /// How many expected weights were found with the right shape; used to rank configs and containers.
    public var score: Int { matched.count }

    /// Wrappers that training code puts in front of the model's own keys.
    public static let wrapperPrefixes = ["model.", "module.", "first_stage_model.", "vae.", "_orig_mod."]

    /// Containers in the order a tie is broken: the plain state dict wins over an EMA copy.
    public static let preferredContainers = ["", "state_dict", "model", "module", "ema", "state_dict_ema", "model_ema"]

    /// Matches `tensors` against `expected`, looking for the state dict in every container that holds tensors and
    /// keeping the one that explains the most expected weights.
    public init(tensors: [SourceTensor], expected: [ExpectedWeight], ignoredPrefixes: [String]) {
        var byContainer: [String: [SourceTensor]] = [:]
        var containerOrder: [String] = []
        for tensor in tensors {
            if byContainer[tensor.container] == nil { containerOrder.append(tensor.container) }
            byContainer[tensor.container, default: []].append(tensor)
        }
        let ranked = containerOrder.sorted { lhs, rhs in
            let left = Self.preferredContainers.firstIndex(of: lhs) ?? Int.max
            let right = Self.preferredContainers.firstIndex(of: rhs) ?? Int.max
            return left < right
        }
        var best: StateDictMapping?
        for container in ranked {
            let candidate = StateDictMapping(container: container, tensors: byContainer[container] ?? [],
                                             expected: expected, ignoredPrefixes: ignoredPrefixes)
            if best == nil || candidate.score > (best?.score ?? 0) { best = candidate }
        }
        self = best ?? StateDictMapping(container: "", tensors: [], expected: expected, ignoredPrefixes: ignoredPrefixes)
    }

    private init(container: String, tensors: [SourceTensor], expected: [ExpectedWeight], ignoredPrefixes: [String]) {
        let expectedByKey = Dictionary(expected.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var found: [String: MappedTensor] = [:]
        var unexpected: [MappedTensor] = []
        var dropped: [MappedTensor] = []
        for tensor in tensors {
            let key = Self.strippingWrappers(tensor.key, known: expectedByKey)
            let mapped = MappedTensor(source: tensor, key: key)
            if ignoredPrefixes.contains(where: { key.hasPrefix($0) }) {
                dropped.append(mapped)
            } else if expectedByKey[key] != nil, found[key] == nil {
                found[key] = mapped
            } else {
                unexpected.append(mapped)
            }
        }
        var matched: [MappedTensor] = []
        var missing: [ExpectedWeight] = []
        var wrongShape: [(expected: ExpectedWeight, found: MappedTensor)] = []
        for weight in expected {
            guard let tensor = found[weight.key] else {
                missing.append(weight)
                continue
            }
            if tensor.source.shape == weight.shape {
                matched.append(tensor)
            } else {
                wrongShape.append((weight, tensor))
            }
        }
        self.container = container
        self.matched = matched
        self.missing = missing
        self.unexpected = unexpected
        self.wrongShape = wrongShape
        self.dropped = dropped
    }

    /// Removes wrapper prefixes one at a time until the key is one the model knows or no wrapper is left; a key the
    /// model knows is never stripped, so one that legitimately starts with a wrapper-like word stays whole.
    static func strippingWrappers(_ key: String, known: [String: ExpectedWeight]) -> String {
        var current = key
        while known[current] == nil, let prefix = wrapperPrefixes.first(where: { current.hasPrefix($0) }) {
            current = String(current.dropFirst(prefix.count))
        }
        return current
    }
}
