/// Texts of the survey list, the builder, links and QR cards.
extension TextKey {
    static let linksTitle = TextKey("Ссылки и QR-коды", "Links and QR codes")
    static let linksLead = TextKey("Выберите, где будет висеть код: ответы придут с этой точкой контакта, местом и сотрудником.",
                                   "Choose where the code will hang: answers will arrive with this touchpoint, location and employee.")
    static let linksTable = TextKey("Стол, касса, окно (необязательно)", "Table, till, desk (optional)")
    static let linksMake = TextKey("Сделать ссылку", "Make the link")
    static let linksLink = TextKey("Ссылка", "Link")
    static let linksNotLive = TextKey("Опрос не запущен: по ссылке ответить пока нельзя.", "The survey is not live: the link does not take answers yet.")
    static let linksQRAlt = TextKey("QR-код ссылки", "QR code of the link")
    static let linksDownloadSVG = TextKey("QR-код SVG (для печати)", "QR code SVG (for print)")
    static let linksDownloadPNG = TextKey("QR-код PNG", "QR code PNG")
    static let linksCard = TextKey("Карточка A6 для печати", "Printable A6 card")
    static let cardPrintHint = TextKey("Напечатайте эту страницу (A6, без полей) или сохраните в PDF.", "Print this page (A6, no margins) or save it as PDF.")
    static let cardCallToAction = TextKey("Как мы справились?", "How did we do?")
    static let cardSubline = TextKey("Наведите камеру телефона на код — это займёт 20 секунд.", "Point your phone's camera at the code: it takes 20 seconds.")
}
