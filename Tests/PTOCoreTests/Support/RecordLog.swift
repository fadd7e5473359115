@testable import PTOCore

/// A record sink that keeps every record, for tests that look at execution order.
final class RecordLog: RecordSink {
    var records: [IssueRecord] = []

    func record(_ r: IssueRecord) { records.append(r) }

    /// Position in execution order of the first record with this core, op and label.
    func position(core: Int, op: Op, label: String, detail: Int = -1) -> Int? {
        records.firstIndex { $0.core == core && $0.op == op && $0.label.description == label && $0.detail == detail }
    }

    func count(core: Int? = nil, op: Op) -> Int {
        records.filter { (core == nil || $0.core == core) && $0.op == op }.count
    }
}
