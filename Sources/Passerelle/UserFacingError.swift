/// An error whose message a user can act on: one line naming the file (and line) and, where there is
/// one, the fix. Every error the engine, the readers and the application library throw for bad input or
/// a failing file system conforms; front ends (the CLI, a server) print `userMessage` as it is and treat
/// anything else as a bug.
public protocol UserFacingError: Error, CustomStringConvertible {
    var userMessage: String { get }
}

extension UserFacingError {
    public var userMessage: String { description }
}

extension EngineError: UserFacingError {}
extension ModelFileError: UserFacingError {}
extension PostingFilter.FilterError: UserFacingError {}
