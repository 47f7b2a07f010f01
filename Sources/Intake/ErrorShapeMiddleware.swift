import Foundation
import Hummingbird
import Logging

/// Gives every error the one shape clients parse, `{"error": {"code", "message"}}`: framework
/// errors (404, 405, 413…) keep their status with a derived code, anything unexpected is logged
/// and becomes a 500 that reveals nothing internal.
struct ErrorShapeMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            throw Self.shape(error, logger: context.logger)
        }
    }

    /// The client-facing form of any error.
    static func shape(_ error: any Error, logger: Logger) -> IntakeError {
        switch error {
        case let error as IntakeError:
            return error
        case let error as HTTPError:
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            return IntakeError(error.status, code: code, message: error.body ?? error.status.reasonPhrase)
        default:
            logger.error("unhandled error", metadata: ["error": "\(error)"])
            return IntakeError(.internalServerError, code: "internal_error", message: "Something went wrong on our side.")
        }
    }
}
