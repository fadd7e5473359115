import Foundation
import Testing
@testable import PTONumerics

@Suite struct OneLineMessageTests {
    @Test func controlCharactersAreEscapedAndPlainTextIsUntouched() {
        #expect(OneLineMessage.clean("x.safetensors: tensor 'a' is fine") == "x.safetensors: tensor 'a' is fine")
        #expect(OneLineMessage.clean("key \"ev\nt\"\t\r") == "key \"ev\\nt\"\\t\\r")
        #expect(OneLineMessage.clean("\u{1B}[31mred\u{7F}\u{85}\u{2028}") == "\\u{1B}[31mred\\u{7F}\\u{85}\\u{2028}")
        #expect(OneLineMessage.clean("é \u{FFFD} ünïcode") == "é \u{FFFD} ünïcode", "printable non-ASCII stays")
    }

    @Test func longTextKeepsBothEnds() {
        let long = "head" + String(repeating: "x", count: 5000) + "tail"
        let short = OneLineMessage.clean(long, limit: 25)
        #expect(short == "headxxxxxx ... xxxxxxtail")
        #expect(OneLineMessage.clean(long).count == OneLineMessage.maxCharacters - 1)
    }
}

@Suite struct HostMemoryTests {
    @Test func byteCountsWithBinarySuffixes() {
        #expect(HostMemory.parseBytes("3000") == 3000)
        #expect(HostMemory.parseBytes("64K") == 65536 && HostMemory.parseBytes("64k") == 65536)
        #expect(HostMemory.parseBytes("512M") == 512 << 20 && HostMemory.parseBytes("2G") == 2 << 30)
        #expect(HostMemory.parseBytes("1T") == 1 << 40)
        for bad in ["", "G", "-1", "1.5G", "12X", "99999999999999999999", "9000000000000T"] {
            #expect(HostMemory.parseBytes(bad) == nil, "\(bad)")
        }
    }

    /// MemAvailable read back against the kernel's own file, parsed here independently.
    @Test func memAvailableMatchesProcMeminfo() throws {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return }  // not Linux
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("MemAvailable:") })
        let kb = try #require(Int(line.split(whereSeparator: { $0 == " " })[1]))
        let measured = try #require(HostMemory.meminfoKilobytes("MemAvailable"))
        #expect(abs(measured - kb) < kb / 10 + 65536, "MemAvailable moves, but not by 10% between two reads")
        let available = try #require(HostMemory.available())
        #expect(available.bytes > 0 && available.bytes <= measured * 1024 * 11 / 10)
    }
}
