import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `/app/journeys…`: the list of maps and a new one from a template; a map with its data for a period; a
/// cell's and the stages' editors; every change posted to `/app/journeys/{id}/edit`; exports. Changing a
/// map needs `editJourneys` and, for a manager, a map about one of their locations.
struct JourneysController {
    let pages: Pages
    let catalog: Catalog
    let journeys: JourneyService
    let store: any Store

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/app/journeys") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readDashboard)
            return page.respond(try await listPage(page, signedIn.user))
        }

        router.get("/app/touchpoints") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let filter = page.filter.withDefaultPeriod(today: catalog.snapshot.today)
            let model = try TouchpointInventory.model(
                period: filter, scope: signedIn.user.scope, metrics: journeys.metrics, snapshot: catalog.snapshot,
                minimumSample: journeys.minimumSample)
            return page.respond(TouchpointInventory.render(page, model))
        }

        router.post("/app/journeys") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.editJourneys)
            let form = try await FormData.read(request)
            try page.verify(form, request: request)
            let template = JourneyTemplate.all.first { $0.id == form["template"] }
            var persona = template?.persona ?? Persona(id: Identifier(0), name: "")
            let personaName = (form["persona"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if !personaName.isEmpty { persona.name = String(personaName.prefix(200)) }
            let title = (form["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            var problems: [FieldProblem] = []
            if persona.name.isEmpty { problems.append(FieldProblem(field: "persona", code: "required", message: "required")) }
            if template == nil && title.isEmpty { problems.append(FieldProblem(field: "title", code: "required", message: "required")) }
            guard problems.isEmpty else {
                return page.respond(try await listPage(page, signedIn.user, problems: problems), status: .unprocessableContent)
            }
            let touchpoints = touchpoints()
            persona = try await journeys.store.savePersona(persona)
            var map =
                template?.map(id: Identifier(0), personaId: persona.id, touchpoints: touchpoints)
                ?? JourneyMap(
                    id: Identifier(0), title: title, personaId: persona.id,
                    stages: JourneyMap.standardStages(
                        touchpoints: touchpoints, name: Strings(catalog.snapshot.organisation.defaultLocale).stage))
            if !title.isEmpty { map.title = String(title.prefix(200)) }
            // A manager's map is about their locations, so that they (and their colleagues) may keep editing it.
            if signedIn.user.role == .manager { map.locationIds = signedIn.user.locationIds }
            let created = try await journeys.store.createJourneyMap(map, by: signedIn.user.id, actor: signedIn.user.name, at: Date())
            return page.redirect(to: .journey(created.id))
        }

        router.get("/app/journeys/{id}") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let map = try await map(context)
            return page.respond(JourneyPage.map(page, try await model(page, map, signedIn.user)), scripts: .ownFiles)
        }

        router.get("/app/journeys/{id}/cell") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.editJourneys)
            let map = try await editableMap(context, signedIn.user)
            guard let stage = page.currentQuery["stage"].flatMap(map.stage), let lane = page.currentQuery["lane"].flatMap(map.lane) else {
                throw WebError.notFound
            }
            let comments = try await journeys.store.journeyComments(id: map.id)
            return page.respond(JourneyPage.cellEditor(page, map: map, stage: stage, lane: lane, comments: comments))
        }

        router.get("/app/journeys/{id}/stages") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.editJourneys)
            let map = try await editableMap(context, signedIn.user)
            return page.respond(
                JourneyPage.stagesEditor(page, map: map, settings: try await settings(map, signedIn.user)), scripts: .ownFiles)
        }

        router.post("/app/journeys/{id}/edit") { request, context in
            let (page, signedIn, form, map) = try await mapForm(request, context)
            let toStages = form["back"] == "stages"
            do {
                let edit = try JourneyForm.edit(form)
                // Which managers may edit the map is for owners and analysts to say.
                if case .setLocations = edit, signedIn.user.role == .manager { throw WebError.forbidden }
                _ = try await journeys.store.editJourneyMap(id: map.id, [edit], by: signedIn.user.id, actor: signedIn.user.name, at: Date())
                let anchor = form["stage"].map { "#stage-\($0)" } ?? ""
                return page.redirect(
                    toPath: (toStages ? SiteURL.journeyStages(map.id).path : SiteURL.journey(map.id).path) + "?saved=1" + anchor)
            } catch let problem as FieldProblem {
                return try await refused(page, signedIn.user, map: map, form: form, problem: problem, toStages: toStages)
            } catch let problem as JourneyEditProblem {
                // Read again: the page shows the map as it is now, the colleague's change included.
                let current = try await journeys.store.journeyMap(id: map.id) ?? map
                return try await refused(page, signedIn.user, map: current, form: form, problem: problem.problem, toStages: toStages)
            }
        }

        router.post("/app/journeys/{id}/persona") { request, context in
            let (page, signedIn, form, map) = try await mapForm(request, context)
            var persona = try await journeys.persona(of: map)
            func text(_ key: String) -> String {
                (form[key] ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            }
            (persona.name, persona.portrait, persona.needs) = (text("name"), text("portrait"), text("needs"))
            (persona.behaviour, persona.quote) = (text("behaviour"), text("quote"))
            persona.segmentId = form["segment"].flatMap(Int64.init).map(Identifier.init).flatMap { catalog.snapshot.segments[$0]?.id }
            do {
                _ = try await journeys.store.savePersona(persona)
            } catch StoreError.invalid(let problems) {
                return page.respond(
                    JourneyPage.stagesEditor(page, map: map, settings: try await settings(map, signedIn.user), problem: problems.first),
                    status: .unprocessableContent, scripts: .ownFiles)
            }
            return page.redirect(toPath: SiteURL.journeyStages(map.id).path + "?saved=1")
        }

        router.post("/app/journeys/{id}/comments") { request, context in
            let (page, signedIn, form, map) = try await mapForm(request, context)
            guard let stage = form["stage"].flatMap(map.stage), let lane = form["lane"].flatMap(map.lane) else { throw WebError.notFound }
            let comment = JourneyComment(
                stage: stage.id, lane: lane.id, text: (form["text"] ?? "").replacingOccurrences(of: "\r\n", with: "\n"), at: Date(),
                userId: signedIn.user.id, actor: signedIn.user.name)
            do {
                try await journeys.store.commentJourneyMap(id: map.id, comment)
            } catch StoreError.invalid(let problems) {
                let comments = try await journeys.store.journeyComments(id: map.id)
                return page.respond(
                    JourneyPage.cellEditor(page, map: map, stage: stage, lane: lane, comments: comments, problem: problems.first),
                    status: .unprocessableContent)
            }
            return page.redirect(toPath: SiteURL.journeyCell(map.id, stage: stage.id, lane: lane.id).path + "#comments")
        }

        router.get("/app/journeys/{id}/export/{format}") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let map = try await map(context)
            guard let format = context.parameters.get("format").flatMap(JourneyExportFormat.init(rawValue:)) else {
                throw WebError.notFound
            }
            let body = try await export(map, format: format, page: page, user: signedIn.user)
            var headers = PageContext.securityHeaders(contentType: format.contentType)
            headers[.contentDisposition] = "attachment; filename=\"journey-\(map.id.rawValue).\(format.fileExtension)\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    // MARK: -

    private func touchpoints() -> [Touchpoint] { catalog.snapshot.touchpoints.values.sorted { $0.id < $1.id } }

    private func settings(_ map: JourneyMap, _ user: User) async throws -> JourneyPage.Settings {
        let snapshot = catalog.snapshot
        return JourneyPage.Settings(
            persona: try await journeys.persona(of: map),
            touchpoints: touchpoints(), segments: snapshot.segments.values.sorted { $0.id < $1.id },
            locations: snapshot.locations.values.sorted { $0.id < $1.id }, canChangeLocations: user.role != .manager)
    }

    private func listPage(_ page: PageContext, _ user: User, problems: [FieldProblem] = []) async throws -> HTML {
        let personas = Dictionary(try await journeys.store.personas().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let items = try await journeys.store.journeyMaps().map { JourneyPage.ListItem(map: $0, persona: personas[$0.personaId]) }
        return JourneyPage.list(page, items: items, canCreate: user.role.allows(.editJourneys), problems: problems)
    }

    private func map(_ context: AppRequestContext) async throws -> JourneyMap {
        guard let id = context.parameters.get("id").flatMap(Int64.init), id > 0,
            let map = try await journeys.store.journeyMap(id: Identifier(id))
        else { throw WebError.notFound }
        return map
    }

    /// A form posted about a map: the page, who posted it (allowed to change maps, and this one), the form
    /// (its CSRF token checked) and the map as stored.
    private func mapForm(
        _ request: Request, _ context: AppRequestContext
    ) async throws -> (PageContext, SignedIn, FormData, JourneyMap) {
        let page = pages.page(request, context)
        let signedIn = try page.require(.editJourneys)
        let form = try await FormData.read(request)
        try page.verify(form, request: request)
        return (page, signedIn, form, try await editableMap(context, signedIn.user))
    }

    private func editableMap(_ context: AppRequestContext, _ user: User) async throws -> JourneyMap {
        let map = try await map(context)
        guard JourneyService.canEdit(map, user, snapshot: catalog.snapshot) else { throw WebError.forbidden }
        return map
    }

    private func model(_ page: PageContext, _ map: JourneyMap, _ user: User) async throws -> JourneyPage.Model {
        let snapshot = catalog.snapshot
        let period = page.filter.withDefaultPeriod(today: catalog.snapshot.today)
        let measures = try await journeys.measures(map, period: period, scope: user.scope)
        return JourneyPage.Model(
            map: map, persona: try await journeys.persona(of: map), period: period, measures: measures,
            history: try await journeys.store.journeyHistory(id: map.id),
            users: try await store.users().filter { $0.role != .staff }, comments: try await journeys.store.journeyComments(id: map.id),
            canEdit: JourneyService.canEdit(map, user, snapshot: snapshot),
            minimumSample: journeys.minimumSample,
            touchpointName: { snapshot.touchpoints[$0]?.name ?? "#\($0.rawValue)" })
    }

    /// A refused change: the page it came from again, with the reason (and, for a cell, the author's text).
    private func refused(
        _ page: PageContext, _ user: User, map: JourneyMap, form: FormData, problem: FieldProblem, toStages: Bool
    ) async throws -> Response {
        let status: HTTPResponse.Status = problem.code == "conflict" ? .conflict : .unprocessableContent
        if form["op"] == "cell", let stage = form["stage"].flatMap(map.stage), let lane = form["lane"].flatMap(map.lane) {
            let yours = JourneyMap.Cell(
                form["text"] ?? "", basis: form["basis"].flatMap(JourneyMap.Cell.Basis.init(rawValue:)) ?? .assumption)
            let comments = try await journeys.store.journeyComments(id: map.id)
            return page.respond(
                JourneyPage.cellEditor(page, map: map, stage: stage, lane: lane, comments: comments, yours: yours, problem: problem),
                status: status)
        }
        if toStages {
            return page.respond(
                JourneyPage.stagesEditor(page, map: map, settings: try await settings(map, user), problem: problem), status: status,
                scripts: .ownFiles)
        }
        return page.respond(JourneyPage.map(page, try await model(page, map, user), problem: problem), status: status, scripts: .ownFiles)
    }

    private func export(_ map: JourneyMap, format: JourneyExportFormat, page: PageContext, user: User) async throws -> [UInt8] {
        try await JourneyExporter(journeys: journeys, catalog: catalog, store: store)
            .export(map, format: format, strings: page.strings, scope: user.scope)
    }
}

/// The exports of a map, shared by the web, the API and the CLI.
struct JourneyExporter {
    let journeys: JourneyService
    let catalog: Catalog
    let store: any Store

    func export(_ map: JourneyMap, format: JourneyExportFormat, strings: Strings, scope: DataScope) async throws -> [UInt8] {
        let snapshot = catalog.snapshot
        let persona = try await journeys.persona(of: map)
        switch format {
        case .json:
            return Array(try JourneyDocument(persona: persona, map: map).encoded())
        case .markdown:
            let users = Dictionary(try await store.users().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            let names = JourneyExport.Names(
                touchpoint: { snapshot.touchpoints[$0]?.name ?? "#\($0.rawValue)" }, user: { users[$0] ?? "#\($0.rawValue)" })
            return Array(JourneyExport.markdown(map, persona, strings: strings, names: names).utf8)
        case .mermaid:
            return Array(JourneyExport.mermaid(map, persona).utf8)
        case .svg:
            let measures = try await journeys.measures(
                map, period: DashboardFilter().withDefaultPeriod(today: snapshot.today), scope: scope)
            let columns = JourneyChart.columns(map, measures, minimumSample: journeys.minimumSample)
            return Array(
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + JourneyChart.emotionCurves(columns, strings: strings, standalone: true).rendered).utf8)
        }
    }
}
