// PUBLIC API CONTRACT of LinearAlgebra (the engine codes against exactly these signatures).
// Bodies are filled in by the LinearAlgebra work; signatures may gain defaulted parameters only.
import CLAPACK

/// Errors raised by LAPACK or by inconsistent shapes.
public enum LinearAlgebraError: Error, CustomStringConvertible, Equatable {
    case shapeMismatch(String)
    case lapack(routine: String, info: Int32)
    public var description: String {
        switch self {
        case .shapeMismatch(let what): return "shape mismatch: \(what)"
        case .lapack(let routine, let info): return "LAPACK \(routine) failed (info = \(info))"
        }
    }
}

/// Dense `rows × cols` matrix of `Float`, column-major: element (i, j) is `values[i + j * rows]`.
public struct DenseMatrix: Equatable, Sendable {
    public var rows: Int
    public var cols: Int
    public var values: [Float]
    public init(rows: Int, cols: Int, values: [Float]) { fatalError("contract") }
    public init(zeros rows: Int, _ cols: Int) { fatalError("contract") }
    public subscript(i: Int, j: Int) -> Float { get { fatalError("contract") } set { fatalError("contract") } }
    /// Column j as an array (length `rows`).
    public func column(_ j: Int) -> [Float] { fatalError("contract") }
    /// `self · other` through `cblas_sgemm` (`rows × cols` · `cols × other.cols`).
    public func multiplied(by other: DenseMatrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> DenseMatrix { fatalError("contract") }
    public func transposed() -> DenseMatrix { fatalError("contract") }
}

/// Sparse `rows × cols` matrix in compressed sparse row form (documents × terms in the engine).
/// Row r holds `columnIndices[rowPointers[r] ..< rowPointers[r+1]]` (sorted ascending, unique) with `values`.
public struct CSRMatrix: Equatable, Sendable {
    public var rows: Int
    public var cols: Int
    public var rowPointers: [Int]
    public var columnIndices: [Int32]
    public var values: [Float]
    /// Validates shapes and index ranges; sorts and merges duplicate column indices per row (summing).
    public init(rows: Int, cols: Int, rowPointers: [Int], columnIndices: [Int32], values: [Float]) throws { fatalError("contract") }
    public var nonZeroCount: Int { fatalError("contract") }
    /// `self · B` for dense B (`cols × n`) → `rows × n`. Hand-written: BLAS has no CSR routine.
    public func multiplied(by b: DenseMatrix) -> DenseMatrix { fatalError("contract") }
    /// `selfᵀ · B` for dense B (`rows × n`) → `cols × n`.
    public func transposeMultiplied(by b: DenseMatrix) -> DenseMatrix { fatalError("contract") }
    /// Dense copy (for tests and tiny corpora).
    public func dense() -> DenseMatrix { fatalError("contract") }
}

/// Result of a truncated SVD A ≈ U · diag(S) · Vᵀ of a `rows × cols` matrix A, rank k.
public struct SVDResult: Sendable {
    /// `rows × k`, orthonormal columns.
    public var u: DenseMatrix
    /// k singular values, descending, ≥ 0.
    public var singularValues: [Float]
    /// `cols × k`, orthonormal columns (right singular vectors, i.e. Vᵀ transposed).
    public var v: DenseMatrix
    /// Fraction of ‖A‖²_F carried by each component: σᵢ² / ‖A‖²_F.
    public var explainedVarianceRatio: [Float]
    public init(u: DenseMatrix, singularValues: [Float], v: DenseMatrix, explainedVarianceRatio: [Float]) {
        self.u = u; self.singularValues = singularValues; self.v = v; self.explainedVarianceRatio = explainedVarianceRatio
    }
}

/// Randomized truncated SVD (Halko, Martinsson & Tropp 2011).
public struct TruncatedSVD: Sendable {
    public var components: Int
    public var oversamples: Int
    public var powerIterations: Int
    public var seed: UInt64
    public init(components: Int, oversamples: Int = 10, powerIterations: Int = 4, seed: UInt64 = 42) { fatalError("contract") }
    /// k is clipped to min(rows, cols) (and to the numerical rank); signs made deterministic
    /// (largest-magnitude entry of each column of V positive).
    public func fit(_ a: CSRMatrix) throws -> SVDResult { fatalError("contract") }
    /// Exact SVD of a small dense matrix through LAPACK `sgesdd` (thin), for tests and the small step.
    public static func exact(_ a: DenseMatrix) throws -> SVDResult { fatalError("contract") }
}

/// One selected entry: index and score.
public struct ScoredIndex: Equatable, Sendable {
    public var index: Int
    public var score: Float
    public init(index: Int, score: Float) { self.index = index; self.score = score }
}

/// Top-k selection without a full sort: a bounded min-heap, O(n log k).
/// Ties broken by the smaller index first; NaN never selected. Result sorted by score descending.
public enum TopK {
    public static func select(_ scores: UnsafeBufferPointer<Float>, k: Int, excluding: Set<Int> = []) -> [ScoredIndex] { fatalError("contract") }
    public static func select(_ scores: [Float], k: Int, excluding: Set<Int> = []) -> [ScoredIndex] { fatalError("contract") }
}

/// Cosine scoring of query blocks against an item matrix with one `sgemm` per block.
public enum BlockScorer {
    /// items: `d × n` (each column one unit-length item vector), queries: `d × b` (unit-length columns).
    /// Returns scores as `n × b` column-major (column q = scores of query q against all items): `itemsᵀ · queries`.
    public static func scores(items: DenseMatrix, queries: DenseMatrix) -> DenseMatrix { fatalError("contract") }
    /// Top-k items for each query, scoring in blocks of `blockSize` queries so the full matrix is never held.
    public static func topK(items: DenseMatrix, queries: DenseMatrix, k: Int, blockSize: Int = 256) -> [[ScoredIndex]] { fatalError("contract") }
}

/// Vector helpers through BLAS.
public enum VectorOps {
    /// Euclidean norm (`snrm2`).
    public static func norm(_ x: [Float]) -> Float { fatalError("contract") }
    /// Scales x to unit length in place; leaves a zero vector as is and returns false.
    @discardableResult public static func normalize(_ x: inout [Float]) -> Bool { fatalError("contract") }
    /// Normalizes every column of m to unit length (zero columns left as zeros).
    public static func normalizeColumns(_ m: inout DenseMatrix) { fatalError("contract") }
    public static func dot(_ x: [Float], _ y: [Float]) -> Float { fatalError("contract") }
}
