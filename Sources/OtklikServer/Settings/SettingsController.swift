import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `/app/settings/…`: the company, locations, touchpoints (stage, channel, owner), employees, users and
/// API tokens. Each section is a list with an "add" form, an edit page per item, and delete; every
/// change refreshes the catalog, so metrics and survey pages see it at once.
struct SettingsController {
    let pages: Pages
    let accounts: AccountService
    let catalog: Catalog
    let referenceData: ReferenceDataService
    let store: any Store
    let tokens: TokenService
    typealias Section = SiteURL.SettingsSection

    static func permission(_ section: Section) -> Permission {
        switch section {
        case .organisation: return .editOrganisation
        case .locations, .touchpoints, .employees: return .editReferenceData
        case .users: return .manageUsers
        case .tokens: return .manageTokens
        }
    }

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/app/settings/{section}") { request, context in
            let (page, section, signedIn) = try open(request, context)
            return page.respond(
                try await render(page, section, signedIn: signedIn, editing: nil, form: nil, problems: [], notice: notice(page)))
        }
        router.post("/app/settings/{section}") { request, context in
            let (page, section, signedIn) = try open(request, context)
            let form = try await FormData.read(request)
            try page.verify(form, request: request)
            return try await save(page, section, signedIn: signedIn, id: nil, form: form)
        }
        router.get("/app/settings/{section}/{id}") { request, context in
            let (page, section, signedIn) = try open(request, context)
            guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw WebError.notFound }
            return page.respond(try await render(page, section, signedIn: signedIn, editing: id, form: nil, problems: [], notice: nil))
        }
        router.post("/app/settings/{section}/{id}") { request, context in
            let (page, section, signedIn) = try open(request, context)
            guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw WebError.notFound }
            let form = try await FormData.read(request)
            try page.verify(form, request: request)
            if form["action"] == "delete" { return try await delete(page, section, signedIn: signedIn, id: id) }
            return try await save(page, section, signedIn: signedIn, id: id, form: form)
        }
    }

    private func open(_ request: Request, _ context: AppRequestContext) throws -> (PageContext, Section, SignedIn) {
        let page = pages.page(request, context)
        guard let section = context.parameters.get("section").flatMap(Section.init(rawValue:)) else { throw WebError.notFound }
        let signedIn = try page.require(Self.permission(section))
        return (page, section, signedIn)
    }

    /// Gathers what the section shows (users and tokens from the store, the rest from the catalog) and
    /// renders it.
    func render(
        _ page: PageContext, _ section: Section, signedIn: SignedIn, editing: Int64?, form: FormData?,
        problems: [FieldProblem], notice: String?, secret: String? = nil
    ) async throws -> HTML {
        let input = SettingsPage.Input(
            page: page, section: section, signedIn: signedIn, editing: editing, form: form, snapshot: catalog.snapshot,
            users: section == .users ? try await store.users() : [],
            tokens: section == .tokens ? try await store.tokens() : [])
        return try SettingsPage.render(input, problems: problems, notice: notice, secret: secret)
    }

    private func notice(_ page: PageContext) -> String? {
        if page.currentQuery["saved"] != nil { return page.strings[.saved] }
        return nil
    }

    // MARK: Saving

    private func save(_ page: PageContext, _ section: Section, signedIn: SignedIn, id: Int64?, form: FormData) async throws -> Response {
        let snapshot = catalog.snapshot
        var problems: [FieldProblem] = []
        /// A name field, by the same rule as the API's (`NameRule`).
        func name(_ field: String) -> String {
            var value = form[field] ?? ""
            NameRule.check(&value, field: field, into: &problems)
            return value
        }
        /// A menu's id; whether it names something that exists is the rules' question (`ReferenceDataService`).
        func reference<E>(_ name: String) -> Identifier<E>? {
            guard let text = form[name] else { return nil }
            guard let value = Int64(text) else {
                problems.append(FieldProblem(field: name, code: "unknown_reference", message: "unknown"))
                return nil
            }
            return Identifier(value)
        }
        func failed() async throws -> Response {
            page.respond(
                try await render(page, section, signedIn: signedIn, editing: id, form: form, problems: problems, notice: nil),
                status: .unprocessableContent)
        }
        var createdSecret: String?
        do {
            switch section {
            case .organisation:
                var organisation = snapshot.organisation
                organisation.name = form["name"] ?? ""
                organisation.defaultLocale = form["default_locale"].flatMap(LocalizedText.Locale.init(rawValue:)) ?? .ru
                organisation.timeZone = form["time_zone"] ?? ""
                _ = try await referenceData.saveOrganisation(organisation)
            case .locations:
                let kind = form["kind"].flatMap(Location.Kind.init(rawValue:)) ?? .branch
                let location = Location(
                    id: Identifier(id ?? 0), name: form["name"] ?? "", kind: kind,
                    parentId: reference("parent_id"), address: form["address"])
                guard problems.isEmpty else { return try await failed() }
                _ = try await referenceData.save(location)
            case .touchpoints:
                let touchpoint = Touchpoint(
                    id: Identifier(id ?? 0), name: form["name"] ?? "", channelId: reference("channel_id"),
                    stage: form["stage"].flatMap(JourneyStage.init(rawValue:)) ?? .use,
                    ownerId: reference("owner_id"), locationId: reference("location_id"),
                    depth: form["depth"].flatMap(Touchpoint.Depth.init(rawValue:)))
                guard problems.isEmpty else { return try await failed() }
                _ = try await referenceData.save(touchpoint)
            case .employees:
                let employee = Employee(
                    id: Identifier(id ?? 0), name: form["name"] ?? "", position: form["position"],
                    locationId: reference("location_id"), active: form.has("active") || id == nil)
                guard problems.isEmpty else { return try await failed() }
                _ = try await referenceData.save(employee)
            case .users:
                let role = form["role"].flatMap(Role.init(rawValue:)) ?? .analyst
                // A user is no reference data: the rules do not see them, so their employee is checked here.
                let employee: Employee.ID? = reference("employee_id")
                if let employee, snapshot.employees[employee] == nil {
                    problems.append(FieldProblem(field: "employee_id", code: "unknown_reference", message: "unknown"))
                }
                let locations = form.all("location_ids").compactMap(Int64.init).map(Location.ID.init).filter {
                    snapshot.locations[$0] != nil
                }
                if let id {
                    guard var user = try await store.user(id: Identifier(id)) else { throw WebError.notFound }
                    if user.id == signedIn.user.id && role != .owner {
                        problems.append(FieldProblem(field: "role", code: "self", message: "cannot demote yourself"))
                    }
                    user.name = name("name")
                    user.role = role
                    user.employeeId = role == .staff ? employee : nil
                    user.locationIds = role == .manager ? locations : []
                    if role == .staff && employee == nil {
                        problems.append(FieldProblem(field: "employee_id", code: "required", message: ""))
                    }
                    if role == .manager && locations.isEmpty {
                        problems.append(FieldProblem(field: "location_ids", code: "required", message: ""))
                    }
                    guard problems.isEmpty else { return try await failed() }
                    user = try await store.saveUser(user)
                    if let password = form.raw("password"), !password.isEmpty {
                        _ = try await accounts.resetPassword(of: user, to: password)
                    }
                } else {
                    _ = try await accounts.createUser(
                        email: form["email"] ?? "", name: form["name"] ?? "", role: role, password: form.raw("password") ?? "",
                        employeeId: employee, locationIds: locations, locale: page.locale, otherProblems: problems)
                }
            case .tokens:
                let tokenName = name("name")
                let scopes = Set(form.all("scopes").compactMap(APIToken.Scope.init(rawValue:)))
                if scopes.isEmpty { problems.append(FieldProblem(field: "scopes", code: "required", message: "")) }
                guard problems.isEmpty else { return try await failed() }
                createdSecret = try await tokens.create(name: tokenName, scopes: scopes).secret
            }
        } catch AccountService.Failure.invalid(let found) {
            problems = found
            return try await failed()
        } catch StoreError.invalid(let found) {
            problems += found
            return try await failed()
        } catch StoreError.duplicate(let field, _) {
            problems.append(FieldProblem(field: field, code: "taken", message: "taken"))
            return try await failed()
        }
        if let createdSecret {
            // Shown once, on this response only; never in a URL (it would land in logs and history).
            return page.respond(
                try await render(
                    page, section, signedIn: signedIn, editing: nil, form: nil, problems: [],
                    notice: page.strings[.tokenCreated], secret: createdSecret))
        }
        return page.redirect(toPath: SiteURL.settings(section).path + "?saved=1")
    }

    private func delete(_ page: PageContext, _ section: Section, signedIn: SignedIn, id: Int64) async throws -> Response {
        do {
            switch section {
            case .organisation: throw WebError.notFound
            case .locations: try await referenceData.delete(Location.self, id: id)
            case .touchpoints: try await referenceData.delete(Touchpoint.self, id: id)
            case .employees: try await referenceData.delete(Employee.self, id: id)
            case .users:
                guard id != signedIn.user.id.rawValue else {
                    return page.respond(
                        try await render(
                            page, section, signedIn: signedIn, editing: nil, form: nil, problems: [],
                            notice: page.strings[.cannotDeleteSelf]), status: .conflict)
                }
                try await store.deleteUser(id: Identifier(id))
            case .tokens: try await tokens.revoke(id: Identifier(id))
            }
        } catch StoreError.inUse, StoreError.invalid {
            return page.respond(
                try await render(
                    page, section, signedIn: signedIn, editing: nil, form: nil, problems: [],
                    notice: page.strings[.inUse]), status: .conflict)
        } catch StoreError.notFound {
            throw WebError.notFound
        }
        return page.redirect(toPath: SiteURL.settings(section).path + "?saved=1")
    }
}
