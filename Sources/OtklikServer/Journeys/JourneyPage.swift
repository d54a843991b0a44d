import Foundation
import OtklikCore

/// The journey map pages: the list with a new map from a template, the map (stages × lanes with the emotion
/// curves, each stage's data, blind spots, the to-do list by gap, validation, history), a cell's editor and
/// the stages' editor. Everything works as plain forms; nothing needs JavaScript.
enum JourneyPage {
    // MARK: - The list

    struct ListItem {
        var map: JourneyMap
        var persona: Persona?
    }

    static func list(_ page: PageContext, items: [ListItem], canCreate: Bool, problems: [FieldProblem] = []) -> HTML {
        let s = page.strings
        let rows = items.map { item -> HTML in
            """
            <li><a href="\(SiteURL.journey(item.map.id))"><strong>\(item.map.title)</strong></a>
            <span class="badge \(item.map.status == .validated ? "good" : "neutral")">\(s.status(item.map.status))</span>
            <small>\(item.persona?.name ?? "") · \(s[.journeyStages]): \(item.map.stages.count) · \(s[.journeyUpdated]) \(s.dateTime(item.map.updatedAt, timeZone: page.timeZone))</small></li>
            """
        }
        let templates = [("", s[.journeyBlank])] + JourneyTemplate.all.map { ($0.id, $0.title) }
        let create: HTML =
            canCreate
            ? """
            <section class="card"><h2>\(s[.journeyNew])</h2>
            <form method="post" action="\(SiteURL.journeys)" class="stack">\(Layout.csrfField(page))
            \(Layout.select(id: "template", name: "template", label: s[.journeyTemplate], options: templates.map { (value: $0.0, title: $0.1) }, selected: nil, none: nil, problems: problems, strings: s))
            <div class="field"><label for="title">\(s[.journeyMapTitle])</label><input id="title" name="title" maxlength="200"\(Layout.invalidAttributes(problems, "title"))>\(Layout.fieldError(problems, "title", s))</div>
            <div class="field"><label for="persona">\(s[.journeyPersonaName])</label><input id="persona" name="persona" maxlength="200"\(Layout.invalidAttributes(problems, "persona"))>\(Layout.fieldError(problems, "persona", s))</div>
            <button type="submit">\(s[.journeyCreate])</button></form></section>
            """ : .empty
        return Layout.page(
            page, title: s[.journeysTitle], tab: .journeys,
            body: """
                <section class="card"><h1>\(s[.journeysTitle])</h1><p class="lead">\(s[.journeysLead])</p>
                <p><a href="\(SiteURL.touchpointInventory(.init()))">\(s[.inventoryLink])</a></p>
                \(items.isEmpty ? "<p>\(s[.journeysEmpty])</p>" as HTML : "<ul class=\"journey-list\">\(rows)</ul>")</section>
                \(create)
                """)
    }

    // MARK: - The map

    struct Model {
        var map: JourneyMap
        var persona: Persona
        var period: DashboardFilter
        var measures: [String: StageMeasure]
        var history: [JourneyChange]
        var users: [User]
        var comments: [JourneyComment]
        var canEdit: Bool
        var minimumSample: Int
        var touchpointName: (Touchpoint.ID) -> String
    }

    static func map(_ page: PageContext, _ model: Model, problem: FieldProblem? = nil) -> HTML {
        let s = page.strings
        let map = model.map
        let columns = JourneyChart.columns(map, model.measures, minimumSample: model.minimumSample)
        let exports = JourneyExportFormat.allCases.enumerated().map { i, format -> HTML in
            "\(i > 0 ? " · " : "")<a href=\"\(SiteURL.journeyExport(map.id, format: format))\" download>\(format.fileExtension.uppercased())</a>"
        }.joined()
        return Layout.page(
            page, title: map.title, tab: .journeys, script: model.canEdit ? .journeyScript : nil,
            body: """
                <div class="journey-page"><section class="card journey-head"><h1>\(map.title) <span class="badge \(map.status == .validated ? "good" : "neutral")">\(s.status(map.status))</span></h1>
                \(outcome(page, problem))\(model.canEdit ? .empty : "<p class=\"muted\">\(s[.journeyReadOnly])</p>" as HTML)
                \(persona(model.persona, s))
                \(periodForm(page, action: SiteURL.journey(map.id), model.period))
                <p class="journey-tools">\(s[.journeyExport]): \(exports)\(model.canEdit ? " · <a href=\"\(SiteURL.journeyStages(map.id))\">\(s[.stagesEdit])</a>" as HTML : .empty)</p></section>
                <section class="card journey-chart"><h2>\(s[.emotionChartTitle])</h2><div class="scroll">\(JourneyChart.emotionCurves(columns, strings: s))</div></section>
                <section class="card"><div class="journey-grid scroll">\(grid(page, model))</div></section>
                \(blindSpots(page, model))
                \(gaps(page, model))
                \(validations(page, model))
                \(history(page, model))</div>
                """)
    }

    private static func persona(_ persona: Persona, _ s: Strings) -> HTML {
        let facts = [(TextKey.personaPortrait, persona.portrait), (.personaNeeds, persona.needs), (.personaBehaviour, persona.behaviour)]
            .filter { !$0.1.isEmpty }
            .map { "<dt>\(s[$0.0])</dt><dd>\($0.1)</dd>" as HTML }
        return """
            <div class="persona"><h2>\(persona.name)</h2><dl>\(facts)</dl>\(persona.quote.isEmpty ? .empty : "<blockquote>\(persona.quote)</blockquote>" as HTML)</div>
            """
    }

    /// Stages as columns, lanes as rows; the lane names stay in view while the stages scroll sideways.
    private static func grid(_ page: PageContext, _ model: Model) -> HTML {
        let s = page.strings
        let map = model.map
        let head = map.stages.map { "<th scope=\"col\" id=\"stage-\($0.id)\">\($0.name)</th>" as HTML }.joined()
        var rows: [HTML] = []
        for lane in map.lanes {
            let cells = map.stages.map { stage -> HTML in
                let cell = stage.cells[lane.id]
                let edit: HTML =
                    model.canEdit
                    ? """
                     <a class="edit" href="\(SiteURL.journeyCell(map.id, stage: stage.id, lane: lane.id))" aria-label="\(s[.cellEdit]): \(s.lane(lane)), \(stage.name)" \
                    data-action="\(SiteURL.journeyEdit(map.id))" data-stage="\(stage.id)" data-lane="\(lane.id)" data-text="\(stage.cells[lane.id]?.text ?? "")" data-basis="\((stage.cells[lane.id]?.basis ?? .assumption).rawValue)">\(s[.cellEdit])</a>
                    """
                    : .empty
                let remarks = model.comments.filter { $0.stage == stage.id && $0.lane == lane.id }.count
                let discussion: HTML =
                    remarks == 0
                    ? .empty
                    : " <a class=\"remarks\" href=\"\(SiteURL.journeyCell(map.id, stage: stage.id, lane: lane.id))#comments\">💬 \(remarks) <span class=\"visually-hidden\">\(s[.commentsCount])</span></a>"
                guard let cell else { return "<td class=\"empty\"><span class=\"muted\">\(s[.cellEmpty])</span>\(edit)\(discussion)</td>" }
                return """
                    <td class="cell \(cell.basis.rawValue)"><p>\(cell.text)</p><span class="basis">\(s.basis(cell.basis))</span>\(edit)\(discussion)</td>
                    """
            }.joined()
            rows.append("<tr><th scope=\"row\">\(s.lane(lane))</th>\(cells)</tr>")
        }
        rows.append(
            "<tr class=\"emotion-row\"><th scope=\"row\">\(s[.laneEmotion])</th>\(map.stages.map { emotionCell(page, model, $0) }.joined())</tr>"
        )
        let touchpoints = map.stages.map { stage -> HTML in
            let names = stage.touchpointIds.map { id -> HTML in
                let n = model.measures[stage.id]?.answersByTouchpoint[id] ?? 0
                return "<li>\(model.touchpointName(id)) <small>(\(n))</small></li>"
            }.joined()
            return stage.touchpointIds.isEmpty ? "<td class=\"blind\">\(s[.blindNoTouchpoint])</td>" : "<td><ul>\(names)</ul></td>"
        }.joined()
        rows.append("<tr><th scope=\"row\">\(s[.laneTouchpoints])</th>\(touchpoints)</tr>")
        rows.append(
            "<tr class=\"data-row\"><th scope=\"row\">\(s[.laneData])</th>\(map.stages.map { dataCell(page, model, $0) }.joined())</tr>")
        rows.append("<tr><th scope=\"row\">\(s[.laneActions])</th>\(map.stages.map { actionsCell(page, model, $0) }.joined())</tr>")
        // The labels the inline editor (journey.js) needs, in the page's language.
        return """
            <table class="journey" data-save="\(s[.cellSave])" data-cancel="\(s[.cancel])" data-basis="\(s[.cellBasis])" \
            data-assumption="\(s.basis(.assumption))" data-evidence="\(s.basis(.evidence))"><thead><tr><td></td>\(head)</tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    private static func emotionOptions(_ selected: Int?, _ s: Strings) -> HTML {
        ("<option value=\"\"\(selected == nil ? " selected" as HTML : .empty)>—</option>" as HTML)
            + JourneyMap.emotions.reversed().map { value -> HTML in
                "<option value=\"\(value)\"\(selected == value ? " selected" as HTML : .empty)>\(s.emotion(value))</option>"
            }.joined()
    }

    private static func emotionCell(_ page: PageContext, _ model: Model, _ stage: JourneyMap.Stage) -> HTML {
        let s = page.strings
        let shown: HTML = "<p><strong>\(s.emotion(stage.emotion))</strong> / \(s.emotion(stage.desiredEmotion))</p>"
        guard model.canEdit else { return "<td>\(shown)</td>" }
        return """
            <td>\(shown)<form method="post" action="\(SiteURL.journeyEdit(model.map.id))" class="emotion-form">\(Layout.csrfField(page))
            <input type="hidden" name="op" value="emotion"><input type="hidden" name="stage" value="\(stage.id)">
            <input type="hidden" name="expected_emotion" value="\(stage.emotion.map(String.init))"><input type="hidden" name="expected_desired" value="\(stage.desiredEmotion.map(String.init))">
            <label>\(s[.emotionNow]) <select name="emotion">\(emotionOptions(stage.emotion, s))</select></label>
            <label>\(s[.emotionGoal]) <select name="desired">\(emotionOptions(stage.desiredEmotion, s))</select></label>
            <button type="submit" class="small">\(s[.cellSave])</button></form></td>
            """
    }

    private static func dataCell(_ page: PageContext, _ model: Model, _ stage: JourneyMap.Stage) -> HTML {
        let s = page.strings
        guard let measure = model.measures[stage.id], measure.responses > 0 else {
            return "<td class=\"blind\">\(stage.touchpointIds.isEmpty ? "—" : s[.dataNoAnswers])</td>"
        }
        let metrics = [measure.nps, measure.csat, measure.ces].compactMap { $0 }.map { summary -> HTML in
            "<li>\(MetricFormat.name(summary.metric, s)) <strong>\(MetricFormat.value(summary, s))</strong> <small>n=\(summary.n)</small></li>"
        }.joined()
        // The target beside the measured NPS: how far off it is.
        let target: HTML =
            stage.targetNPS.map { target in
                let gap = JourneyMap.npsGap(stage, measure).map { " (\(s.decimal($0, digits: 0, signed: true)))" } ?? ""
                return "<li><small>\(s[.dataTarget]) \(target)\(gap)</small></li>"
            } ?? .empty
        let targetForm: HTML =
            model.canEdit
            ? """
            <form method="post" action="\(SiteURL.journeyEdit(model.map.id))" class="emotion-form">\(Layout.csrfField(page))<input type="hidden" name="op" value="target">\
            <input type="hidden" name="stage" value="\(stage.id)"><label>\(s[.dataTarget]) <input type="number" name="target_nps" min="-100" max="100" step="1" \
            value="\(stage.targetNPS.map(String.init))" class="short"></label><button type="submit" class="small">\(s[.cellSave])</button></form>
            """ : .empty
        let words = measure.words.map { "\($0.word) (\($0.count))" }.joined(separator: ", ")
        let proposed = measure.proposedEmotion(minimumSample: model.minimumSample)
        return """
            <td><ul class="data">\(metrics)\(target)<li><small>\(s.integer(measure.responses)) \(s[.dataAnswers])</small></li>\
            \(proposed.map { "<li>\(s[.emotionMeasured]): <strong>\(s.emotion($0))</strong></li>" as HTML })</ul>\
            \(words.isEmpty ? .empty : "<p class=\"words\"><small>\(s[.dataWords]): \(words)</small></p>" as HTML)\(targetForm)</td>
            """
    }

    private static func actionsCell(_ page: PageContext, _ model: Model, _ stage: JourneyMap.Stage) -> HTML {
        let s = page.strings
        let names = Dictionary(model.users.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let items = stage.actions.map { action -> HTML in
            let owner =
                action.ownerId.flatMap { names[$0] }.map { HTML(trusted: HTML.escaped($0)) }
                ?? "<span class=\"blind\">\(s[.actionNoOwner])</span>"
            let controls: HTML =
                model.canEdit
                ? """
                <form method="post" action="\(SiteURL.journeyEdit(model.map.id))" class="inline">\(Layout.csrfField(page))<input type="hidden" name="op" value="action_done"><input type="hidden" name="stage" value="\(stage.id)"><input type="hidden" name="action" value="\(action.id)"><input type="hidden" name="done" value="\(action.done ? "false" : "true")"><button type="submit" class="link">\(action.done ? "↺" : "✓ " + s[.actionDone])</button></form>\
                \(actionForm(page, model, stage, action))
                """ : .empty
            return
                "<li class=\"\(action.done ? "done" : "")\">\(action.text) <small>(\(owner)\(action.due.map { ", \($0)" }))</small> \(controls)</li>"
        }.joined()
        return "<td><ul class=\"company-actions\">\(items)</ul>\(model.canEdit ? actionForm(page, model, stage, nil) : .empty)</td>"
    }

    /// A new action's form, or an action's own (its owner, date and text changed, or the action removed).
    private static func actionForm(
        _ page: PageContext, _ model: Model, _ stage: JourneyMap.Stage, _ action: JourneyMap.CompanyAction?
    ) -> HTML {
        let s = page.strings
        let owners = model.users.map { user -> HTML in
            "<option value=\"\(user.id)\"\(action?.ownerId == user.id ? " selected" as HTML : .empty)>\(user.name)</option>"
        }.joined()
        let remove: HTML =
            action.map { action in
                """
                <form method="post" action="\(SiteURL.journeyEdit(model.map.id))" class="inline">\(Layout.csrfField(page))<input type="hidden" name="op" value="action_remove"><input type="hidden" name="stage" value="\(stage.id)"><input type="hidden" name="action" value="\(action.id)"><button type="submit" class="link">\(s[.actionRemove])</button></form>
                """
            } ?? .empty
        return """
            <details><summary>\(action == nil ? s[.actionAdd] : s[.cellEdit])</summary><form method="post" action="\(SiteURL.journeyEdit(model.map.id))" class="stack">\(Layout.csrfField(page))
            <input type="hidden" name="op" value="\(action == nil ? "action_add" : "action_set")"><input type="hidden" name="stage" value="\(stage.id)">\
            \(action.map { "<input type=\"hidden\" name=\"action\" value=\"\($0.id)\"><input type=\"hidden\" name=\"done\" value=\"\($0.done ? "true" : "false")\">" as HTML })
            <label>\(s[.actionText]) <input name="text" maxlength="\(JourneyMap.maxActionLength)" value="\(action?.text ?? "")" required></label>
            <label>\(s[.actionOwner]) <select name="owner"><option value="">—</option>\(owners)</select></label>
            <label>\(s[.actionDue]) <input type="date" name="due" value="\(action?.due ?? "")"></label>
            <button type="submit" class="small">\(s[.cellSave])</button></form>\(remove)</details>
            """
    }

    private static func stageName(_ map: JourneyMap, _ id: String) -> String { map.stage(id)?.name ?? id }

    private static func blindSpots(_ page: PageContext, _ model: Model) -> HTML {
        let s = page.strings
        let map = model.map
        let spots = map.blindSpots(model.measures)
        let items = spots.map { spot -> HTML in
            var subject = ""
            switch spot.kind {
            case .silentTouchpoint: subject = spot.subject.flatMap(Int64.init).map { model.touchpointName(Identifier($0)) } ?? ""
            case .unbackedAssumption: subject = spot.subject.flatMap(map.lane).map(s.lane) ?? ""
            case .actionWithoutOwner:
                subject = map.stage(spot.stage)?.actions.first { $0.id == spot.subject }?.text ?? ""
            case .noTouchpoint, .barrierWithoutAction: break
            }
            return """
                <li class="blind-\(spot.kind.rawValue)"><strong>\(stageName(map, spot.stage))</strong>: \(s.blindSpot(spot.kind))\(subject.isEmpty ? "" : ": «\(subject)»")</li>
                """
        }.joined()
        return """
            <section class="card" id="blind-spots"><h2>\(s[.blindSpotsTitle]) <small>(\(spots.count))</small></h2>
            \(spots.isEmpty ? "<p>\(s[.blindSpotsNone])</p>" as HTML : "<ul class=\"blind-spots\">\(items)</ul>")</section>
            """
    }

    private static func gaps(_ page: PageContext, _ model: Model) -> HTML {
        let s = page.strings
        let gaps = model.map.gaps
        let items = gaps.map { gap -> HTML in
            let actions = gap.openActions.map(\.text).joined(separator: "; ")
            return """
                <li><strong>\(gap.stage.name)</strong>: \(s.emotion(gap.stage.emotion)) → \(s.emotion(gap.stage.desiredEmotion)) <span class="badge bad">+\(gap.gap)</span> \
                <small>\(actions.isEmpty ? s[.gapNoActions] : actions)</small></li>
                """
        }.joined()
        return """
            <section class="card" id="gaps"><h2>\(s[.gapsTitle])</h2><p class="lead">\(s[.gapsLead])</p>
            \(gaps.isEmpty ? "<p>\(s[.gapsNone])</p>" as HTML : "<ol>\(items)</ol>")</section>
            """
    }

    private static func validations(_ page: PageContext, _ model: Model) -> HTML {
        let s = page.strings
        let map = model.map
        let rows = map.validations.map { validation -> HTML in
            let agreed = map.stages.filter { validation.agreement[$0.id] == true }.map(\.name).joined(separator: ", ")
            return
                "<li><strong>\(validation.day)</strong> \(validation.customer): \(s[.validationAgreed]) \(validation.agreement.values.filter { $0 }.count)/\(validation.agreement.count)\(agreed.isEmpty ? "" : " (\(agreed))")\(validation.note.isEmpty ? "" : ". \(validation.note)")</li>"
        }.joined()
        let form: HTML =
            model.canEdit
            ? """
            <details><summary>\(s[.validationAdd])</summary><form method="post" action="\(SiteURL.journeyEdit(map.id))" class="stack">\(Layout.csrfField(page))
            <input type="hidden" name="op" value="validation">
            <label>\(s[.validationCustomer]) <input name="customer" maxlength="200" required></label>
            <label>\(s[.validationDay]) <input type="date" name="day" required></label>
            <fieldset><legend>\(s[.validationAgreed])</legend>\(map.stages.map { "<input type=\"hidden\" name=\"stages\" value=\"\($0.id)\"><label class=\"check\"><input type=\"checkbox\" name=\"agreed\" value=\"\($0.id)\"> \($0.name)</label>" as HTML }.joined())</fieldset>
            <label>\(s[.validationNote]) <textarea name="note" maxlength="1000" rows="2"></textarea></label>
            <button type="submit" class="small">\(s[.cellSave])</button></form></details>
            <form method="post" action="\(SiteURL.journeyEdit(map.id))" class="inline">\(Layout.csrfField(page))<input type="hidden" name="op" value="status"><input type="hidden" name="status" value="\(map.status == .draft ? "validated" : "draft")"><button type="submit" class="secondary">\(map.status == .draft ? s[.validationMark] : s[.validationReopen])</button></form>
            """ : .empty
        return """
            <section class="card" id="validation"><h2>\(s[.validationTitle]) <small>(\(map.validations.count)/\(JourneyMap.advisedValidations))</small></h2>
            <p class="lead">\(s[.validationLead])</p>\(map.validations.isEmpty ? .empty : "<ul>\(rows)</ul>" as HTML)\(form)</section>
            """
    }

    private static func history(_ page: PageContext, _ model: Model) -> HTML {
        let s = page.strings
        let items = model.history.prefix(20).map { change -> HTML in
            let what = change.what.map { what in
                [
                    s.change(what.kind), what.stage.map { stageName(model.map, $0) }, what.lane.flatMap(model.map.lane).map(s.lane),
                    what.detail,
                ]
                .compactMap { $0 }.joined(separator: " · ")
            }.joined(separator: "; ")
            return
                "<li>\(s[.historyVersion]) \(change.version) · \(s.dateTime(change.at, timeZone: page.timeZone)) · <strong>\(change.actor)</strong> · \(what)</li>"
        }.joined()
        return "<section class=\"card\" id=\"history\"><h2>\(s[.historyTitle])</h2><ol class=\"history\" reversed>\(items)</ol></section>"
    }

    /// The period a page's data covers, chosen by its first and last day.
    static func periodForm(_ page: PageContext, action: SiteURL, _ period: DashboardFilter) -> HTML {
        let s = page.strings
        return """
            <form method="get" action="\(action.pathOnly)" class="inline-form journey-period"><span>\(s[.journeyPeriod])</span>
            <label>\(s[.filterFrom]) <input type="date" name="from" value="\(period.from.map(CivilDay.isoDate(ofDay:)))"></label>
            <label>\(s[.filterTo]) <input type="date" name="to" value="\(period.to.map(CivilDay.isoDate(ofDay:)))"></label>
            <button type="submit">\(s[.journeyShow])</button></form>
            """
    }

    /// What became of the last change: why it was refused, or that it was saved (`?saved=1` after a redirect).
    private static func outcome(_ page: PageContext, _ problem: FieldProblem?) -> HTML {
        if let problem { return "<p class=\"error\" role=\"alert\">\(page.strings.problem(problem))</p>" }
        return page.currentQuery["saved"] != nil ? "<p class=\"notice\" role=\"status\">\(page.strings[.saved])</p>" : .empty
    }

    // MARK: - Editors

    /// One cell's text and basis. After a conflict, the current text is shown as it is now and the
    /// author's own text stays in the box, to merge by hand.
    static func cellEditor(
        _ page: PageContext, map: JourneyMap, stage: JourneyMap.Stage, lane: JourneyMap.Lane, comments: [JourneyComment],
        yours: JourneyMap.Cell? = nil, problem: FieldProblem? = nil
    ) -> HTML {
        let s = page.strings
        let current = stage.cells[lane.id] ?? JourneyMap.Cell("")
        let shown = yours ?? current
        let conflict: HTML =
            problem?.code == "conflict"
            ? "<div class=\"error\" role=\"alert\"><p>\(s[.cellConflict])</p><blockquote>\(current.text)</blockquote></div>"
            : outcome(page, problem)
        let options = JourneyMap.Cell.Basis.allCases.map { (value: $0.rawValue, title: s.basis($0)) }
        return Layout.page(
            page, title: "\(stage.name) · \(s.lane(lane))", tab: .journeys,
            body: """
                <section class="card"><p><a href="\(SiteURL.journey(map.id))">← \(map.title)</a></p>
                <h1>\(stage.name) · \(s.lane(lane))</h1>\(conflict)
                <form method="post" action="\(SiteURL.journeyEdit(map.id))" class="stack">\(Layout.csrfField(page))
                <input type="hidden" name="op" value="cell"><input type="hidden" name="stage" value="\(stage.id)"><input type="hidden" name="lane" value="\(lane.id)">
                <input type="hidden" name="expected_text" value="\(current.text)"><input type="hidden" name="expected_basis" value="\(current.basis.rawValue)">
                <div class="field"><label for="text">\(yours == nil ? s.lane(lane) : s[.cellYours])</label><textarea id="text" name="text" rows="6" maxlength="\(JourneyMap.maxTextLength)">\(shown.text)</textarea></div>
                \(Layout.select(id: "basis", name: "basis", label: s[.cellBasis], options: options, selected: shown.basis.rawValue, none: nil, strings: s))
                <button type="submit">\(s[.cellSave])</button></form></section>
                \(discussion(page, map: map, stage: stage, lane: lane, comments: comments))
                """)
    }

    /// The comments on one cell, oldest first, and a form to add one.
    private static func discussion(
        _ page: PageContext, map: JourneyMap, stage: JourneyMap.Stage, lane: JourneyMap.Lane, comments: [JourneyComment]
    ) -> HTML {
        let s = page.strings
        let items = comments.filter { $0.stage == stage.id && $0.lane == lane.id }.map { comment -> HTML in
            "<li><p>\(comment.text)</p><small><strong>\(comment.actor)</strong> · \(s.dateTime(comment.at, timeZone: page.timeZone))</small></li>"
        }
        return """
            <section class="card" id="comments"><h2>\(s[.discussionTitle])</h2>
            \(items.isEmpty ? "<p class=\"muted\">\(s[.commentsNone])</p>" as HTML : "<ol class=\"comments\">\(items)</ol>")
            <form method="post" action="\(SiteURL.journeyComment(map.id))" class="stack">\(Layout.csrfField(page))
            <input type="hidden" name="stage" value="\(stage.id)"><input type="hidden" name="lane" value="\(lane.id)">
            <div class="field"><label for="comment">\(s[.commentText])</label><textarea id="comment" name="text" rows="3" maxlength="\(JourneyComment.maxLength)" required></textarea></div>
            <button type="submit">\(s[.commentAdd])</button></form></section>
            """
    }

    /// Stages: rename, split, move, remove, link touchpoints; add a stage or a lane.
    /// What the stages editor shows besides the map: the persona and the choices of touchpoints, segments and
    /// locations.
    struct Settings {
        var persona: Persona
        var touchpoints: [Touchpoint]
        var segments: [Segment]
        var locations: [Location]
        /// Owners and analysts only: a manager cannot take a map away from (or give it to) other managers.
        var canChangeLocations: Bool
    }

    /// The title, the locations and the persona of a map.
    private static func settingsCard(_ page: PageContext, map: JourneyMap, _ settings: Settings) -> HTML {
        let s = page.strings
        let persona = settings.persona
        func text(_ name: String, _ label: TextKey, _ value: String, rows: Int = 2) -> HTML {
            "<div class=\"field\"><label for=\"persona-\(name)\">\(s[label])</label><textarea id=\"persona-\(name)\" name=\"\(name)\" rows=\"\(rows)\" maxlength=\"\(JourneyMap.maxTextLength)\">\(value)</textarea></div>"
        }
        let locations: HTML =
            settings.canChangeLocations
            ? """
            <form method="post" action="\(SiteURL.journeyEdit(map.id))" class="touchpoints">\(Layout.csrfField(page))<input type="hidden" name="op" value="locations"><input type="hidden" name="back" value="stages">
            <fieldset><legend>\(s[.mapLocations])</legend><p class="hint">\(s[.mapLocationsHint])</p><div class="checks">\(settings.locations.map { location -> HTML in
                "<label class=\"check\"><input type=\"checkbox\" name=\"location\" value=\"\(location.id)\"\(map.locationIds.contains(location.id) ? " checked" as HTML : .empty)> \(location.name)</label>"
            }.joined())</div></fieldset><button type="submit">\(s[.mapLocationsSave])</button></form>
            """ : .empty
        return """
            <section class="card"><h2>\(s[.mapSettings])</h2>
            <form method="post" action="\(SiteURL.journeyEdit(map.id))" class="inline-form">\(Layout.csrfField(page))<input type="hidden" name="op" value="title"><input type="hidden" name="back" value="stages">\
            <label>\(s[.journeyMapTitle]) <input name="title" value="\(map.title)" maxlength="200" required></label><button type="submit">\(s[.mapTitleSave])</button></form>
            \(locations)
            <details><summary>\(s[.journeyPersonaName]): \(persona.name)</summary>
            <form method="post" action="\(SiteURL.journeyPersona(map.id))" class="stack">\(Layout.csrfField(page))
            <div class="field"><label for="persona-name">\(s[.journeyPersonaName])</label><input id="persona-name" name="name" value="\(persona.name)" maxlength="200" required></div>
            \(Layout.select(id: "persona-segment", name: "segment", label: s[.personaSegment], options: settings.segments.map { (value: String($0.id.rawValue), title: $0.name) }, selected: persona.segmentId.map { String($0.rawValue) }, none: "—", strings: s))
            \(text("portrait", .personaPortrait, persona.portrait, rows: 3))\(text("needs", .personaNeeds, persona.needs))\(text("behaviour", .personaBehaviour, persona.behaviour))\(text("quote", .personaQuote, persona.quote))
            <button type="submit">\(s[.personaSave])</button></form></details></section>
            """
    }

    static func stagesEditor(_ page: PageContext, map: JourneyMap, settings: Settings, problem: FieldProblem? = nil) -> HTML {
        let s = page.strings
        let touchpoints = settings.touchpoints
        func form(_ op: String, _ stage: String?, _ fields: HTML, _ button: String, secondary: Bool = false, block: Bool = false) -> HTML {
            """
            <form method="post" action="\(SiteURL.journeyEdit(map.id))" class="\(block ? "touchpoints" : "inline-form")">\(Layout.csrfField(page))<input type="hidden" name="op" value="\(op)"><input type="hidden" name="back" value="stages">\
            \(stage.map { "<input type=\"hidden\" name=\"stage\" value=\"\($0)\">" as HTML })\(fields)<button type="submit"\(secondary ? " class=\"secondary\"" as HTML : .empty)>\(button)</button></form>
            """
        }
        let stages = map.stages.enumerated().map { i, stage -> HTML in
            let boxes = touchpoints.map { touchpoint -> HTML in
                let checked: HTML = stage.touchpointIds.contains(touchpoint.id) ? " checked" : .empty
                return
                    "<label class=\"check\"><input type=\"checkbox\" name=\"touchpoint\" value=\"\(touchpoint.id)\"\(checked)> \(touchpoint.name) <small class=\"muted\">\(s.stage(touchpoint.stage))</small></label>"
            }.joined()
            return """
                <li class="card stage-editor" data-stage="\(stage.id)"><h2>\(i + 1). \(stage.name)</h2>
                \(form("rename", stage.id, "<label>\(s[.stageName]) <input name=\"name\" value=\"\(stage.name)\" maxlength=\"200\" required></label>", s[.stageRename]))
                \(form("split", stage.id, "<label>\(s[.stageSplitName]) <input name=\"name\" maxlength=\"200\" required></label>", s[.stageSplit]))
                <div class="row">\(i > 0 ? form("move", stage.id, "<input type=\"hidden\" name=\"to\" value=\"\(i - 1)\">", "↑ " + s[.stageUp], secondary: true) : .empty)\
                \(i + 1 < map.stages.count ? form("move", stage.id, "<input type=\"hidden\" name=\"to\" value=\"\(i + 1)\">", "↓ " + s[.stageDown], secondary: true) : .empty)\
                \(form("remove_stage", stage.id, .empty, s[.stageRemove], secondary: true))</div>
                \(form("touchpoints", stage.id, "<fieldset><legend>\(s[.laneTouchpoints])</legend><div class=\"checks\">\(boxes)</div></fieldset>", s[.stageTouchpointsSave], block: true))
                </li>
                """
        }.joined()
        return Layout.page(
            page, title: s[.stagesEdit], tab: .journeys, script: .journeyScript,
            body: """
                <section class="card"><p><a href="\(SiteURL.journey(map.id))">← \(map.title)</a></p><h1>\(s[.stagesEdit])</h1>\(outcome(page, problem))
                <p class="lead">\(s[.stagesDragHint])</p>
                <form method="post" action="\(SiteURL.journeyEdit(map.id))" id="move-stage" hidden>\(Layout.csrfField(page))<input type="hidden" name="op" value="move">\
                <input type="hidden" name="back" value="stages"><input type="hidden" name="stage" value=""><input type="hidden" name="to" value=""></form></section>
                \(settingsCard(page, map: map, settings))
                <ol class="stage-list">\(stages)</ol>
                <section class="card">\(form("add_stage", nil, "<input type=\"hidden\" name=\"after\" value=\"\(map.stages.last?.id ?? "")\"><label>\(s[.stageName]) <input name=\"name\" maxlength=\"200\" required></label>", s[.stageAdd]))
                \(form("add_lane", nil, "<label>\(s[.laneAdd]) <input name=\"title\" maxlength=\"200\" required></label>", s[.laneAdd]))</section>
                """)
    }
}
