/// A program for one AI core: the Swift counterpart of one `__DAV_CUBE__` or `__DAV_VEC__` build of a kernel.
///
/// The executor calls `step` whenever the core's issue queue is empty; `step` issues the next chunk of instructions
/// (e.g. one QK step) through `core` and returns false once the program is finished. Control flow may depend only
/// on scalars (block tables, context lengths, loop counters, tile ids), never on tile contents, exactly as on the
/// chip where the scalar unit cannot see data in flight.
public protocol CoreProgram {
    mutating func step(_ core: CoreIssuer) throws -> Bool
}
