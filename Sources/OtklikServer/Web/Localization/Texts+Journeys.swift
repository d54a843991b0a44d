import OtklikCore

/// Texts of customer journey maps.
extension TextKey {
    static let navJourneys = TextKey("Карты пути", "Journey maps")
    static let journeysTitle = TextKey("Карты пути клиента", "Customer journey maps")
    static let journeysLead = TextKey(
        "Путь персонажа по этапам: что он делает, думает и чувствует — рядом с тем, что клиенты на самом деле сказали в точках контакта этапа.",
        "A persona's way through the stages: what they do, think and feel — beside what customers actually said at each stage's touchpoints."
    )
    static let journeysEmpty = TextKey("Карт пока нет. Начните с шаблона.", "No maps yet. Start from a template.")
    static let journeyNew = TextKey("Новая карта", "New map")
    static let journeyTemplate = TextKey("Шаблон", "Template")
    static let journeyBlank = TextKey("Пустая карта (шесть этапов)", "Blank map (six stages)")
    static let journeyCreate = TextKey("Создать карту", "Create the map")
    static let journeyMapTitle = TextKey("Название карты", "Map title")
    static let journeyPersonaName = TextKey("Персонаж", "Persona")
    static let journeyStatusDraft = TextKey("Черновик", "Draft")
    static let journeyStatusValidated = TextKey("Проверена клиентами", "Validated")
    static let journeyStages = TextKey("Этапы", "Stages")
    static let journeyBlindSpotsCount = TextKey("Слепые зоны", "Blind spots")
    static let journeyUpdated = TextKey("Изменена", "Updated")
    static let journeyPeriod = TextKey("Данные за период", "Data for the period")
    static let journeyShow = TextKey("Показать", "Show")
    static let journeyExport = TextKey("Выгрузить", "Export")
    static let journeyPrint = TextKey("Печать (A3)", "Print (A3)")
    static let journeyReadOnly = TextKey("Вы можете только смотреть эту карту.", "You can view this map but not change it.")

    // The touchpoint inventory
    static let inventoryTitle = TextKey("Точки контакта по этапам и каналам", "Touchpoints by stage and channel")
    static let inventoryLink = TextKey("Все точки контакта по этапам и каналам", "Every touchpoint by stage and channel")
    static let inventoryLead = TextKey(
        "Где компания встречает клиента: этап пути × канал, глубина (контакт, взаимодействие, вовлечение), ответственный, число ответов, NPS и эмоция, которую подсказывают оценки.",
        "Where the company meets its customers: journey stage × channel, depth (contact, interaction, engagement), owner, answers, NPS and the emotion the scores suggest."
    )
    static let inventoryHurts = TextKey("Где болит сильнее всего", "What hurts most")
    static let inventoryMatrix = TextKey("Этапы × каналы", "Stages × channels")
    static let inventoryCSV = TextKey("Полная таблица NPS по точкам контакта (CSV)", "The full table of NPS by touchpoint (CSV)")
    static let inventoryTooFew = TextKey("Мало ответов, чтобы сравнивать.", "Too few answers to compare.")

    // The map's settings and its persona
    static let mapSettings = TextKey("Карта и персонаж", "The map and its persona")
    static let mapLocations = TextKey("Подразделения карты", "The map's locations")
    static let mapLocationsHint = TextKey(
        "Менеджеры этих подразделений (и тех, что выше) могут редактировать карту. Без подразделений её редактируют владелец и аналитики.",
        "Managers of these locations (and of those above them) may edit the map. Without locations only the owner and analysts edit it."
    )
    static let mapLocationsSave = TextKey("Сохранить подразделения", "Save the locations")
    static let mapTitleSave = TextKey("Сохранить название", "Save the title")
    static let personaSegment = TextKey("Сегмент", "Segment")
    static let personaSave = TextKey("Сохранить персонажа", "Save the persona")
    static let personaPortrait = TextKey("Портрет", "Portrait")
    static let personaNeeds = TextKey("Потребности", "Needs")
    static let personaBehaviour = TextKey("Поведение", "Behaviour")
    static let personaQuote = TextKey("Цитата", "Quote")

    // Lanes
    static let laneDoing = TextKey("Действия", "Actions")
    static let laneGoals = TextKey("Цели и задачи", "Goals")
    static let laneThoughts = TextKey("Мысли", "Thoughts")
    static let laneChannels = TextKey("Каналы", "Channels")
    static let laneBarriers = TextKey("Барьеры", "Barriers")
    static let laneResearch = TextKey("Заметки исследования", "Research notes")
    static let laneEmotion = TextKey("Эмоция: сейчас / цель", "Emotion: as-is / to-be")
    static let laneTouchpoints = TextKey("Точки контакта", "Touchpoints")
    static let laneData = TextKey("Данные", "Data")
    static let laneActions = TextKey("Действия компании", "Company actions")
    static let laneAdd = TextKey("Добавить полосу", "Add a lane")

    // Cells
    static let cellAssumption = TextKey("предположение", "assumption")
    static let cellEvidence = TextKey("подтверждено данными", "evidence")
    static let cellEdit = TextKey("Изменить", "Edit")
    static let cellEmpty = TextKey("пусто", "empty")
    static let cellBasis = TextKey("Основание", "Basis")
    static let cellSave = TextKey("Сохранить", "Save")
    static let cellConflict = TextKey(
        "Пока вы редактировали, эту ячейку изменил кто-то другой. Ниже — текущий текст и ваш вариант: объедините их и сохраните снова.",
        "Someone else changed this cell while you were editing. The current text and yours are below: merge them and save again."
    )
    static let cellYours = TextKey("Ваш вариант", "Your version")

    // Comments on cells
    static let discussionTitle = TextKey("Обсуждение", "Discussion")
    static let commentsCount = TextKey("комментариев", "comments")
    static let commentsNone = TextKey("Комментариев пока нет.", "No comments yet.")
    static let commentAdd = TextKey("Добавить комментарий", "Add a comment")
    static let commentText = TextKey("Комментарий", "Comment")

    // Emotions
    static let emotionNow = TextKey("Сейчас", "As-is")
    static let emotionGoal = TextKey("Цель", "To-be")
    static let emotionMeasured = TextKey("По оценкам", "From the scores")
    static let emotionUnknown = TextKey("не задана", "not set")
    static let emotionChartTitle = TextKey("Эмоции по этапам", "Emotion by stage")
    static let emotionChartDescription = TextKey(
        "Сплошная линия — эмоция сейчас, пунктир — цель, точки — эмоция, которую подсказывают оценки клиентов; шкала от −2 до +2.",
        "Solid line: the emotion as it is; dashed: the goal; dots: the emotion customers' scores suggest; scale −2 to +2."
    )

    // Data
    static let dataAnswers = TextKey("ответов", "answers")
    static let dataNoAnswers = TextKey("нет ответов за период", "no answers in the period")
    static let dataWords = TextKey("Частые слова", "Frequent words")
    static let dataTarget = TextKey("цель NPS", "NPS target")

    // Stages
    static let stagesEdit = TextKey("Этапы и точки контакта", "Stages and touchpoints")
    static let stageName = TextKey("Название этапа", "Stage name")
    static let stageRename = TextKey("Переименовать", "Rename")
    static let stageSplit = TextKey("Разделить", "Split")
    static let stageSplitName = TextKey("Название второй части", "Name of the second part")
    static let stageUp = TextKey("Выше", "Up")
    static let stageDown = TextKey("Ниже", "Down")
    static let stageRemove = TextKey("Удалить этап", "Remove the stage")
    static let stageAdd = TextKey("Добавить этап в конец", "Add a stage at the end")
    static let stagesDragHint = TextKey(
        "Порядок этапов меняется кнопками «Выше» и «Ниже» или перетаскиванием карточки этапа.",
        "Reorder the stages with the Up and Down buttons or by dragging a stage's card."
    )
    static let stageTouchpointsSave = TextKey("Сохранить точки контакта", "Save the touchpoints")

    // Actions
    static let actionText = TextKey("Что сделать", "What to do")
    static let actionOwner = TextKey("Ответственный", "Owner")
    static let actionDue = TextKey("Срок", "Due")
    static let actionNoOwner = TextKey("нет ответственного", "no owner")
    static let actionAdd = TextKey("Добавить действие", "Add an action")
    static let actionDone = TextKey("Выполнено", "Done")
    static let actionRemove = TextKey("Удалить действие", "Remove the action")

    // Blind spots, gaps
    static let blindSpotsTitle = TextKey("Слепые зоны и план исследования", "Blind spots and the research plan")
    static let blindSpotsNone = TextKey("Слепых зон нет.", "No blind spots.")
    static let blindNoTouchpoint = TextKey(
        "Компания не присутствует на этапе: нет ни одной точки контакта.", "The company is absent: no touchpoint at this stage.")
    static let blindSilentTouchpoint = TextKey("Точка контакта без ответов за период", "A touchpoint with no answers in the period")
    static let blindBarrierWithoutAction = TextKey("Барьер записан, а действий против него нет.", "A barrier with no action against it.")
    static let blindActionWithoutOwner = TextKey("У действия нет ответственного", "An action without an owner")
    static let blindUnbackedAssumption = TextKey("Предположение не подкреплено данными", "An assumption no data backs")
    static let gapsTitle = TextKey("Разрыв между целью и реальностью", "The gap between goal and reality")
    static let gapsLead = TextKey(
        "Этапы, где желаемая эмоция выше нынешней, — сначала самые большие разрывы, с открытыми действиями.",
        "Stages where the wanted emotion is above the present one, widest gap first, with their open actions."
    )
    static let gapsNone = TextKey("Разрывов нет: цели не выше нынешних эмоций.", "No gaps: no goal is above the present emotion.")
    static let gapNoActions = TextKey("действий нет", "no actions")

    // Validation and history
    static let validationTitle = TextKey("Проверка с клиентами", "Validation with customers")
    static let validationLead = TextKey(
        "Источники советуют показать карту примерно десяти клиентам сегмента и записать, узнали ли они себя на каждом этапе.",
        "The sources advise showing the map to about ten customers of the segment and recording whether they recognised each stage."
    )
    static let validationCustomer = TextKey("Клиент (имя или инициалы)", "Customer (name or initials)")
    static let validationDay = TextKey("Дата", "Date")
    static let validationNote = TextKey("Что сказал клиент", "What the customer said")
    static let validationAgreed = TextKey("узнал себя", "recognised")
    static let validationAdd = TextKey("Записать проверку", "Record a review")
    static let validationMark = TextKey("Отметить карту как проверенную", "Mark the map validated")
    static let validationReopen = TextKey("Вернуть в черновик", "Back to draft")
    static let historyTitle = TextKey("История изменений", "History of changes")
    static let historyVersion = TextKey("версия", "version")
    static let changeCreated = TextKey("карта создана", "map created")
    static let changeReplaced = TextKey("карта заменена импортом", "map replaced by an import")
    static let changeTitle = TextKey("название", "title")
    static let changeLocations = TextKey("подразделения", "locations")
    static let changeStatus = TextKey("статус", "status")
    static let changeCell = TextKey("ячейка", "cell")
    static let changeEmotion = TextKey("эмоция", "emotion")
    static let changeTarget = TextKey("цель NPS", "NPS target")
    static let changeStageRenamed = TextKey("этап переименован", "stage renamed")
    static let changeStageAdded = TextKey("этап добавлен", "stage added")
    static let changeStageSplit = TextKey("этап разделён", "stage split")
    static let changeStageMoved = TextKey("этап перемещён", "stage moved")
    static let changeStageRemoved = TextKey("этап удалён", "stage removed")
    static let changeTouchpoints = TextKey("точки контакта", "touchpoints")
    static let changeLaneAdded = TextKey("полоса добавлена", "lane added")
    static let changeAction = TextKey("действие компании", "company action")
    static let changeValidation = TextKey("проверка с клиентом", "customer review")
}

extension Strings {
    func lane(_ lane: JourneyMap.Lane) -> String {
        switch lane.kind {
        case .doing: self[.laneDoing]
        case .goals: self[.laneGoals]
        case .thoughts: self[.laneThoughts]
        case .channels: self[.laneChannels]
        case .barriers: self[.laneBarriers]
        case .research: self[.laneResearch]
        case .custom: lane.title ?? lane.id
        }
    }

    func status(_ status: JourneyMap.Status) -> String {
        status == .draft ? self[.journeyStatusDraft] : self[.journeyStatusValidated]
    }

    func basis(_ basis: JourneyMap.Cell.Basis) -> String {
        basis == .assumption ? self[.cellAssumption] : self[.cellEvidence]
    }

    func blindSpot(_ kind: BlindSpot.Kind) -> String {
        switch kind {
        case .noTouchpoint: self[.blindNoTouchpoint]
        case .silentTouchpoint: self[.blindSilentTouchpoint]
        case .barrierWithoutAction: self[.blindBarrierWithoutAction]
        case .actionWithoutOwner: self[.blindActionWithoutOwner]
        case .unbackedAssumption: self[.blindUnbackedAssumption]
        }
    }

    /// What a saved change touched, by its kind in the history ("cell", "stage_added" …).
    func change(_ kind: String) -> String {
        let keys: [String: TextKey] = [
            "created": .changeCreated, "locations": .changeLocations, "replaced": .changeReplaced, "title": .changeTitle,
            "status": .changeStatus, "cell": .changeCell,
            "emotion": .changeEmotion, "target": .changeTarget, "stage_renamed": .changeStageRenamed, "stage_added": .changeStageAdded,
            "stage_split": .changeStageSplit, "stage_moved": .changeStageMoved, "stage_removed": .changeStageRemoved,
            "touchpoints": .changeTouchpoints, "lane_added": .changeLaneAdded, "action": .changeAction, "validation": .changeValidation,
        ]
        return keys[kind].map { self[$0] } ?? kind
    }

    /// "+2", "0", "−1"; "—" when unset.
    func emotion(_ value: Int?) -> String {
        guard let value else { return "—" }
        return value > 0 ? "+\(value)" : value < 0 ? "−\(-value)" : "0"
    }
}
