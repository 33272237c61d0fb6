/// Where a container keeps storage bytes: zip records or spans of a legacy file.
protocol StorageStore: Sendable {
    /// Bytes actually present for a storage, or nil when the container has no such storage.
    func byteCount(ofStorage key: String) -> Int?
    /// The record or span name errors should mention.
    func recordName(ofStorage key: String) -> String
    func read(storage key: String, byteOffset: Int, count: Int) throws -> [UInt8]
    /// Where those bytes lie in the checkpoint file when they are stored there as they are (not compressed), so a
    /// caller may hash or copy them in place; nil otherwise.
    func fileSpan(ofStorage key: String, byteOffset: Int, count: Int) -> Range<Int>?
}

/// What parsing a container yields: the object tree and how to reach the storages behind it.
struct ContainerContents {
    let format: CheckpointFormat
    let root: PickleValue
    let store: StorageStore
    let isBigEndian: Bool
    let pickleProtocol: Int
    /// Zip only: the folder all records sit under (`archive/`, or the file stem).
    let archivePrefix: String?
}
