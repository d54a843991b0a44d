import Hummingbird

/// Adds `Server-Timing: app;dur=…` (milliseconds) to every page: the time the server spent on it, from
/// the session lookup to the rendered HTML. Browsers show it in their developer tools; `bench/pages.py`
/// reads it to time pages without the network in the number.
struct ServerTimingMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) * 1e-15
        response.headers[.serverTiming] = "app;dur=\((milliseconds * 1000).rounded() / 1000)"
        return response
    }
}

extension HTTPFields.Element.Name {
    static let serverTiming = Self("Server-Timing")!
}
