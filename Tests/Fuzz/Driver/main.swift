import CLibFuzzer
import Foundation
import FuzzEntries

// `vvae-fuzz`: one libFuzzer executable for every target, chosen by VVAE_FUZZ_TARGET (Tests/Fuzz/fuzz.sh sets it).
// It exists only in the fuzz build (Package.swift declares it when VVAE_FUZZ=1), which links libFuzzer with
// swiftc -sanitize=fuzzer,address; main hands over to libFuzzer's driver.

enum Fuzzing {
    static let environment = ProcessInfo.processInfo.environment
    /// VVAE_FUZZ_VERBOSE=1 prints what each input did, for looking at seeds: `vvae-fuzz -runs=0 FILE…`.
    static let verbose = environment["VVAE_FUZZ_VERBOSE"] == "1"
    static let target: FuzzTarget? = FuzzTarget.named(environment["VVAE_FUZZ_TARGET"] ?? "")

    static func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        guard let target else { return 0 }
        let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        switch target.run(input) {
        case .violation(let violation):
            // A trap is how libFuzzer learns of a failure: it saves the input as a crash file.
            fatalError(violation)
        case .refused(let message) where verbose:
            print("refused: \(message)")
        case .accepted where verbose:
            print("accepted")
        default:
            break
        }
        return 0
    }
}

if Fuzzing.environment["VVAE_FUZZ_DESCRIBE"] == "1" {
    // One line per target for fuzz.sh: name, -max_len, summary.
    for target in FuzzTarget.all { print("\(target.name) \(target.maxLength) \(target.summary)") }
    exit(0)
}
guard Fuzzing.target != nil else {
    let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
    FileHandle.standardError.write(Data("vvae-fuzz: set VVAE_FUZZ_TARGET to one of: \(names)\n".utf8))
    exit(2)
}
atexit { FuzzTarget.removeScratchFiles() }
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in Fuzzing.testOneInput(data, size) })
