/// `embed_dim` can be missing from a config (upstream's own config_4z_cap omits it and so cannot load). These helpers
/// let the converter take it from the checkpoint instead, or say precisely what is missing.
extension VideoVAEModelConfig {
    /// `embed_dim` from the shape of a checkpoint's `quant_conv.weight` (`[2·embed_dim, 2·z_channels, 1, 1, 1]`);
    /// nil when the shape is not of that form.
    public static func inferEmbedDim(quantConvWeightShape shape: [Int]) -> Int? {
        guard shape.count == 5, shape[0] > 0, shape[0] % 2 == 0, Array(shape[2...]) == [1, 1, 1] else { return nil }
        return shape[0] / 2
    }

    /// `embed_dim` from the shape of a checkpoint's `post_quant_conv.weight` (`[z_channels, embed_dim, 1, 1, 1]`).
    public static func inferEmbedDim(postQuantConvWeightShape shape: [Int]) -> Int? {
        guard shape.count == 5, shape[1] > 0, Array(shape[2...]) == [1, 1, 1] else { return nil }
        return shape[1]
    }

    /// The `embed_dim` the model is built with: the config's, else `supplied`; nil when no quant conv is used.
    /// Throws when a quant conv needs it and neither gives it, or when both give different values.
    public func resolvedEmbedDim(_ supplied: Int?) throws -> Int? {
        guard useQuantConv else { return nil }
        switch (embedDim, supplied) {
        case let (configured?, supplied?) where configured != supplied:
            throw ConfigError(.conflictingEmbedDim, file: sourceName, keyPath: "model.params.embed_dim",
                              message: "the config says embed_dim \(configured) but \(supplied) was supplied (e.g. inferred from the checkpoint)")
        case let (configured?, _):
            return configured
        case let (nil, supplied?):
            guard supplied >= 1 else {
                throw ConfigError(.invalidValue, file: sourceName, keyPath: "model.params.embed_dim",
                                  message: "supplied embed_dim must be at least 1, found \(supplied)")
            }
            return supplied
        case (nil, nil):
            throw ConfigError(.missingEmbedDim, file: sourceName, keyPath: "model.params.embed_dim",
                              message: "use_quant_conv is true but embed_dim is missing: add `embed_dim: N` under model.params "
                                + "(N = channels after quant_conv, i.e. half the first dimension of quant_conv.weight), "
                                + "or let vvae-convert infer it from the checkpoint")
        }
    }

    /// A copy whose `embed_dim` is `value`; when the config text lacked it, a line `embed_dim: value` is added to
    /// `model.params` in `yamlText`, so the text alone (e.g. embedded in a converted file) describes the model.
    public func withEmbedDim(_ value: Int) throws -> VideoVAEModelConfig {
        let resolved = try resolvedEmbedDim(value)
        if embedDim != nil || !useQuantConv || resolved == nil { return self }
        let root = try YAMLParser.parse(yamlText, file: sourceName)
        guard let params = root["model"]?["params"], case .mapping(let entries) = params.content,
              let firstKey = entries.first?.key else {
            throw ConfigError(.invalidValue, file: sourceName, keyPath: "model.params", message: "cannot add embed_dim: model.params is empty")
        }
        var lines = yamlText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let lineIndex = firstKey.mark.line - 1
        guard lines.indices.contains(lineIndex),
              lines[lineIndex].prefix(firstKey.mark.column - 1).allSatisfy({ $0 == " " }) else {
            throw ConfigError(.invalidValue, file: sourceName, mark: params.mark, keyPath: "model.params",
                              message: "cannot add embed_dim to a flow-style model.params; write `embed_dim: \(value)` there yourself")
        }
        let indent = String(repeating: " ", count: firstKey.mark.column - 1)
        lines.insert("\(indent)embed_dim: \(value)  # added by vvae: inferred from the checkpoint", at: lineIndex)
        let updated = try VideoVAEModelConfig(yamlText: lines.joined(separator: "\n"), sourceName: sourceName)
        guard updated.embedDim == value, updated.spatial == spatial, updated.temporal == temporal else {
            throw ConfigError(.invalidValue, file: sourceName, keyPath: "model.params",
                              message: "adding embed_dim to the config text did not round-trip")
        }
        return updated
    }
}
