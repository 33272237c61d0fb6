import HDF5Kit

/// One coverage-guided fuzz target: a parser of untrusted input, and what must hold for any bytes given to it.
///
/// The same value is run by libFuzzer (`Tests/Fuzz/Driver`, built by `Tests/Fuzz/fuzz.sh`) and by the corpus replay
/// in the test suite (`FuzzReplayTests`), so a crash found while fuzzing stays a test once its input is committed.
/// A parser may accept or refuse the bytes; it must not trap, hang or allocate far beyond the input, and a refusal
/// must be a one-line message (a tool prints it as its whole error line).
public struct FuzzTarget: Sendable {
    /// The target's name, also its corpus folder: `Fixtures/fuzz/<name>/`.
    public let name: String
    /// What the target feeds, for `fuzz.sh --list` and the docs.
    public let summary: String
    /// Longest input worth trying (libFuzzer's `-max_len`); larger inputs only slow the search.
    public let maxLength: Int
    private let body: @Sendable ([UInt8]) throws -> Void

    public init(name: String, summary: String, maxLength: Int, body: @escaping @Sendable ([UInt8]) throws -> Void) {
        self.name = name
        self.summary = summary
        self.maxLength = maxLength
        self.body = body
    }

    /// What one input did.
    public enum Outcome: Sendable, Equatable {
        /// The parser read the input (it was valid enough to use).
        case accepted
        /// The parser refused it with a proper one-line message.
        case refused(String)
        /// The parser refused it badly (empty or multi-line message): a bug, like a crash.
        case violation(String)
    }

    /// Runs one input.
    public func run(_ input: [UInt8]) -> Outcome {
        Self.configured
        do {
            try body(input)
            return .accepted
        } catch {
            let message = String(describing: error)
            if message.isEmpty { return .violation("\(name): an error with an empty message (\(type(of: error)))") }
            if message.contains("\n") { return .violation("\(name): a multi-line error message: \(message.debugDescription)") }
            return .refused(message)
        }
    }

    /// libFuzzer counts an input that takes over 1 s as a hang, so a file that makes libhdf5 spin must be refused by
    /// the structure check well before that (users get 60 s).
    private static let configured: Void = { HDF5StructureCheck.timeLimit = .milliseconds(500) }()

    /// Every target, in the order Docs/FUZZING.md lists them.
    public static let all: [FuzzTarget] = [
        .pickle, .torchZip, .torchLegacy, .safetensors, .modelConfig, .npy,
        .weightFile, .textEncoderFile, .latentFile, .goldenFile, .probeJSON, .tokenizerJSON, .sentencePieceModel, .caption,
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
