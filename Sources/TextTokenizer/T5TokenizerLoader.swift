import Foundation
import VVAESupport

/// Builds the tokenizer of a Hugging Face T5 folder (or of a converted text-encoder file) from whichever file it
/// has: `spiece.model`, reproducing upstream VideoVAE+'s own load, is preferred; else `tokenizer.json`.
public enum T5TokenizerLoader {
    /// The tokenizer files, most faithful to upstream first.
    public static let sourceFileNames = ["spiece.model", "tokenizer.json"]

    /// `fileName` is one of `sourceFileNames`; `tokenizerConfigJSON` (the folder's `tokenizer_config.json`) gives
    /// `extra_ids` for `spiece.model` (100, T5's count, when absent).
    public static func tokenizer(fileName: String, bytes: [UInt8], tokenizerConfigJSON: [UInt8]?, source: String) throws -> SentencePieceTokenizer {
        switch fileName {
        case "spiece.model":
            return try SentencePieceModelFile.tokenizer(bytes: bytes, source: source,
                                                        extraIDs: try extraIDs(tokenizerConfigJSON, source: source))
        case "tokenizer.json":
            return try TokenizerJSONFile.tokenizer(bytes: bytes, source: source)
        default:
            throw TextTokenizerError(source: source, "\(fileName) is not a tokenizer file vvae reads (\(sourceFileNames.joined(separator: ", ")))")
        }
    }

    static func extraIDs(_ json: [UInt8]?, source: String) throws -> Int {
        guard let json else { return 100 }
        let root: StrictJSON
        do { root = try StrictJSON.parse(json) } catch {
            throw TextTokenizerError(source: source, "tokenizer_config.json is not JSON: \(error)")
        }
        if let node = root["extra_ids"] {
            guard let count = node.integer, (0...10_000).contains(count) else {
                throw TextTokenizerError(source: source, "tokenizer_config.json's extra_ids is \(node.serialized()), expected 0...10000")
            }
            return count
        }
        if case .array(let tokens)? = root["additional_special_tokens"] {
            return tokens.compactMap(\.stringValue).filter { $0.hasPrefix("<extra_id_") }.count
        }
        return 100
    }
}
