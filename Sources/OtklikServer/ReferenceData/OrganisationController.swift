import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `GET|PUT /api/v1/organisation`: name, default language, time zone. A new time zone re-buckets every
/// response (days, weeks, months are counted in it), so the index is rebuilt.
struct OrganisationController {
    let services: Services

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/organisation") { _, context in
            try context.require(.read)
            return try API.json(services.catalog.snapshot.organisation)
        }
        router.put("/api/v1/organisation") { request, context in
            try context.require(.admin)
            var organisation = try API.decode(Organisation.self, from: try await API.body(request, limit: 64 << 10))
            var problems = organisation.normalizeNames()
            if TimeZone(identifier: organisation.timeZone) == nil {
                problems.append(FieldProblem(field: "time_zone", code: "invalid",
                                             message: "\"\(organisation.timeZone)\" is not an IANA time zone such as Europe/Moscow"))
            }
            guard problems.isEmpty else { throw Problem.validation(problems) }
            let zoneChanged = organisation.timeZone != services.catalog.snapshot.organisation.timeZone
            try await services.store.saveOrganisation(organisation)
            try await services.referenceDataChanged()
            if zoneChanged { try await services.reloadIndex() }
            return try API.json(organisation)
        }
    }
}
