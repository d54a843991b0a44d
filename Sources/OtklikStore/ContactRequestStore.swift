import Foundation
import OtklikCore

/// Customers' requests to be contacted about their response, with the proof of their consent and the
/// history of each request.
public protocol ContactRequestStore: Sendable {
    /// Stores a customer who asked to be contacted about their response (`consent.responseId`), the proof
    /// of their consent and the request itself (status `new`), and links the response to the customer, in
    /// one transaction. A response that already has a customer keeps it (`StoreError.duplicate`).
    func requestContact(_ customer: Customer, contact: String, consent: ConsentProof) async throws -> ContactRequest
    /// Requests the filter selects, newest first, without their history.
    func contactRequests(_ filter: ContactRequestFilter) async throws -> [ContactRequest]
    func countContactRequests(_ filter: ContactRequestFilter) async throws -> Int
    /// One request with its history of status changes.
    func contactRequest(id: ContactRequest.ID) async throws -> ContactRequest?
    /// The request about a response, with its history.
    func contactRequest(response: Response.ID) async throws -> ContactRequest?
    /// Moves a request to `status` and records who and when; a move `ContactRequest.Status.canMove` does
    /// not allow is `StoreError.invalid` (code `invalid_transition`), an unknown id `StoreError.notFound`.
    func changeContactRequest(
        id: ContactRequest.ID, to status: ContactRequest.Status, by userId: User.ID?,
        actor: String, note: String?, at: Date
    ) async throws -> ContactRequest
}
