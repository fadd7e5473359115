import Foundation

/// The one public on-board table that covers simpler's scene suite (PR #694): Elapsed, Sched and Orch per row as
/// the board measured them, read from the data file compiled into the binary (`Resources/onboard-pr694.json`) with
/// its source. The timed model's figures are judged against these.
public struct OnBoardTable: Sendable, Decodable {
    /// One measured row.
    public struct Row: Sendable, Decodable, Equatable {
        public var scene: String
        public var `case`: String
        public var elapsed: Double
        public var sched: Double
        public var orch: Double
    }

    public var source: String
    public var definitions: String
    public var rows: [Row]

    /// The table compiled into the binary.
    public static func pr694() throws -> OnBoardTable {
        try JSONDecoder().decode(OnBoardTable.self, from: Data(PackageResources.onboard_pr694_json))
    }

    /// The measured row of `scene` / `caseName`, if the board measured it.
    public func row(scene: String, caseName: String) -> Row? {
        rows.first { $0.scene == scene && $0.case == caseName }
    }
}
