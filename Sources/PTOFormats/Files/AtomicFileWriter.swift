#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one output file so that readers only ever see the old file or the complete new one.
///
/// The bytes go to a temporary file in the destination's directory (so the final `rename` stays on one file
/// system and is atomic); `commit()` fsyncs it, renames it over the destination and fsyncs the directory. A writer
/// that is dropped or abandoned without committing deletes its temporary file, and while it exists the temporary
/// path is registered with `InterruptCleanup`, so Ctrl-C leaves no partial output either.
public final class AtomicFileWriter {
    /// The path the file will have once committed (as the caller gave it; used in messages).
    public let destination: String
    /// The path that is replaced: `destination`, or the file it links to when it is a symbolic link (renaming over
    /// the link would replace the link, not the file the user named).
    private let target: String
    /// The temporary file being written.
    public let temporaryPath: String
    private var fd: Int32
    private var finished = false

    /// Creates the temporary file next to `destination`.
    public init(destination: String) throws(FormatError) {
        self.destination = destination
        guard !POSIX.basename(of: destination).isEmpty, ![".", ".."].contains(POSIX.basename(of: destination)) else {
            throw FormatError(.io, "\(destination): not a file name")
        }
        if POSIX.isDirectory(destination) {
            throw FormatError(.io, "\(destination): is a directory, expected a file path")
        }
        // Only a regular file may be replaced: renaming over /dev/null, a FIFO or /dev/stdout (a link to one) would
        // replace the device node itself, which root is allowed to do.
        if let kind = POSIX.nonRegularKind(destination) {
            throw FormatError(.io, "\(destination): is \(kind), not a regular file; give a file path to write to")
        }
        target = POSIX.resolvedLink(destination) ?? destination
        let dir = POSIX.directory(of: target)
        let name = POSIX.basename(of: target)
        var attempt = 0
        while true {
            let candidate = "\(dir)/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let fd = open(candidate, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)  // read too: SafeTensorsMappedWriter maps it
            if fd >= 0 {
                self.fd = fd
                self.temporaryPath = candidate
                break
            }
            attempt += 1
            if errno != EEXIST || attempt > 16 {
                throw FormatError(.io, "\(destination): cannot create a temporary file in \(dir): \(POSIX.lastError)")
            }
        }
        InterruptCleanup.register(temporaryPath)
    }

    deinit { abandon() }

    /// The open temporary file (for writers in this module that map it).
    var descriptor: Int32 { fd }

    /// Appends `count` bytes.
    public func write(_ bytes: UnsafeRawPointer, count: Int) throws(FormatError) {
        precondition(!finished, "write after commit or abandon")
        do throws(FormatError) {
            try POSIX.writeAll(fd, bytes, count: count, path: destination)
        } catch {
            abandon()
            throw error
        }
    }

    /// Appends the bytes of an array.
    public func write(_ bytes: [UInt8]) throws(FormatError) {
        let result: Result<Void, FormatError> = bytes.withUnsafeBytes { b in
            guard let base = b.baseAddress else { return .success(()) }
            return Result { () throws(FormatError) in try write(base, count: b.count) }
        }
        try result.get()
    }

    /// Flushes the file to disk and closes it (the first half of a commit).
    private func syncAndClose() throws(FormatError) {
        do throws(FormatError) {
            try POSIX.sync(fd, path: destination)
        } catch {
            abandon()
            throw error
        }
        close(fd)
        fd = -1
    }

    /// Renames the synced temporary file over the destination (the second half of a commit).
    private func rename() throws(FormatError) {
        guard renameFile(temporaryPath, target) == 0 else {
            let reason = POSIX.lastError
            abandon()
            throw FormatError(.io, "\(destination): cannot rename the temporary file into place: \(reason)")
        }
        finished = true
        InterruptCleanup.unregister(temporaryPath)
    }

    /// Makes the file visible under its destination name.
    public func commit() throws(FormatError) {
        try AtomicFileWriter.commit([self])
    }

    /// Commits several files together: every file is synced before any is renamed, so an error or interrupt while
    /// writing leaves none of them behind.
    public static func commit(_ writers: [AtomicFileWriter]) throws(FormatError) {
        for w in writers { try w.syncAndClose() }
        for w in writers { try w.rename() }
        // Make the renames durable too (best effort: some file systems refuse to fsync a directory).
        for dir in Set(writers.map { POSIX.directory(of: $0.target) }) {
            let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dfd >= 0 { _ = fsync(dfd); close(dfd) }
        }
    }

    /// Discards the temporary file (no effect after a commit).
    public func abandon() {
        guard !finished else { return }
        finished = true
        if fd >= 0 { close(fd); fd = -1 }
        unlink(temporaryPath)
        InterruptCleanup.unregister(temporaryPath)
    }
}

// `rename` inside the class would resolve to the method above.
private func renameFile(_ from: String, _ to: String) -> Int32 { rename(from, to) }
