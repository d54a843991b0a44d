import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import OtklikCore
import OtklikStore

/// Builds the whole application from a config: `otklik serve`, `otklik demo` and the tests all come
/// through here (docs/architecture.md, principle 5).
public func buildApplication(
    _ config: ServerConfig, logger: Logger = Logger(label: "otklik")
) async throws
    -> (some ApplicationProtocol, Services)
{
    let services = try await Services.open(config)
    return (buildApplication(services: services, logger: logger), services)
}

/// The application over services that are already open (the demo loads data first; tests inspect them).
/// `onServerRunning` runs once the server listens (the CLI prints its banner then, not before a failed bind).
public func buildApplication(
    services: Services, logger: Logger = Logger(label: "otklik"),
    onServerRunning: @escaping @Sendable (any NIOCore.Channel) async -> Void = { _ in }
)
    -> some ApplicationProtocol
{
    let serverName = "otklik"
    let server = HTTPServerBuilder { responder in
        OtklikHTTP1Channel(http1: HTTP1Channel(responder: responder), services: services, serverName: serverName)
    }
    return Application(
        responder: MethodResponder(router: buildRouter(services), catalog: services.catalog),
        server: server,
        configuration: .init(address: .hostname(services.config.host, port: services.config.port), serverName: serverName),
        onServerRunning: onServerRunning,
        logger: logger)
}

/// All routes. The API's list of routes is also what the OpenAPI test compares with the document.
public func buildRouter(_ services: Services) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ErrorMiddleware(catalog: services.catalog, store: services.store))
    router.add(middleware: TokenMiddleware(tokens: services.tokens))
    router.add(middleware: PersonalDataAuditMiddleware(services: services, web: false))
    HealthController(
        index: services.index, indexLoadSeconds: services.indexLoadSeconds, indexReading: services.indexReading,
        statistics: services.statistics
    ).addRoutes(
        to: router)
    OpenAPIController().addRoutes(to: router)
    IngestController(services: services).addRoutes(to: router)
    MetricsController(metrics: services.metrics, wholeAnswerBytes: services.config.wholeAnswerBytes).addRoutes(to: router)
    ResponsesController(responses: services.responses).addRoutes(to: router)
    ExportController(responses: services.responses, catalog: services.catalog, keys: services.responseKeys).addRoutes(to: router)
    ReferenceDataController(referenceData: services.referenceData, store: services.store).addRoutes(to: router)
    OrganisationController(referenceData: services.referenceData, catalog: services.catalog).addRoutes(to: router)
    TokensController(store: services.store, tokens: services.tokens).addRoutes(to: router)
    PrivacyController(services: services).addRoutes(to: router)
    JourneysAPI(
        journeys: services.journeys,
        exporter: JourneyExporter(journeys: services.journeys, catalog: services.catalog, store: services.store)
    )
    .addRoutes(to: router)
    ContactRequestsAPI(contactRequests: services.contactRequests).addRoutes(to: router)
    ValueAPI(value: services.value).addRoutes(to: router)

    // The web app: HTML pages, signed in with a session cookie; errors become pages, not problem+json.
    let web = router.group()
        .add(middleware: ServerTimingMiddleware())
        .add(middleware: WebErrorMiddleware(catalog: services.catalog, store: services.store))
        .add(middleware: WebSessionMiddleware(accounts: services.accounts))
        .add(middleware: PersonalDataAuditMiddleware(services: services, web: true))
        .add(middleware: ContactBadgeMiddleware(contactRequests: services.contactRequests))
    StaticController().addRoutes(to: web)
    AccountsController(
        pages: services.pages, accounts: services.accounts, catalog: services.catalog, referenceData: services.referenceData,
        store: services.store
    ).addRoutes(to: web)
    PublicSurveyController(services: services).addRoutes(to: web)
    DashboardController(
        pages: services.pages, catalog: services.catalog, metrics: services.metrics, responses: services.responses,
        wholeAnswerBytes: services.config.wholeAnswerBytes
    ).addRoutes(to: web)
    ResponsesPageController(
        pages: services.pages, catalog: services.catalog, contactRequests: services.contactRequests, responseKeys: services.responseKeys,
        responses: services.responses
    ).addRoutes(to: web)
    SurveyLinksController(pages: services.pages, catalog: services.catalog, config: services.config).addRoutes(to: web)
    SurveyResultsController(pages: services.pages, catalog: services.catalog, responses: services.responses, store: services.store)
        .addRoutes(to: web)
    SurveysController(pages: services.pages, catalog: services.catalog, metrics: services.metrics, referenceData: services.referenceData)
        .addRoutes(to: web)
    CallsController(
        pages: services.pages, catalog: services.catalog, formSigner: services.formSigner, ingest: services.ingest,
        referenceData: services.referenceData
    ).addRoutes(to: web)
    ContactsController(
        pages: services.pages, catalog: services.catalog, contactRequests: services.contactRequests,
        personalData: PersonalData(services: services), responses: services.responses, store: services.store
    ).addRoutes(to: web)
    JourneysController(pages: services.pages, catalog: services.catalog, journeys: services.journeys, store: services.store)
        .addRoutes(to: web)
    ValueController(pages: services.pages, catalog: services.catalog, value: services.value, store: services.store).addRoutes(to: web)
    PublicSurveyController(services: services).addPrivacyRoute(to: web)
    SettingsController(
        pages: services.pages, accounts: services.accounts, catalog: services.catalog, referenceData: services.referenceData,
        store: services.store, tokens: services.tokens
    ).addRoutes(to: web)
    return router
}

/// Reads `Authorization: Bearer …` and puts the token in the context. Routes decide what they need.
struct TokenMiddleware: RouterMiddleware {
    let tokens: TokenService

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard let secret = Self.bearerSecret(header), let token = try await tokens.authenticate(secret) else {
                throw Problem(
                    .unauthorized, code: "invalid_token", title: "The token is not valid",
                    detail: "the token is unknown or revoked")
            }
            context.token = token
        }
        return try await next(request, context)
    }

    /// The secret of `Authorization: Bearer <secret>`, or nil for any other form.
    static func bearerSecret(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }
}

/// Turns anything thrown that is not already a problem into one: Hummingbird's own HTTP errors keep
/// their status; a full disk is a 503 to retry; anything else is a 500 with no internals in the body
/// (they go to the log).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let catalog: Catalog
    let store: any Store

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as HTTPError where error.status == .notFound && !request.uri.path.hasPrefix("/api/") {
            // A page that does not exist: people get a page, not JSON.
            return ErrorPage.notFound(PageContext(request: request, context: context, catalog: catalog.snapshot))
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "not_found" : "http_\(error.status.code)"
            throw Problem(
                error.status, code: code, title: error.status.reasonPhrase,
                detail: error.body ?? (error.status == .notFound ? "no such route: \(request.uri.path)" : nil))
        } catch let error as StoreError {
            throw Problem(error)
        } catch  where store.isOutOfSpace(error) {
            context.logger.warning("storage full", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw Problem.storageFull
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw Problem(
                .internalServerError, code: "internal", title: "Internal error",
                detail: "the error was logged; request id \(context.id)")
        }
    }
}
