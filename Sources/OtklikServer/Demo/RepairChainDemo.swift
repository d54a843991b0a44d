import Foundation
import OtklikCore

/// Everything the demo database holds.
public struct RepairChainDataset: Sendable {
    public var organisation: Organisation
    public var locations: [Location]
    public var segments: [Segment]
    public var employees: [Employee]
    public var touchpoints: [Touchpoint]
    public var customers: [Customer]
    public var surveys: [Survey]
    public var responses: [Response]
    /// Repairs (and a few refunds) over eighteen months; the after-repair answers name them.
    public var orders: [CustomerOrder]
    /// Customers who brought others.
    public var referrers: [Customer.ID]
}

/// «ТехноПульс», a chain of computer-repair centres in Moscow and Kazan: 26 weeks of feedback with a
/// weekly rhythm, one touchpoint getting worse (pickup at Бауманская), one getting better (the call centre
/// after a new script), a brilliant master and a rude receptionist, and comments that match the scores.
/// Deterministic: the same end day and seed give the same data.
public enum RepairChainDemo {
    /// Share of the day's answers arriving in each hour from 09:00 to 22:59, Moscow time.
    static let arrivalByHour = [0.04, 0.07, 0.08, 0.09, 0.09, 0.08, 0.08, 0.08, 0.09, 0.1, 0.09, 0.07, 0.03, 0.01]

    /// Days of answers, ending on `endDay`.
    public static let days = 182
    public static let timeZone = "Europe/Moscow"

    /// - Parameter endDay: the last day with answers (a day number in Moscow time).
    public static func generate(endingOn endDay: Int, seed: UInt64 = 2024) -> RepairChainDataset {
        var random = SeededRandom(seed: seed)
        let locations = Self.locations
        let employees = Self.employees
        let customers = makeCustomers(&random)
        let firstDay = endDay - days + 1
        let plan = DemoOrders.make(firstAnswerDay: firstDay, endDay: endDay, customers: customers)
        var orderPicks = SeededRandom(seed: seed + 1)
        var responses: [Response] = []
        responses.reserveCapacity(8_000)
        var orderNumber = 4_000
        for day in firstDay...endDay {
            // Weekly rhythm: busy Monday and Saturday, quiet Sunday; the chain grows a little. About 35 answers
            // a day across four branches (3–15 per branch): what a repair chain of this size really gets.
            let weekday = CivilDay.weekday(ofDay: day)
            let rhythm = [1.25, 1.0, 0.95, 1.0, 1.05, 1.3, 0.55][weekday]
            let growth = 0.9 + 0.2 * Double(day - firstDay) / Double(days)
            let count = Int((34 * rhythm * growth + random.normal() * 3).rounded())
            let progress = Double(day - firstDay) / Double(days - 1)
            var times: [Int64] = (0..<max(count, 0)).map { _ in
                // Answers come in over the working day and the evening after a visit (Moscow, UTC+3).
                let hour = 9 + random.weighted(arrivalByHour)
                return Int64(day) * 86_400 + Int64(hour - 3) * 3600 + Int64(random.next() % 3600)
            }
            times.sort()
            for time in times {
                orderNumber += 1
                responses.append(
                    makeResponse(
                        id: responses.count + 1, time: time, progress: progress, order: orderNumber,
                        customers: customers, plan: plan, orderPicks: &orderPicks, &random))
            }
        }
        return RepairChainDataset(
            organisation: Organisation(name: "ТехноПульс", defaultLocale: .ru, timeZone: timeZone),
            locations: locations, segments: segments, employees: employees, touchpoints: touchpoints,
            customers: customers, surveys: surveys, responses: responses, orders: plan.orders, referrers: plan.referrers)
    }

    // MARK: Reference data

    static let locations: [Location] = [
        Location(id: Identifier(1), name: "ТехноПульс", kind: .company),
        Location(id: Identifier(2), name: "Москва", kind: .city, parentId: Identifier(1)),
        Location(id: Identifier(3), name: "Казань", kind: .city, parentId: Identifier(1)),
        Location(id: Identifier(4), name: "Москва, Тверская", kind: .branch, parentId: Identifier(2), address: "ул. Тверская, 18"),
        Location(id: Identifier(5), name: "Москва, Бауманская", kind: .branch, parentId: Identifier(2), address: "ул. Бауманская, 33"),
        Location(id: Identifier(6), name: "Москва, Профсоюзная", kind: .branch, parentId: Identifier(2), address: "ул. Профсоюзная, 61"),
        Location(id: Identifier(7), name: "Казань, Баумана", kind: .branch, parentId: Identifier(3), address: "ул. Баумана, 44"),
    ]
    static let branches: [Int64] = [4, 5, 6, 7]
    /// How each branch does on its own (added to the mood of its answers).
    static let branchEffect: [Int64: Double] = [4: 0.05, 5: -0.05, 6: -0.12, 7: 0.15]

    static let segments: [Segment] = [
        Segment(id: Identifier(1), name: "Частные клиенты"), Segment(id: Identifier(2), name: "Малый бизнес"),
        Segment(id: Identifier(3), name: "Геймеры"), Segment(id: Identifier(4), name: "Корпоративные клиенты"),
        Segment(id: Identifier(5), name: "Студенты"),
    ]

    /// (name, position, branch, effect on mood)
    static let staff: [(String, String, Int64, Double)] = [
        ("Андрей Соколов", "Мастер", 4, 0.45), ("Ирина Волкова", "Приёмщица", 4, 0.1), ("Павел Орлов", "Мастер", 4, 0.0),
        ("Елена Морозова", "Менеджер сервиса", 4, 0.05), ("Дмитрий Лебедев", "Мастер", 4, -0.05),
        ("Сергей Козлов", "Мастер", 5, 0.0), ("Максим Гусев", "Приёмщик", 5, -0.55), ("Наталья Павлова", "Менеджер сервиса", 5, 0.0),
        ("Алексей Фёдоров", "Мастер", 5, 0.1), ("Ольга Смирнова", "Выдача заказов", 5, -0.1),
        ("Виктор Никитин", "Мастер", 6, -0.1), ("Анна Белова", "Приёмщица", 6, 0.05), ("Роман Зайцев", "Мастер", 6, 0.0),
        ("Татьяна Ковалёва", "Менеджер сервиса", 6, 0.0), ("Игорь Медведев", "Выдача заказов", 6, 0.0),
        ("Рустам Хабибуллин", "Мастер", 7, 0.2), ("Гульнара Сафина", "Приёмщица", 7, 0.25), ("Айдар Галиев", "Мастер", 7, 0.05),
        ("Лилия Нуриева", "Менеджер сервиса", 7, 0.1), ("Тимур Валиев", "Выдача заказов", 7, 0.05),
        ("Марина Егорова", "Оператор колл-центра", 2, 0.0), ("Кирилл Воронин", "Оператор колл-центра", 2, -0.1),
        ("Светлана Попова", "Оператор колл-центра", 2, 0.05), ("Денис Киселев", "Оператор колл-центра", 2, 0.0),
        ("Юлия Тарасова", "Маркетолог", 1, 0.0), ("Георгий Макаров", "Руководитель сети", 1, 0.0),
    ]

    static var employees: [Employee] {
        staff.enumerated().map { index, person in
            Employee(id: Identifier(Int64(index + 1)), name: person.0, position: person.1, locationId: Identifier(person.2))
        }
    }

    /// (name, stage, channel id, owner employee id, base mood)
    static let points: [(String, JourneyStage, Int64, Int64, Double)] = [
        ("Отзывы на картах", .awareness, 8, 25, 0.1),
        ("Реклама в соцсетях", .awareness, 8, 25, 0.0),
        ("Сайт: прайс и онлайн-запись", .search, 1, 25, 0.05),
        ("Колл-центр", .search, 3, 21, 0.0),
        ("Бесплатная диагностика", .choice, 7, 4, 0.2),
        ("Консультация мастера", .choice, 7, 4, 0.25),
        ("Согласование сметы по телефону", .choice, 3, 8, -0.1),
        ("Приёмка устройства", .purchase, 7, 2, 0.05),
        ("Оплата на кассе", .purchase, 7, 4, 0.1),
        ("Онлайн-оплата", .purchase, 1, 25, 0.15),
        ("SMS о статусе ремонта", .use, 5, 21, 0.05),
        ("Выдача устройства", .use, 7, 10, 0.0),
        ("Качество ремонта", .use, 7, 1, 0.25),
        ("Гарантийное обслуживание", .use, 7, 4, -0.15),
        ("Чат поддержки", .use, 6, 23, 0.1),
        ("Мобильное приложение", .use, 2, 25, 0.0),
        ("Просьба оставить отзыв", .recommendation, 4, 25, 0.2),
        ("Программа «Приведи друга»", .recommendation, 4, 26, 0.15),
    ]
    /// How deep customers go at each stage's touchpoints here: they see ads and reviews, talk to the call centre
    /// and the masters, then hand over, pay and use.
    static let depth: [JourneyStage: Touchpoint.Depth] = [
        .awareness: .contact, .search: .interaction, .choice: .interaction, .purchase: .engagement, .use: .engagement,
        .recommendation: .interaction,
    ]
    static let worsening: Int64 = 12  // «Выдача устройства»
    static let improving: Int64 = 4  // «Колл-центр»

    static var touchpoints: [Touchpoint] {
        points.enumerated().map { index, point in
            Touchpoint(
                id: Identifier(Int64(index + 1)), name: point.0, channelId: Identifier(point.2), stage: point.1,
                ownerId: Identifier(point.3), depth: depth[point.1])
        }
    }

    static let surveys: [Survey] = [
        Survey(
            id: Identifier(1), title: LocalizedText(ru: "После ремонта", en: "After the repair"), status: .live,
            questions: [
                Question(
                    id: "nps", kind: .nps,
                    text: LocalizedText(
                        ru: "Насколько вероятно, что вы порекомендуете «ТехноПульс» друзьям и коллегам?",
                        en: "How likely are you to recommend TechnoPulse to a friend or colleague?"), required: true),
                Question(
                    id: "csat", kind: .csat,
                    text: LocalizedText(
                        ru: "Насколько вы довольны ремонтом?", en: "How satisfied are you with the repair?"),
                    csatScale: .fivePointTopTwoBox),
                Question(
                    id: "ladder", kind: .ladder,
                    text: LocalizedText(
                        ru: "Как ремонт соотносится с вашими ожиданиями?", en: "How did the repair compare with what you expected?")),
                Question(
                    id: "mattered", kind: .singleChoice,
                    text: LocalizedText(
                        ru: "Что для вас было самым важным?", en: "What mattered most to you?"),
                    options: [
                        .init(id: "speed", text: LocalizedText(ru: "Скорость", en: "Speed")),
                        .init(id: "quality", text: LocalizedText(ru: "Качество", en: "Quality")),
                        .init(id: "price", text: LocalizedText(ru: "Цена", en: "Price")),
                        .init(id: "politeness", text: LocalizedText(ru: "Вежливость", en: "Politeness")),
                    ]),
            ], code: "after-repair", onePerScreen: true),
        Survey(
            id: Identifier(2), title: LocalizedText(ru: "После обращения в поддержку", en: "After a support contact"),
            status: .live,
            questions: [
                Question(
                    id: "csat", kind: .csat,
                    text: LocalizedText(
                        ru: "Как вы оцениваете ответ: отлично, удовлетворительно или плохо?",
                        en: "How would you rate the answer: excellent, satisfactory or poor?"), required: true,
                    csatScale: .threeOptionWeighted),
                Question(
                    id: "ces", kind: .ces,
                    text: LocalizedText(
                        ru: "Насколько легко было решить ваш вопрос?", en: "How easy was it to get your issue resolved?")),
                Question(
                    id: "nps", kind: .nps,
                    text: LocalizedText(
                        ru: "Насколько вероятно, что вы порекомендуете нас друзьям?",
                        en: "How likely are you to recommend us to a friend?")),
            ], code: "support"),
        Survey(
            id: Identifier(3), title: LocalizedText(ru: "Отношение к бренду", en: "Relationship with the brand"),
            status: .live,
            questions: [
                Question(
                    id: "nps", kind: .nps,
                    text: LocalizedText(
                        ru: "Насколько вероятно, что вы порекомендуете нас знакомым?",
                        en: "How likely are you to recommend us to people you know?"), required: true),
                Question(
                    id: "stars", kind: .stars,
                    text: LocalizedText(
                        ru: "Оцените «ТехноПульс» в целом", en: "Rate TechnoPulse overall")),
            ], code: "brand"),
    ]

    static let firstNames = [
        "Александр", "Мария", "Иван", "Екатерина", "Николай", "Дарья", "Михаил", "Анастасия", "Артём",
        "Полина", "Владимир", "Ксения", "Егор", "Алина", "Фарид", "Диляра",
    ]
    static let lastNames = [
        "Иванов", "Петрова", "Сидоров", "Кузнецова", "Васильев", "Новикова", "Григорьев", "Степанова",
        "Яковлев", "Соловьёва", "Шарипов", "Ахметова",
    ]

    static func makeCustomers(_ random: inout SeededRandom) -> [Customer] {
        (1...DemoOrders.customerCount).map { index in
            let name = "\(random.pick(firstNames)) \(random.pick(lastNames))"
            let hasEmail = random.chance(0.6)
            return Customer(
                id: Identifier(Int64(index)), externalId: String(format: "TP-C-%05d", index), name: name,
                email: hasEmail ? "client\(index)@example.ru" : nil,
                phone: random.chance(0.7)
                    ? String(format: "+7 9%02d %03d-%02d-%02d", index % 100, index % 1000, index % 97, index % 89) : nil,
                consentContact: random.chance(0.65), consentMarketing: random.chance(0.3),
                segmentId: Identifier(Int64(1 + random.weighted([0.45, 0.2, 0.15, 0.1, 0.1]))))
        }
    }

    // MARK: Responses

    private static func makeResponse(
        id: Int, time: Int64, progress: Double, order: Int, customers: [Customer], plan: DemoOrders.Plan,
        orderPicks: inout SeededRandom, _ random: inout SeededRandom
    ) -> Response {
        // Which survey and touchpoint: most answers come after a repair.
        let survey = 1 + random.weighted([0.6, 0.25, 0.15])
        let touchpoint: Int64
        switch survey {
        case 1: touchpoint = [5, 6, 8, 9, 10, 11, 12, 13, 14][random.weighted([0.08, 0.06, 0.12, 0.08, 0.05, 0.1, 0.2, 0.25, 0.06])]
        case 2: touchpoint = [3, 4, 7, 11, 15, 16][random.weighted([0.12, 0.4, 0.12, 0.08, 0.16, 0.12])]
        default: touchpoint = [1, 2, 3, 17, 18][random.weighted([0.3, 0.15, 0.2, 0.2, 0.15])]
        }
        var branch = branches[random.weighted([0.32, 0.28, 0.2, 0.2])]
        var customer = random.chance(0.85) ? customers[Int(random.next() % UInt64(customers.count))] : nil
        // After a repair, the answer is about a real order: its customer, its branch, its number.
        let repair = survey == 1 ? DemoOrders.order(answeredOn: Int(time / 86_400), in: plan, &orderPicks) : nil
        if let repair {
            branch = repair.locationId?.rawValue ?? branch
            customer = customers[Int(repair.customerId!.rawValue) - 1]
        }
        let employee = pickEmployee(touchpoint: touchpoint, branch: branch, &random)

        // The mood behind every score of this answer.
        var mood = points[Int(touchpoint) - 1].4 + (branchEffect[branch] ?? 0) + staff[Int(employee) - 1].3
        mood += customer.flatMap { plan.mood[$0.id] } ?? 0
        if touchpoint == worsening {
            // Pickup gets worse over the period, most at Бауманская (a reorganised store room).
            mood += 0.45 - (branch == 5 ? 1.35 : 0.75) * progress
        }
        if touchpoint == improving {
            // The call centre starts badly; a new script from week 9 lifts it.
            mood += progress < 0.33 ? -0.6 : -0.6 + 1.1 * min(1, (progress - 0.33) / 0.35)
        }
        mood += random.normal() * 0.35

        // Every score of the answer comes from that one mood, with little noise of its own, and then agrees
        // with the others: a detractor is not "very satisfied", a promoter not "disappointed".
        var answers: [String: AnswerValue] = [:]
        func clamp(_ value: Double, _ range: ClosedRange<Int>) -> Int {
            min(range.upperBound, max(range.lowerBound, Int(value.rounded())))
        }
        let nps = clamp(7.6 + 3.2 * mood + random.normal() * 0.8, 0...10)
        let sentiment: DemoComments.Mood
        switch survey {
        case 1:
            sentiment = nps <= 6 ? .negative : nps <= 8 ? .neutral : .positive
            answers["nps"] = .score(nps)
            if !random.chance(0.1) {
                let csat = clamp(3.9 + 1.4 * mood + random.normal() * 0.35, 1...5)
                answers["csat"] = .score(sentiment == .negative ? min(csat, 3) : sentiment == .positive ? max(csat, 4) : csat)
            }
            if !random.chance(0.12) {
                let level = mood + random.normal() * 0.15
                let step = level < -0.3 ? 0 : level > 0.45 ? 2 : 1
                answers["ladder"] = .score(sentiment == .negative ? min(step, 1) : sentiment == .positive ? max(step, 1) : step)
            }
            if !random.chance(0.2) {
                // The unhappy name what hurt (speed, price); the happy what pleased (quality, politeness).
                let weights =
                    sentiment == .negative
                    ? [0.45, 0.2, 0.25, 0.1] : sentiment == .positive ? [0.2, 0.4, 0.1, 0.3] : [0.3, 0.3, 0.3, 0.1]
                answers["mattered"] = .text(["speed", "quality", "price", "politeness"][random.weighted(weights)])
            }
        case 2:
            let level = mood + random.normal() * 0.2
            let csat = level < -0.35 ? 1 : level > 0.3 ? 3 : 2
            sentiment = csat == 1 ? .negative : csat == 3 ? .positive : .neutral
            answers["csat"] = .score(csat)
            if !random.chance(0.1) {
                let ces = clamp(5.2 + 1.8 * mood + random.normal() * 0.5, 1...7)
                answers["ces"] = .score(csat == 1 ? min(ces, 4) : csat == 3 ? max(ces, 5) : ces)
            }
            if !random.chance(0.15) {
                answers["nps"] = .score(csat == 1 ? min(nps, 6) : csat == 3 ? max(nps, 7) : nps)
            }
        default:
            sentiment = nps <= 6 ? .negative : nps <= 8 ? .neutral : .positive
            answers["nps"] = .score(nps)
            if !random.chance(0.15) {
                let stars = clamp(4.0 + 1.3 * mood + random.normal() * 0.3, 1...5)
                answers["stars"] = .score(sentiment == .negative ? min(stars, 3) : sentiment == .positive ? max(stars, 4) : stars)
            }
        }

        // A comment, more often from the unhappy, about what this touchpoint is about, in the answer's mood.
        let chance = [0.7, 0.3, 0.45][sentiment.rawValue]
        var comment: String?
        if random.chance(chance) {
            comment = DemoComments.compose(
                sentiment, topic: random.pick(DemoComments.topics(forTouchpoint: touchpoint)),
                english: random.chance(0.08), master: masterName(employee, branch: branch),
                branch: branch, &random)
        }
        let channel = points[Int(touchpoint) - 1].2
        return Response(
            id: Identifier(Int64(id)), surveyId: Identifier(Int64(survey)),
            submittedAt: Date(timeIntervalSince1970: TimeInterval(time)), answers: answers, comment: comment,
            context: ResponseContext(
                touchpointId: Identifier(touchpoint), locationId: Identifier(branch), employeeId: Identifier(employee),
                channelId: Identifier(channel), customerId: customer?.id, segmentId: customer?.segmentId,
                orderId: repair?.orderId ?? (survey == 1 ? String(format: "TP-%@-%06d", year(of: time), order) : nil),
                tags: random.chance(0.05) ? ["vip"] : []),
            source: .demo, idempotencyKey: "demo-\(id)")
    }

    /// An employee who works at that touchpoint: operators for the phone, masters for repairs …
    private static func pickEmployee(touchpoint: Int64, branch: Int64, _ random: inout SeededRandom) -> Int64 {
        let candidates: [Int64]
        switch touchpoint {
        case 4, 7, 15: candidates = [21, 22, 23, 24]
        case 1, 2, 3, 10, 16, 17, 18: candidates = [25]
        default:
            let wanted: Set<String>
            switch touchpoint {
            case 8: wanted = ["Приёмщица", "Приёмщик"]
            case 12: wanted = ["Выдача заказов", "Приёмщица", "Приёмщик"]
            case 9: wanted = ["Менеджер сервиса", "Приёмщица", "Приёмщик"]
            default: wanted = ["Мастер"]
            }
            candidates = staff.enumerated().filter { $0.element.2 == branch && wanted.contains($0.element.1) }
                .map { Int64($0.offset + 1) }
        }
        return candidates.isEmpty ? 25 : random.pick(candidates)
    }

    /// The first name of the master a comment may praise: the employee if a master, else one of the branch's.
    private static func masterName(_ employee: Int64, branch: Int64) -> String {
        let person = staff[Int(employee) - 1]
        let master = person.1 == "Мастер" ? person.0 : staff.first { $0.2 == branch && $0.1 == "Мастер" }?.0 ?? "Андрей Соколов"
        return master.components(separatedBy: " ").first ?? master
    }

    private static func year(of time: Int64) -> String {
        String(CivilDay.date(ofDay: Int(time / 86_400)).year)
    }
}
