import TextTokenizer

extension FuzzTarget {
    /// A caption with the hard parts a tokenizer meets: spaces, digits, accents, an added token, emoji.
    static let sampleCaption = "A  cat, 12 dogs — café ☃ <extra_id_3> Ｆｕｌｌ-width\t\u{301}end"

    /// A Hugging Face `tokenizer.json`: the normalizers, the precompiled charsmap, the Unigram vocabulary.
    static let tokenizerJSON = FuzzTarget(name: "tokenizer-json", summary: "a tokenizer.json, loaded and a caption tokenized", maxLength: 256 << 10) { input in
        let tokenizer = try TokenizerJSONFile.tokenizer(bytes: input, source: "tokenizer.json")
        _ = try tokenizer.encode(sampleCaption, maxLength: 64)
    }

    /// A SentencePiece `spiece.model` protobuf, converted as upstream's pinned transformers converts it.
    static let sentencePieceModel = FuzzTarget(name: "spiece-model", summary: "a spiece.model protobuf, loaded and a caption tokenized", maxLength: 256 << 10) { input in
        let tokenizer = try SentencePieceModelFile.tokenizer(bytes: input, source: "spiece.model")
        _ = try tokenizer.encode(sampleCaption, maxLength: 64)
    }

    /// Upstream's caption cleaning (its regular expressions, HTML text, ftfy), on any UTF-8 text.
    static let caption = FuzzTarget(name: "caption", summary: "a caption through upstream's clean_caption, twice", maxLength: 4 << 10) { input in
        _ = CaptionCleaner.prepare(String(decoding: input, as: UTF8.self), clean: true)
    }
}
