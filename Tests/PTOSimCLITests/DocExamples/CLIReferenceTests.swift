import Foundation
import Testing
import PTOTestSupport

/// docs/cli.md and `ptosim help <subcommand>` agree: every option the help lists is documented in the subcommand's
/// section of the page (or in "Choosing the inputs", which the kernel commands share), and every subcommand the
/// binary has has a section.
@Suite struct CLIReferenceTests {
    static let page = (try? String(contentsOfFile: Fixtures.repositoryRoot + "/docs/cli.md", encoding: .utf8)) ?? ""

    /// The text of the section `## heading`, up to the next `## `.
    static func section(_ heading: String) -> String? {
        guard let start = page.range(of: "\n## \(heading)\n") else { return nil }
        let rest = page[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    }

    /// The subcommands `ptosim --help` lists.
    static let subcommands: [String] = {
        guard let r = try? Subprocess.run(Subprocess.ptosimBinary, ["--help"]) else { return [] }
        let listing = r.stdout.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        return listing.split(separator: "\n").compactMap { line in
            // Subcommand lines are indented by two spaces, wrapped descriptions by many more; the closing "See ..."
            // line is not a subcommand.
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first,
                  word.allSatisfy({ $0.isLowercase }) else { return nil }
            return String(word)
        }
    }()

    @Test func theBinaryListsItsSubcommands() {
        #expect(Self.subcommands.contains("run") && Self.subcommands.contains("check") && Self.subcommands.count >= 8,
                "\(Self.subcommands)")
    }

    @Test(arguments: subcommands)
    func everyOptionOfTheHelpIsOnThePage(_ subcommand: String) throws {
        let section = try #require(Self.section("`ptosim \(subcommand)`"), "docs/cli.md has no section for \(subcommand)")
        let shared = Self.section("Choosing the inputs") ?? ""
        let help = try Subprocess.run(Subprocess.ptosimBinary, ["help", subcommand])
        #expect(help.status == 0)
        let options = help.stdout.components(separatedBy: "OPTIONS:").last ?? ""
        // Option lines are indented by two spaces; wrapped descriptions (which may quote other commands' options)
        // by many more.
        let names = Set(options.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  --") else { return nil }
            let word = line.dropFirst(2).split(separator: " ").first.map(String.init) ?? ""
            // --help and --version are on every subcommand; the top of the page documents them once.
            return word != "--help" && word != "--version" ? word : nil
        })
        #expect(!names.isEmpty || subcommand == "cases")
        for name in names.sorted() {
            #expect(section.contains("`\(name)") || section.contains("\(name)`") || section.contains(" \(name) ")
                    || shared.contains("`\(name)"),
                    "ptosim \(subcommand) \(name) is not in its section of docs/cli.md")
        }
    }
}
