/// Texts of the page shell, accounts and error pages.
extension TextKey {
    static let productName = TextKey("Отклик", "Otklik")
    static let language = TextKey("Язык", "Language")
    static let navigation = TextKey("Разделы", "Sections")
    static let navDashboard = TextKey("Сводка", "Dashboard")
    static let navResponses = TextKey("Ответы", "Responses")
    static let navSurveys = TextKey("Опросы", "Surveys")
    static let navSettings = TextKey("Настройки", "Settings")
    static let navAccount = TextKey("Профиль", "Account")
    static let signIn = TextKey("Войти", "Sign in")
    static let signOut = TextKey("Выйти", "Sign out")
    static let save = TextKey("Сохранить", "Save")
    static let cancel = TextKey("Отмена", "Cancel")
    static let delete = TextKey("Удалить", "Delete")
    static let edit = TextKey("Изменить", "Edit")
    static let add = TextKey("Добавить", "Add")
    static let none = TextKey("—", "—")
    static let all = TextKey("Все", "All")
    static let saved = TextKey("Сохранено.", "Saved.")

    // Setup and sign-in
    static let setupTitle = TextKey("Добро пожаловать в «Отклик»", "Welcome to Otklik")
    static let setupLead = TextKey(
        "Создайте учётную запись владельца. Её можно будет дополнить сотрудниками и ролями в настройках.",
        "Create the owner's account. You can add colleagues and roles in the settings later.")
    static let setupOrganisation = TextKey("Название компании", "Company name")
    static let setupSubmit = TextKey("Создать и войти", "Create and sign in")
    static let loginTitle = TextKey("Вход", "Sign in")
    static let loginWrong = TextKey("Неверный e-mail или пароль.", "Wrong e-mail or password.")
    static let loginLocked = TextKey(
        "Слишком много неудачных попыток. Вход заблокирован ещё на",
        "Too many failed attempts. Sign-in is locked for another")
    static let fieldName = TextKey("Имя", "Name")
    static let fieldYourName = TextKey("Ваше имя", "Your name")
    static let fieldEmail = TextKey("E-mail", "E-mail")
    static let fieldPassword = TextKey("Пароль", "Password")
    static let fieldPasswordAgain = TextKey("Пароль ещё раз", "Password again")
    static let fieldCurrentPassword = TextKey("Текущий пароль", "Current password")
    static let fieldNewPassword = TextKey("Новый пароль", "New password")
    static let fieldRole = TextKey("Роль", "Role")
    static let fieldLanguage = TextKey("Язык интерфейса", "Interface language")
    static let passwordHint = TextKey("Не короче 8 символов.", "At least 8 characters.")
    static let accountTitle = TextKey("Профиль", "Account")
    static let changePassword = TextKey("Сменить пароль", "Change password")
    static let passwordChanged = TextKey("Пароль изменён. Другие сеансы завершены.", "Password changed. Other sessions were signed out.")
    static let roleOwner = TextKey("Владелец", "Owner")
    static let roleAnalyst = TextKey("Аналитик", "Analyst")
    static let roleManager = TextKey("Управляющий", "Manager")
    static let roleStaff = TextKey("Сотрудник", "Staff")

    // Error pages
    static let errorBack = TextKey("На главную", "Back to the start")
    static let errorNotFoundTitle = TextKey("Страница не найдена", "Page not found")
    static let errorNotFoundText = TextKey(
        "Такой страницы нет. Возможно, ссылка устарела.", "There is no such page. The link may be out of date.")
    static let errorForbiddenTitle = TextKey("Нет доступа", "Not allowed")
    static let errorForbiddenText = TextKey("Вашей роли эта страница недоступна.", "Your role cannot open this page.")
    static let errorCSRFTitle = TextKey("Форма устарела", "The form has expired")
    static let errorCSRFText = TextKey(
        "Мы не смогли проверить, что форму отправили вы. Откройте страницу заново и повторите.",
        "We could not verify that you sent this form. Open the page again and retry.")
    static let errorRateTitle = TextKey("Слишком много запросов", "Too many requests")
    static let errorRateText = TextKey("Подождите минуту и попробуйте снова.", "Please wait a minute and try again.")
    static let errorTooLargeTitle = TextKey("Слишком большой запрос", "The request is too large")
    static let errorTooLargeText = TextKey(
        "Отправленные данные больше, чем принимает сервер. Сократите текст или файл и попробуйте снова.",
        "What you sent is larger than the server accepts. Shorten the text or the file and try again.")
    static let errorBadRequestTitle = TextKey("Некорректный запрос", "Bad request")
    static let errorBadHostText = TextKey(
        "Адрес сервера в запросе (заголовок Host) недопустим. Администратор может указать адрес в OTKLIK_PUBLIC_URL.",
        "The server address in the request (the Host header) is not valid. An administrator can set it in OTKLIK_PUBLIC_URL.")
    static let errorLinkTooLongText = TextKey(
        "Ссылка слишком длинная для QR-кода: сократите её параметры.",
        "The link is too long for a QR code: shorten its parameters.")
    static let errorMethodTitle = TextKey("Такой запрос не поддерживается", "Method not allowed")
    static let errorMethodText = TextKey(
        "По этому адресу нельзя выполнить такой запрос.", "This address does not accept this kind of request.")
    static let errorStorageFullTitle = TextKey("Сервер временно не принимает данные", "The server cannot store anything right now")
    static let errorStorageFullText = TextKey(
        "Закончилось место на диске сервера, поэтому ничего не сохранено. Попробуйте отправить ещё раз через несколько минут.",
        "The server's disk is full, so nothing was saved. Please send it again in a few minutes.")
    static let errorInternalTitle = TextKey("Что-то пошло не так", "Something went wrong")
    static let errorInternalText = TextKey(
        "Мы уже записали ошибку. Попробуйте ещё раз чуть позже.",
        "The error was logged. Please try again a little later.")

    // Field problems by code
    static let problemRequired = TextKey("Заполните это поле.", "Please fill this in.")
    static let problemInvalidEmail = TextKey("Это не похоже на адрес e-mail.", "This does not look like an e-mail address.")
    static let problemTooShort = TextKey("Пароль должен быть не короче 8 символов.", "The password must be at least 8 characters.")
    static let problemTooLong = TextKey("Слишком длинно.", "Too long.")
    static let problemControlCharacter = TextKey("Без управляющих символов, пожалуйста.", "Control characters are not allowed.")
    static let problemMismatch = TextKey("Пароли не совпадают.", "The passwords differ.")
    static let problemTaken = TextKey("Учётная запись с таким e-mail уже есть.", "An account with this e-mail exists.")
    static let problemWrongPassword = TextKey("Неверный пароль.", "Wrong password.")
    static let problemOutOfRange = TextKey("Значение вне допустимого диапазона.", "The value is out of range.")
    static let problemWrongLocation = TextKey("Этот сотрудник работает в другом филиале.", "This employee works at another branch.")

    static let problems: [String: TextKey] = [
        "required": .problemRequired, "invalid_email": .problemInvalidEmail, "too_short": .problemTooShort,
        "too_long": .problemTooLong, "control_character": .problemControlCharacter, "mismatch": .problemMismatch, "taken": .problemTaken,
        "wrong_password": .problemWrongPassword, "out_of_range": .problemOutOfRange,
        "invalid_time_zone": .problemInvalidTimeZone, "consent_required": .contactNeedConsent, "contact_required": .contactNeedValue,
        "wrong_location": .problemWrongLocation, "cycle": .problemCycle, "unknown_reference": .problemUnknownReference,
    ]
}
