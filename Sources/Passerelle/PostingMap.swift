import LinearAlgebra

/// A 2-D picture of the postings in the latent space: their projection on the first two principal
/// directions of the (centered) posting vectors — PCA of the k × n matrix `model.postingVectors`.
///
/// Why not simply the first two latent coordinates? The LSA basis is ordered by the singular values of
/// the *uncentered* TF-IDF matrix, and its first direction is close to the corpus centroid: every unit
/// posting vector has a large coordinate of the same sign on it, so plotting it spreads postings by
/// "how typical they are" rather than by what tells them apart. Centering first and taking the two
/// directions of largest variance gives the most faithful plane (largest share of the spread).
///
/// Computed through BLAS/LAPACK on a k × k matrix, so it scales with the corpus: G = P Pᵀ − n m mᵀ
/// (P: k × n posting vectors, m: their mean; one `sgemm`), the eigenvectors of the symmetric
/// positive semi-definite G are its singular vectors (`TruncatedSVD.exact`, LAPACK `sgesdd`), and the
/// coordinates are (P − m 1ᵀ)ᵀ D = Pᵀ D − 1 (mᵀ D) (one more `sgemm`), D the k × 2 leading directions.
/// Pure math, no I/O.
public struct PostingMap: Sendable {
    /// Mean posting vector, length k (unit-free latent coordinates).
    public let mean: [Float]
    /// Principal directions, k × d (d = number of axes, at most 2), orthonormal columns.
    public let directions: DenseMatrix
    /// Share of the centered spread (total variance) each axis carries, in [0, 1], length d.
    public let varianceShare: [Float]
    /// Coordinates of the postings, in model order: `x[j]`, `y[j]` for posting j (0 when the axis is absent).
    public let x: [Float]
    public let y: [Float]

    /// Number of axes found (2 for any corpus of 3+ distinct postings in 2+ dimensions).
    public var axes: Int { directions.cols }

    /// - Parameter postingVectors: k × n, one unit column per posting (`LSAModel.postingVectors`).
    public init(postingVectors p: DenseMatrix) throws {
        let k = p.rows, n = p.cols
        guard k > 0, n > 0 else {
            mean = Array(repeating: 0, count: k); directions = DenseMatrix(zeros: k, 0); varianceShare = []; x = []; y = []
            return
        }
        let ones = DenseMatrix(rows: n, cols: 1, values: Array(repeating: 1 / Float(n), count: n))
        let m = p.multiplied(by: ones)                                   // k × 1 mean
        var gram = p.multiplied(by: p, transposeOther: true)             // k × k, P Pᵀ
        let outer = m.multiplied(by: m, transposeOther: true)            // k × k, m mᵀ
        for i in gram.values.indices { gram.values[i] -= Float(n) * outer.values[i] }   // k² only
        let svd = try TruncatedSVD.exact(gram)
        let total = svd.singularValues.reduce(0, +)
        // Axes with no spread (all postings on a line or a point) are dropped.
        let d = min(2, svd.singularValues.prefix { total > 0 && $0 > total * 1e-6 }.count)
        let dirs = DenseMatrix(rows: k, cols: d, values: Array(svd.v.values[0 ..< (k * d)]))
        mean = m.values
        directions = dirs
        varianceShare = svd.singularValues.prefix(d).map { total > 0 ? $0 / total : 0 }
        guard d > 0 else { x = Array(repeating: 0, count: n); y = Array(repeating: 0, count: n); return }
        let raw = p.multiplied(by: dirs, transposeSelf: true)            // n × d, Pᵀ D
        let shift = m.multiplied(by: dirs, transposeSelf: true)          // 1 × d, mᵀ D
        x = (0 ..< n).map { raw[$0, 0] - shift[0, 0] }
        y = d > 1 ? (0 ..< n).map { raw[$0, 1] - shift[0, 1] } : Array(repeating: 0, count: n)
    }

    /// Map coordinates of any latent vector of length k (a folded CV or posting): (v − m)ᵀ D.
    public func project(_ v: [Float]) -> (x: Float, y: Float) {
        precondition(v.count == mean.count, "PostingMap.project: vector of length \(v.count), expected \(mean.count)")
        guard axes > 0 else { return (0, 0) }
        var centered = v
        for i in centered.indices { centered[i] -= mean[i] }
        let c = DenseMatrix(rows: 1, cols: v.count, values: centered).multiplied(by: directions)   // 1 × d
        return (c[0, 0], axes > 1 ? c[0, 1] : 0)
    }
}
