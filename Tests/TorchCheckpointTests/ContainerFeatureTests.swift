import Foundation
import Testing
@testable import TorchCheckpoint

/// Container and tensor features the issue names, checked on the recorded fixtures.
@Suite struct ContainerFeatureTests {
    func open(_ file: String) throws -> Checkpoint { try Checkpoint(path: RecordedExpectations.path(file)) }

    @Test func archivePrefixIsTheStemOrArchive() throws {
        #expect(try open("dtypes.pt").archivePrefix == "dtypes/")
        #expect(try open("protocol4.pt").archivePrefix == "archive/")
        #expect(try open("dtypes_legacy.pt").archivePrefix == nil)
    }

    @Test func pickleProtocolIsReported() throws {
        #expect(try open("dtypes.pt").pickleProtocol == 2)
        #expect(try open("protocol4.pt").pickleProtocol == 4)
        #expect(try open("protocol4_legacy.pt").pickleProtocol == 4)
    }

    @Test func bigEndianFileIsSwappedToTheSameValuesAsTheLittleEndianOne() throws {
        let big = try open("bigendian.pt")
        let little = try open("dtypes.pt")
        #expect(big.isBigEndian)
        #expect(!little.isBigEndian)
        for named in big.tensors {
            let other = try #require(little.tensor(named: named.name))
            #expect(try big.readData(named.tensor) == little.readData(other), "\(named.name)")
        }
    }

    @Test func viewsShareOneStorageWithOffsetsAndStrides() throws {
        for file in ["views.pt", "views_legacy.pt", "deflated.pt"] {
            let c = try open(file)
            let a = try #require(c.tensor(named: "shared_a"))
            let b = try #require(c.tensor(named: "shared_b"))
            let s = try #require(c.tensor(named: "shared_c"))
            #expect(a.storageKey == b.storageKey && b.storageKey == s.storageKey, "\(file)")
            #expect(a.storageOffset == 2 && b.storageOffset == 5)
            #expect(try c.readFloats(b) == [5, 6, 9, 10, 13, 14, 17, 18, 21, 22])
            #expect(try c.readFloats(s) == [0, 5, 10, 15, 20])
            let transposed = try #require(c.tensor(named: "transposed"))
            #expect(!transposed.isContiguous)
            #expect(try c.readFloats(transposed) == [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
            let expanded = try #require(c.tensor(named: "expanded"))
            #expect(expanded.strides == [0, 1])
            #expect(try c.readFloats(expanded) == [1, 2, 3, 1, 2, 3])
        }
    }

    @Test func legacyStorageViewIsAddressedInsideItsRootStorage() throws {
        let c = try open("legacy_view.pt")
        let view = try #require(c.tensor(named: "view"))
        #expect(view.storageKey == "root")
        #expect(view.storageByteBase == 4 * 4 && view.storageByteCount == 5 * 4)
        #expect(try c.readFloats(view) == [5, 6, 7, 8])
    }

    @Test func parameterAndSubclassWrappersAreUnwrapped() throws {
        for file in ["views.pt", "views_legacy.pt"] {
            let c = try open(file)
            #expect(try c.readFloats(try #require(c.tensor(named: "param"))) == [1, -2])
            #expect(try c.readFloats(try #require(c.tensor(named: "param_with_state"))) == [0.5, 1.5])
            #expect(try c.readFloats(try #require(c.tensor(named: "subclass"))) == [4, 5, 6])
        }
    }

    @Test func zeroDimensionalAndEmptyTensors() throws {
        let c = try open("dtypes.pt")
        let scalar = try #require(c.tensor(named: "scalar"))
        #expect(scalar.shape == [] && scalar.elementCount == 1)
        #expect(try c.readFloats(scalar) == [3.5])
        let empty = try #require(c.tensor(named: "empty"))
        #expect(empty.shape == [0, 3] && empty.elementCount == 0)
        #expect(try c.readData(empty).isEmpty)
    }

    @Test func newerDTypesComeFromRebuildTensorV3() throws {
        let c = try open("dtypes.pt")
        #expect(c.tensor(named: "f8e4m3")?.dtype == .float8_e4m3fn)
        #expect(c.tensor(named: "f8e5m2")?.dtype == .float8_e5m2)
    }

    @Test func metadataKeepsPlainValues() throws {
        let c = try open("dtypes.pt")
        let meta = Dictionary(uniqueKeysWithValues: c.metadata.map { ($0.key, $0.value) })
        #expect(meta["epoch"]?.intValue == 7)
        #expect(meta["name"]?.stringValue == "fixture")
        #expect(meta["lr"]?.description == "0.001")
        #expect(meta["flags"]?.description == "[True, None, False]")
        #expect(meta["blob"]?.description == "b'\\x00\\xffab'")  // protocol 2 stores bytes via _codecs.encode
        #expect(meta["nested"]?.description == "{'pair': (1, 2), 'big': 1180591620717411303424, 'neg': -5}")
    }

    @Test func lightningCheckpointListsStateDictAndHyperparameters() throws {
        let c = try open("lightning.ckpt")
        #expect(c.tensors.allSatisfy { $0.name.hasPrefix("state_dict/") })
        #expect(c.tensor(named: "state_dict/encoder.0.weight")?.shape == [3, 1, 3, 3])
        let meta = Dictionary(uniqueKeysWithValues: c.metadata.map { ($0.key, $0.value) })
        #expect(meta["epoch"]?.intValue == 1)
        #expect(meta["global_step"]?.intValue == 2)
        #expect(meta["pytorch-lightning_version"]?.stringValue == "1.9.4")
        // Lightning 1.9 stores hyper_parameters as a plain dict; its `options` is an argparse.Namespace: inert.
        let hparams = try #require(meta["hyper_parameters"])
        #expect(hparams["hidden"]?.intValue == 3)
        #expect(hparams["name"]?.stringValue == "tiny")
        #expect(meta["hparams_name"]?.stringValue == "kwargs")
        #expect(meta["loops"]?["fit_loop"]?["epoch_loop.state_dict"]?["_batches_that_stepped"]?.intValue == 2)
        guard case .object(let namespace)? = hparams["options"] else {
            Issue.record("options is \(String(describing: hparams["options"]))")
            return
        }
        #expect(namespace.qualifiedName == "argparse.Namespace")
        #expect(namespace.description == "argparse.Namespace(depth=2, mode='fast')")
    }

    @Test func largeFileIsReadInPlace() throws {
        let c = try open("large.pt")
        let big = try #require(c.tensor(named: "big.weight"))
        #expect(big.shape == [128, 160])
        #expect(try c.readData(big).count == 128 * 160 * 4)
    }
}
