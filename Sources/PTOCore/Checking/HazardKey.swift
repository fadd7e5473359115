/// What makes two hazards "the same" inside one run: the kind, the memory they are in and the two instructions.
/// Built for every conflicting access (a missing sync repeats on every loop iteration), so it is a plain value that
/// hashes without formatting any text; the hazard's description is made once, for the first occurrence.
struct HazardKey: Hashable {
    let kind: Hazard.Kind
    let space: Space
    let owner: Int
    let first: Site
    let second: Site

    /// One side: core, pipe, op and label; the detail only for trace-file instructions, whose labels are per
    /// instruction.
    struct Site: Hashable {
        let core: Int32
        let pipe: Pipe
        let op: Op
        let label: LabelText
        let detail: Int

        init(_ e: AccessEpoch) {
            core = e.core
            pipe = e.pipe
            op = e.op
            label = LabelText(e.label)
            detail = e.op == .external ? e.detail : 0
        }
    }
}
