import Foundation
import Testing
import TestSupport

/// The shipped man pages (Docs/man, made by Fixtures/generators/make_man_pages.sh with swift-argument-parser's
/// manual generator) and completions say what the tools say: every command, argument and line of discussion that
/// `--experimental-dump-help` reports is in the page, in its command's section.
struct ManPageTests {
    /// A command as `--experimental-dump-help` describes it.
    struct Command {
        let name: String
        let abstract: String
        let discussion: String
        /// Its displayed arguments: `--name` or `-n` for options and flags, the value name for positionals.
        let markers: [String]
        let help: [String]
        let subcommands: [Command]

        init(_ json: [String: Any]) {
            name = json["commandName"] as? String ?? ""
            abstract = json["abstract"] as? String ?? ""
            discussion = json["discussion"] as? String ?? ""
            let arguments = (json["arguments"] as? [[String: Any]] ?? []).filter { $0["shouldDisplay"] as? Bool != false }
            markers = arguments.map { argument in
                let preferred = argument["preferredName"] as? [String: Any]
                let name = preferred?["name"] as? String ?? ""
                if argument["kind"] as? String == "positional" || preferred == nil { return argument["valueName"] as? String ?? "" }
                return preferred?["kind"] as? String == "long" ? "--\(name)" : "-\(name)"
            }
            help = arguments.compactMap { $0["abstract"] as? String }
            subcommands = (json["subcommands"] as? [[String: Any]] ?? []).map(Command.init)
        }

        /// Itself and every subcommand, depth first: the order the page lists them.
        var all: [Command] { [self] + subcommands.flatMap(\.all) }
    }

    /// Whether an mdoc line is the list item of `argument`: `.It Fl -json`, `.It Fl h , -help`, `.It Ar output`, `.It Ar files...`.
    static func itemLine(_ line: String, lists argument: String) -> Bool {
        let words = line.split(separator: " ").map(String.init)
        guard words.count >= 3, words[0] == ".It" else { return false }
        // A repeating positional is `.It Ar files...`.
        if !argument.hasPrefix("-") { return words[1] == "Ar" && (words[2] == argument || words[2] == argument + "...") }
        // mdoc's Fl adds the first dash: `Fl -json` is --json, `Fl h` is -h.
        return words[1] == "Fl" && words.dropFirst(2).contains(String(argument.dropFirst()))
    }

    private func describe(_ tool: String) throws -> Command {
        let dump = try ToolRunner.run(tool, ["--experimental-dump-help"])
        #expect(dump.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(dump.standardOutput.utf8)) as? [String: Any])
        return Command(try #require(json["command"] as? [String: Any]))
    }

    @Test(arguments: ["vvae", "vvae-convert", "vvae-inspect"])
    func thePageListsEveryCommandWithItsArgumentsAndDiscussion(tool: String) throws {
        let root = try describe(tool)
        let page = try String(contentsOf: FixturePaths.repositoryRoot.appendingPathComponent("Docs/man/\(tool).1"), encoding: .utf8)
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let stale = "Docs/man/\(tool).1 is out of date: run Fixtures/generators/make_man_pages.sh"
        #expect(lines.contains(".Nm \(tool)"), "\(stale)")
        // Sections: the root's text, then one per `.It Em <subcommand>` line, in the order of the command tree.
        let starts = lines.indices.filter { lines[$0].hasPrefix(".It Em ") }
        let commands = root.all
        #expect(starts.map { String(lines[$0].dropFirst(7)) } == commands.dropFirst().map(\.name), "\(stale)")
        guard starts.count == commands.count - 1 else { return }
        let bounds = [0] + starts + [lines.count]
        for (index, command) in commands.enumerated() {
            let section = lines[bounds[index]..<bounds[index + 1]]
            let text = section.map { $0.replacingOccurrences(of: "\\e", with: "\\").trimmingCharacters(in: .whitespaces) }
            for marker in command.markers {
                #expect(section.contains { Self.itemLine($0, lists: marker) }, "\(stale): \(command.name) has no \(marker)")
            }
            for line in command.discussion.split(separator: "\n") {
                let wanted = line.trimmingCharacters(in: .whitespaces)
                #expect(wanted.isEmpty || text.contains(wanted), "\(stale): \(command.name)'s discussion line '\(wanted)' is missing")
            }
            for help in command.help {
                #expect(text.contains(help), "\(stale): \(command.name)'s argument help '\(help)' is missing")
            }
        }
    }

    /// The manual generator drops every character that is not ASCII (× in 11×11, — ), so help text stays ASCII.
    @Test(arguments: ["vvae", "vvae-convert", "vvae-inspect"])
    func helpTextIsASCIISoThePagesLoseNothing(tool: String) throws {
        for command in try describe(tool).all {
            for text in [command.abstract, command.discussion] + command.help {
                let foreign = text.unicodeScalars.filter { !$0.isASCII }.map(String.init)
                #expect(foreign.isEmpty, "\(tool) \(command.name): non-ASCII \(foreign) in '\(text.prefix(80))'")
            }
        }
    }

    /// The completion scripts the README installs name every subcommand.
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameEverySubcommand(shell: String) throws {
        let root = try describe("vvae")
        let script = try ToolRunner.run("vvae", ["--generate-completion-script", shell])
        #expect(script.status == 0, "\(script.standardError)")
        for command in root.subcommands where command.name != "help" {
            #expect(script.standardOutput.contains(command.name), "\(shell) completion lacks \(command.name)")
        }
        #expect(script.standardOutput.contains("chunk-overlap"))
    }
}

/// README's install block, run as written (with HOME in a scratch folder and the products folder for
/// `.build/release`): the tools, pages and completion scripts land where it says.
struct ReadmeInstallTests {
    @Test func theInstallLinesInstallEverything() throws {
        let readme = try String(contentsOf: FixturePaths.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(readme.components(separatedBy: "<!-- install -->\n```sh\n").dropFirst().first?
            .components(separatedBy: "```\n<!-- /install -->").first, "README.md has no install block")
        let home = try FixturePaths.temporaryDirectory("vvae-home")
        defer { try? FileManager.default.removeItem(at: home) }
        let script = block.replacingOccurrences(of: ".build/release/", with: ToolRunner.productsDirectory.path + "/")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-eu", "-c", script]
        process.currentDirectoryURL = FixturePaths.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(["HOME": home.path]) { $1 }
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for tool in ["vvae", "vvae-convert", "vvae-inspect"] {
            for installed in [".local/bin/\(tool)", ".local/share/man/man1/\(tool).1", ".local/share/bash-completion/completions/\(tool)",
                              ".zfunc/_\(tool)", ".config/fish/completions/\(tool).fish"] {
                let size = (try? FileManager.default.attributesOfItem(atPath: home.appendingPathComponent(installed).path)[.size] as? Int) ?? 0
                #expect(size > 100, "\(installed) was not installed")
            }
            let zsh = try String(contentsOf: home.appendingPathComponent(".zfunc/_\(tool)"), encoding: .utf8)
            #expect(zsh.hasPrefix("#compdef \(tool)"))
        }
    }
}
