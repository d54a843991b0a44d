import OtklikCore
import OtklikStore

/// Who may call each route the application registers, in one table. The handlers enforce it (a page
/// asks `PageContext.require`, an API route `context.require`); `RoutePolicyTests` walks every route the
/// router knows as every role and every token scope and holds the handlers to this table, and fails for
/// a route that is not in it. A new route is therefore a new line here, decided on purpose.
struct RoutePolicy: Sendable {
    enum Access: Sendable {
        /// Anyone, signed in or not: survey pages, sign-in, static files, health, the OpenAPI document.
        case open
        /// A signed-in account whose role has the permission; a visitor is sent to sign in.
        case page(Permission)
        /// A settings page: the permission depends on the section in the path.
        case settings
        /// An API token with this scope (an admin token has every scope).
        case token(APIToken.Scope)
    }

    /// Which of the data a permitted caller sees.
    enum Data: Sendable, Equatable {
        /// The route shows no responses, or all of them to whoever may call it (API tokens, builders).
        case unrestricted
        /// Only responses within the account's `DataScope`: a manager's locations, a staff member's own.
        case accountScope
        /// Records responses only at the account's locations (a manager's call records).
        case accountLocations
    }

    var access: Access
    var data: Data = .unrestricted

    static let open = RoutePolicy(access: .open)
    static func page(_ permission: Permission, data: Data = .unrestricted) -> RoutePolicy {
        RoutePolicy(access: .page(permission), data: data)
    }
    static func token(_ scope: APIToken.Scope) -> RoutePolicy { RoutePolicy(access: .token(scope)) }

    /// Every route, as Hummingbird names it ("GET /app/surveys/{id}").
    static let table: [String: RoutePolicy] = {
        var table: [String: RoutePolicy] = [
            "GET /healthz": .open, "GET /metrics": .open, "GET /api/v1/openapi.json": .open, "GET /static/otklik.css": .open,
            "GET /static/journey.js": .open,
            "GET /": .open, "GET /setup": .open, "POST /setup": .open, "GET /login": .open, "POST /login": .open,
            "POST /logout": .open,
            "GET /s/{code}": .open, "POST /s/{code}": .open, "GET /s/{code}/thanks": .open, "POST /s/{code}/contact": .open,
            "GET /privacy": .open,
            "GET /s/{code}/qr.svg": .open, "GET /s/{code}/qr.png": .open,

            "GET /app": .page(.readDashboard, data: .accountScope),
            "GET /app/responses": .page(.readDashboard, data: .accountScope),
            "GET /app/responses.csv": .page(.readDashboard, data: .accountScope),
            "GET /app/metrics.csv": .page(.readDashboard, data: .accountScope),
            "GET /app/account": .page(.readDashboard), "POST /app/account": .page(.readDashboard),
            "GET /app/surveys": .page(.editSurveys), "GET /app/surveys/new": .page(.editSurveys),
            "POST /app/surveys/new": .page(.editSurveys), "GET /app/surveys/{id}": .page(.editSurveys),
            "POST /app/surveys/{id}": .page(.editSurveys), "GET /app/surveys/{id}/preview": .page(.editSurveys),
            "GET /app/surveys/{id}/preview/frame": .page(.editSurveys), "POST /app/surveys/{id}/preview/frame": .page(.editSurveys),
            "GET /app/surveys/{id}/links": .page(.printSurveyLinks), "GET /app/surveys/{id}/results": .page(.readDashboard),
            "GET /app/surveys/{id}/card": .page(.printSurveyLinks),
            "GET /app/calls/{id}": .page(.callCustomers), "POST /app/calls/{id}": .page(.callCustomers, data: .accountLocations),
            // Contact requests (Contacts/): one response, the list of requests, a status change.
            "GET /app/responses/{id}": .page(.readDashboard, data: .accountScope),
            "GET /app/contacts": .page(.callCustomers, data: .accountScope),
            "POST /app/contacts/{id}/status": .page(.callCustomers, data: .accountScope),
            // Journey maps (Journeys/): read by everyone signed in (the data within their scope), changed by
            // owners, analysts and the managers of the map's locations (checked against the map).
            "GET /app/journeys": .page(.readDashboard), "POST /app/journeys": .page(.editJourneys),
            "GET /app/touchpoints": .page(.readDashboard, data: .accountScope),
            "GET /app/journeys/{id}": .page(.readDashboard, data: .accountScope),
            "GET /app/journeys/{id}/cell": .page(.editJourneys), "GET /app/journeys/{id}/stages": .page(.editJourneys),
            "POST /app/journeys/{id}/edit": .page(.editJourneys), "POST /app/journeys/{id}/persona": .page(.editJourneys),
            "POST /app/journeys/{id}/comments": .page(.editJourneys), "GET /app/journeys/{id}/export/{format}": .page(.readDashboard),
            // Customer value (Value/): owners and analysts see every customer, a manager the orders of their
            // locations and who bought there, staff none; marks by those who call customers, settings by admins.
            "GET /app/value": .page(.readCustomerValue, data: .accountScope),
            "GET /app/value/segments": .page(.readCustomerValue, data: .accountScope),
            "GET /app/value/ladder": .page(.readCustomerValue, data: .accountScope),
            "GET /app/value/retention": .page(.readCustomerValue, data: .accountScope),
            "GET /app/value/customers": .page(.readCustomerValue, data: .accountScope),
            "GET /app/value/customers/{id}": .page(.readCustomerValue, data: .accountScope),
            "POST /app/value/customers/{id}/marks": .page(.callCustomers, data: .accountScope),
            "POST /app/value/settings": .page(.editReferenceData),
            "GET /app/value/export/{file}": .page(.readCustomerValue, data: .accountScope),
            "GET /app/settings/{section}": RoutePolicy(access: .settings), "POST /app/settings/{section}": RoutePolicy(access: .settings),
            "GET /app/settings/{section}/{id}": RoutePolicy(access: .settings),
            "POST /app/settings/{section}/{id}": RoutePolicy(access: .settings),

            "POST /api/v1/surveys/{id}/responses": .token(.ingest),
            "GET /api/v1/metrics": .token(.read), "GET /api/v1/responses": .token(.read),
            "GET /api/v1/responses/{id}": .token(.read), "DELETE /api/v1/responses/{id}": .token(.admin),
            "GET /api/v1/export/responses.csv": .token(.read), "GET /api/v1/export/responses.ndjson": .token(.read),
            "GET /api/v1/organisation": .token(.read), "PUT /api/v1/organisation": .token(.admin),
            "GET /api/v1/tokens": .token(.admin), "POST /api/v1/tokens": .token(.admin), "DELETE /api/v1/tokens/{id}": .token(.admin),
            "GET /api/v1/customers/{id}/personal-data": .token(.admin), "POST /api/v1/customers/{id}/erase": .token(.admin),
            "GET /api/v1/audit-log": .token(.admin),
            "GET /api/v1/journeys": .token(.read), "POST /api/v1/journeys": .token(.admin),
            "GET /api/v1/journeys/{id}": .token(.read), "PUT /api/v1/journeys/{id}": .token(.admin),
            "GET /api/v1/value/summary": .token(.read), "GET /api/v1/value/customers": .token(.read),
            "GET /api/v1/value/customers/{id}": .token(.read), "GET /api/v1/value/forecast": .token(.read),
            "GET /api/v1/value/transitions": .token(.read),
            "GET /api/v1/contact-requests": .token(.read), "PATCH /api/v1/contact-requests/{id}": .token(.admin),
        ]
        for collection in ReferenceDataController.collections.map(\.path) {
            table["GET /api/v1/\(collection)"] = .token(.read)
            table["GET /api/v1/\(collection)/{id}"] = .token(.read)
            for method in ["POST /api/v1/\(collection)", "PUT /api/v1/\(collection)/{id}", "DELETE /api/v1/\(collection)/{id}"] {
                table[method] = .token(.admin)
            }
        }
        return table
    }()
}
