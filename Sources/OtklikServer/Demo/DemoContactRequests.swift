import Foundation
import OtklikCore
import OtklikStore

/// The demo's contact requests: the latest unhappy customers (NPS 0–4, no customer on file) who asked to
/// be contacted, at every branch, some still new, some contacted, some resolved — so that the list, the
/// badge and the dashboard's banner have something to show.
enum DemoContactRequests {
    static func add(to store: any Store, from data: RepairChainDataset) async throws {
        let unhappy = data.responses
            .filter { $0.context.customerId == nil && $0.context.locationId != nil && ($0.answers["nps"]?.score ?? 10) <= 4 }
            .sorted { $0.submittedAt > $1.submittedAt }
        // The latest four at every branch: two still new, one contacted, one resolved.
        var perLocation: [Location.ID: [Response]] = [:]
        for response in unhappy {
            guard let location = response.context.locationId, perLocation[location, default: []].count < 4 else { continue }
            perLocation[location, default: []].append(response)
        }
        let stages = perLocation.values.flatMap { latest in latest.enumerated().map { (response: $0.element, stage: $0.offset) } }
            .sorted { $0.response.submittedAt < $1.response.submittedAt }
        let strings = Strings(.ru)
        // Oldest first, so that ids follow time as they do when customers ask one after another.
        for (index, (response, stage)) in stages.enumerated() {
            let name =
                "\(RepairChainDemo.firstNames[index % RepairChainDemo.firstNames.count]) \(RepairChainDemo.lastNames[(index * 7) % RepairChainDemo.lastNames.count])"
            let contact =
                index % 3 == 0
                ? "demo.client\(index + 1)@example.ru"
                : String(format: "+7 916 %03d-%02d-%02d", 100 + index * 37, index * 3 % 100, index * 11 % 100)
            let isEmail = index % 3 == 0
            let asked = response.submittedAt.addingTimeInterval(90)
            let request = try await store.requestContact(
                Customer(
                    id: Identifier(0), name: name, email: isEmail ? contact : nil, phone: isEmail ? nil : contact, consentContact: true),
                contact: contact,
                consent: ConsentProof(
                    purpose: .contactAboutFeedback, text: strings[ConsentNotice.contactText], version: ConsentNotice.version,
                    locale: .ru, givenAt: asked, surveyId: response.surveyId, responseId: response.id))
            if stage >= 2 {
                _ = try await store.changeContactRequest(
                    id: request.id, to: .contacted, by: nil, actor: "Елена Морозова",
                    note: "Позвонила, извинилась, предложила бесплатную диагностику",
                    at: asked.addingTimeInterval(3 * 3600))
            }
            if stage == 3 {
                _ = try await store.changeContactRequest(
                    id: request.id, to: .resolved, by: nil, actor: "Елена Морозова",
                    note: "Клиент доволен решением", at: asked.addingTimeInterval(26 * 3600))
            }
        }
    }
}
