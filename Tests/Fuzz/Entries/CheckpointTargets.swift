import TorchCheckpoint

extension FuzzTarget {
    /// The unpickler alone: every opcode, the memo, the stack limits and the known-globals table.
    static let pickle = FuzzTarget(name: "pickle", summary: "a pickle stream (PickleValue(unpickling:))", maxLength: 64 << 10) { input in
        let value = try PickleValue(unpickling: input, file: "fuzz.pkl")
        _ = String(describing: value)
    }

    /// A `torch.save` zip: our zip directory, the ambiguity checks, libzip, the pickle and every tensor's bytes.
    static let torchZip = FuzzTarget(name: "torch-zip", summary: "a torch.save zip checkpoint, opened and every tensor read", maxLength: 256 << 10) { input in
        try readCheckpoint(ScratchFile.write(input, as: "zip.pt"))
    }

    /// A legacy (pre-1.6) `torch.save` stream: the magic, the pickles and the 8-byte storage headers.
    static let torchLegacy = FuzzTarget(name: "torch-legacy", summary: "a legacy torch.save checkpoint, opened and every tensor read", maxLength: 256 << 10) { input in
        try readCheckpoint(ScratchFile.write(input, as: "legacy.pt"))
    }

    private static func readCheckpoint(_ path: String) throws {
        let checkpoint = try Checkpoint(path: path)
        for named in checkpoint.tensors {
            _ = try checkpoint.readDoubles(named.tensor)
        }
        _ = String(describing: checkpoint.root)
    }
}
