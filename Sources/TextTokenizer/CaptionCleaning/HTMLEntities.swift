/// The HTML5 named character references (the generated `listing`, from Python's `html.entities.html5`), looked up by
/// name as Python's `html` module and BeautifulSoup look them up.
enum HTMLEntities {
    /// Name (as spelled in the listing, `;` included when it has one) to the scalars it stands for.
    static let byName: [String: [Unicode.Scalar]] = parse(listing)

    /// The same names without their `;`, first spelling in sorted order winning — BeautifulSoup's table of what a
    /// reference `&name` or `&name;` decodes to when its HTML parser meets one in text.
    static let byNameWithoutSemicolon: [String: [Unicode.Scalar]] = {
        var table: [String: [Unicode.Scalar]] = [:]
        for line in listing.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard fields.count == 2 else { continue }  // every generated line is `name<tab>code points`
            var name = String(fields[0])
            if name.hasSuffix(";") { name.removeLast() }
            if table[name] == nil { table[name] = scalars(fields[1]) }
        }
        return table
    }()

    /// The longest name in the table, in scalars.
    static let longestName = byName.keys.map(\.unicodeScalars.count).max() ?? 0

    /// Looks `name` up in `table`. Names are ASCII: any other key misses at once (Swift's `String` equality is
    /// canonical equivalence, under which the Kelvin sign would equal `K`; Python compares code points).
    static func lookUp(_ name: ArraySlice<Unicode.Scalar>, in table: [String: [Unicode.Scalar]]) -> [Unicode.Scalar]? {
        guard name.allSatisfy(\.isASCII) else { return nil }
        return table[Array(name).string]
    }

    static func parse(_ listing: String) -> [String: [Unicode.Scalar]] {
        var table: [String: [Unicode.Scalar]] = [:]
        for line in listing.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard fields.count == 2 else { continue }  // every generated line is `name<tab>code points`
            table[String(fields[0])] = scalars(fields[1])
        }
        return table
    }

    /// The scalars of a field of hexadecimal code points. The tables are generated from Python's, so every field
    /// is well formed (`ConstantPatternTests` checks); a malformed code point would give U+FFFD.
    private static func scalars(_ field: Substring) -> [Unicode.Scalar] {
        field.split(separator: " ").map { UInt32($0, radix: 16).flatMap(Unicode.Scalar.init) ?? "\u{FFFD}" }
    }
}
