import Foundation
import TestSupport
import Testing
@testable import HDF5Kit

/// The structure check runs libhdf5 over a file in a child process first, so files that crash or hang libhdf5
/// (inputs the fuzzer found, committed under Fixtures/fuzz/) become errors that name the file.
@Suite struct StructureCheckTests {
    /// A weight file whose dense link storage makes libhdf5 1.10.8 free a wild pointer.
    static let crashingFile = "fuzz/weight-file/crash-52464ac690f971c31fe61fb55d75c957e1a12cb0"
    /// A latent file whose string attribute sends libhdf5 round a global heap for good.
    static let spinningFile = "fuzz/latent-file/timeout-fb9abc1b891a73f3dbdd5d25feac1517054958b9"

    /// A latent file whose root attributes libhdf5 cannot list, though it finds `format` by name, and reading that
    /// then spins in a global heap: the child's listing fails, so nothing is read by name at all.
    static let unlistableFile = "fuzz/latent-file/timeout-eddd2f2de1c52055367475dd84240f8b949d4ea9"

    @Test func aValidFilePassesAndOpens() throws {
        try HDF5StructureCheck.check(TestFiles.h5pyTypes)
        #expect(try !HDF5File.open(atPath: TestFiles.h5pyTypes).datasetPaths().isEmpty)
    }

    @Test func aFileThatCrashesLibhdf5IsRefusedWithItsName() throws {
        let path = FixturePaths.fixture(Self.crashingFile).path
        let error = #expect(throws: HDF5Error.self) { try HDF5File.open(atPath: path) }
        guard case .corruptStructure(let failure) = error?.kind else {
            Issue.record("expected a structure-check failure, got \(String(describing: error))")
            return
        }
        // Without AddressSanitizer glibc's free() aborts or the read faults; with it, the report ends the child.
        // What the corrupt metadata does depends on the heap's layout: once (full suite, both cores busy) libhdf5
        // failed a listing before it faulted, which refuses the file the same way.
        switch failure {
        case .crashed, .failed, .unlistable: break
        default: Issue.record("expected a crash, got \(failure)")
        }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("HDF5 error: cannot open file in \(path): the file is corrupt: libhdf5 "))
        #expect(!message.contains("\n"))
    }

    @Test func aFileThatHangsLibhdf5IsRefusedWithinTheTimeLimit() throws {
        let path = FixturePaths.fixture(Self.spinningFile).path
        let start = ContinuousClock.now
        let error = #expect(throws: HDF5Error.self) {
            try HDF5StructureCheck.check(path, timeLimit: .milliseconds(300))
        }
        #expect(error?.kind == .corruptStructure(.timedOut(milliseconds: 300)))
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(error?.description.contains("had not finished reading its structure after 0.3 s") == true)
    }

    @Test func aFileWhoseAttributesCannotBeListedIsRefused() throws {
        let path = FixturePaths.fixture(Self.unlistableFile).path
        let error = #expect(throws: HDF5Error.self) { try HDF5File.open(atPath: path) }
        #expect(error?.kind == .corruptStructure(.unlistable))
        #expect(error?.description == "HDF5 error: cannot open file in \(path): the file is corrupt: libhdf5 cannot "
            + "list all of its objects and attributes")
    }
}
