import ArgumentParser
import Foundation
import Testing
import TestSupport
import VVAECommands

/// Every command's `--help` at 80 columns (the default, and what a pipe gets), against the snapshot in
/// Fixtures/help/. Help is written as paragraphs, so it wraps cleanly at any width: no line beyond the width, no
/// example broken across lines. `VVAE_UPDATE_HELP=1 swift test … --filter HelpSnapshotTests` rewrites the snapshots
/// after a deliberate change (review the diff).
struct HelpSnapshotTests {
    /// Every (root, command) pair the three executables offer, subcommands included.
    static let commands: [(root: ParsableCommand.Type, command: ParsableCommand.Type, name: String)] = {
        var list: [(ParsableCommand.Type, ParsableCommand.Type, String)] = []
        func walk(_ root: ParsableCommand.Type, _ node: ParsableCommand.Type, _ path: [String]) {
            let path = path + [node.configuration.commandName ?? "?"]
            list.append((root, node, path.joined(separator: " ")))
            for child in node.configuration.subcommands { walk(root, child, path) }
        }
        walk(VVAEMain.self, VVAEMain.self, [])
        walk(ConvertTool.self, ConvertTool.self, [])
        walk(InspectTool.self, InspectTool.self, [])
        return list
    }()

    @Test(arguments: commands.map(\.name))
    func helpAt80ColumnsMatchesItsSnapshot(name: String) throws {
        let entry = try #require(Self.commands.first { $0.name == name })
        let help = entry.root.helpMessage(for: entry.command, columns: 80) + "\n"
        // The USAGE synopsis is one line by design (argument-parser never wraps it, so it stays copyable).
        let long = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { $0.count > 80 && !$0.hasPrefix("USAGE: ") }
        #expect(long.isEmpty, "\(name): lines beyond 80 columns:\n\(long.joined(separator: "\n"))")
        // An example line (`  vvae …`) never continues on the next line.
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, line) in lines.enumerated() where (line.hasPrefix("  vvae") || line.hasPrefix("      -")) && index + 1 < lines.count {
            let next = lines[index + 1]
            // Or the example continues as a shell line does: a trailing backslash, the next line indented.
            let continued = line.hasSuffix(" \\") && next.hasPrefix("      ")
            #expect(next.isEmpty || next.hasPrefix("  vvae") || continued, "\(name): example '\(line)' continues as '\(next)'")
        }
        let snapshot = FixturePaths.fixture("help/\(name.replacingOccurrences(of: " ", with: "_")).txt")
        if ProcessInfo.processInfo.environment["VVAE_UPDATE_HELP"] == "1" {
            try help.write(to: snapshot, atomically: true, encoding: .utf8)
        }
        let recorded = try String(contentsOf: snapshot, encoding: .utf8)
        #expect(help == recorded, "\(name): --help differs from \(snapshot.path); if intended, rerun with VVAE_UPDATE_HELP=1")
    }
}
