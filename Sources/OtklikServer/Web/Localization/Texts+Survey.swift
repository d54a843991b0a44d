/// Texts of the public survey pages: what the customer reads on their phone.
extension TextKey {
    static let surveyRequiredMark = TextKey("обязательный вопрос", "required")
    static let surveyOptional = TextKey("необязательно", "optional")
    static let surveyChooseSeveral = TextKey("Можно выбрать несколько вариантов.", "You may choose several.")
    static let surveyComment = TextKey("Что нам стоит улучшить или сохранить?", "What should we improve or keep?")
    static let surveySubmit = TextKey("Отправить", "Send")
    static let surveyNext = TextKey("Далее", "Next")
    static let surveyBack = TextKey("Назад", "Back")
    static let surveyStep = TextKey("Вопрос", "Question")
    static let surveyOf = TextKey("из", "of")
    static let surveyFixErrors = TextKey("Проверьте ответы, отмеченные ниже.", "Please check the answers marked below.")
    static let surveyAnswerRequired = TextKey("Ответьте, пожалуйста, на этот вопрос.", "Please answer this question.")
    static let surveyPreview = TextKey("Предпросмотр: ответы не сохраняются.", "Preview: answers are not saved.")
    static let surveyHoneypot = TextKey("Оставьте это поле пустым", "Leave this field empty")
    static let npsLow = TextKey("Точно нет", "Not at all likely")
    static let npsHigh = TextKey("Обязательно", "Extremely likely")
    static let cesLow = TextKey("Очень трудно", "Very difficult")
    static let cesHigh = TextKey("Очень легко", "Very easy")
    static let csatLow = TextKey("Очень плохо", "Very poor")
    static let csatHigh = TextKey("Отлично", "Excellent")
    static let csat3Poor = TextKey("Плохо", "Poor")
    static let csat3Fair = TextKey("Удовлетворительно", "Satisfactory")
    static let csat3Excellent = TextKey("Отлично", "Excellent")
    static let ladderDisappointed = TextKey("Разочарован: ожидал большего", "Disappointed: I expected more")
    static let ladderAsExpected = TextKey("Как и ожидал", "As I expected")
    static let ladderWow = TextKey("Ах! Лучше, чем ожидал", "Wow! Better than I expected")
    static let starsLabel = TextKey("звёзд", "stars")
    static let thanksTitle = TextKey("Спасибо!", "Thank you!")
    static let thanksText = TextKey("Ваш ответ получен. Мы читаем каждый отзыв.", "Your answer has arrived. We read every one.")
    static let contactTitle = TextKey("Можно с вами связаться?", "May we contact you?")
    static let contactText = TextKey(
        "Нам жаль, что впечатление не лучшее. Если оставите контакт, управляющий свяжется с вами и постарается всё исправить.",
        "We are sorry it was not better. Leave a contact and the manager will get in touch to put things right.")
    static let contactName = TextKey("Как к вам обращаться", "Your name")
    static let contactField = TextKey("Телефон или e-mail", "Phone or e-mail")
    static let contactConsent = TextKey(
        "Я согласен(на), чтобы со мной связались по поводу этого отзыва.",
        "I agree to be contacted about this feedback.")
    static let contactSubmit = TextKey("Свяжитесь со мной", "Please contact me")
    static let contactThanks = TextKey("Спасибо, мы свяжемся с вами в ближайшее время.", "Thank you, we will be in touch soon.")
    static let contactNeedConsent = TextKey("Отметьте согласие, чтобы мы могли связаться.", "Tick the consent so that we may contact you.")
    static let contactNeedValue = TextKey("Укажите телефон или e-mail.", "Give a phone number or an e-mail address.")
    static let closedTitle = TextKey("Опрос завершён", "This survey has closed")
    static let closedText = TextKey(
        "Спасибо, что хотели ответить! Этот опрос больше не принимает ответы.",
        "Thank you for wanting to answer! This survey no longer accepts responses.")
    static let formExpiredText = TextKey("Форма устарела. Откройте ссылку ещё раз.", "The form has expired. Please open the link again.")
}

/// The maturity self-diagnosis' result page.
extension TextKey {
    static let maturityResult = TextKey("Ваш уровень клиентоориентированности", "Your customer-orientation level")
    static let maturityNext = TextKey("Следующий шаг", "The next step")
    static let maturityCounts = TextKey("Ваши ответы по уровням", "Your answers by level")
    static let maturitySpontaneous = TextKey("Стихийный", "Spontaneous")
    static let maturityRegulated = TextKey("Регламентированный", "Regulated")
    static let maturityCultural = TextKey("Культурный", "Cultural")
    static let maturitySpontaneousText = TextKey(
        "Качество сервиса зависит от настроения и характера сотрудника: один клиент уходит довольным, другой — с обидой, и компания не знает почему.",
        "Service depends on the mood and character of whoever is on shift: one customer leaves happy, another offended, and the company does not know why."
    )
    static let maturitySpontaneousNext = TextKey(
        "Запишите стандарты: как приветствовать, как отвечать на жалобу, в какой срок перезвонить. Обучите им и начните регулярно измерять NPS и CSAT в ключевых точках контакта.",
        "Write the standards down: how to greet, how to answer a complaint, how soon to call back. Train everyone on them and start measuring NPS and CSAT at the key touchpoints."
    )
    static let maturityRegulatedText = TextKey(
        "Стандарты написаны и соблюдаются: сервис стал предсказуемым. Но сотрудники выполняют правила, а не заботятся о клиенте, и в нестандартной ситуации теряются.",
        "Standards are written and followed: service is predictable. But staff follow rules rather than care for the customer, and are lost when a case is unusual."
    )
    static let maturityRegulatedNext = TextKey(
        "Сделайте стандарты ценностями: привлекайте сотрудников к их пересмотру, разбирайте отзывы клиентов вместе, поощряйте решения в пользу клиента.",
        "Turn the standards into values: involve staff in revising them, read customer feedback together, reward decisions made in the customer's favour."
    )
    static let maturityCulturalText = TextKey(
        "Клиентоориентированность стала культурой: сотрудники верят в неё и сами ищут, что улучшить. Баланс между ожиданиями клиента и тем, что он позволяет компании, соблюдён.",
        "Customer orientation is the culture: staff believe in it and look for improvements themselves. What customers expect and what they permit the company are in balance."
    )
    static let maturityCulturalNext = TextKey(
        "Берегите достигнутое: измеряйте опыт по всему пути клиента, чтобы вовремя заметить спад, и персонализируйте сервис с уважением к данным клиентов.",
        "Keep it: measure experience along the whole journey to catch a decline early, and personalise with respect for customers' data.")
    static let cesVerbalVeryHard = TextKey("Очень трудно", "Very hard")
    static let cesVerbalRatherHard = TextKey("Не очень просто", "Not that easy")
    static let cesVerbalQuiteEasy = TextKey("Совсем несложно", "Quite easy")
    static let cesVerbalEasiest = TextKey("Проще некуда", "Couldn't be easier")
}
