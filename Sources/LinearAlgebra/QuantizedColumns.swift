/// The columns of a `DenseMatrix` stored as 16-bit integers of 12 significant bits, for a first pass over
/// many items that reads half the bytes of the floats and multiplies integers exactly: each item's coarse
/// dot product with a query comes with a bound on its error, so a scorer can keep every item that *may*
/// reach its selection floor and rescore those exactly (`CosineScorer`) — the answers are those of the
/// float scan, bit for bit.
///
/// **Why.** Scoring one query against n items (`sgemv`) is bound by memory: 4·d·n bytes per query
/// (80 MB at 100,000 postings and d = 200, 800 MB at a million), read for every rank of a server. BLAS
/// has no integer product; this scan only *selects*, never scores, and costs about one vector
/// multiply-add of 8 integer pairs per 8 coordinates.
///
/// **Encoding.** Item i (column i, d floats p_i) gets a step s_i = max_j |p_ij| / L (L = 2047) and codes
/// c_ij = round(p_ij · (1/s_i)) ∈ [−L, L]; then |p_ij − s_i·c_ij| ≤ h_i = s_i·(1/2 + 2⁻¹¹) (the rounding to an
/// integer, and the float division's). A query x is coded the same way with its own step t (codes q_j,
/// |x_j − t·q_j| ≤ g = t·(1/2 + 2⁻¹¹)). The integer dot D_i = Σ_j c_ij·q_j is exact (|D_i| ≤ d·L² < 2³¹
/// for d ≤ 500), and
///
///     |p_i·x − s_i·t·D_i| ≤ h_i·‖x‖₁ + g·(‖p_i‖₁ + d·h_i),
///
/// so u_i = s_i·t·D_i + that bound (evaluated in double, rounded up to a float) satisfies
/// p_i·x ≤ u_i + one float rounding of a value of size |p_i·x| — which `CosineScorer.tolerance` covers.
///
/// **Layout.** `codes` holds each item's codes contiguously (`stride` = d rounded up to 8, zero-padded):
/// item-major, so one item's dot product is a run of 8-lane integer multiply-adds over 2·stride bytes.
///
/// Memory: 2·stride·n bytes + 12·n (about half of the floats').
public struct QuantizedColumns: Sendable {
    /// Coordinates per item (the matrix's rows).
    public let dimensions: Int
    /// Items (the matrix's columns).
    public let count: Int
    /// Codes per item in `codes`: `dimensions` rounded up to a multiple of 8 (the padding is zero).
    let stride: Int
    /// `count × stride`: `codes[i * stride + j]` is coordinate j of item i.
    let codes: [Int16]
    /// s_i: item i's coordinates are `steps[i] · codes`, each to within `halfSteps[i]`.
    let steps: [Float]
    /// h_i ≥ max_j |p_ij − s_i·c_ij|.
    let halfSteps: [Float]
    /// ‖p_i‖₁ + d·h_i (≥ s_i·Σ_j |c_ij|), rounded up: what a query's coding error is multiplied by.
    let codeNorms: [Float]
    /// The largest code: 12 bits, so that d products of two codes add up in 32 bits for d ≤ 500.
    static let levels: Float = 2047
    /// The most coordinates an item may have: d·2047² must stay below 2³¹.
    public static let maximumDimensions = 500

    /// Encodes the columns of `matrix` (`d × n`, column-major). Finite values are expected (a model's
    /// unit posting vectors); a zero column gets step 0 and an upper bound of 0.
    ///
    /// - Complexity: O(d·n) time; 2·d·n + 12·n bytes.
    public init(_ matrix: DenseMatrix) {
        let d = matrix.rows, n = matrix.cols
        precondition(d <= Self.maximumDimensions, "QuantizedColumns: at most 500 dimensions (the integer sums must stay in 32 bits), not \(d)")
        dimensions = d
        count = n
        let stride = (d + 7) / 8 * 8
        self.stride = stride
        var codes = [Int16](repeating: 0, count: stride * n)
        var steps = [Float](repeating: 0, count: n)
        var halfSteps = [Float](repeating: 0, count: n)
        var codeNorms = [Float](repeating: 0, count: n)
        matrix.values.withUnsafeBufferPointer { v in
            codes.withUnsafeMutableBufferPointer { c in
                for i in 0 ..< n {
                    let column = v.baseAddress! + i * d
                    let step = Self.encode(column, count: d, into: c.baseAddress! + i * stride)
                    guard step > 0 else { continue }
                    steps[i] = step
                    let h = Double(step) * (0.5 + 0x1p-11)
                    halfSteps[i] = Float(h).nextUp
                    var l1 = 0.0
                    for j in 0 ..< d { l1 += Double(abs(column[j])) }
                    codeNorms[i] = Float((l1 + Double(d) * h) * (1 + 0x1p-40)).nextUp
                }
            }
        }
        self.codes = codes
        self.steps = steps
        self.halfSteps = halfSteps
        self.codeNorms = codeNorms
    }

    /// Codes `count` floats into `out` (round(x · (1/step)), step = max |x| / levels); returns the step,
    /// 0 when every value is 0 or one is not finite (the codes are then left at 0).
    ///
    /// The quotient x · (1/step) is off x/step by at most 2 roundings of a value ≤ L (< 2·2047·2⁻²⁴ < 2⁻¹¹,
    /// the slack in h beyond the 1/2 of the rounding to an integer). The rounding to the nearest integer
    /// adds and subtracts 1.5·2²³ (exact for |v| ≤ 2²²; a vector loop, where `rounded()` is a call).
    static func encode(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Int16>) -> Float {
        var largest: Float = 0
        for j in 0 ..< count { largest = max(largest, abs(x[j])) }
        guard largest > 0, largest.isFinite else { return 0 }
        let step = largest / levels, inverse = 1 / step
        guard inverse.isFinite else {
            // A step below 2⁻¹²⁸ (values near the smallest floats): the slow division, exact to half an ulp.
            for j in 0 ..< count { out[j] = Int16(max(-levels, min(levels, (x[j] / step).rounded()))) }
            return step
        }
        let magic: Float = 0x1.8p23
        for j in 0 ..< count {
            let nearest = (x[j] * inverse + magic) - magic
            out[j] = Int16(max(-levels, min(levels, nearest)))
        }
        return step
    }

    /// For each item i, u_i ≥ p_i·x less one float rounding of p_i·x (see the type's comment): a coarse
    /// score plus its error bound. Written to `out[0 ..< count]`.
    ///
    /// - Parameter query: `dimensions` floats (finite; a query holding a NaN or an infinity gets NaN
    ///   bounds, which pass no selection, as BLAS scores would).
    /// - Complexity: O(d·n) integer multiply-adds over 2·d·n bytes.
    public func upperBounds(query: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let d = dimensions, n = count
        var coded = [Int16](repeating: 0, count: stride)
        var l1 = 0.0
        for j in 0 ..< d { l1 += Double(abs(query[j])) }
        let t = coded.withUnsafeMutableBufferPointer { Self.encode(query, count: d, into: $0.baseAddress!) }
        guard l1.isFinite else { out.update(repeating: .nan, count: n); return }
        let queryStep = Double(t), g = Double(t) * (0.5 + 0x1p-11)
        let chunks = stride / 8
        codes.withUnsafeBufferPointer { c in
            coded.withUnsafeBufferPointer { q in
                for i in 0 ..< n {
                    let dot = Self.dot(c.baseAddress! + i * stride, q.baseAddress!, chunks: chunks)
                    let coarse = Double(steps[i]) * queryStep * Double(dot)
                    let bound = Double(halfSteps[i]) * l1 + g * Double(codeNorms[i])
                    let exact = coarse + bound
                    let nearest = Float(exact)
                    out[i] = Double(nearest) < exact ? nearest.nextUp : nearest   // rounded up
                }
            }
        }
    }

    /// Σ a_j·b_j over `chunks` runs of 8 codes, exact in 32 bits (|a|, |b| ≤ 2047, ≤ 63 runs).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Int16>, _ b: UnsafePointer<Int16>, chunks: Int) -> Int32 {
        var sum = SIMD4<Int32>()
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        for r in 0 ..< chunks {
            let x = SIMD8<Int32>(truncatingIfNeeded: ra.loadUnaligned(fromByteOffset: 16 * r, as: SIMD8<Int16>.self))
            let y = SIMD8<Int32>(truncatingIfNeeded: rb.loadUnaligned(fromByteOffset: 16 * r, as: SIMD8<Int16>.self))
            let products = x &* y
            sum &+= products.evenHalf &+ products.oddHalf
        }
        return sum.wrappedSum()
    }
}
