/// Texts of the dashboard and the responses list.
extension TextKey {
    static let dashboardTitle = TextKey("Сводка", "Dashboard")
    static let filterFrom = TextKey("С", "From")
    static let filterTo = TextKey("По", "To")
    static let filterSurvey = TextKey("Опрос", "Survey")
    static let filterLocation = TextKey("Место", "Location")
    static let filterTouchpoint = TextKey("Точка контакта", "Touchpoint")
    static let filterStage = TextKey("Этап пути клиента", "Journey stage")
    static let filterEmployee = TextKey("Сотрудник", "Employee")
    static let filterSegment = TextKey("Сегмент", "Segment")
    static let filterChannel = TextKey("Канал", "Channel")
    static let filterTag = TextKey("Метка", "Tag")
    static let filterValueClass = TextKey("Класс ценности клиента", "Customer's value class")
    static let filterLoyaltyStep = TextKey("Ступень лояльности клиента", "Customer's loyalty step")
    static let filterCustomer = TextKey("Клиент", "Customer")
    static let filterRemove = TextKey("убрать", "remove")
    static let customersStep = TextKey("Ступень", "Step")
    static let customersTitle = TextKey("NPS по клиентам", "NPS by customers")
    static let customersLead = TextKey(
        "Ответы за период — по тому, кем клиент является сейчас по своим заказам: ступень лояльности и класс ценности (ABC). Ответы без клиента сюда не входят.",
        "The period's answers by who their customers are now, by their orders: loyalty step and value class (ABC). Answers without a customer are not included."
    )
    static let filterSearch = TextKey("Поиск в комментариях", "Search comments")
    static let filterApply = TextKey("Показать", "Show")
    static let filterHasComment = TextKey("Только с комментарием", "Only with a comment")
    static let filterBand = TextKey("Оценки", "Scores")
    /// The words of a metric's named band (`MetricKind.Band.name`) in the responses page's menu; every
    /// band of the metric table has them (FilterControlsTests).
    static func band(_ name: String) -> TextKey? {
        switch name {
        case "detractors": bandDetractors
        case "passives": bandPassives
        case "promoters": bandPromoters
        case "unhappy": bandUnhappy
        case "happy": bandHappy
        case "hard": bandHard
        case "easy": bandEasy
        case "disappointed": ladderDisappointedShort
        case "expected": ladderExpectedShort
        case "wow": ladderWowShort
        default: nil
        }
    }
    static let bandDetractors = TextKey("критики (0–6)", "detractors (0–6)")
    static let bandPassives = TextKey("нейтральные (7–8)", "passives (7–8)")
    static let bandPromoters = TextKey("промоутеры (9–10)", "promoters (9–10)")
    static let bandUnhappy = TextKey("недовольные (1–3 из 5)", "unhappy (1–3 of 5)")
    static let bandHappy = TextKey("довольные (4–5 из 5)", "happy (4–5 of 5)")
    static let bandHard = TextKey("трудно (1–3 из 7)", "hard (1–3 of 7)")
    static let bandEasy = TextKey("легко (5–7 из 7)", "easy (5–7 of 7)")
    static let filtersTitle = TextKey("Период и фильтры", "Period and filters")
    static let filtersAllTime = TextKey("всё время", "all time")
    static let changesTitle = TextKey("Что изменилось", "What changed")
    static let changesLead = TextKey(
        "NPS точек контакта, мест и сотрудников к прошлому периоду такой же длины: только изменения больше погрешности, сначала самые крупные.",
        "NPS of touchpoints, locations and employees against the previous period of the same length: only moves beyond the margin of error, largest first."
    )
    static let changesNone = TextKey(
        "Значимых изменений нет: все сдвиги в пределах погрешности.",
        "No significant changes: every move is within the margin of error.")
    static let filterReset = TextKey("Сбросить", "Reset")
    static let period7 = TextKey("7 дней", "7 days")
    static let period30 = TextKey("30 дней", "30 days")
    static let period90 = TextKey("90 дней", "90 days")
    static let period365 = TextKey("Год", "Year")
    static let metricNPS = TextKey("NPS", "NPS")
    static let metricCSAT = TextKey("CSAT", "CSAT")
    static let metricCES = TextKey("CES", "CES")
    static let metricLadder = TextKey("Лестница ожиданий", "Expectation ladder")
    static let metricStars = TextKey("Звёзды", "Stars")
    static let tileNPSHint = TextKey("% промоутеров − % критиков", "% promoters − % detractors")
    static let tileCSATHint = TextKey("доля довольных", "share satisfied")
    static let tileCSATMeanHint = TextKey("средняя оценка", "mean score")
    static let tileCESHint = TextKey("% «легко» (5–7)", "% “easy” (5–7)")
    static let interval = TextKey("95% интервал", "95% interval")
    static let vsPrevious = TextKey("к прошлому периоду", "vs previous period")
    static let significant = TextKey("значимо", "significant")
    static let notSignificant = TextKey("в пределах погрешности", "within the margin of error")
    static let lowSample = TextKey("мало ответов", "few answers")
    static let noData = TextKey("Нет ответов за период.", "No answers in this period.")
    static let mixedScales = TextKey(
        "Опросы оценивают CSAT по-разному: выберите один опрос.", "The surveys score CSAT differently: choose one survey.")
    static let trendTitle = TextKey("NPS по неделям", "NPS by week")
    static let trendDescription = TextKey(
        "Линия — NPS за неделю, полоса — 95% интервал. Полые точки — недели с малым числом ответов: их интервал рассчитан с поправкой на малую выборку и может не включать саму точку.",
        "The line is the week's NPS, the band its 95% interval. Hollow points are weeks with few answers: their interval is adjusted for the small sample and may not contain the point itself."
    )
    static let heatmapTitle = TextKey("NPS: точки контакта × недели", "NPS: touchpoints × weeks")
    static let rowsShownByPain = TextKey(
        "Показаны точки контакта с наибольшим числом критиков:", "Showing the touchpoints with the most detractors:")
    static let weeksShownLatest = TextKey("Показаны последние недели периода:", "Showing the latest weeks of the period:")
    static let rowsOutOf = TextKey("из", "of")
    static let fullTableCSV = TextKey("вся таблица (CSV)", "the full table (CSV)")
    static let heatmapDescription = TextKey(
        "Цвет — NPS от −100 (красный) до +100 (зелёный); светлые клетки с пунктирной рамкой — мало ответов, оценка неточна.",
        "Colour is NPS from −100 (red) to +100 (green); light cells with a dashed outline have few answers, so the value is rough.")
    static let ladderDescription = TextKey(
        "Доли ответов: разочарование, как ожидали, «Ах!».", "Shares of answers: disappointed, as expected, “wow”.")
    static let ladderDisappointedShort = TextKey("Разочарование", "Disappointed")
    static let ladderExpectedShort = TextKey("Как ожидали", "As expected")
    static let ladderWowShort = TextKey("«Ах!»", "“Wow”")
    static let histogramTitle = TextKey("Распределение оценок NPS", "NPS score distribution")
    static let histogramDescription = TextKey("Число ответов по каждой оценке от 0 до 10.", "Answers for each score from 0 to 10.")
    static let painTitle = TextKey("Где болит сильнее всего", "Where it hurts most")
    static let painDescription = TextKey(
        "Точки контакта по числу критиков (доля критиков × число ответов).",
        "Touchpoints by number of detractors (detractor share × volume).")
    static let commentsTitle = TextKey("Последние комментарии", "Latest comments")
    static let noComments = TextKey("Комментариев нет.", "No comments.")
    static let tableData = TextKey("Таблица с данными", "Data table")
    static let exportCSV = TextKey("Скачать CSV", "Download CSV")
    static let columnWeek = TextKey("Неделя", "Week")
    static let columnValue = TextKey("Значение", "Value")
    static let columnN = TextKey("Ответов", "Answers")
    static let columnDetractors = TextKey("Критиков", "Detractors")
    static let columnScore = TextKey("Оценка", "Score")
    static let columnDate = TextKey("Дата", "Date")
    static let columnComment = TextKey("Комментарий", "Comment")
    static let columnContext = TextKey("Где и с кем", "Where and with whom")
    static let allResponses = TextKey("Все ответы", "All responses")
    static let responsesTitle = TextKey("Ответы", "Responses")
    static let responsesBand = TextKey("Только оценки", "Only scores")
    static let nextPage = TextKey("Дальше", "Next")
    static let firstPage = TextKey("К началу", "Back to the first")
    static let noResponses = TextKey("Нет ответов с такими условиями.", "No responses match.")
    static let scopeManager = TextKey("Вы видите только свои места.", "You see only your locations.")
    static let scopeStaff = TextKey("Вы видите только свои оценки и комментарии.", "You see only your own scores and comments.")
    static let scopeNothing = TextKey(
        "Учётная запись не связана с сотрудником: данных нет.", "This account is not linked to an employee: no data.")
    static let responseSource = TextKey("Источник", "Source")
}
