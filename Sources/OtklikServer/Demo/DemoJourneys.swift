import Foundation
import OtklikCore
import OtklikStore

/// The demo's two journey maps of «ТехноПульс»: a private client with a broken laptop (validated with ten
/// customers, its cells partly backed by data, every barrier with an owned action) and a small business that
/// has its office computers serviced (a draft: stages without touchpoints, barriers without actions, an
/// action nobody owns — the blind spots the map page turns into a research plan).
public enum DemoJourneys {
    public static func createIfAbsent(_ store: any JourneyStore, users: [User]) async throws {
        guard try await store.journeyMaps().isEmpty else { return }
        let owner = users.first { $0.role == .owner }
        let analyst = users.first { $0.role == .analyst }
        let manager = users.first { $0.role == .manager }
        let at = Date()
        try await privateClient(store, owner: owner, analyst: analyst, manager: manager, at: at)
        try await smallBusiness(store, owner: owner, at: at)
    }

    private static func privateClient(_ store: any JourneyStore, owner: User?, analyst: User?, manager: User?, at: Date) async throws {
        var persona = JourneyTemplate.repairCentre.persona
        persona.segmentId = Identifier(1)
        persona = try await store.savePersona(persona)
        var map = JourneyTemplate.repairCentre.map(id: Identifier(0), personaId: persona.id, touchpoints: RepairChainDemo.touchpoints)
        map.title = "Частный клиент: сломался ноутбук"
        map = try await store.createJourneyMap(map, by: owner?.id, actor: owner?.name ?? "demo", at: at)
        let due = CivilDay.isoDate(ofDay: Int(at.timeIntervalSince1970 / 86_400) + 30)
        var edits: [JourneyEdit] = [
            .setCell(
                stage: "search", lane: "thoughts", cell: .init("«На сайте нет сроков ремонта — придётся звонить».", basis: .evidence),
                expected: nil),
            .setCell(
                stage: "use", lane: "barriers", cell: .init("Срок выдачи сдвигают без звонка; на выдаче долго ждать.", basis: .evidence),
                expected: nil),
            .setCell(stage: "use", lane: "research", cell: .init("Комментарии о выдаче на Бауманской ухудшаются с осени."), expected: nil),
            .setTargetNPS(stage: "use", 50), .setTargetNPS(stage: "choice", 40),
        ]
        let actions: [(String, String, User?)] = [
            ("awareness", "Ответы владельца на отзывы в картах в течение суток", analyst),
            ("search", "Показать на сайте сроки и цены диагностики", analyst),
            ("choice", "Скрипт колл-центра: называть примерный срок сразу", owner),
            ("purchase", "Памятка о сохранности данных на приёмке", manager),
            ("use", "SMS при любом сдвиге срока и окно выдачи без очереди", manager),
            ("recommendation", "Просить отзыв в SMS после выдачи", analyst),
        ]
        for (stage, text, who) in actions {
            edits.append(.addAction(stage: stage, JourneyMap.CompanyAction(id: "", text: text, ownerId: who?.id, due: due)))
        }
        let names = ["А. К.", "Мария", "И. П.", "Денис", "О. В.", "Светлана", "Р. Г.", "Алексей", "Н. С.", "Татьяна"]
        for (i, name) in names.enumerated() {
            let day = CivilDay.isoDate(ofDay: Int(at.timeIntervalSince1970 / 86_400) - 20 + i)
            var agreement = Dictionary(uniqueKeysWithValues: map.stages.map { ($0.id, true) })
            if i % 4 == 0 { agreement["awareness"] = false }
            edits.append(
                .addValidation(
                    JourneyMap.Validation(
                        customer: name, day: day, agreement: agreement,
                        note: i == 0 ? "Сначала искала не сервис, а как починить самой." : "")))
        }
        edits.append(.setStatus(.validated))
        _ = try await store.editJourneyMap(id: map.id, edits, by: analyst?.id, actor: analyst?.name ?? "demo", at: at)
    }

    private static func smallBusiness(_ store: any JourneyStore, owner: User?, at: Date) async throws {
        let persona = try await store.savePersona(
            Persona(
                id: Identifier(0), name: "Ольга, 38 лет, офис-менеджер", segmentId: Identifier(2),
                portrait: "Отвечает за 15 компьютеров и принтеры небольшой бухгалтерской фирмы; своего IT-специалиста нет.",
                needs: "Чтобы техника не простаивала в сезон отчётности и был один подрядчик с понятным договором.",
                behaviour: "Спрашивает у знакомых предпринимателей, сравнивает абонентское обслуживание, считает простой в деньгах.",
                quote: "Каждый час без компьютера у бухгалтера — это штраф от налоговой."))
        let touchpoints = Dictionary(RepairChainDemo.touchpoints.map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a })
        func ids(_ names: String...) -> [Touchpoint.ID] { names.compactMap { touchpoints[$0] } }
        let stages = [
            JourneyMap.Stage(
                id: "failure", name: "Сбой в офисе", emotion: -2, desiredEmotion: -1,
                cells: [
                    "doing": .init("Не печатает принтер, у бухгалтера не запускается 1С."),
                    "thoughts": .init("«Опять всё встало в конце квартала»."),
                    "barriers": .init("Непонятно, кому звонить: подрядчика нет."),
                ]),
            JourneyMap.Stage(
                id: "contractor", name: "Поиск подрядчика", touchpointIds: ids("Сайт: прайс и онлайн-запись", "Колл-центр"), emotion: -1,
                desiredEmotion: 1,
                cells: [
                    "doing": .init("Ищет сервис с выездом, звонит в колл-центр."),
                    "barriers": .init("На сайте нет условий для юрлиц и абонентского обслуживания."),
                ]),
            JourneyMap.Stage(
                id: "contract", name: "Договор на обслуживание", emotion: 0, desiredEmotion: 1,
                cells: [
                    "doing": .init("Согласует договор и счёт с директором."),
                    "barriers": .init("Договор готовят неделю; нет закрывающих документов в срок."),
                ]),
            JourneyMap.Stage(
                id: "visit", name: "Выезд мастера", touchpointIds: ids("Качество ремонта", "Выдача устройства"), emotion: 0,
                desiredEmotion: 2,
                cells: ["doing": .init("Ждёт мастера, показывает проблемные места."), "goals": .init("Починить всё за один визит.")],
                actions: [JourneyMap.CompanyAction(id: "action-1", text: "Выезд в течение 4 часов для договорных клиентов")]),
            JourneyMap.Stage(
                id: "service", name: "Регулярное обслуживание", touchpointIds: ids("Чат поддержки", "Гарантийное обслуживание"), emotion: 1,
                desiredEmotion: 2,
                cells: [
                    "doing": .init("Пишет в чат при мелких сбоях, получает плановые визиты."),
                    "thoughts": .init("«Удобно, что есть один чат»."),
                ]),
            JourneyMap.Stage(
                id: "renewal", name: "Продление договора", emotion: 0, desiredEmotion: 2,
                cells: [
                    "doing": .init("Решает, продлевать ли договор на год."),
                    "barriers": .init("Никто не показывает, сколько простоя удалось избежать."),
                ]),
        ]
        let map = JourneyMap(
            id: Identifier(0), title: "Малый бизнес: обслуживание офисных компьютеров", personaId: persona.id, stages: stages)
        _ = try await store.createJourneyMap(map, by: owner?.id, actor: owner?.name ?? "demo", at: at)
    }
}
