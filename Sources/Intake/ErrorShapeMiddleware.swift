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
        } catch let error as IntakeError {
            throw error
        } catch let error as HTTPError {
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            throw IntakeError(error.status, code: code, message: error.body ?? error.status.reasonPhrase)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)"])
            throw IntakeError(.internalServerError, code: "internal_error", message: "Something went wrong on our side.")
        }
    }
}
