import Foundation
import OtklikCore

/// Contact requests as the API's JSON — what `JSONCoding.makeEncoder()` makes of a `ContactRequest`: snake_case
/// keys in sorted order, absent fields left out, ids as numbers, times as RFC 3339 in UTC — written straight into
/// bytes, as `ResponseJSON` writes responses. A page of `GET /api/v1/contact-requests` holds up to 1,000
/// requests, each with its consent text and its history.
enum ContactRequestJSON {
    /// A page of `GET /api/v1/contact-requests` (`OutputBytes.page`).
    static func page(_ items: [ContactRequest], nextCursor: Int64?) -> OutputBytes {
        OutputBytes.page(items, nextCursor: nextCursor, bytesEach: 1024, write)
    }

    /// One request's object.
    static func write(_ request: ContactRequest, into out: inout OutputBytes) {
        let consent = request.consent
        out.raw("{\"consent\":{\"given_at\":")
        out.json(JSONCoding.formatDate(consent.givenAt))
        out.raw(",\"locale\":")
        out.json(consent.locale.rawValue)
        out.raw(",\"purpose\":")
        out.json(consent.purpose.rawValue)
        out.raw(",\"response_id\":")
        out.integer(Int(consent.responseId.rawValue))
        out.raw(",\"survey_id\":")
        out.integer(Int(consent.surveyId.rawValue))
        out.raw(",\"text\":")
        out.json(consent.text)
        out.raw(",\"version\":")
        out.json(consent.version)
        out.byte(UInt8(ascii: "}"))
        if let contact = request.contact {
            out.raw(",\"contact\":")
            out.json(contact)
        }
        out.raw(",\"contact_kind\":")
        out.json(request.contactKind.rawValue)
        out.raw(",\"created_at\":")
        out.json(JSONCoding.formatDate(request.createdAt))
        if let customer = request.customerId {
            out.raw(",\"customer_id\":")
            out.integer(Int(customer.rawValue))
        }
        if let employee = request.employeeId {
            out.raw(",\"employee_id\":")
            out.integer(Int(employee.rawValue))
        }
        if let erasedAt = request.erasedAt {
            out.raw(",\"erased_at\":")
            out.json(JSONCoding.formatDate(erasedAt))
        }
        out.raw(",\"history\":[")
        for (i, event) in request.history.enumerated() {
            if i > 0 { out.byte(UInt8(ascii: ",")) }
            write(event, into: &out)
        }
        out.raw("],\"id\":")
        out.integer(Int(request.id.rawValue))
        if let location = request.locationId {
            out.raw(",\"location_id\":")
            out.integer(Int(location.rawValue))
        }
        if let name = request.name {
            out.raw(",\"name\":")
            out.json(name)
        }
        out.raw(",\"response_id\":")
        out.integer(Int(request.responseId.rawValue))
        out.raw(",\"status\":")
        out.json(request.status.rawValue)
        out.raw(",\"survey_id\":")
        out.integer(Int(request.surveyId.rawValue))
        out.raw(",\"updated_at\":")
        out.json(JSONCoding.formatDate(request.updatedAt))
        out.byte(UInt8(ascii: "}"))
    }

    private static func write(_ event: ContactRequest.Event, into out: inout OutputBytes) {
        out.raw("{\"actor\":")
        out.json(event.actor)
        out.raw(",\"at\":")
        out.json(JSONCoding.formatDate(event.at))
        if let from = event.from {
            out.raw(",\"from\":")
            out.json(from.rawValue)
        }
        if let note = event.note {
            out.raw(",\"note\":")
            out.json(note)
        }
        out.raw(",\"to\":")
        out.json(event.to.rawValue)
        if let user = event.userId {
            out.raw(",\"user_id\":")
            out.integer(Int(user.rawValue))
        }
        out.byte(UInt8(ascii: "}"))
    }
}
