/// Normalises object paths to the absolute form libhdf5 and our errors use: `/a/b/c`, root `/`.
enum HDF5ObjectPath {
    /// Accepts `a/b`, `/a/b` and `/a/b/`; rejects empty (`a//b`), `.` and `..` components.
    static func normalise(_ path: String, _ call: HDF5Call) throws -> String {
        var body = Substring(path)
        if body.hasPrefix("/") { body = body.dropFirst() }
        if body.hasSuffix("/") { body = body.dropLast() }
        if body.isEmpty { return "/" }
        let components = body.split(separator: "/", omittingEmptySubsequences: false)
        for component in components where component.isEmpty || component == "." || component == ".." {
            throw call.error(.invalidArgument("object path '\(path)' has an empty, '.' or '..' component"))
        }
        return "/" + components.joined(separator: "/")
    }

    /// `/a`, `/a/b`, `/a/b/c` for `/a/b/c`.
    static func prefixes(of normalised: String) -> [String] {
        var result: [String] = []
        var current = ""
        for component in normalised.split(separator: "/") {
            current += "/" + component
            result.append(current)
        }
        return result
    }
}
