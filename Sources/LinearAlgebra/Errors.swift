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
