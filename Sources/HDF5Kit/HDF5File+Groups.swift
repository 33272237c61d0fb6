import CHDF5

/// What an object path names.
public enum HDF5ObjectKind: Sendable, Equatable {
    case group
    case dataset
    /// A named datatype or something else that is neither group nor dataset.
    case other
}

extension HDF5File {
    /// What is stored at `path`, or nil when nothing is (including when an intermediate group is missing).
    public func objectKind(at path: String) throws -> HDF5ObjectKind? {
        try withFile(objectPath: path, operation: "look up object") { file, call in
            let normalised = try HDF5ObjectPath.normalise(path, call)
            return try Self.objectKind(file, normalised, call)
        }
    }

    /// Creates the group and any missing parents; an existing group is left as it is.
    public func createGroup(_ path: String) throws {
        try withFile(objectPath: path, operation: "create group") { file, call in
            let normalised = try HDF5ObjectPath.normalise(path, call)
            switch try Self.objectKind(file, normalised, call) {
            case .group: return
            case .dataset, .other: throw call.error(.objectExists)
            case nil: break
            }
            try call.with(Self.makeIntermediateGroupLinkList(call), closedBy: .propertyList) { links in
                try call.with(H5Gcreate2(file, normalised, links, vvae_H5P_DEFAULT(), vvae_H5P_DEFAULT()),
                              closedBy: .group) { _ in }
            }
        }
    }

    static func objectKind(_ file: hid_t, _ normalised: String, _ call: HDF5Call) throws -> HDF5ObjectKind? {
        if normalised == "/" { return .group }
        let prefixes = HDF5ObjectPath.prefixes(of: normalised)
        for (index, prefix) in prefixes.enumerated() {
            let exists = H5Lexists(file, prefix, vvae_H5P_DEFAULT())
            if exists == 0 { return nil }
            try call.check(exists)
            let type = vvae_object_type(file, prefix)
            if type == H5O_TYPE_UNKNOWN {
                // A dangling soft link exists as a link but names no object.
                _ = HDF5ErrorStack.takeEntries()
                return nil
            }
            if index < prefixes.count - 1 {
                // Only a group can have children; `/a/weight/x` under a dataset `/a/weight` does not exist.
                guard type == H5O_TYPE_GROUP else { return nil }
                continue
            }
            switch type {
            case H5O_TYPE_GROUP: return .group
            case H5O_TYPE_DATASET: return .dataset
            default: return .other
            }
        }
        return nil
    }

    /// A link-creation property list that creates missing parent groups; the caller closes it.
    static func makeIntermediateGroupLinkList(_ call: HDF5Call) throws -> hid_t {
        let links = H5Pcreate(vvae_H5P_LINK_CREATE())
        guard links >= 0 else { throw call.libraryError() }
        guard H5Pset_create_intermediate_group(links, 1) >= 0 else {
            let error = call.libraryError()
            H5Pclose(links)
            throw error
        }
        return links
    }

    /// Throws `.missingObject` or `.wrongObjectKind` unless `normalised` is a dataset.
    static func requireDataset(_ file: hid_t, _ normalised: String, _ call: HDF5Call) throws {
        switch try objectKind(file, normalised, call) {
        case .dataset: return
        case nil: throw call.error(.missingObject)
        case .group, .other: throw call.error(.wrongObjectKind(expected: "dataset"))
        }
    }
}
