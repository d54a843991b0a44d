/// Texts of contact requests, the response page, consent and the privacy notice.
extension TextKey {
    // Navigation and list
    static let navContacts = TextKey("Связаться", "Contacts")
    static let contactsTitle = TextKey("Просьбы связаться", "Contact requests")
    static let contactsLead = TextKey(
        "Клиенты, которые после низкой оценки попросили связаться с ними. Свяжитесь, отметьте «Связались», а когда вопрос решён — «Решено».",
        "Customers who asked to be contacted after a low score. Get in touch, mark it «Contacted», and «Resolved» once the matter is settled."
    )
    static let contactsEmpty = TextKey("Просьб связаться нет.", "No contact requests.")
    static let contactsAll = TextKey("Все", "All")
    static let contactsSortNewest = TextKey("Сначала новые", "Newest first")
    static let contactsSortScore = TextKey("Сначала низкие оценки", "Lowest score first")
    static let contactsOpenCount = TextKey("Ждут ответа", "Waiting for a reply")
    static let contactsOpenLink = TextKey("открыть список", "open the list")
    static let contactsBanner = TextKey("клиенты просят связаться с ними", "customers ask to be contacted")
    static let contactsFlag = TextKey("просит связаться", "asks to be contacted")
    static let contactsStatusFilter = TextKey("Статус", "Status")
    static let contactsSort = TextKey("Порядок", "Order")

    // Statuses and changes
    static let contactStatusNew = TextKey("Новая", "New")
    static let contactStatusContacted = TextKey("Связались", "Contacted")
    static let contactStatusResolved = TextKey("Решено", "Resolved")
    static let contactMarkContacted = TextKey("Отметить: связались", "Mark contacted")
    static let contactMarkResolved = TextKey("Отметить: решено", "Mark resolved")
    static let contactReopen = TextKey("Вернуть в работу", "Reopen")
    static let contactNote = TextKey("Заметка (необязательно)", "Note (optional)")
    static let contactHistory = TextKey("История", "History")
    static let contactByCustomer = TextKey("клиент оставил просьбу", "the customer asked")
    static let contactChanged = TextKey("Статус изменён.", "Status changed.")
    static let contactBadTransition = TextKey(
        "Такой переход статуса невозможен: страницу могли изменить — обновите её.",
        "That status change is not possible: someone may have changed it; reload the page.")
    static let contactErased = TextKey("Персональные данные удалены по просьбе клиента", "Personal data erased at the customer's request")
    static let contactHidden = TextKey("Контакт виден управляющим и аналитикам", "The contact is shown to managers and analysts")
    static let contactRequestTitle = TextKey("Просьба связаться", "Contact request")
    static let contactWhen = TextKey("Оставлена", "Asked")
    static let contactWrite = TextKey("Написать", "Write")
    static let contactCall = TextKey("Позвонить", "Call")

    // Response page
    static let detailTitle = TextKey("Ответ", "Response")
    static let detailAnswers = TextKey("Ответы", "Answers")
    static let detailSkipped = TextKey("пропущен", "skipped")
    static let detailComment = TextKey("Комментарий", "Comment")
    static let detailContext = TextKey("Где и с кем", "Where and with whom")
    static let detailOrder = TextKey("Заказ", "Order")
    static let detailTags = TextKey("Метки", "Tags")
    static let detailSource = TextKey("Источник", "Source")
    static let detailSubmitted = TextKey("Время", "Time")
    static let detailCustomer = TextKey("Клиент", "Customer")
    static let detailNoCustomer = TextKey("Клиент не оставил контактов.", "The customer left no contact details.")
    static let detailCustomerName = TextKey("Имя", "Name")
    static let detailCustomerContact = TextKey("Контакт", "Contact")
    static let detailConsents = TextKey("Согласия", "Consents")
    static let detailConsentContact = TextKey("на связь по поводу отзыва", "to be contacted about feedback")
    static let detailConsentMarketing = TextKey("на рекламные рассылки", "to marketing")
    static let detailYes = TextKey("да", "yes")
    static let detailNo = TextKey("нет", "no")
    static let detailHistory = TextKey("Другие ответы этого клиента", "This customer's other responses")
    static let detailNoHistory = TextKey("Других ответов нет.", "No other responses.")
    static let detailOpen = TextKey("Подробнее", "Details")
    static let detailBack = TextKey("← Все ответы", "← All responses")

    // Consent proof
    static let consentProof = TextKey("Подтверждение согласия", "Proof of consent")
    static let consentPurpose = TextKey("Цель", "Purpose")
    static let consentPurposeContact = TextKey("связаться по поводу отзыва", "contact about the feedback")
    static let consentText = TextKey("Текст, который видел клиент", "Text the customer saw")
    static let consentVersion = TextKey("Версия текста", "Text version")
    static let consentLanguage = TextKey("Язык", "Language")
    static let consentGiven = TextKey("Дано", "Given")
    static let consentWhere = TextKey("Опрос и ответ", "Survey and response")

    // Public survey: the consent the customer ticks, and the privacy notice
    static let contactConsentText = TextKey(
        "Я согласен(на) на обработку моего имени и контакта, чтобы со мной связались по поводу этого отзыва. Согласие можно отозвать в любой момент.",
        "I agree to the processing of my name and contact so that you may get in touch about this feedback. I may withdraw this consent at any time."
    )
    static let privacyLink = TextKey("Как мы обращаемся с персональными данными", "How we handle personal data")
    static let privacyTitle = TextKey("Политика обработки персональных данных", "Privacy notice")
    static let privacyOperator = TextKey("Оператор персональных данных", "Data controller")
    static let privacyWhat = TextKey("Что мы собираем", "What we collect")
    static let privacyWhatText = TextKey(
        "Ваши ответы на опрос и комментарий. Имя, телефон или e-mail — только если вы сами их оставите и отметите согласие.",
        "Your answers to the survey and your comment. Your name, phone or e-mail only if you leave them yourself and tick the consent.")
    static let privacyWhy = TextKey("Зачем", "Why")
    static let privacyWhyText = TextKey(
        "Ответы помогают улучшать обслуживание; их сводят в общие показатели без имён. Контакт нужен только для того, чтобы связаться с вами по поводу вашего отзыва: мы не используем его для рекламы и не передаём третьим лицам.",
        "Answers help us improve our service and are summed up in figures without names. Your contact is used only to get in touch about your feedback: never for advertising, and never passed on to third parties."
    )
    static let privacyBasis = TextKey("Основание и срок", "Legal basis and retention")
    static let privacyBasisText = TextKey(
        "Контакт обрабатывается на основании вашего согласия (Федеральный закон № 152-ФЗ «О персональных данных») и хранится, пока вы его не отзовёте или пока не будет решён вопрос. Мы храним текст согласия, который вы видели, его версию и время, когда вы его дали.",
        "Your contact is processed on the basis of your consent (Russian Federal Law No. 152-FZ «On Personal Data») and kept until you withdraw it or the matter is settled. We keep the consent text you saw, its version and the time you gave it."
    )
    static let privacyRights = TextKey("Ваши права", "Your rights")
    static let privacyRightsText = TextKey(
        "Вы можете узнать, какие данные о вас хранятся, получить их копию, попросить исправить или удалить их и отозвать согласие. Обратитесь к нам любым удобным способом: после удаления ваши оценки останутся только в обезличенном виде.",
        "You may ask what data we hold about you, get a copy, have it corrected or erased, and withdraw your consent. Contact us any way you like: after erasure your scores stay only in anonymous form."
    )
    static let privacyVersion = TextKey("Редакция", "Version")
}

/// The consent a customer gives on the thank-you page, and the privacy notice it refers to. The version
/// is stored with every consent: change it whenever either text changes.
enum ConsentNotice {
    static let version = "2026-12-03"
    static let contactText = TextKey.contactConsentText
}
