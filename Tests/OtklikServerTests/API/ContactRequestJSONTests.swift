import Foundation
import OtklikCore
import PropertyBased
import Testing

@testable import OtklikServer

/// `ContactRequestJSON` writes what `JSONEncoder` with the API's convention wrote for a contact request and a
/// page of them: checked against the encoder on random requests — every optional field present or not, a
/// history of any length, the strings and times `ResponseJSONTests` draws.
@Suite("Contact requests as JSON")
struct ContactRequestJSONTests {
    /// The page as `GET /api/v1/contact-requests` encoded it through `JSONEncoder`.
    struct EncodedPage: Encodable {
        var items: [ContactRequest]
        var nextCursor: Int64?
    }

    static func request(_ random: inout SeededRandom, alikeOnly: Bool) -> ContactRequest {
        func text(_ random: inout SeededRandom, most: Int = 8) -> String {
            ResponseJSONTests.text(&random, most: most, alikeOnly: alikeOnly)
        }
        func maybe<T>(_ random: inout SeededRandom, _ make: (inout SeededRandom) -> T) -> T? {
            random.next() % 3 == 0 ? nil : make(&random)
        }
        func id<T>(_ random: inout SeededRandom) -> Identifier<T> { Identifier(Int64(random.next() % 70_000)) }
        func date(_ random: inout SeededRandom) -> Date {
            let seconds = Double(Int64(random.next() % 315_537_897_600)) - 62_135_596_800
            return Date(timeIntervalSince1970: random.next() % 5 == 0 ? seconds + random.unit() : seconds)
        }
        func status(_ random: inout SeededRandom) -> ContactRequest.Status { random.pick(ContactRequest.Status.allCases) }
        let history = (0..<Int(random.next() % 4)).map { _ in
            ContactRequest.Event(
                from: maybe(&random, status), to: status(&random), at: date(&random), userId: maybe(&random, id),
                actor: text(&random), note: maybe(&random) { text(&$0, most: 20) })
        }
        return ContactRequest(
            id: id(&random), responseId: id(&random), surveyId: id(&random), customerId: maybe(&random, id),
            locationId: maybe(&random, id), employeeId: maybe(&random, id), status: status(&random), createdAt: date(&random),
            updatedAt: date(&random), name: maybe(&random) { text(&$0) }, contact: maybe(&random) { text(&$0) },
            contactKind: random.next() % 2 == 0 ? .email : .phone,
            consent: ConsentProof(
                purpose: .contactAboutFeedback, text: text(&random, most: 30), version: text(&random, most: 4),
                locale: random.pick(LocalizedText.Locale.allCases), givenAt: date(&random), surveyId: id(&random),
                responseId: id(&random)),
            erasedAt: maybe(&random, date), history: history)
    }

    @Test("a request and a page are written as the API's encoder wrote them")
    func writtenAsTheEncoderWroteThem() async throws {
        let encoder = JSONCoding.makeEncoder()
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededRandom(seed: UInt64(seed))
            let alikeOnly = seed % 2 == 0
            let request = Self.request(&random, alikeOnly: alikeOnly)
            var out = OutputBytes(capacity: 16)
            ContactRequestJSON.write(request, into: &out)
            let items = (0..<Int(random.next() % 4)).map { _ in Self.request(&random, alikeOnly: alikeOnly) }
            let cursor = random.next() % 2 == 0 ? nil : Int64(random.next() % 1_000_000)
            do {
                try ResponseJSONTests.expectSame(out.bytes, try encoder.encode(request), request)
                try ResponseJSONTests.expectSame(
                    ContactRequestJSON.page(items, nextCursor: cursor).bytes,
                    try encoder.encode(EncodedPage(items: items, nextCursor: cursor)), items)
            } catch {
                Issue.record(error, "\(request)")
            }
        }
    }

    @Test("a written request reads back as itself through the API's decoder")
    func readsBack() async throws {
        let decoder = JSONCoding.makeDecoder()
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededRandom(seed: UInt64(seed))
            var request = Self.request(&random, alikeOnly: false)
            func whole(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }
            (request.createdAt, request.updatedAt, request.erasedAt) = (
                whole(request.createdAt), whole(request.updatedAt), request.erasedAt.map(whole)
            )
            request.consent.givenAt = whole(request.consent.givenAt)
            for i in request.history.indices { request.history[i].at = whole(request.history[i].at) }
            var out = OutputBytes(capacity: 16)
            ContactRequestJSON.write(request, into: &out)
            #expect((try? decoder.decode(ContactRequest.self, from: Data(out.bytes))) == request, "\(request)")
        }
    }
}
