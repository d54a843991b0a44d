/// Ready-made surveys for the moments the sources describe: after a purchase or payment, after a
/// support contact, after an event, a random interview, a call to the client after the service,
/// relational NPS — and the customer-orientation maturity self-diagnosis for managers.
public struct SurveyTemplate: Sendable, Identifiable {
    public let id: String
    public let name: LocalizedText
    public let summary: LocalizedText
    public let onePerScreen: Bool
    public let questions: [Question]

    /// A new draft survey from this template (the code is the caller's: it must be unique).
    public func makeSurvey(code: String) -> Survey {
        Survey(
            id: Identifier(0), title: name, status: .draft, questions: questions, code: code,
            onePerScreen: onePerScreen, template: id)
    }

    public static func find(_ id: String) -> SurveyTemplate? { all.first { $0.id == id } }

    private static func t(_ ru: String, _ en: String) -> LocalizedText { LocalizedText(ru: ru, en: en) }
    private static let npsQuestion = Question(
        id: "nps", kind: .nps,
        text: t(
            "Насколько вероятно, что вы порекомендуете нас друзьям или коллегам?",
            "How likely are you to recommend us to a friend or colleague?"), required: true)

    public static let all: [SurveyTemplate] = [
        SurveyTemplate(
            id: "after_purchase", name: t("После покупки или оплаты", "After a purchase or payment"),
            summary: t(
                "Сразу после оплаты: довольство покупкой, лёгкость оплаты и готовность рекомендовать.",
                "Right after paying: satisfaction, ease of payment, willingness to recommend."),
            onePerScreen: true,
            questions: [
                Question(
                    id: "csat", kind: .csat, text: t("Насколько вы довольны покупкой?", "How satisfied are you with your purchase?"),
                    required: true, csatScale: .fivePointTopTwoBox),
                Question(
                    id: "ces", kind: .ces, text: t("Сложно ли было оформить и оплатить заказ?", "Was it hard to order and pay?"),
                    cesVerbal: true),
                npsQuestion,
            ]),
        SurveyTemplate(
            id: "employee_nps", name: t("eNPS: сотрудники о компании", "eNPS: staff about the company"),
            summary: t(
                "Клиентоориентированность начинается с сотрудников: готовы ли они рекомендовать компанию как место работы и что мешает им служить клиентам.",
                "Customer orientation starts with the staff: would they recommend the company as a place to work, and what keeps them from serving customers."
            ),
            onePerScreen: true,
            questions: [
                Question(
                    id: "enps", kind: .nps,
                    text: t(
                        "Насколько вероятно, что вы порекомендуете нашу компанию как место работы друзьям или знакомым?",
                        "How likely are you to recommend our company as a place to work to a friend?"),
                    required: true),
                Question(
                    id: "change", kind: .text,
                    text: t(
                        "Что должно измениться, чтобы вы поставили оценку выше?",
                        "What would have to change for you to give a higher score?"),
                    showIf: DisplayCondition(question: "enps", scores: 0...6)),
                Question(
                    id: "obstacles", kind: .multipleChoice,
                    text: t(
                        "Что мешает вам лучше обслуживать клиентов?",
                        "What keeps you from serving customers better?"),
                    options: [
                        .init(id: "processes", text: t("Неудобные процессы и согласования", "Awkward processes and approvals")),
                        .init(id: "tools", text: t("Инструменты и программы", "Tools and software")),
                        .init(id: "information", text: t("Не хватает информации", "Missing information")),
                        .init(id: "time", text: t("Не хватает времени", "Not enough time")),
                        .init(
                            id: "authority", text: t("Нет полномочий решить вопрос клиента", "No authority to solve the customer's problem")
                        ),
                        .init(id: "nothing", text: t("Ничего не мешает", "Nothing")),
                    ]),
                Question(
                    id: "idea", kind: .text,
                    text: t("Одна идея, которая сделала бы клиентов счастливее", "One idea that would make customers happier")),
            ]),
        SurveyTemplate(
            id: "after_support", name: t("После обращения в поддержку", "After a support contact"),
            summary: t(
                "Оценка ответа «отлично / удовлетворительно / плохо» (5 / 3 / 2 балла) и усилия клиента.",
                "The answer rated excellent / satisfactory / poor (5 / 3 / 2 points) and the customer's effort."),
            onePerScreen: false,
            questions: [
                Question(
                    id: "csat", kind: .csat,
                    text: t(
                        "Как вы оцениваете ответ: отлично, удовлетворительно или плохо?",
                        "How would you rate the answer: excellent, satisfactory or poor?"),
                    required: true, csatScale: .threeOptionWeighted),
                Question(
                    id: "ces", kind: .ces, text: t("Насколько легко было решить ваш вопрос?", "How easy was it to get your issue resolved?")
                ),
                Question(
                    id: "resolved", kind: .singleChoice, text: t("Ваш вопрос решён?", "Was your issue resolved?"),
                    options: [
                        .init(id: "yes", text: t("Да", "Yes")), .init(id: "partly", text: t("Частично", "Partly")),
                        .init(id: "no", text: t("Нет", "No")),
                    ]),
            ]),
        SurveyTemplate(
            id: "event", name: t("Анкета мероприятия", "Event questionnaire"),
            summary: t(
                "После мероприятия: общая оценка, ожидания, что понравилось и что улучшить.",
                "After an event: overall rating, expectations, what worked, what to improve."),
            onePerScreen: false,
            questions: [
                Question(
                    id: "stars", kind: .stars, text: t("Как вы оцениваете мероприятие в целом?", "How do you rate the event overall?"),
                    required: true),
                Question(
                    id: "ladder", kind: .ladder,
                    text: t("Насколько мероприятие оправдало ваши ожидания?", "How did the event compare with your expectations?")),
                Question(
                    id: "liked", kind: .multipleChoice, text: t("Что понравилось больше всего?", "What did you like most?"),
                    options: [
                        .init(id: "program", text: t("Программа", "Programme")), .init(id: "speakers", text: t("Спикеры", "Speakers")),
                        .init(id: "venue", text: t("Площадка", "Venue")), .init(id: "organisation", text: t("Организация", "Organisation")),
                        .init(id: "networking", text: t("Знакомства", "Networking")),
                    ]),
                npsQuestion,
            ]),
        SurveyTemplate(
            id: "random_interview", name: t("Случайное интервью", "Random interview"),
            summary: t(
                "Короткий опрос случайных клиентов: рекомендация и ожидания.",
                "A short survey of random customers: recommendation and expectations."),
            onePerScreen: true,
            questions: [
                npsQuestion,
                Question(
                    id: "ladder", kind: .ladder,
                    text: t("Как наш сервис соотносится с вашими ожиданиями?", "How does our service compare with what you expected?")),
                Question(id: "why", kind: .text, text: t("Что повлияло на вашу оценку больше всего?", "What influenced your rating most?")),
            ]),
        SurveyTemplate(
            id: "call_after_service", name: t("Звонок клиенту после услуги", "Call to the client after the service"),
            summary: t(
                "Оператор звонит клиенту и заполняет ответы во время разговора.",
                "An operator calls the client and fills in the answers during the call."),
            onePerScreen: false,
            questions: [
                Question(
                    id: "csat", kind: .csat,
                    text: t("Насколько вы довольны выполненной работой?", "How satisfied are you with the work done?"),
                    required: true, csatScale: .fivePointTopTwoBox),
                Question(
                    id: "ladder", kind: .ladder,
                    text: t(
                        "Работа оказалась хуже, такой, как ожидали, или лучше?", "Was the work worse, as expected, or better than expected?"
                    )),
                Question(
                    id: "problem_solved", kind: .singleChoice,
                    text: t("Проблема, с которой вы обращались, решена?", "Is the problem you came with solved?"),
                    options: [
                        .init(id: "yes", text: t("Да", "Yes")), .init(id: "partly", text: t("Частично", "Partly")),
                        .init(id: "no", text: t("Нет", "No")),
                    ]),
                npsQuestion,
            ]),
        SurveyTemplate(
            id: "relational_nps", name: t("Отношение к компании (NPS)", "Relationship NPS"),
            summary: t(
                "Раз в квартал: готовность рекомендовать и главная причина.",
                "Once a quarter: willingness to recommend and the main reason."),
            onePerScreen: false,
            questions: [
                npsQuestion,
                Question(
                    id: "reason", kind: .singleChoice,
                    text: t("Что для вас главное в работе с нами?", "What matters most to you in working with us?"),
                    options: [
                        .init(id: "quality", text: t("Качество", "Quality")), .init(id: "speed", text: t("Скорость", "Speed")),
                        .init(id: "price", text: t("Цена", "Price")), .init(id: "people", text: t("Люди", "People")),
                        .init(id: "convenience", text: t("Удобство", "Convenience")),
                    ]),
            ]),
        MaturityDiagnosis.template,
    ]
}
