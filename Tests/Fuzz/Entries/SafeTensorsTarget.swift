import SafeTensors

extension FuzzTarget {
    /// A `.safetensors` file: the length prefix, the JSON header (StrictJSON) and each tensor's byte range.
    static let safetensors = FuzzTarget(name: "safetensors", summary: "a .safetensors file, opened and every tensor read", maxLength: 64 << 10) { input in
        let file = try SafeTensorsFile(path: ScratchFile.write(input, as: "model.safetensors"))
        for entry in file.header.entries {
            _ = try file.readData(named: entry.name)
        }
    }
}
