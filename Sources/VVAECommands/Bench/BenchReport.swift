import Foundation

/// The bench's printed table: ours, and when a peer ran, the peer and the ratios ours/peer.
enum BenchReport {
    static func table(_ results: BenchResults, peerName: String?) -> String {
        var header = ["step", "vvae time", "vvae peak"]
        if let peerName { header += ["\(peerName) time", "\(peerName) peak", "time ratio", "memory ratio"] }
        var rows = [header]
        let steps: [(String, BenchResults.Best?, BenchResults.Best?)] =
            BenchResults.Step.allCases.map { ($0.rawValue, results.best(.ours, $0), results.best(.peer, $0)) }
            + [("encode+decode", results.total(.ours), results.total(.peer))]
        for (name, ours, peer) in steps {
            guard let ours else { continue }
            var row = [name, seconds(ours.seconds), TensorTable.humanBytes(ours.peakResidentBytes)]
            if peerName != nil, let peer {
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
