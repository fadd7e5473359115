/// What makes two sync warnings "the same pattern" inside one run: the kind, the core, the pipes and event id
/// involved, and the labels of the two instructions. Built on every occurrence (a shared event id can recur on
/// every KV step), so it is a plain value that hashes without formatting any text; the message is formatted once,
/// for the first occurrence.
struct SyncWarningKey: Hashable {
    var kind: SyncWarning.Kind
    /// Core, pipes and ids, packed by the caller.
    var numbers: SIMD8<Int32>
    var first: LabelText
    var second: LabelText
}

/// A static label compared and hashed by its text (two equal literals may live at different addresses).
struct LabelText: Hashable {
    let label: StaticString

    init(_ label: StaticString) { self.label = label }

    static func == (a: LabelText, b: LabelText) -> Bool {
        guard a.label.hasPointerRepresentation, b.label.hasPointerRepresentation else {
            return a.label.description == b.label.description
        }
        if a.label.utf8Start == b.label.utf8Start && a.label.utf8CodeUnitCount == b.label.utf8CodeUnitCount {
            return true
        }
        return a.label.utf8CodeUnitCount == b.label.utf8CodeUnitCount
            && a.label.withUTF8Buffer { x in b.label.withUTF8Buffer { y in x.elementsEqual(y) } }
    }

    func hash(into hasher: inout Hasher) {
        if label.hasPointerRepresentation {
            label.withUTF8Buffer { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        } else {
            hasher.combine(label.description)
        }
    }
}
