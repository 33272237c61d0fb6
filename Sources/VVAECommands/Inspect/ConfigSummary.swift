import VideoVAEConfig

/// One paragraph about the model a weight file embeds: what a user wants to know before running it.
enum ConfigSummary {
    static func json(yaml: String) -> JSONValue? {
        guard let config = try? VideoVAEModelConfig(yamlText: yaml) else { return nil }
        return .object([
            ("latent_channels", .int(Int64(config.latentChannels))),
            ("spatial_compression", .int(Int64(config.spatialCompression))),
            ("temporal_compression", .int(Int64(config.temporalCompression))),
            ("levels", .int(Int64(config.levelCount))),
            ("base_channels", .int(Int64(config.spatial.baseChannels))),
            ("use_quant_conv", .bool(config.useQuantConv)),
            ("embed_dim", config.embedDim.map { .int(Int64($0)) } ?? .null),
            ("text_guided", .bool(config.hasTextCrossAttention)),
        ])
    }

    static func text(yaml: String) -> String? {
        guard let config = try? VideoVAEModelConfig(yamlText: yaml) else { return nil }
        var parts = ["latent \(config.latentChannels) channels",
                     "compression \(config.temporalCompression)×\(config.spatialCompression)×\(config.spatialCompression) (T×H×W)",
                     "\(config.levelCount) levels from \(config.spatial.baseChannels) channels"]
        if config.useQuantConv { parts.append("quant convs (embed_dim \(config.embedDim.map(String.init) ?? "?"))") }
        parts.append(config.hasTextCrossAttention ? "text-guided (T5 embeddings, 1024-d)" : "no text guidance")
        return parts.joined(separator: ", ")
    }
}
