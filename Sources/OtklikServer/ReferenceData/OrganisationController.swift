import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `GET|PUT /api/v1/organisation`: name, default language, time zone. A new time zone re-buckets every
/// response (days, weeks, months are counted in it), so the index is rebuilt.
struct OrganisationController {
    let referenceData: ReferenceDataService
    let catalog: Catalog

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/organisation") { _, context in
            try context.require(.read)
            return try API.json(catalog.snapshot.organisation)
        }
        router.put("/api/v1/organisation") { request, context in
            try context.require(.admin)
            let organisation = try API.decode(Organisation.self, from: try await API.body(request, limit: 64 << 10))
            do {
                return try API.json(try await referenceData.saveOrganisation(organisation))
            } catch let error as StoreError {
                throw Problem(error)
            }
        }
    }
}
