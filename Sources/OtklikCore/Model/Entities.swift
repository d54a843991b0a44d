/// A place in the organisation's tree: company → city → branch.
public struct Location: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Location>
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable { case company, city, branch }

    public var id: ID
    public var name: String
    public var kind: Kind
    public var parentId: ID?
    public var address: String?

    public init(id: ID, name: String, kind: Kind, parentId: ID? = nil, address: String? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.parentId = parentId
        self.address = address
    }
}

/// The default stages of a customer journey (docs/domain.md §2). A touchpoint belongs to one stage.
public enum JourneyStage: String, Hashable, Sendable, Codable, CaseIterable {
    case awareness, search, choice, purchase, use, recommendation

    /// Dense code used by the analytics index (1-based; 0 means "no stage").
    public var code: UInt16 { UInt16(Self.allCases.firstIndex(of: self)! + 1) }
    public init?(code: UInt16) {
        guard code >= 1, Int(code) <= Self.allCases.count else { return nil }
        self = Self.allCases[Int(code) - 1]
    }
}

/// A way a customer reaches the company: site, phone, the hall … Kept as a small table so that the
/// analytics index can hold it in one byte.
public struct Channel: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Channel>
    public var id: ID
    /// Stable machine name ("website", "phone").
    public var code: String
    public var name: LocalizedText

    public init(id: ID, code: String, name: LocalizedText) {
        self.id = id
        self.code = code
        self.name = name
    }
}

/// Every place where a customer meets the company (docs/domain.md §3).
public struct Touchpoint: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Touchpoint>
    public var id: ID
    public var name: String
    public var channelId: Channel.ID?
    public var stage: JourneyStage
    /// The employee responsible for the touchpoint.
    public var ownerId: Employee.ID?
    public var locationId: Location.ID?
    /// How deep the customer goes here (docs/domain.md §3); nil until someone says.
    public var depth: Depth?

    /// The depth of a touchpoint, from the CX-strategy source: a **contact** (the customer sees an ad, reads
    /// the news, gets a mailing), an **interaction** (they talk to the company's people, visit the site) or
    /// **engagement** (they sign up, start a trial, buy).
    public enum Depth: String, Hashable, Sendable, Codable, CaseIterable {
        case contact, interaction, engagement
    }

    public init(
        id: ID, name: String, channelId: Channel.ID? = nil, stage: JourneyStage,
        ownerId: Employee.ID? = nil, locationId: Location.ID? = nil, depth: Depth? = nil
    ) {
        self.id = id
        self.name = name
        self.channelId = channelId
        self.stage = stage
        self.ownerId = ownerId
        self.locationId = locationId
        self.depth = depth
    }
}

public struct Employee: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Employee>
    public var id: ID
    public var name: String
    public var position: String?
    public var locationId: Location.ID?
    public var active: Bool

    public init(id: ID, name: String, position: String? = nil, locationId: Location.ID? = nil, active: Bool = true) {
        self.id = id
        self.name = name
        self.position = position
        self.locationId = locationId
        self.active = active
    }
}

/// A group of customers with similar behaviour or needs (docs/domain.md §4).
public struct Segment: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Segment>
    public var id: ID
    public var name: String

    public init(id: ID, name: String) {
        self.id = id
        self.name = name
    }
}

public struct Customer: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Customer>
    public var id: ID
    /// The customer's id in the business's own systems (CRM, loyalty card).
    public var externalId: String?
    public var name: String?
    public var email: String?
    public var phone: String?
    /// Explicit consent to be contacted about their feedback.
    public var consentContact: Bool
    /// Explicit consent to receive marketing.
    public var consentMarketing: Bool
    public var segmentId: Segment.ID?

    public init(
        id: ID, externalId: String? = nil, name: String? = nil, email: String? = nil, phone: String? = nil,
        consentContact: Bool = false, consentMarketing: Bool = false, segmentId: Segment.ID? = nil
    ) {
        self.id = id
        self.externalId = externalId
        self.name = name
        self.email = email
        self.phone = phone
        self.consentContact = consentContact
        self.consentMarketing = consentMarketing
        self.segmentId = segmentId
    }
}
