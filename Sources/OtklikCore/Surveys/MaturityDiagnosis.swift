/// The customer-orientation maturity self-diagnosis for managers (docs/domain.md §7): each question's
/// three options stand for the three levels — spontaneous (service depends on the employee's mood), regulated
/// (written standards), cultural (staff believe in it). The level is the one chosen most often; a tie
/// goes to the lower level, because a company is only as mature as its weakest habits.
public enum MaturityDiagnosis {
    public enum Level: String, Sendable, CaseIterable, Comparable {
        case spontaneous, regulated, cultural
        public static func < (a: Level, b: Level) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    public struct Result: Sendable, Hashable {
        public var level: Level
        /// How many answers chose each level.
        public var counts: [Level: Int]
        public var answered: Int
    }

    public static let templateID = "maturity"

    /// The result of one response, or nil when no question of the diagnosis was answered.
    public static func result(_ answers: [String: AnswerValue]) -> Result? {
        var counts: [Level: Int] = [:]
        for question in template.questions {
            if case .text(let choice) = answers[question.id], let level = Level(rawValue: choice) {
                counts[level, default: 0] += 1
            }
        }
        let answered = counts.values.reduce(0, +)
        guard answered > 0 else { return nil }
        let best = counts.values.max()!
        let level = Level.allCases.first { counts[$0] == best }!
        return Result(level: level, counts: counts, answered: answered)
    }

    private static func t(_ ru: String, _ en: String) -> LocalizedText { LocalizedText(ru: ru, en: en) }

    private static func question(
        _ id: String, _ text: LocalizedText, _ spontaneous: LocalizedText,
        _ regulated: LocalizedText, _ cultural: LocalizedText
    ) -> Question {
        Question(
            id: id, kind: .singleChoice, text: text, required: true,
            options: [
                .init(id: Level.spontaneous.rawValue, text: spontaneous),
                .init(id: Level.regulated.rawValue, text: regulated),
                .init(id: Level.cultural.rawValue, text: cultural),
            ])
    }

    public static let template = SurveyTemplate(
        id: templateID, name: t("Самодиагностика клиентоориентированности", "Customer-orientation self-diagnosis"),
        summary: t(
            "Для руководителей: восемь вопросов, уровень зрелости (стихийный, регламентированный, культурный) и следующий шаг.",
            "For managers: eight questions, the maturity level (spontaneous, regulated, cultural) and the next step."),
        onePerScreen: true,
        questions: [
            question(
                "talk", t("Как сотрудники разговаривают с клиентами?", "How do staff talk to customers?"),
                t("Как получится: многое зависит от настроения", "However it goes: much depends on their mood"),
                t("По написанным стандартам и речевым модулям", "By written standards and scripts"),
                t("Искренне: стандарты стали их собственными", "Sincerely: the standards have become their own")),
            question(
                "complaint", t("Что происходит с жалобой клиента?", "What happens to a customer's complaint?"),
                t("Разбирается тот, кто принял, если захочет", "Whoever took it deals with it, if they want to"),
                t("По регламенту: срок, ответственный, отчёт", "By the rules: a deadline, an owner, a report"),
                t("Сотрудник сам доводит до решения и ищет причину", "The employee sees it through and looks for the cause")),
            question(
                "voice", t("Как вы узнаёте мнение клиентов?", "How do you learn what customers think?"),
                t("Случайно, когда они сами скажут", "By chance, when they tell us"),
                t("Регулярными опросами по графику", "With regular, scheduled surveys"),
                t("Отзывы обсуждает вся команда, и они меняют работу", "The whole team discusses the feedback and it changes the work")),
            question(
                "onboarding", t("Как новички учатся работать с клиентами?", "How do newcomers learn to work with customers?"),
                t("Смотрят на коллег", "By watching colleagues"),
                t("Обучение по стандартам и проверка знаний", "Training on the standards, with a test"),
                t("Наставники передают ценности с первого дня", "Mentors pass on the values from day one")),
            question(
                "evaluation", t("Как оценивается работа сотрудников?", "How is staff performance judged?"),
                t("Только по продажам и выработке", "Only by sales and output"),
                t("Есть показатели качества обслуживания", "There are service-quality KPIs"),
                t("Отзывы клиентов важны самим сотрудникам", "Customer feedback matters to the staff themselves")),
            question(
                "leader", t("Что делает руководитель для клиентского опыта?", "What does the manager do for the customer experience?"),
                t("Вмешивается, когда случился скандал", "Steps in when there is a scandal"),
                t("Контролирует соблюдение стандартов", "Checks that standards are followed"),
                t(
                    "Сам подаёт пример и обсуждает опыт клиентов на каждой встрече",
                    "Sets the example and discusses customers' experience at every meeting")),
            question(
                "data", t("Как вы обращаетесь с данными клиентов?", "How do you handle customers' data?"),
                t("Собираем, что получится", "We collect whatever we can"),
                t("Есть правила хранения и согласия", "There are rules for storage and consent"),
                t(
                    "Берём только нужное; клиент видит и может удалить свои данные",
                    "Only what we need; customers can see and erase their data")),
            question(
                "exception", t("Что, если стандарт не подходит к ситуации?", "What if a standard does not fit the situation?"),
                t("Каждый поступает как знает", "Everyone does as they see fit"),
                t("Сотрудник действует строго по стандарту", "The employee follows the standard strictly"),
                t(
                    "Решает в интересах клиента и предлагает поправить стандарт",
                    "Decides in the customer's interest and proposes a better standard")),
        ])
}
