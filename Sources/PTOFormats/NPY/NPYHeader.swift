/// The header of a NumPy `.npy` file: a magic string, a version, and a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (24, 16, 128), }` padded with spaces to a 64-byte boundary.
///
/// PTOSim reads versions 1.0 (16-bit header length), 2.0 and 3.0 (32-bit length; 3.0 allows UTF-8) and writes 1.0,
/// or 2.0 when the header would not fit.
public struct NPYHeader: Sendable, Equatable {
    /// NumPy's type string, for example `<f4`.
    public var descr: String
    /// True for column-major data (PTOSim refuses it).
    public var fortranOrder: Bool
    /// Dimensions, outermost first.
    public var shape: [Int]

    public init(descr: String, fortranOrder: Bool = false, shape: [Int]) {
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The complete preamble: magic, version, header length and the padded dict literal ending in a newline.
    public func encoded() -> [UInt8] {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        let dict = "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': (\(dims)), }"
        var text = Array(dict.utf8)
        let v1 = text.count + 1 + 64 <= 65535  // the padded length must fit the 16-bit field
        let prefix = 6 + 2 + (v1 ? 2 : 4)
        while (prefix + text.count + 1) % 64 != 0 { text.append(UInt8(ascii: " ")) }
        text.append(UInt8(ascii: "\n"))
        let n = UInt32(text.count)
        var out = NPYHeader.magic + [v1 ? 1 : 2, 0]
        out += v1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : (0..<4).map { UInt8(truncatingIfNeeded: n >> (8 * UInt32($0))) }
        return out + text
    }

    /// Parses the preamble at the start of `bytes` (which may hold more than the preamble); returns the header and
    /// the offset of the first data byte. `file` names the file in errors.
    public static func parse(_ bytes: [UInt8], file: String) throws(FormatError) -> (NPYHeader, dataOffset: Int) {
        guard bytes.count >= 10 else {
            if bytes.count >= 6, Array(bytes[0..<6]) != magic {
                throw FormatError(.badMagic, "\(file): not a .npy file (bad magic string)")
            }
            throw FormatError(.truncated, "\(file): truncated: \(bytes.count) bytes, a .npy preamble needs at least 10")
        }
        guard Array(bytes[0..<6]) == magic else {
            throw FormatError(.badMagic, "\(file): not a .npy file (bad magic string)")
        }
        let major = bytes[6], minor = bytes[7]
        guard [1, 2, 3].contains(major), minor == 0 else {
            throw FormatError(.unsupportedVersion, "\(file): .npy version \(major).\(minor) is not supported "
                              + "(expected 1.0, 2.0 or 3.0)")
        }
        let lengthSize = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthSize else {
            throw FormatError(.truncated, "\(file): truncated inside the .npy preamble")
        }
        var length = 0
        for i in 0..<lengthSize { length |= Int(bytes[8 + i]) << (8 * i) }
        let start = 8 + lengthSize
        guard bytes.count >= start + length else {
            throw FormatError(.truncated, "\(file): truncated: header length \(length) but only "
                              + "\(bytes.count - start) bytes follow")
        }
        let text = String(decoding: bytes[start..<start + length], as: UTF8.self)
        return (try NPYDictParser.parseHeader(text, file: file), start + length)
    }
}
