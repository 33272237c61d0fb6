/// SentencePiece's Unigram language model over pieces: a text is cut into the pieces whose summed log-probability
/// is highest (Viterbi), as `tokenizers`' `Unigram` does it — same scores in Double, same tie rule (the first
/// candidate found keeps its place unless a later one is strictly better), unknown characters at the lowest score
/// minus 10, and runs of unknown characters fused into one unknown token.
public struct UnigramModel: Sendable {
    public struct Piece: Sendable, Equatable {
        public let text: String
        public let score: Double
    }

    /// Added to the lowest piece score for a character no piece covers (`tokenizers`' `K_UNK_PENALTY`).
    static let unknownPenalty = 10.0

    public let pieces: [Piece]
    public let unknownID: Int
    /// Whether an unknown character becomes its UTF-8 bytes as `<0xNN>` pieces (when all of them exist).
    public let byteFallback: Bool
    private let idsByPiece: [String: Int]
    private let trie: PieceTrie
    private let unknownScore: Double

    public init(pieces: [Piece], unknownID: Int, byteFallback: Bool, source: String) throws {
        guard !pieces.isEmpty else { throw TextTokenizerError(source: source, "the Unigram vocabulary is empty") }
        guard pieces.indices.contains(unknownID) else {
            throw TextTokenizerError(source: source, "unk_id \(unknownID) is outside the vocabulary of \(pieces.count) pieces")
        }
        guard pieces.allSatisfy({ $0.score.isFinite }) else {
            throw TextTokenizerError(source: source, "a Unigram piece has a score that is not a finite number")
        }
        self.pieces = pieces
        self.unknownID = unknownID
        self.byteFallback = byteFallback
        idsByPiece = Dictionary(pieces.enumerated().map { ($1.text, $0) }, uniquingKeysWith: { _, last in last })
        trie = PieceTrie(pieces: pieces.map(\.text))
        unknownScore = (pieces.map(\.score).min() ?? 0) - Self.unknownPenalty
    }

    public func id(of piece: String) -> Int? { idsByPiece[piece] }

    /// The best segmentation of `text` as piece strings (an unknown run is one string).
    public func segment(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return [] }
        struct Best { var score = 0.0; var start = -1; var id = 0 }
        var best = [Best](repeating: Best(), count: bytes.count + 1)
        var start = 0
        while start < bytes.count {
            let scoreHere = best[start].score
            let characterLength = Self.utf8Length(leadingByte: bytes[start], available: bytes.count - start)
            var coversCharacter = false
            trie.forEachPrefix(of: bytes, from: start) { id, end in
                let candidate = pieces[id].score + scoreHere
                if best[end].start < 0 || candidate > best[end].score {
                    best[end] = Best(score: candidate, start: start, id: id)
                }
                if end - start == characterLength { coversCharacter = true }
            }
            if !coversCharacter {
                let end = start + characterLength
                let candidate = unknownScore + scoreHere
                if best[end].start < 0 || candidate > best[end].score {
                    best[end] = Best(score: candidate, start: start, id: unknownID)
                }
            }
            start += characterLength
        }
        var results: [String] = []
        var unknownRun: [[UInt8]] = []
        var end = bytes.count
        while end > 0 {
            let node = best[end]
            let piece = Array(bytes[node.start..<end])
            if node.id == unknownID {
                unknownRun.append(piece)
            } else {
                if !unknownRun.isEmpty {
                    results.append(String(decoding: unknownRun.reversed().joined(), as: UTF8.self))
                    unknownRun.removeAll()
                }
                results.append(String(decoding: piece, as: UTF8.self))
            }
            end = node.start
        }
        if !unknownRun.isEmpty { results.append(String(decoding: unknownRun.reversed().joined(), as: UTF8.self)) }
        return results.reversed()
    }

    /// Token ids of `text`.
    public func encode(_ text: String) -> [Int] {
        segment(text).flatMap(ids(ofPiece:))
    }

    /// The id of one piece of a segmentation; an unknown run is the unknown id, or with byte fallback its UTF-8
    /// bytes as `<0xNN>` pieces when all of them exist.
    public func ids(ofPiece piece: String) -> [Int] {
        if let id = idsByPiece[piece] { return [id] }
        if byteFallback {
            let bytes = piece.utf8.compactMap { idsByPiece[Self.bytePiece($0)] }
            if bytes.count == piece.utf8.count { return bytes }
        }
        return [unknownID]
    }

    static func bytePiece(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "<0x" + (hex.count == 1 ? "0" + hex : hex) + ">"
    }

    /// Bytes of the UTF-8 character starting with `byte` (text here is valid UTF-8, from a Swift String).
    private static func utf8Length(leadingByte byte: UInt8, available: Int) -> Int {
        let length: Int
        switch byte {
        case 0..<0x80: length = 1
        case 0xC0..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        default: length = 4
        }
        return min(length, available)
    }
}
