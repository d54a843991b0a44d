import OtklikCore

/// Texts of customer value and the loyalty ladder.
extension TextKey {
    static let navValue = TextKey("Ценность клиентов", "Customer value")
    static let valueOverview = TextKey("Обзор", "Overview")
    static let valueSegments = TextKey("Сегменты RFM", "RFM segments")
    static let valueLadder = TextKey("Лестница лояльности", "Loyalty ladder")
    static let valueRetention = TextKey("Удержание", "Retention")
    static let valueCustomers = TextKey("Клиенты", "Customers")
    static let valueAsOf = TextKey("Данные на", "As of")
    static let valueAsOfNote = TextKey(
        "день после последнего заказа: давность считается от него, так что выгрузка прошлого года читается на её конец.",
        "the day after the latest order: recency counts from it, so last year's file reads as of its end.")
    static let valueNoOrders = TextKey(
        "Заказов пока нет. Загрузите продажи: otklik value import продажи.csv (колонки order_id, customer_id, placed_at, amount — или свои через --map).",
        "No orders yet. Import your sales: otklik value import sales.csv (columns order_id, customer_id, placed_at, amount — or your own with --map)."
    )
    static let valueNoAccess = TextKey("Клиенты вашей роли не видны.", "Customers are not visible to your role.")
    static let valueBuyers = TextKey("Клиентов с заказами", "Customers with orders")
    static let valueRevenue = TextKey("Выручка", "Revenue")
    static let valueCost = TextKey("Затраты", "Cost")
    static let valueProfit = TextKey("Прибыль", "Profit")
    static let valueOrders = TextKey("Заказов", "Orders")
    static let valueAOV = TextKey("Средний чек", "Average order")
    static let valueProfitIsRevenue = TextKey(
        "Затраты неизвестны: прибыль считается равной выручке. Укажите маржу или затраты на заказ в настройках ниже.",
        "No cost is known: profit is counted as revenue. Set a margin or a cost per order below.")
    static let valueUnattributed = TextKey("Без клиента (не распределено)", "Without a customer (not attributed)")
    static let valueParetoSentence = TextKey("%1$@ клиентов приносят %2$@ прибыли", "%1$@ of customers bring %2$@ of profit")
    static let valueParetoDetail = TextKey(
        "Самые прибыльные %1$@ из %2$@ клиентов — наименьшее их число, дающее не меньше 80%% прибыли (как у Harrah's: 26%% → 82%%).",
        "The top %1$@ of %2$@ customers — the fewest who bring at least 80%% of profit (Harrah's: 26%% → 82%%).")
    static let valueParetoTitle = TextKey("Кривая Парето: накопленная доля прибыли", "Pareto curve: cumulative share of profit")
    static let valueParetoChartDesc = TextKey(
        "Клиенты по убыванию прибыли слева направо; высота — доля всей прибыли, которую приносят клиенты левее точки.",
        "Customers by profit, best first, left to right; the height is the share of all profit brought by the customers left of the point.")
    static let valueTopShare = TextKey("Лучшие клиенты", "Top customers")
    static let valueProfitShare = TextKey("Доля прибыли", "Share of profit")
    static let valueMorningTitle = TextKey("Недовольные среди самых ценных", "Detractors among the most valuable")
    static let valueMorningLead = TextKey(
        "Клиенты класса A, чей последний ответ NPS — 0–6. Начните день с них: позвоните, разберитесь, исправьте.",
        "Class A customers whose latest NPS answer is 0–6. Start the day with them: call, find out, put it right.")
    static let valueMorningEmpty = TextKey(
        "Среди клиентов класса A недовольных нет (или они не отвечали на опросы).",
        "No detractors among class A customers (or they have not answered a survey).")
    static let valueABCTitle = TextKey("Классы ABC и группы по прибыли", "ABC classes and profit groups")
    static let valueABCLead = TextKey(
        "A — клиенты, вместе дающие первые 80% прибыли; B — следующие 15%; C — остальные. Убыточные стоят больше, чем приносят.",
        "A — the customers who together bring the first 80% of profit; B — the next 15%; C — the rest. Unprofitable ones cost more than they bring."
    )
    static let valueClass = TextKey("Класс", "Class")
    static let valueGroup = TextKey("Группа", "Group")
    static let valueCustomersCount = TextKey("Клиентов", "Customers")
    static let valueShareOfCustomers = TextKey("Доля клиентов", "Share of customers")
    static let valueGroupProfitable = TextKey("Прибыльные (класс A)", "Profitable (class A)")
    static let valueGroupMiddling = TextKey("Средние", "Middling")
    static let valueGroupUnprofitable = TextKey("Убыточные", "Unprofitable")
    static let valueUnprofitableTitle = TextKey("Стоят больше, чем приносят", "Cost more than they bring")
    static let valueAllOfThem = TextKey("Все", "All of them")
    static let valueCSV = TextKey("CSV", "CSV")
    static let valueCustomer = TextKey("Клиент", "Customer")
    static let valueNPS = TextKey("NPS", "NPS")
    static let valueLatestAnswer = TextKey("Последний ответ", "Latest answer")
    static let valueStep = TextKey("Ступень", "Step")
    static let valueSegment = TextKey("Сегмент", "Segment")
    static let valueLastPurchase = TextKey("Последняя покупка", "Last purchase")
    static let valueDaysSince = TextKey("Дней назад", "Days ago")
    static let valueRisk = TextKey("Риск ухода", "Churn risk")
    static let valueRiskLow = TextKey("низкий", "low")
    static let valueRiskMedium = TextKey("средний", "medium")
    static let valueRiskHigh = TextKey("высокий", "high")
    static let valueSettingsTitle = TextKey("Как считать ценность", "How value is counted")
    static let valueCurrency = TextKey("Валюта (ISO 4217)", "Currency (ISO 4217)")
    static let valueMargin = TextKey("Маржа заказов без себестоимости, %", "Margin on orders without a cost, %")
    static let valueMarginHint = TextKey("пусто — затраты неизвестны, прибыль = выручка", "empty — no cost known, profit = revenue")
    static let valueCostPerOrder = TextKey("Затраты на обслуживание заказа", "Cost of serving an order")
    static let valueWindow = TextKey("Окно активности, месяцев", "Activity window, months")
    static let valueRegularOrders = TextKey("Заказов в окне, чтобы стать постоянным", "Orders in the window to be a regular")
    static let valueAdvocateRule = TextKey("Приверженец — постоянный, который", "An advocate is a regular who")
    static let valueRulePromoterOrReferrer = TextKey("промоутер (NPS 9–10) или привёл других", "is a promoter (NPS 9–10) or brought others")
    static let valueRulePromoter = TextKey("промоутер (NPS 9–10)", "is a promoter (NPS 9–10)")
    static let valueRuleReferrer = TextKey("привёл других", "brought others")
    static let valueSave = TextKey("Сохранить", "Save")
    static let valueSaved = TextKey("Сохранено.", "Saved.")

    // RFM
    static let valueRFMLead = TextKey(
        "Давность (R), частота (F) и сумма покупок (M) — от 1 до 5, по месту клиента среди всех покупателей. Сегмент — по R и F.",
        "Recency (R), frequency (F) and money spent (M) — 1 to 5, by the customer's place among all buyers. The segment is by R and F.")
    static let valueRFMTies = TextKey(
        "Равные значения получают одну оценку: 1 + ⌊5 × (покупателей с худшим значением) / всех покупателей⌋. Когда у многих одно и то же значение, часть оценок пустует: если у трети один заказ, у всех них F = 1, а F = 2 начинается сразу над ними; если у двух третей — следующая оценка уже F = 4.",
        "Equal values share one score: 1 + ⌊5 × (buyers with a worse value) / all buyers⌋. When many share a value some scores stay empty: if a third of buyers have one order, all of them score F 1 and F 2 starts right above them; if two thirds do, the next score is F 4."
    )
    static let valueSegmentSize = TextKey("Размер сегментов", "Segment sizes")
    static let valueGrid = TextKey("R × F: клиентов в клетке", "R × F: customers per cell")
    static let valueMeanRecency = TextKey("Давность, дней (медиана)", "Recency, days (median)")
    static let valueMeanOrders = TextKey("Заказов (среднее)", "Orders (mean)")
    static let valueNPSKnown = TextKey("NPS (последние ответы)", "NPS (latest answers)")
    static let valueNPSOf = TextKey("по %@ клиентам", "from %@ customers")
    static let valueAction = TextKey("Что делать", "What to do")
    static let valueBehaviourTitle = TextKey("Группы по поведению (k-means)", "Groups by behaviour (k-means)")
    static let valueBehaviourLead = TextKey(
        "Покупатели, сгруппированные по тому, как они покупают — как часто, на какую сумму, как давно и как регулярно, — без заданных порогов; центр каждой группы сказан словами.",
        "Buyers grouped by how they buy — how often, how much at a time, how recently and how steadily — without set thresholds; each group's centre said in words."
    )
    static let valueBehaviourGroup = TextKey("Группа", "Group")
    static let valueBehaviourAverage = TextKey("как все", "like everyone")
    static let valueSteadyShare = TextKey("Месяцев с покупкой", "Months with a purchase")
    static let valueMeanRecencyMean = TextKey("Давность, дней (среднее)", "Recency, days (mean)")

    // Ladder
    static let valueLadderLead = TextKey(
        "Каждый клиент на своей ступени: потенциальный → посетитель → первая покупка → постоянный → приверженец. Поднимайте по одной ступени, не перепрыгивая: чем выше, тем меньше риск уйти к конкуренту.",
        "Each customer on a step: potential → visitor → first purchase → regular → advocate. Move them up one step at a time: the higher they are, the less likely they leave for a competitor."
    )
    static let valueLadderRules = TextKey(
        "Постоянный — не меньше %1$@ заказов за %2$@ мес.; ушедший — покупал, но не в последние %2$@ мес.; посетитель — отвечал на опрос или просил связаться, но не покупал.",
        "Regular: at least %1$@ orders in %2$@ months; lapsed: bought before, but not in the last %2$@ months; visitor: answered a survey or asked to be contacted, but has not bought."
    )
    static let valueStrategy = TextKey("Стратегия", "Strategy")
    static let valueStepsOverTime = TextKey("Ступени по месяцам (на конец месяца)", "Steps by month (at each month's end)")
    static let valueTransitions = TextKey("Кто куда перешёл", "Who moved where")
    static let valueTransitionsLead = TextKey(
        "Строки — ступень на первую дату, столбцы — на вторую. «Ещё не знали» — клиенты, появившиеся между датами.",
        "Rows: the step on the first date; columns: on the second. “Not yet known”: customers who appeared in between.")
    static let valueFrom = TextKey("С", "From")
    static let valueTo = TextKey("по", "to")
    static let valueShow = TextKey("Показать", "Show")
    static let valueNotYetKnown = TextKey("Ещё не знали", "Not yet known")
    static let valueClimbed = TextKey("поднялись", "climbed")
    static let valueFell = TextKey("опустились", "fell")
    static let valueLeft = TextKey("ушли", "left")
    static let valueNPSByStep = TextKey("NPS по ступеням", "NPS by step")
    static let valueNPSByStepLead = TextKey(
        "По последнему ответу каждого клиента: один клиент — один голос.", "From each customer's latest answer: one customer, one vote.")
    static let valueListFirstNotBack = TextKey(
        "Купили впервые и не вернулись в обычный срок", "First-time buyers not back within the usual interval")
    static let valueListFirstNotBackLead = TextKey(
        "Обычно второй заказ делают через %@ дн. после первого. Подтолкните ко второй покупке.",
        "A second order usually comes %@ days after the first. Nudge them to a second purchase.")
    static let valueListSlowing = TextKey("Постоянные, которые замедлились", "Regulars slowing down")
    static let valueListSlowingLead = TextKey(
        "Без покупки в полтора раза дольше своего обычного интервала.", "Half again past their own usual interval without a purchase.")
    static let valueListUnthanked = TextKey("Приверженцы, которых ещё не поблагодарили", "Advocates never thanked")
    static let valueMarkThanked = TextKey("Поблагодарили", "Thanked")
    static let valueEmptyList = TextKey("Никого.", "Nobody.")

    // Retention
    static let valueRetentionLead = TextKey(
        "CRR = (клиенты на конец − новые) / клиенты на начало × 100. Клиент на дату — тот, у кого был заказ за %@ мес. до неё.",
        "CRR = (customers at the end − new customers) / customers at the start × 100. A customer at a date: one with an order in the %@ months before it."
    )
    static let valueFirstYearNote = TextKey(
        "Пока данных меньше окна активности, уйти никто не может: первые %@ мес. CRR равен 100%%.",
        "Until the data is as long as the activity window nobody can lapse: CRR reads 100%% for the first %@ months.")
    static let valueCRRTitle = TextKey("Удержание (CRR) и отток по месяцам", "Retention (CRR) and churn by month")
    static let valueMonth = TextKey("Месяц", "Month")
    static let valueAtStart = TextKey("На начало", "At start")
    static let valueAtEnd = TextKey("На конец", "At end")
    static let valueNew = TextKey("Новые", "New")
    static let valueChurn = TextKey("Отток", "Churn")
    static let valueCohortsTitle = TextKey("Когорты по месяцу первой покупки", "Cohorts by month of first purchase")
    static let valueCohortsLead = TextKey(
        "Доля клиентов когорты, купивших снова через N месяцев после первой покупки.",
        "The share of a cohort's customers who bought again N months after their first purchase.")
    static let valueCohort = TextKey("Когорта", "Cohort")
    static let valueSize = TextKey("Размер", "Size")
    static let valueRiskTitle = TextKey("Риск ухода по собственному ритму", "Churn risk by each customer's own rhythm")
    static let valueRiskLead = TextKey(
        "Дни без покупки ÷ обычный интервал клиента (у купивших один раз — обычный интервал до второй покупки у всех). До 1 — низкий, до 2 — средний, больше — высокий.",
        "Days without a purchase ÷ the customer's usual interval (for one-time buyers, everyone's usual first-to-second interval). Below 1 low, below 2 medium, above high."
    )
    static let valueForecastTitle = TextKey("Прогноз покупок (BG/NBD)", "Purchase forecast (BG/NBD)")
    static let valueForecastLead = TextKey(
        "Модель Фейдера, Харди и Ли (2005): каждый клиент покупает в своём темпе и после каждой покупки может уйти. Подобрана по всем покупкам (повторные — по разным дням).",
        "The model of Fader, Hardie & Lee (2005): each customer buys at their own rate and may leave after any purchase. Fitted on every purchase (repeats counted on distinct days)."
    )
    static let valueForecastNext = TextKey("Ожидается покупок за %@ дн.", "Expected purchases in %@ days")
    static let valueForecastAlive = TextKey("Средняя вероятность, что клиент ещё с нами", "Mean probability a customer is still with us")
    static let valueHoldoutTitle = TextKey("Проверка на отложенных неделях", "Check on held-out weeks")
    static let valueHoldoutLead = TextKey(
        "Модель подобрана без последних %1$@ дн. (с %2$@) и спрошена о них; рядом — наивный прогноз: каждый покупает в своём прошлом темпе.",
        "The model was fitted without the last %1$@ days (from %2$@) and asked about them; beside it, the naive forecast: everyone keeps their past rate."
    )
    static let valueActual = TextKey("Фактически", "Actual")
    static let valueModel = TextKey("Модель", "Model")
    static let valueNaive = TextKey("Наивный", "Naive")
    static let valueTotalPurchases = TextKey("Покупок всего", "Purchases in all")
    static let valueMAE = TextKey("Средняя ошибка на клиента", "Mean error per customer")
    static let valueForecastNone = TextKey("Прогноза нет: никто ещё не покупал повторно.", "No forecast: nobody has bought twice yet.")
    static let valueLikelyLost = TextKey("Ценные клиенты, которых, вероятно, уже нет", "Valuable customers probably gone")
    static let valueAlive = TextKey("Вероятность, что с нами", "Probability still with us")
    static let valueExpected = TextKey("Ожидается покупок", "Expected purchases")

    // Customers
    static let valueCustomersLead = TextKey("Все клиенты по прибыли: лучшие сверху.", "Every customer by profit: the best first.")
    static let valueFilter = TextKey("Отобрать", "Filter")
    static let valueAny = TextKey("Все", "All")
    static let valueRank = TextKey("Место", "Rank")
    static let valueNext = TextKey("Дальше →", "Next →")
    static let valuePrevious = TextKey("← Назад", "← Back")
    static let valueCardOrders = TextKey("Заказы", "Orders")
    static let valueCancellation = TextKey("отмена", "cancellation")
    static let valueFirstPurchase = TextKey("Первая покупка", "First purchase")
    static let valueTenure = TextKey("С нами, дней", "With us, days")
    static let valueInterval = TextKey("Обычный интервал, дней", "Usual interval, days")
    static let valueRegularity = TextKey("Регулярность", "Regularity")
    static let valueActiveMonths = TextKey("Месяцев с покупкой", "Months with a purchase")
    static let valueMarks = TextKey("Ценность не в деньгах", "Value beyond money")
    static let valueMarkImage = TextKey("Имиджевый клиент", "Image client")
    static let valueMarkReferrer = TextKey("Привёл других", "Brought others")
    static let valueMarkThankedLong = TextKey("Поблагодарили за верность", "Thanked for their loyalty")
    static let valueNoCustomer = TextKey("Такого клиента нет (или он вам не виден).", "No such customer (or not visible to you).")
    static let valueAnswers = TextKey("Ответы", "Answers")
}

extension Strings {
    /// A text with its placeholders filled: `%@` (or `%1$@`, `%2$@` …) by `values` in order, `%%` as `%`.
    func format(_ key: TextKey, _ values: String...) -> String {
        var text = self[key]
        for (position, value) in values.enumerated() {
            let numbered = "%\(position + 1)$@"
            if text.contains(numbered) {
                text = text.replacingOccurrences(of: numbered, with: value)
            } else if let range = text.range(of: "%@") {
                text.replaceSubrange(range, with: value)
            }
        }
        return text.replacingOccurrences(of: "%%", with: "%")
    }

    func step(_ step: LoyaltyStep) -> String {
        switch step {
        case .potential: self[TextKey("Потенциальный", "Potential")]
        case .visitor: self[TextKey("Посетитель", "Visitor")]
        case .firstPurchase: self[TextKey("Первая покупка", "First purchase")]
        case .regular: self[TextKey("Постоянный", "Regular")]
        case .advocate: self[TextKey("Приверженец", "Advocate")]
        case .lapsed: self[TextKey("Ушедший", "Lapsed")]
        }
    }

    func strategy(_ strategy: LoyaltyStep.Strategy) -> String {
        switch strategy {
        case .attract: self[TextKey("Привлечь", "Attract")]
        case .engage: self[TextKey("Вовлечь", "Engage")]
        case .retain: self[TextKey("Удержать", "Retain")]
        case .cherish: self[TextKey("Беречь", "Cherish")]
        case .winBack: self[TextKey("Вернуть", "Win back")]
        }
    }

    /// Suggested actions for a step's strategy (from the sources: discounts and a push to the second purchase
    /// for beginners, bonuses and extra services for regulars, VIP treatment and unique offers for advocates).
    func stepActions(_ step: LoyaltyStep) -> String {
        switch step {
        case .potential:
            self[
                TextKey(
                    "Дать повод узнать вас: полезная рассылка, приглашение, первое знакомство без обязательств.",
                    "Give them a reason to know you: a useful mailing, an invitation, a first no-strings meeting.")]
        case .visitor:
            self[
                TextKey(
                    "Превратить интерес в покупку: ответить на вопрос, пробная услуга, скидка на первый заказ.",
                    "Turn interest into a purchase: answer their question, a trial service, a first-order discount.")]
        case .firstPurchase:
            self[
                TextKey(
                    "Подтолкнуть ко второй покупке: скидка на следующий заказ, звонок после услуги, напоминание в срок.",
                    "Push to the second purchase: a discount on the next order, a call after the service, a timely reminder.")]
        case .regular:
            self[
                TextKey(
                    "Удержать: бонусы, дополнительные услуги, персональный менеджер, быстрый ответ на жалобу.",
                    "Retain: bonuses, extra services, a personal manager, a fast answer to any complaint.")]
        case .advocate:
            self[
                TextKey(
                    "Беречь: VIP-обслуживание, уникальные предложения, благодарность, приглашение рекомендовать.",
                    "Cherish: VIP service, unique offers, thanks, an invitation to recommend.")]
        case .lapsed:
            self[
                TextKey(
                    "Вернуть: узнать причину ухода, предложение «с возвращением», исправить то, что оттолкнуло.",
                    "Win back: ask why they left, a welcome-back offer, fix what drove them away.")]
        }
    }

    func rfmSegment(_ segment: RFMSegment) -> String {
        switch segment {
        case .champions: self[TextKey("Чемпионы", "Champions")]
        case .loyal: self[TextKey("Лояльные", "Loyal")]
        case .potentialLoyalist: self[TextKey("Потенциально лояльные", "Potential loyalists")]
        case .new: self[TextKey("Новые", "New")]
        case .promising: self[TextKey("Перспективные", "Promising")]
        case .needAttention: self[TextKey("Требуют внимания", "Need attention")]
        case .aboutToSleep: self[TextKey("Засыпают", "About to sleep")]
        case .atRisk: self[TextKey("В зоне риска", "At risk")]
        case .cannotLose: self[TextKey("Нельзя потерять", "Cannot lose them")]
        case .hibernating: self[TextKey("Спящие", "Hibernating")]
        }
    }

    func rfmAction(_ segment: RFMSegment) -> String {
        switch segment {
        case .champions:
            self[
                TextKey(
                    "Благодарить, давать новинки первыми, просить рекомендации.", "Thank them, give them news first, ask for referrals.")]
        case .loyal: self[TextKey("Программа лояльности, дополнительные услуги.", "A loyalty programme, extra services.")]
        case .potentialLoyalist:
            self[TextKey("Предложить членство или бонус за следующие покупки.", "Offer membership or a bonus on the next purchases.")]
        case .new:
            self[
                TextKey(
                    "Хорошо встретить: помощь после покупки, повод вернуться.",
                    "Welcome them: help after the purchase, a reason to come back.")]
        case .promising: self[TextKey("Напомнить о себе, дать попробовать больше.", "Remind them of you, let them try more.")]
        case .needAttention: self[TextKey("Ограниченное по времени персональное предложение.", "A personal offer for a limited time.")]
        case .aboutToSleep: self[TextKey("Разбудить: полезное напоминание, скидка.", "Wake them: a useful reminder, a discount.")]
        case .atRisk:
            self[TextKey("Позвонить, узнать, что не так, предложить вернуться.", "Call, find out what is wrong, offer to come back.")]
        case .cannotLose:
            self[
                TextKey(
                    "Лично связаться: были лучшими, перестали покупать.",
                    "Reach out personally: they were the best and have stopped buying.")]
        case .hibernating: self[TextKey("Недорогое напоминание; не тратить много.", "An inexpensive reminder; do not spend much.")]
        }
    }

    func trait(_ trait: BehaviourGroups.Trait) -> String {
        switch trait {
        case .frequent: self[TextKey("часто", "often")]
        case .rare: self[TextKey("редко", "rarely")]
        case .bigOrders: self[TextKey("крупные заказы", "big orders")]
        case .smallOrders: self[TextKey("мелкие заказы", "small orders")]
        case .recent: self[TextKey("недавно", "lately")]
        case .longAgo: self[TextKey("давно не были", "not seen for long")]
        case .steady: self[TextKey("регулярно", "steadily")]
        case .occasional: self[TextKey("от случая к случаю", "now and then")]
        }
    }

    func churnRisk(_ risk: ChurnRisk) -> String {
        switch risk {
        case .low: self[.valueRiskLow]
        case .medium: self[.valueRiskMedium]
        case .high: self[.valueRiskHigh]
        }
    }

    func profitGroup(_ group: ProfitGroup) -> String {
        switch group {
        case .profitable: self[.valueGroupProfitable]
        case .middling: self[.valueGroupMiddling]
        case .unprofitable: self[.valueGroupUnprofitable]
        }
    }

    func mark(_ mark: CustomerMark) -> String {
        switch mark {
        case .image: self[.valueMarkImage]
        case .referrer: self[.valueMarkReferrer]
        case .thanked: self[.valueMarkThankedLong]
        }
    }

    /// "1 234,50 ₽" / "£1,234.50": an amount in minor units; `whole` rounds it to whole units ("1 235 ₽").
    func money(_ minor: Int64, currency: String, whole: Bool = false) -> String {
        let magnitude = (whole ? Money.scaled(minor, by: 1, over: 100) * 100 : minor).magnitude
        let fraction = Int(magnitude % 100)
        var number = integer(Int(magnitude / 100))
        if !whole { number += (locale == .ru ? "," : ".") + (fraction < 10 ? "0" : "") + String(fraction) }
        let symbol = ["RUB": "₽", "GBP": "£", "EUR": "€", "USD": "$"][currency]
        let text = locale == .en && symbol != nil && currency != "RUB" ? symbol! + number : number + "\u{00A0}" + (symbol ?? currency)
        return (minor < 0 && magnitude > 0 ? "−" : "") + text
    }
}
