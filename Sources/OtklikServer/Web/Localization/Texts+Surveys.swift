/// Texts of the survey list, the builder, links and QR cards.
extension TextKey {
    static let linksTitle = TextKey("Ссылки и QR-коды", "Links and QR codes")
    static let linksLead = TextKey(
        "Выберите, где будет висеть код: ответы придут с этой точкой контакта, местом и сотрудником.",
        "Choose where the code will hang: answers will arrive with this touchpoint, location and employee.")
    static let linksTable = TextKey("Стол, касса, окно (необязательно)", "Table, till, desk (optional)")
    static let linksMake = TextKey("Сделать ссылку", "Make the link")
    static let linksLink = TextKey("Ссылка", "Link")
    static let linksNotLive = TextKey(
        "Опрос не запущен: по ссылке ответить пока нельзя.", "The survey is not live: the link does not take answers yet.")
    static let linksQRAlt = TextKey("QR-код ссылки", "QR code of the link")
    static let linksDownloadSVG = TextKey("QR-код SVG (для печати)", "QR code SVG (for print)")
    static let linksDownloadPNG = TextKey("QR-код PNG", "QR code PNG")
    static let linksCard = TextKey("Карточка A6 для печати", "Printable A6 card")
    static let cardPrintHint = TextKey(
        "Напечатайте эту страницу (A6, без полей) или сохраните в PDF.", "Print this page (A6, no margins) or save it as PDF.")
    static let cardCallToAction = TextKey("Как мы справились?", "How did we do?")
    static let cardSubline = TextKey(
        "Наведите камеру телефона на код — это займёт 20 секунд.", "Point your phone's camera at the code: it takes 20 seconds.")
}

/// Texts of the survey list and the builder.
extension TextKey {
    static let surveysTitle = TextKey("Опросы", "Surveys")
    static let surveysNew = TextKey("Новый опрос", "New survey")
    static let surveysColumnTitle = TextKey("Опрос", "Survey")
    static let surveysColumnStatus = TextKey("Статус", "Status")
    static let surveysColumnResponses = TextKey("Ответов", "Responses")
    static let surveysColumnActions = TextKey("Действия", "Actions")
    static let statusDraft = TextKey("Черновик", "Draft")
    static let statusLive = TextKey("Собирает ответы", "Live")
    static let statusClosed = TextKey("Завершён", "Closed")
    static let surveyEdit = TextKey("Редактор", "Edit")
    static let surveyPreviewLink = TextKey("Как на телефоне", "Phone preview")
    static let surveyLinks = TextKey("Ссылки и QR", "Links and QR")
    static let surveyCall = TextKey("Звонок клиенту", "Call a client")
    static let newTitle = TextKey("Новый опрос: выберите шаблон", "New survey: choose a template")
    static let newBlank = TextKey("Пустой опрос", "Blank survey")
    static let newBlankSummary = TextKey("Один вопрос NPS — дальше всё сами.", "One NPS question; the rest is yours.")
    static let newUse = TextKey("Создать", "Create")
    static let editorTitle = TextKey("Редактор опроса", "Survey editor")
    static let editorTitleRu = TextKey("Название (русский)", "Title (Russian)")
    static let editorTitleEn = TextKey("Название (английский)", "Title (English)")
    static let editorOnePerScreen = TextKey("По одному вопросу на экран (удобно на телефоне)", "One question per screen (handy on phones)")
    static let editorQuestions = TextKey("Вопросы", "Questions")
    static let editorTextRu = TextKey("Текст (русский)", "Text (Russian)")
    static let editorTextEn = TextKey("Текст (английский)", "Text (English)")
    static let editorRequired = TextKey("Обязательный", "Required")
    static let editorScale = TextKey("Шкала CSAT", "CSAT scale")
    static let editorScale5Top2 = TextKey("1–5, доля 4–5 (top-2-box)", "1–5, share of 4–5 (top-2-box)")
    static let editorScale5Mean = TextKey("1–5, средний балл", "1–5, mean score")
    static let editorScale3Weighted = TextKey(
        "Плохо / удовлетворительно / отлично = 2 / 3 / 5", "Poor / satisfactory / excellent = 2 / 3 / 5")
    static let editorOptions = TextKey(
        "Варианты, по одному в строке: «по-русски | in English» (английский можно не писать)",
        "Options, one per line: “по-русски | in English” (English may be left out)")
    static let editorUp = TextKey("Выше", "Up")
    static let editorDown = TextKey("Ниже", "Down")
    static let editorRemove = TextKey("Убрать", "Remove")
    static let editorAdd = TextKey("Добавить вопрос", "Add a question")
    static let editorPublish = TextKey("Запустить", "Publish")
    static let editorClose = TextKey("Завершить опрос", "Close the survey")
    static let editorReopen = TextKey("Возобновить", "Reopen")
    static let editorSaved = TextKey("Опрос сохранён.", "The survey was saved.")
    static let editorFix = TextKey("Опрос не сохранён: исправьте отмеченное.", "The survey was not saved: fix what is marked.")
    static let editorLiveWarning = TextKey(
        "Опрос уже собирает ответы: меняйте формулировки осторожно, чтобы старые и новые ответы оставались сравнимыми.",
        "The survey is live: change wording with care, so that old and new answers stay comparable.")
    static let kindNPS = TextKey("NPS 0–10", "NPS 0–10")
    static let kindCSAT = TextKey("CSAT (удовлетворённость)", "CSAT (satisfaction)")
    static let kindCES = TextKey("CES 1–7 (усилие)", "CES 1–7 (effort)")
    static let kindLadder = TextKey("Лестница ожиданий", "Expectation ladder")
    static let kindStars = TextKey("Звёзды 1–5", "Stars 1–5")
    static let kindSingle = TextKey("Один вариант", "Single choice")
    static let kindMultiple = TextKey("Несколько вариантов", "Multiple choice")
    static let kindText = TextKey("Свободный ответ", "Free text")
    static let previewTitle = TextKey("Так опрос увидит клиент на телефоне", "How a customer sees the survey on a phone")
    static let previewFrame = TextKey("Предпросмотр опроса", "Survey preview")
}

/// Texts of the operator's call page.
extension TextKey {
    static let callTitle = TextKey("Звонок клиенту", "Call to the client")
    static let callLead = TextKey(
        "Поздоровайтесь, назовите клиента по имени, поблагодарите за выбор и задайте вопросы по порядку. Ответы сохраняются как телефонный опрос.",
        "Greet the client by name, thank them for choosing you and ask the questions in order. The answers are stored as a phone survey.")
    static let callCustomerName = TextKey("Имя клиента", "Client's name")
    static let callCustomerPhone = TextKey("Телефон клиента", "Client's phone")
    static let callOrder = TextKey("Номер заказа", "Order number")
    static let callNotes = TextKey("Что сказал клиент (комментарий)", "What the client said (comment)")
    static let callSave = TextKey("Сохранить ответы", "Save the answers")
    static let callSaved = TextKey("Ответы сохранены. Следующий звонок!", "The answers were saved. Next call!")
    static let editorShowIf = TextKey("Показывать вопрос", "Show the question")
    static let editorCESStyle = TextKey("Как спрашивать", "How to ask")
    static let editorCESSeven = TextKey(
        "шкала 1–7 («совсем не согласен» … «полностью согласен»)", "a 1–7 scale (“strongly disagree” … “strongly agree”)")
    static let editorCESVerbal = TextKey("словами: «очень трудно» … «проще некуда»", "in words: “very hard” … “couldn't be easier”")
    static let editorShowAlways = TextKey("всегда", "always")
    static let editorIf = TextKey("если ответ на", "if the answer to")
    static let bandDetractorsWord = TextKey("критики", "detractors")
    static let bandPassivesWord = TextKey("нейтральные", "passives")
    static let bandPromotersWord = TextKey("промоутеры", "promoters")
    static let bandLowWord = TextKey("низкие оценки", "low scores")
    static let bandHighWord = TextKey("высокие оценки", "high scores")
}
