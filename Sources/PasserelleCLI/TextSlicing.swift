/// `scalars[start..<end]` as a String, on one line (offsets in Unicode scalars, as all evidence offsets).
func slice(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
    let lo = max(0, min(start, scalars.count)), hi = max(lo, min(end, scalars.count))
    var s = String.UnicodeScalarView()
    s.append(contentsOf: scalars[lo..<hi])
    return String(s).replacingOccurrences(of: "\n", with: " ")
}
