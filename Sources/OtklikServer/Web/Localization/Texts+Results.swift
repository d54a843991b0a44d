/// Texts of a survey's results page.
extension TextKey {
    static let resultsTitle = TextKey("Результаты", "Results")
    static let resultsLink = TextKey("Результаты", "Results")
    static let resultsTextSearch = TextKey("Поиск в ответах-текстах", "Search the text answers")
    static let resultsTruncated = TextKey(
        "Ответов больше, чем помещается на странице: сведены самые новые", "More answers than one page sums up: the newest summarised are")
    static let resultsMaturity = TextKey("Самодиагностика: уровни зрелости", "Self-diagnosis: maturity levels")
    static let resultsAskedOnly = TextKey(
        "(вопрос задан не всем — по условию показа)", "(not asked of everyone: the question has a condition)")
    static let resultsAnswered = TextKey("Ответили", "Answered")
    static let resultsMean = TextKey("Среднее:", "Mean:")
    static let resultsTextMatching = TextKey("Ответов:", "Answers:")
    static let resultsDropOff = TextKey("Где бросают опрос", "Where people leave the survey")
    static let resultsStarted = TextKey("Начали на сайте:", "Started on the web:")
    static let resultsCompleted = TextKey("закончили:", "finished:")
    static let resultsLeftAfter = TextKey(
        "Незаконченные ответы хранятся отдельно и в оценки не входят; ниже — после какого вопроса ушли.",
        "Unfinished answers are kept apart and count in no metric; below, the question after which people left.")
}
