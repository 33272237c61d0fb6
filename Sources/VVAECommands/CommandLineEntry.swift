import ArgumentParser
import Foundation

/// How every vvae executable parses, runs and fails, with one convention: a usage error (a flag or argument that
/// cannot work) prints `Error: …` and the failing command's own usage and exits 64; a runtime failure prints one
/// `Error: …` line and exits 1.
///
/// Two things swift-argument-parser alone gets wrong for us: it runs `validate()` before it reports an unknown
/// option, so `--tolerance 1e-2 a b` said "takes exactly two files, got 3" instead of naming `--tolerance`; and a
/// `ValidationError` thrown while running printed the root's usage (`vvae <subcommand>`).
public enum CommandLineEntry {
    public static func main<Root: ParsableCommand>(_ root: Root.Type, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        var command: ParsableCommand
        do {
            command = try root.parseAsRoot(arguments)
        } catch {
            let target = commandType(root, for: arguments)
            if let unknown = unknownOption(in: arguments, root: root, command: target) {
                usageFailure(root, target, "Unknown option '\(unknown)'")
            }
            root.exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ValidationError {
            usageFailure(root, type(of: command), error.message)
        } catch {
            root.exit(withError: error)
        }
        root.exit()
    }

    /// The (sub)command the arguments name: subcommand names are followed from the root while they match.
    static func commandType(_ root: ParsableCommand.Type, for arguments: [String]) -> ParsableCommand.Type {
        var current = root
        for argument in arguments {
            guard let next = current.configuration.subcommands.first(where: { $0.configuration.commandName == argument }) else { break }
            current = next
        }
        return current
    }

    /// The first argument that looks like an option but is none of `command`'s (hidden ones included); nil when
    /// every option is known. Values after `--` and negative numbers are not options.
    static func unknownOption(in arguments: [String], root: ParsableCommand.Type, command: ParsableCommand.Type) -> String? {
        let help = root.helpMessage(for: command, includeHidden: true, columns: 10_000)
        var known: Set<String> = ["-h", "--help", "--version", "--generate-completion-script", "--experimental-dump-help"]
        for word in help.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-") }) where word.hasPrefix("-") {
            known.insert(String(word))
        }
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("-"), argument.count > 1, Double(argument) == nil else { continue }
            let name = String(argument.split(separator: "=", maxSplits: 1)[0])
            if name.hasPrefix("--") {
                if !known.contains(name) { return name }
            } else {
                // Short flags may be combined (`-fq`); each letter must be known.
                for letter in name.dropFirst() where !known.contains("-\(letter)") { return "-\(letter)" }
            }
        }
        return nil
    }

    private static func usageFailure(_ root: ParsableCommand.Type, _ command: ParsableCommand.Type, _ message: String) -> Never {
        let name = CommandParser.commandPath(root, to: command)
        var text = "Error: \(message)\n"
        text += "Usage: \(root.usageString(for: command))\n"
        text += "  See '\(name) --help' for more information.\n"
        FileHandle.standardError.write(Data(text.utf8))
        Foundation.exit(ExitCode.validationFailure.rawValue)
    }
}

private enum CommandParser {
    /// `vvae encode`, `vvae bench convert`, `vvae-convert`.
    static func commandPath(_ root: ParsableCommand.Type, to command: ParsableCommand.Type) -> String {
        func path(_ node: ParsableCommand.Type) -> [String]? {
            if node == command { return [name(node)] }
            for child in node.configuration.subcommands {
                if let rest = path(child) { return [name(node)] + rest }
            }
            return nil
        }
        return (path(root) ?? [name(root)]).joined(separator: " ")
    }

    static func name(_ node: ParsableCommand.Type) -> String {
        node.configuration.commandName ?? String(describing: node).lowercased()
    }
}
