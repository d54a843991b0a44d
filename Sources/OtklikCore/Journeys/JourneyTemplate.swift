/// Ready maps to start from, with the sources' Russian content: a persona and the six stages filled with
/// what such a customer typically does, wants, thinks and meets on the way (all marked as assumptions —
/// the team's data replaces them).
public struct JourneyTemplate: Sendable, Identifiable {
    public var id: String
    public var title: String
    public var persona: Persona
    /// Per stage of `JourneyStage.allCases`: doing, goals, thoughts, barriers, emotion, desired emotion.
    var stages: [StageText]

    struct StageText: Sendable {
        var doing: String
        var goals: String
        var thoughts: String
        var barriers: String
        var emotion: Int
        var desired: Int
    }

    /// A map of this template for `personaId`, its stages linked to the touchpoints of each stage.
    public func map(id: JourneyMap.ID, personaId: Persona.ID, touchpoints: [Touchpoint]) -> JourneyMap {
        var stages = JourneyMap.standardStages(touchpoints: touchpoints)
        for (i, text) in self.stages.enumerated() where i < stages.count {
            stages[i].cells = [
                "doing": JourneyMap.Cell(text.doing), "goals": JourneyMap.Cell(text.goals),
                "thoughts": JourneyMap.Cell(text.thoughts), "barriers": JourneyMap.Cell(text.barriers),
            ]
            (stages[i].emotion, stages[i].desiredEmotion) = (text.emotion, text.desired)
        }
        return JourneyMap(id: id, title: title, personaId: personaId, stages: stages)
    }

    public static let all: [JourneyTemplate] = [repairCentre, restaurant, onlineShop, bankBranch]

    public static let repairCentre = JourneyTemplate(
        id: "repair-centre", title: "Ремонт ноутбука: частный клиент",
        persona: Persona(
            id: Identifier(0), name: "Анна, 34 года, бухгалтер",
            portrait: "Работает из дома на своём ноутбуке; ноутбук перестал включаться накануне сдачи отчёта.",
            needs: "Быстро и предсказуемо вернуть рабочий ноутбук и не потерять файлы.",
            behaviour: "Ищет сервис в картах и по отзывам, звонит в два-три места, выбирает по срокам и честной цене.",
            quote: "Мне не нужен самый дешёвый ремонт — мне нужно знать, когда я получу ноутбук обратно."),
        stages: [
            StageText(
                doing: "Ноутбук не включается; пробует зарядить, перезагрузить, спрашивает знакомых.",
                goals: "Понять, можно ли починить самой и насколько всё серьёзно.",
                thoughts: "«Только не сейчас, у меня отчёт в пятницу».", barriers: "Нет понимания, что сломалось и сколько это стоит.",
                emotion: -2, desired: -1),
            StageText(
                doing: "Ищет сервисные центры на картах, читает отзывы, смотрит цены на сайтах.",
                goals: "Найти надёжный сервис рядом с понятными ценами.",
                thoughts: "«Везде пишут „от 500 ₽“ — а сколько будет на самом деле?»",
                barriers: "Цены «от», нет сроков на сайте, отзывы противоречат друг другу.", emotion: -1, desired: 0),
            StageText(
                doing: "Звонит в два-три сервиса, сравнивает сроки и стоимость диагностики.",
                goals: "Выбрать сервис, которому можно доверить ноутбук с рабочими файлами.",
                thoughts: "«Здесь мне всё объяснили по телефону — поеду к ним».",
                barriers: "Долго не берут трубку; не называют даже примерных сроков.",
                emotion: 0, desired: 1),
            StageText(
                doing: "Сдаёт ноутбук на приёмке, подписывает квитанцию, согласует ремонт после диагностики.",
                goals: "Оставить ноутбук быстро, получить документ и точный срок.", thoughts: "«А мои файлы точно никто не удалит?»",
                barriers: "Очередь на приёмке; мастер не говорит о сохранности данных.", emotion: 0, desired: 1),
            StageText(
                doing: "Ждёт звонка, забирает ноутбук, проверяет работу дома.",
                goals: "Получить ноутбук в срок и в рабочем состоянии.", thoughts: "«Обещали позвонить — и позвонили, приятно».",
                barriers: "Срок сдвинули без звонка; непонятно, что именно заменили.", emotion: 1, desired: 2),
            StageText(
                doing: "Рассказывает коллегам, оставляет отзыв, если попросят.", goals: "Поделиться хорошим сервисом.",
                thoughts: "«Посоветую им — сделали быстро и всё объяснили».", barriers: "Никто не просит оставить отзыв.",
                emotion: 1, desired: 2),
        ])

    public static let restaurant = JourneyTemplate(
        id: "restaurant", title: "Ужин в ресторане: гость с семьёй",
        persona: Persona(
            id: Identifier(0), name: "Игорь, 41 год, семья с двумя детьми",
            portrait: "Выбирает, где поужинать всей семьёй в выходные.", needs: "Вкусно, без долгого ожидания, удобно с детьми.",
            behaviour: "Смотрит меню и отзывы в картах, бронирует по телефону или на сайте.",
            quote: "Если приходится ждать заказ сорок минут, дети уже не радуются ничему."),
        stages: [
            StageText(
                doing: "Решает, что в субботу семья ужинает не дома.", goals: "Провести вечер вместе без готовки.",
                thoughts: "«Хочется куда-нибудь, где детям тоже будет хорошо».", barriers: "Непонятно, куда можно с детьми.",
                emotion: 0, desired: 1),
            StageText(
                doing: "Ищет рестораны рядом, смотрит меню, фото и отзывы.", goals: "Найти место с детским меню и свободными столами.",
                thoughts: "«В меню на сайте нет цен — странно».", barriers: "Меню на сайте устарело, нет информации о детской комнате.",
                emotion: 0, desired: 1),
            StageText(
                doing: "Сравнивает два-три места, звонит уточнить про столик.", goals: "Выбрать место, где точно найдётся стол.",
                thoughts: "«Здесь быстро ответили и предложили стол у окна».", barriers: "Не дозвониться, онлайн-бронь не подтверждают.",
                emotion: 0, desired: 1),
            StageText(
                doing: "Приходит, ждёт официанта, заказывает, расплачивается.", goals: "Быстро сделать заказ и поесть горячее.",
                thoughts: "«Почему так долго несут детское блюдо?»", barriers: "Долгое ожидание заказа и счёта.",
                emotion: -1, desired: 1),
            StageText(
                doing: "Ужинает, просит упаковать с собой.", goals: "Чтобы всем понравилось.",
                thoughts: "«Суп был холодный, но официант сразу заменил».", barriers: "Блюда выходят в разное время.",
                emotion: 0, desired: 2),
            StageText(
                doing: "Ставит оценку в картах, советует друзьям.", goals: "Поделиться впечатлением.",
                thoughts: "«Вернёмся, если будут так же внимательны».", barriers: "Никто не спросил, понравилось ли.",
                emotion: 0, desired: 2),
        ])

    public static let onlineShop = JourneyTemplate(
        id: "online-shop", title: "Покупка в интернет-магазине: первый заказ",
        persona: Persona(
            id: Identifier(0), name: "Мария, 27 лет, покупает со смартфона",
            portrait: "Заказывает одежду и товары для дома с телефона по дороге на работу.",
            needs: "Понятная доставка, простой возврат, честные фото товара.",
            behaviour: "Сравнивает цены на маркетплейсах, читает отзывы с фото, бросает корзину при неясной доставке.",
            quote: "Если я не понимаю, когда привезут и как вернуть, я просто закрываю вкладку."),
        stages: [
            StageText(
                doing: "Замечает, что нужна новая куртка к зиме.", goals: "Купить до холодов.",
                thoughts: "«Надо успеть до морозов».", barriers: "Мало времени на поиски.", emotion: 0, desired: 0),
            StageText(
                doing: "Ищет в поисковике и на маркетплейсах, смотрит рекламу в соцсетях.",
                goals: "Найти подходящую модель по цене и размеру.", thoughts: "«А размерная сетка у них своя или стандартная?»",
                barriers: "Нет таблицы размеров, мало фото.", emotion: 0, desired: 1),
            StageText(
                doing: "Сравнивает цены и условия доставки, читает отзывы.", goals: "Выбрать магазин с понятным возвратом.",
                thoughts: "«Возврат бесплатный — беру здесь».", barriers: "Условия возврата спрятаны в мелком шрифте.",
                emotion: 0, desired: 1),
            StageText(
                doing: "Оформляет заказ и платит с телефона.", goals: "Оформить за пару минут.",
                thoughts: "«Зачем регистрироваться ради одного заказа?»", barriers: "Обязательная регистрация, форма неудобна на телефоне.",
                emotion: -1, desired: 1),
            StageText(
                doing: "Ждёт доставку, примеряет, при необходимости возвращает.", goals: "Получить заказ вовремя и подходящий.",
                thoughts: "«Курьер позвонил за час — удобно».", barriers: "Нет отслеживания, возврат только в пункте выдачи.",
                emotion: 0, desired: 2),
            StageText(
                doing: "Оставляет отзыв с фото, рассказывает подругам.", goals: "Помочь другим с выбором размера.",
                thoughts: "«Куртка отличная, посоветую».", barriers: "Письмо с просьбой об отзыве пришло через месяц.",
                emotion: 1, desired: 2),
        ])

    public static let bankBranch = JourneyTemplate(
        id: "bank-branch", title: "Кредит в отделении банка: малый бизнес",
        persona: Persona(
            id: Identifier(0), name: "Сергей, 45 лет, владелец мастерской",
            portrait: "Нужен кредит на новое оборудование; в банке бывает редко.",
            needs: "Понятные условия, быстрое решение, один ответственный менеджер.",
            behaviour: "Сравнивает предложения на сайтах банков, идёт в отделение поговорить лично.",
            quote: "Я хочу один раз принести документы и получить ответ, а не ходить пять раз."),
        stages: [
            StageText(
                doing: "Понимает, что без нового станка не выполнить крупный заказ.", goals: "Найти деньги на оборудование.",
                thoughts: "«Своих денег не хватит — нужен кредит».", barriers: "Непонятно, дадут ли кредит молодой компании.",
                emotion: -1, desired: 0),
            StageText(
                doing: "Смотрит условия на сайтах банков, пользуется калькуляторами.", goals: "Сравнить ставки и требования.",
                thoughts: "«Везде разные списки документов».", barriers: "Ставка на сайте «от», реальная неизвестна.",
                emotion: 0, desired: 1),
            StageText(
                doing: "Звонит на горячую линию, записывается в отделение.", goals: "Выбрать банк с понятными условиями.",
                thoughts: "«Мне перезвонили и всё объяснили — пойду к ним».", barriers: "Долгое ожидание на линии.",
                emotion: 0, desired: 1),
            StageText(
                doing: "Приносит документы, подписывает заявку в отделении.", goals: "Подать заявку за один визит.",
                thoughts: "«Опять не хватает одной справки».", barriers: "Список документов меняется, очередь в отделении.",
                emotion: -1, desired: 1),
            StageText(
                doing: "Получает решение, пользуется кредитом и онлайн-банком.", goals: "Получить деньги вовремя и платить без хлопот.",
                thoughts: "«Менеджер сам позвонил и предупредил о сроках».", barriers: "Решение задерживают без объяснений.",
                emotion: 0, desired: 2),
            StageText(
                doing: "Советует банк знакомым предпринимателям.", goals: "Помочь партнёрам с финансированием.",
                thoughts: "«Если менеджер останется тот же — посоветую».", barriers: "Менеджер сменился, контакт потерян.",
                emotion: 0, desired: 1),
        ])
}
