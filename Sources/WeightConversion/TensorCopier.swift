import Dispatch
import Foundation
import TorchCheckpoint
import VVAESupport

/// Moves a conversion's bytes: the source file's SHA-256, and per tensor its stored bytes' SHA-256 and their copy
/// into the output, spread over `threads` threads.
///
/// Hashing runs on every thread at once, but writes into one file do not: the file system serialises them (ext4
/// holds the inode's lock for each write, and a second writer only spins), so one thread at a time copies while the
/// others hash. The source digest, the longest job, starts first; tensors go largest first, so threads end together.
struct TensorCopier: Sendable {
    struct Digests: Sendable {
        let source: String
        let tensors: [String: String]
    }

    let archive: any TensorArchive
    let source: MappedReader
    /// Where each tensor's bytes go in the output, and the writer that puts them there.
    let offsets: [String: Int]
    let rawData: PositionalWriter
    let plan: [PlannedTensor]
    /// Counts checkpoint bytes: every byte is worked on twice (the source digest; a tensor's digest and copy), so
    /// each job advances by half of what it covers and the bar ends at the checkpoint's size.
    let progress: ProgressBar
    let threads: Int

    enum Job: Sendable {
        /// The whole source file's digest.
        case sourceDigest
        /// A tensor stored as the source holds it: its digest straight from the source's bytes.
        case digest(Int, Range<Int>)
        /// …and the kernel copy of those bytes into the output (needs the writer).
        case copy(Int, Range<Int>)
        /// A tensor that must be read and re-encoded: digest of the new bytes, then their write (needs the writer).
        case convert(Int)
    }

    func run() throws -> Digests {
        var hashing: [Job] = [.sourceDigest]
        var writing: [Job] = []
        for index in plan.indices.sorted(by: { plan[$0].byteCount > plan[$1].byteCount }) {
            let tensor = plan[index]
            if offsets[tensor.key] == nil { continue }
            if tensor.sourceDType.hdf5ElementType == tensor.storedType, let span = archive.fileSpan(named: tensor.sourceName),
               span.count == tensor.byteCount {
                hashing.append(.digest(index, span))
                writing.append(.copy(index, span))
            } else {
                hashing.append(.convert(index))
            }
        }
        rawData.preallocate(length: plan.compactMap { tensor in offsets[tensor.key].map { $0 + tensor.byteCount } }.max() ?? 0)
        let queue = JobQueue(hashing: hashing, writing: writing)
        let results = Results(tensorCount: plan.count)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(threads, hashing.count + writing.count)) {
            DispatchQueue.global().async(group: group) {
                while let job = queue.next() {
                    do {
                        try perform(job, results: results, queue: queue)
                    } catch {
                        results.fail(error)
                        queue.cancel()
                    }
                    if case .copy = job { queue.writerDone() }
                }
            }
        }
        group.wait()
        let emptyDigest = StreamingDigest.hexDigest(of: [UInt8]())
        for (index, tensor) in plan.enumerated() where offsets[tensor.key] == nil { results.set(index, emptyDigest) }
        return try results.digests(keys: plan.map(\.key))
    }

    private func perform(_ job: Job, results: Results, queue: JobQueue) throws {
        switch job {
        case .sourceDigest:
            results.setSource(try source.hexDigest { progress.advance(by: $0 / 2) })
        case .digest(let index, let span):
            results.set(index, try source.hexDigest(of: span))
            progress.advance(by: span.count / 4)
        case .copy(let index, let span):
            guard let offset = offsets[plan[index].key] else { return }
            try rawData.copy(span, of: source, to: offset)
            progress.advance(by: span.count / 4)
        case .convert(let index):
            let tensor = plan[index]
            guard let offset = offsets[tensor.key] else { return }
            let stored = ElementConversion.convert(try archive.readData(named: tensor.sourceName),
                                                   from: tensor.sourceDType, to: tensor.storedType)
            guard stored.count == tensor.byteCount else {
                throw SupportError.cannotRead(path: archive.path, reason: "tensor '\(tensor.sourceName)' gave \(stored.count) bytes, expected \(tensor.byteCount)")
            }
            results.set(index, StreamingDigest.hexDigest(of: stored))
            try queue.whileWriting { try rawData.write(stored, at: offset) }
            progress.advance(by: tensor.elementCount * tensor.sourceDType.byteSize / 2)
        }
    }
}

/// Hands out jobs: a copy whenever no other thread holds the writer, else a digest; with only copies left, a thread
/// waits for the writer. After `cancel()` it hands out nothing more.
private final class JobQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var hashing: [TensorCopier.Job]
    private var writing: [TensorCopier.Job]
    private var nextHash = 0
    private var nextWrite = 0
    private var writerBusy = false
    private var cancelled = false

    init(hashing: [TensorCopier.Job], writing: [TensorCopier.Job]) {
        self.hashing = hashing
        self.writing = writing
    }

    func next() -> TensorCopier.Job? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled {
            if !writerBusy, nextWrite < writing.count {
                writerBusy = true
                nextWrite += 1
                return writing[nextWrite - 1]
            }
            if nextHash < hashing.count {
                nextHash += 1
                return hashing[nextHash - 1]
            }
            if nextWrite >= writing.count { return nil }
            condition.wait()
        }
        return nil
    }

    func writerDone() {
        condition.lock()
        writerBusy = false
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `body` holding the writer (for writes outside `.copy` jobs).
    func whileWriting<Result>(_ body: () throws -> Result) throws -> Result {
        condition.lock()
        while writerBusy { condition.wait() }
        writerBusy = true
        condition.unlock()
        defer { writerDone() }
        return try body()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// What the copier's threads produce; the first failure stops the others.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var source: String?
    private var tensors: [String?]
    private var failure: Error?

    init(tensorCount: Int) { tensors = Array(repeating: nil, count: tensorCount) }

    var failed: Bool { lock.withLock { failure != nil } }

    func setSource(_ digest: String) { lock.withLock { source = digest } }
    func set(_ index: Int, _ digest: String) { lock.withLock { tensors[index] = digest } }
    func fail(_ error: Error) { lock.withLock { if failure == nil { failure = error } } }

    func digests(keys: [String]) throws -> TensorCopier.Digests {
        try lock.withLock {
            if let failure { throw failure }
            var byKey: [String: String] = [:]
            for (key, digest) in zip(keys, tensors) { byKey[key] = digest }
            return TensorCopier.Digests(source: source ?? "", tensors: byKey)
        }
    }
}
