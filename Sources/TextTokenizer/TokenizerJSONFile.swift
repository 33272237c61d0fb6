import Foundation
import VVAESupport

/// Reads a Hugging Face `tokenizer.json` whose model is Unigram (T5, and other SentencePiece conversions) into a
/// `SentencePieceTokenizer`. Anything it does not implement is refused by name instead of tokenized differently.
public enum TokenizerJSONFile {
    public static func tokenizer(bytes: [UInt8], source: String) throws -> SentencePieceTokenizer {
        let root: StrictJSON
        do { root = try StrictJSON.parse(bytes) } catch {
            throw TextTokenizerError(source: source, "not JSON: \(error)")
        }
        guard case .object = root else { throw TextTokenizerError(source: source, "not a tokenizer.json: the top level is not an object") }
        let reader = Reader(source: source)

        guard let modelNode = root["model"], reader.string(modelNode["type"]) == "Unigram" else {
            let type = root["model"].flatMap { reader.string($0["type"]) } ?? "none"
            throw TextTokenizerError(source: source, "the tokenizer model is \(type), not Unigram; only SentencePiece Unigram tokenizers are supported")
        }
        guard case .array(let vocabulary)? = modelNode["vocab"] else {
            throw TextTokenizerError(source: source, "model.vocab is not a list")
        }
        var pieces: [UnigramModel.Piece] = []
        pieces.reserveCapacity(vocabulary.count)
        for (index, entry) in vocabulary.enumerated() {
            guard case .array(let pair) = entry, pair.count == 2, let text = pair[0].stringValue,
                  case .number(let literal) = pair[1], let score = Double(literal) else {
                throw TextTokenizerError(source: source, "model.vocab[\(index)] is not a [piece, score] pair")
            }
            pieces.append(.init(text: text, score: score))
        }
        let unknownID = try reader.integer(modelNode["unk_id"], "model.unk_id") ?? 0
        let byteFallback = reader.bool(modelNode["byte_fallback"]) ?? false
        let model = try UnigramModel(pieces: pieces, unknownID: unknownID, byteFallback: byteFallback, source: source)

        let normalizer = try reader.normalizers(root["normalizer"], path: "normalizer")
        let splitter = try reader.preTokenizer(root["pre_tokenizer"])
        var added: [AddedToken] = []
        if case .array(let tokens)? = root["added_tokens"] {
            for (index, token) in tokens.enumerated() {
                guard let content = reader.string(token["content"]),
                      let id = try reader.integer(token["id"], "added_tokens[\(index)].id"), id >= 0 else {
                    throw TextTokenizerError(source: source, "added_tokens[\(index)] has no content or id")
                }
                added.append(AddedToken(content: content, id: id, special: reader.bool(token["special"]) ?? false,
                                        normalized: reader.bool(token["normalized"]) ?? false,
                                        leftStrip: reader.bool(token["lstrip"]) ?? false,
                                        rightStrip: reader.bool(token["rstrip"]) ?? false,
                                        singleWord: reader.bool(token["single_word"]) ?? false))
            }
        }
        let (prefix, suffix) = try reader.template(root["post_processor"])
        let padding = added.first { $0.content == "<pad>" }?.id ?? model.id(of: "<pad>") ?? 0
        return SentencePieceTokenizer(model: model, normalizer: normalizer, splitter: splitter, addedTokens: added,
                                      prefixIDs: prefix, suffixIDs: suffix, paddingID: padding, source: source)
    }

    private struct Reader {
        let source: String

        func string(_ node: StrictJSON?) -> String? { node?.stringValue }

        func bool(_ node: StrictJSON?) -> Bool? {
            if case .bool(let value)? = node { return value }
            return nil
        }

        func integer(_ node: StrictJSON?, _ path: String) throws -> Int? {
            guard let node, node != .null else { return nil }
            guard let value = node.integer else { throw TextTokenizerError(source: source, "\(path) is not an integer") }
            return value
        }

        func unsupported(_ path: String, _ what: String) -> TextTokenizerError {
            TextTokenizerError(source: source, "\(path) is \(what), which vvae's tokenizer does not implement")
        }

        func normalizers(_ node: StrictJSON?, path: String) throws -> [NormalizerStep] {
            guard let node, node != .null else { return [] }
            let type = string(node["type"]) ?? "?"
            switch type {
            case "Sequence":
                guard case .array(let steps)? = node["normalizers"] else { throw unsupported(path, "a Sequence without a list") }
                return try steps.enumerated().flatMap { try normalizers($1, path: "\(path).normalizers[\($0)]") }
            case "Precompiled":
                guard let text = string(node["precompiled_charsmap"]) else { return [] }
                guard let data = Data(base64Encoded: text) else {
                    throw TextTokenizerError(source: source, "\(path).precompiled_charsmap is not base64")
                }
                return data.isEmpty ? [] : [.precompiled(try PrecompiledCharsmap(bytes: [UInt8](data), source: source))]
            case "Replace":
                let content = string(node["content"]) ?? ""
                if let literal = string(node["pattern"]?["String"]) { return [.replace(literal, with: content)] }
                if let regex = string(node["pattern"]?["Regex"]), let run = Self.runPattern(regex) {
                    return [.collapseRuns(of: run.character, minimumCount: run.minimum, replacement: content)]
                }
                throw unsupported(path, "a Replace with pattern \(node["pattern"]?.serialized() ?? "?")")
            case "Strip":
                return [.strip(left: bool(node["strip_left"]) ?? bool(node["left"]) ?? true,
                               right: bool(node["strip_right"]) ?? bool(node["right"]) ?? true)]
            case "Lowercase": return [.lowercase]
            case "NFC": return [.nfc]
            case "NFD": return [.nfd]
            case "NFKC": return [.nfkc]
            case "NFKD": return [.nfkd]
            default: throw unsupported(path, "a \(type) normalizer")
            }
        }

        /// `" {2,}"`, `"x+"`: one literal character repeated at least n times — the only regexes SentencePiece
        /// conversions put in a Replace.
        static func runPattern(_ regex: String) -> (character: Character, minimum: Int)? {
            let scalars = Array(regex.unicodeScalars)
            guard let first = scalars.first, !"\\[](){}.*+?^$|".unicodeScalars.contains(first) else { return nil }
            let rest = String(String.UnicodeScalarView(scalars.dropFirst()))
            if rest == "+" { return (Character(first), 1) }
            guard rest.hasPrefix("{"), rest.hasSuffix(",}"), let count = Int(rest.dropFirst().dropLast(2)), count >= 1 else { return nil }
            return (Character(first), count)
        }

        func preTokenizer(_ node: StrictJSON?) throws -> MetaspaceSplitter {
            guard let node, node != .null else { throw unsupported("pre_tokenizer", "missing") }
            let type = string(node["type"]) ?? "?"
            if type == "Sequence", case .array(let inner)? = node["pretokenizers"] {
                let types = inner.map { string($0["type"]) ?? "?" }
                if types == ["Metaspace"] { return try preTokenizer(inner[0]) }
                if types == ["WhitespaceSplit", "Metaspace"] {
                    let metaspace = try preTokenizer(inner[1])
                    return MetaspaceSplitter(replacement: metaspace.replacement, prependScheme: metaspace.prependScheme,
                                             split: metaspace.split, splitOnWhitespaceFirst: true)
                }
                throw unsupported("pre_tokenizer", "a Sequence of \(types)")
            }
            guard type == "Metaspace" else { throw unsupported("pre_tokenizer", "a \(type) pre-tokenizer") }
            guard let replacementText = string(node["replacement"]), replacementText.unicodeScalars.count == 1,
                  let replacement = replacementText.unicodeScalars.first else {
                throw unsupported("pre_tokenizer", "a Metaspace whose replacement is not one character")
            }
            let scheme: MetaspaceSplitter.PrependScheme
            if let name = string(node["prepend_scheme"]) {
                guard let parsed = MetaspaceSplitter.PrependScheme(rawValue: name) else {
                    throw unsupported("pre_tokenizer", "a Metaspace with prepend_scheme \"\(name)\"")
                }
                scheme = parsed
            } else {
                scheme = (bool(node["add_prefix_space"]) ?? true) ? .always : .never
            }
            return MetaspaceSplitter(replacement: replacement, prependScheme: scheme, split: bool(node["split"]) ?? true)
        }

        /// The special-token ids before and after `$A` in a TemplateProcessing's `single` template.
        func template(_ node: StrictJSON?) throws -> (prefix: [Int], suffix: [Int]) {
            guard let node, node != .null else { return ([], []) }
            guard string(node["type"]) == "TemplateProcessing", case .array(let items)? = node["single"] else {
                throw unsupported("post_processor", "a \(string(node["type"]) ?? "?") post-processor")
            }
            var prefix: [Int] = [], suffix: [Int] = []
            var seenSequence = false
            for item in items {
                if item["Sequence"] != nil { seenSequence = true; continue }
                guard let name = string(item["SpecialToken"]?["id"]),
                      case .array(let ids)? = node["special_tokens"]?[name]?["ids"] else {
                    throw unsupported("post_processor", "a template item \(item.serialized())")
                }
                let values = try ids.map { id -> Int in
                    guard let value = id.integer, value >= 0 else {
                        throw TextTokenizerError(source: source, "post_processor.special_tokens.\(name).ids holds a non-integer")
                    }
                    return value
                }
                if seenSequence { suffix += values } else { prefix += values }
            }
            return (prefix, suffix)
        }
    }
}
