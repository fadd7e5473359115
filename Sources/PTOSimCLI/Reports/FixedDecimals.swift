/// `x` with `digits` decimals, without Foundation's formatters. A value that is not finite (or too large to
/// round through `Int`) prints as `nonFinite`, or as Swift prints it when that is nil.
func fixed(_ x: Double, _ digits: Int, nonFinite: String? = nil) -> String {
    guard x.isFinite, abs(x) < 1e15 else { return nonFinite ?? "\(x)" }
    var scale = 1
    for _ in 0..<digits { scale *= 10 }
    let n = Int((x * Double(scale)).rounded())
    let whole = abs(n) / scale, frac = abs(n) % scale
    let sign = n < 0 ? "-" : ""
    guard digits > 0 else { return "\(sign)\(whole)" }
    let f = String(frac)
    return "\(sign)\(whole)." + String(repeating: "0", count: digits - f.count) + f
}
