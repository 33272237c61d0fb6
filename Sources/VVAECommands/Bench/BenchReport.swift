import Foundation

/// The bench's printed table: ours, and when a peer ran, the peer and the ratios ours/peer.
enum BenchReport {
    /// One row per step; after vvae's columns, each peer's time and peak and the ratios vvae/peer.
    static func table(_ results: BenchResults, peerNames: [String]) -> String {
        var header = ["step", "vvae time", "vvae peak"]
        for name in peerNames { header += ["\(name) time", "\(name) peak", "time ratio", "memory ratio"] }
        var rows = [header]
        let steps: [(String, (BenchResults.Side) -> BenchResults.Best?)] =
            BenchResults.Step.allCases.map { step in (step.rawValue, { results.best($0, step) }) }
            + [("encode+decode", { results.total($0) })]
        for (name, best) in steps {
            guard let ours = best(.ours) else { continue }
            var row = [name, seconds(ours.seconds), TensorTable.humanBytes(ours.peakResidentBytes)]
            for index in peerNames.indices {
                guard let peer = best(.peer(index)) else {
                    row += ["", "", "", ""]
                    continue
                }
                row += [seconds(peer.seconds), TensorTable.humanBytes(peer.peakResidentBytes),
                        String(format: "%.2f", ours.seconds / peer.seconds),
                        String(format: "%.2f", Double(ours.peakResidentBytes) / Double(max(peer.peakResidentBytes, 1)))]
            }
            rows.append(row)
        }
        let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, text in
                column == 0 ? TensorTable.pad(text, widths[column]) : TensorTable.leftPad(text, widths[column])
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }

    /// The 1-, 5- and 15-minute load averages, so a reader can judge how busy the machine was.
    static func loadAverage() -> String {
        var loads = [Double](repeating: 0, count: 3)
        guard getloadavg(&loads, 3) == 3 else { return "unknown" }
        return loads.map { String(format: "%.2f", $0) }.joined(separator: " ")
    }
}
