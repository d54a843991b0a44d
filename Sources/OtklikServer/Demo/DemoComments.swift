/// The demo's comment catalogue: what customers of a repair-centre chain write, by mood and topic, in
/// Russian (and some English). A comment is built from parts — an opening, the core sentence of its topic,
/// sometimes a word about the branch or the master, a closing — so that a few months of answers read like
/// thousands of different people. Slots: {device} {device_acc} {device_gen} (a device in the case the
/// sentence needs), {g:новый/новая/новое/новые} (a word agreeing with the device's gender), {days}
/// {hours} {minutes} (a number with its noun, by the plural rules), {sum}, {master}, {branch}.
enum DemoComments {
    enum Mood: Int { case negative, neutral, positive }

    enum Topic: CaseIterable {
        case speed, price, quality, politeness, diagnostics, warranty, queue, parts, phone, status, pickup, site, general
    }

    /// A device as a Russian sentence needs it: three cases and the gender that words agree with.
    struct Device {
        enum Gender: Int { case masculine, feminine, neuter, plural }
        var nominative: String
        var accusative: String
        var genitive: String
        var gender: Gender
    }

    static let devices: [Device] = [
        Device(nominative: "ноутбук", accusative: "ноутбук", genitive: "ноутбука", gender: .masculine),
        Device(nominative: "смартфон", accusative: "смартфон", genitive: "смартфона", gender: .masculine),
        Device(nominative: "iPhone", accusative: "iPhone", genitive: "iPhone", gender: .masculine),
        Device(nominative: "MacBook", accusative: "MacBook", genitive: "MacBook", gender: .masculine),
        Device(nominative: "планшет", accusative: "планшет", genitive: "планшета", gender: .masculine),
        Device(nominative: "видеокарта", accusative: "видеокарту", genitive: "видеокарты", gender: .feminine),
        Device(nominative: "игровой ПК", accusative: "игровой ПК", genitive: "игрового ПК", gender: .masculine),
        Device(nominative: "монитор", accusative: "монитор", genitive: "монитора", gender: .masculine),
        Device(nominative: "телефон", accusative: "телефон", genitive: "телефона", gender: .masculine),
        Device(nominative: "ноутбук Lenovo", accusative: "ноутбук Lenovo", genitive: "ноутбука Lenovo", gender: .masculine),
        Device(nominative: "Samsung Galaxy", accusative: "Samsung Galaxy", genitive: "Samsung Galaxy", gender: .masculine),
        Device(nominative: "принтер", accusative: "принтер", genitive: "принтера", gender: .masculine),
        Device(nominative: "iPad", accusative: "iPad", genitive: "iPad", gender: .masculine),
        Device(nominative: "системный блок", accusative: "системный блок", genitive: "системного блока", gender: .masculine),
        Device(nominative: "игровая приставка", accusative: "игровую приставку", genitive: "игровой приставки", gender: .feminine),
        Device(
            nominative: "беспроводные наушники", accusative: "беспроводные наушники", genitive: "беспроводных наушников", gender: .plural),
        Device(nominative: "электронная книга", accusative: "электронную книгу", genitive: "электронной книги", gender: .feminine),
        Device(nominative: "моноблок", accusative: "моноблок", genitive: "моноблока", gender: .masculine),
    ]
    static let devicesEnglish = [
        "laptop", "phone", "iPhone", "MacBook", "tablet", "graphics card", "gaming PC", "monitor",
        "printer", "headphones", "game console",
    ]

    /// First sentences and last sentences by mood; "" leaves the part out.
    static let openings: [[String]] = [
        [
            "", "", "", "Честно говоря, разочарован.", "Неприятный опыт.", "Пишу, чтобы вы знали.", "Обращался впервые.",
            "Раньше всё было лучше.", "Оставлю отзыв по делу.",
        ],
        ["", "", "", "В целом нормально.", "Обращался уже не первый раз.", "Коротко.", "Впечатления смешанные."],
        ["", "", "", "Всё отлично!", "Спасибо!", "Приятно удивлён.", "Очень доволен.", "Хочу поблагодарить."],
    ]
    static let closings: [[String]] = [
        [
            "", "", "Надеюсь, разберётесь.", "Больше не приду.", "Очень неприятно.", "Жду обратной связи.",
            "Исправьте это, пожалуйста.", "Друзьям пока советовать не буду.", "Верните, пожалуйста, деньги за диагностику.",
        ],
        ["", "", "Но есть куда расти.", "Посмотрим, как дальше.", "Ожидал чуть большего.", "В остальном без претензий."],
        [
            "", "", "Буду рекомендовать.", "Спасибо команде!", "Обращусь ещё.", "Так держать!", "Пять звёзд.",
            "Теперь только к вам.",
        ],
    ]
    static let englishOpenings: [[String]] = [
        ["", "", "Not happy.", "First time here.", "Sorry, but this was bad."],
        ["", "", "It was okay.", "Mixed feelings."],
        ["", "", "Great experience!", "Thank you!", "Really impressed."],
    ]
    static let englishClosings: [[String]] = [
        ["", "", "Please fix this.", "Won't come back.", "Expecting a reply."],
        ["", "", "Room to improve.", "Otherwise fine."],
        ["", "", "Will recommend.", "Thanks to the team!", "Five stars."],
    ]

    /// Where it happened, said in passing (the branch in the prepositional case).
    static let branchPhrases: [Int64: String] = [
        4: "на Тверской", 5: "на Бауманской", 6: "на Профсоюзной", 7: "в Казани на Баумана",
    ]
    static let details: [[String]] = [
        ["Это было {branch}.", "Филиал {branch}, если что.", "Было это {branch}, в выходной."],
        ["Был {branch}.", "Обращался {branch}."],
        ["Мастер {master} — молодец.", "Отдельное спасибо мастеру по имени {master}.", "Был {branch}, всем советую этот филиал."],
    ]

    static func russian(_ mood: Mood, _ topic: Topic) -> [String] {
        switch (mood, topic) {
        case (.negative, .speed):
            return [
                "Обещали сделать {device_acc} за {days}, в итоге ждал почти две недели.",
                "Сроки сорвали дважды, никто не предупредил заранее.",
                "Ремонт затянулся, пришлось самому звонить и узнавать, что происходит.",
                "Сказали «завтра будет готово», и так пять дней подряд.",
                "Очень долго. {device} {g:нужен был/нужна была/нужно было/нужны были} для работы, а ремонт занял {days}.",
            ]
        case (.negative, .price):
            return [
                "В итоге заплатил {sum} вместо обещанной на диагностике суммы, без объяснений.",
                "Цена выросла уже после согласования сметы — неприятно.",
                "Дорого для такой простой работы, в соседнем сервисе в два раза дешевле.",
                "Навязали дополнительные работы, о которых я не просил.",
            ]
        case (.negative, .quality):
            return [
                "Через неделю {device} снова {g:сломался/сломалась/сломалось/сломались} с той же проблемой.",
                "После ремонта появились царапины на корпусе, которых не было.",
                "Проблему не устранили, только поменяли деталь и взяли деньги.",
                "Забрал {device_acc}, а {g:он/она/оно/они} {g:греется/греется/греется/греются} ещё сильнее, чем до ремонта.",
                "Качество ремонта разочаровало: отклеивается экран.",
            ]
        case (.negative, .politeness):
            return [
                "Приёмщик разговаривал свысока и перебивал.",
                "Грубо ответили на простой вопрос, будто я мешаю работать.",
                "Сотрудник на ресепшене обращался на «ты», это неприемлемо.",
                "Никакого «здравствуйте», сразу «что вы хотите?».",
                "Мне сказали «вы должны были сами прочитать условия» — спасибо, очень клиентоориентированно.",
            ]
        case (.negative, .diagnostics):
            return [
                "Диагностика заняла {days}, хотя обещали за час.",
                "На диагностике не нашли неисправность, пришлось приносить {device_acc} повторно.",
                "Результаты диагностики так и не объяснили понятным языком.",
            ]
        case (.negative, .warranty):
            return [
                "По гарантии отказали, сославшись на «механическое повреждение», которого нет.",
                "Гарантийный ремонт растянулся на месяц.",
                "Чтобы воспользоваться гарантией, пришлось трижды приезжать.",
            ]
        case (.negative, .queue):
            return [
                "Простоял в очереди {minutes}, работало одно окно из трёх.",
                "Очередь огромная, записи по времени как будто нет.",
                "Пришёл по записи и всё равно ждал {minutes}.",
            ]
        case (.negative, .parts):
            return [
                "Запчасть ждали {days}, хотя говорили, что есть на складе.",
                "Поставили неоригинальную деталь, не предупредив.",
                "Нужной запчасти не оказалось, {device_acc} вернули {g:разобранным/разобранной/разобранным/разобранными}.",
            ]
        case (.negative, .phone):
            return [
                "Дозвониться невозможно, висел на линии {minutes}.",
                "Оператор сказал «я не знаю» и положил трубку.",
                "Переключали между сотрудниками, в итоге никто не ответил на вопрос.",
                "В колл-центре заученный текст и ноль помощи.",
                "Обещали перезвонить и не перезвонили.",
            ]
        case (.negative, .status):
            return [
                "SMS о готовности пришла, а устройство ещё не было готово.",
                "Никаких уведомлений о статусе ремонта, всё узнавал сам.",
                "Статус на сайте не обновлялся неделю.",
            ]
        case (.negative, .pickup):
            return [
                "Пришёл забирать {device_acc} по SMS, а {g:его/её/его/их} не могли найти {minutes}.",
                "На выдаче опять очередь, ждал больше получаса.",
                "При выдаче не проверили устройство вместе со мной, дома обнаружил проблему.",
                "Выдача — самое слабое место: долго, хаотично, никто не знает, где мой заказ.",
                "Уже второй раз задерживают выдачу, потому что «мастер ушёл на обед».",
            ]
        case (.negative, .site):
            return [
                "На сайте цены одни, на месте — другие.",
                "Онлайн-запись не работает, форма выдаёт ошибку.",
                "Оплата картой на сайте не прошла с третьей попытки.",
            ]
        case (.negative, .general):
            return [
                "Больше не приду и друзьям не посоветую.",
                "Ожидал гораздо большего от сервиса с такими отзывами.",
                "Разочарован. Никто не взял на себя ответственность.",
            ]
        case (.neutral, .speed):
            return [
                "Сделали в срок, но могли бы и побыстрее.",
                "Ремонт занял {days}, как и обещали.",
                "В целом по срокам нормально.",
            ]
        case (.neutral, .price):
            return [
                "Цена средняя по рынку.",
                "Заплатил {sum}, ожидал примерно столько.",
                "Дороговато, но хотя бы без сюрпризов.",
            ]
        case (.neutral, .quality):
            return [
                "{device} {g:работает/работает/работает/работают}, посмотрим, сколько {g:продержится/продержится/продержится/продержатся}.",
                "Ремонт сделали, претензий пока нет.",
                "Нормально, но корпус собрали не идеально.",
            ]
        case (.neutral, .politeness):
            return [
                "Персонал вежливый, но без особого участия.",
                "Обслужили корректно, ничего особенного.",
            ]
        case (.neutral, .diagnostics):
            return [
                "Диагностику сделали, объяснили в общих чертах.",
                "Диагностика бесплатная, это плюс, но ждать пришлось.",
            ]
        case (.neutral, .warranty):
            return [
                "Гарантию дали на три месяца, хотелось бы больше.",
                "Гарантийный случай приняли, но оформление долгое.",
            ]
        case (.neutral, .queue):
            return [
                "Подождал {minutes}, терпимо.",
                "Очередь была небольшая.",
            ]
        case (.neutral, .parts):
            return [
                "Запчасть заказали, ждали {days} — предупредили заранее.",
                "Деталь поставили, пока всё работает.",
            ]
        case (.neutral, .phone):
            return [
                "Дозвонился со второго раза, на вопрос ответили.",
                "Оператор всё записал, перезвонили на следующий день.",
                "Нормально, но ожидание на линии можно сократить.",
            ]
        case (.neutral, .status):
            return [
                "SMS о статусе приходят, хотя и с опозданием.",
                "Статус ремонта можно узнать, но не сразу понятно где.",
            ]
        case (.neutral, .pickup):
            return [
                "Забрал {device_acc} без проблем, но пришлось немного подождать.",
                "Выдача в порядке, ничего особенного.",
            ]
        case (.neutral, .site):
            return [
                "Сайт понятный, но записаться онлайн можно только на ближайшие дни.",
                "Прайс на сайте есть, но не на все услуги.",
            ]
        case (.neutral, .general):
            return [
                "Всё нормально, как и ожидал.",
                "Без восторга, но и без претензий.",
                "Обычный сервис.",
            ]
        case (.positive, .speed):
            return [
                "Починили {device_acc} за {hours}, даже не ожидал!",
                "Всё сделали быстро, в тот же день.",
                "Ремонт закончили раньше срока и сразу сообщили.",
                "Быстро и без лишних вопросов, спасибо!",
            ]
        case (.positive, .price):
            return [
                "Цена ровно такая, как назвали на диагностике, без сюрпризов.",
                "Честная смета, ничего не навязывали.",
                "Оказалось дешевле, чем я думал: всего {sum}.",
            ]
        case (.positive, .quality):
            return [
                "{device} как {g:новый/новая/новое/новые}, спасибо мастеру!",
                "Мастер {master} — профессионал, всё объяснил и починил на совесть.",
                "Ремонт качественный, прошло уже два месяца — полёт нормальный.",
                "Почистили и заменили термопасту, {device} больше не {g:шумит/шумит/шумит/шумят}.",
            ]
        case (.positive, .politeness):
            return [
                "Очень вежливый персонал, всё подробно рассказали.",
                "Приятно, что обращаются по имени и благодарят за обращение.",
                "Мне позвонили после ремонта и спросили, всё ли в порядке. Это вау!",
                "Девушка на приёмке — само спокойствие и доброжелательность.",
            ]
        case (.positive, .diagnostics):
            return [
                "Бесплатная диагностика за {minutes}, сразу назвали цену и срок.",
                "На диагностике всё показали и объяснили понятным языком.",
            ]
        case (.positive, .warranty):
            return [
                "Гарантийный ремонт сделали быстро и без споров.",
                "По гарантии заменили деталь за один день, спасибо.",
            ]
        case (.positive, .queue):
            return [
                "Пришёл по записи — приняли сразу, без очереди.",
                "Никакой очереди, всё чётко по времени.",
            ]
        case (.positive, .parts):
            return [
                "Нужная запчасть была в наличии, поменяли при мне.",
                "Поставили оригинальную деталь и показали упаковку.",
            ]
        case (.positive, .phone):
            return [
                "Оператор сразу понял, в чём дело, и записал на удобное время.",
                "Дозвонился с первого раза, ответили чётко и по делу.",
                "В колл-центре теперь совсем другой уровень: вежливо, быстро, понятно.",
                "Оператор сказал «я уточню и перезвоню» — и правда перезвонил через 10 минут.",
            ]
        case (.positive, .status):
            return [
                "SMS на каждом этапе ремонта — очень удобно.",
                "Всегда знал, на каком этапе ремонт {device_gen}, спасибо за уведомления.",
            ]
        case (.positive, .pickup):
            return [
                "Забрал {device_acc} за пять минут, всё проверили при мне.",
                "Выдача быстрая, упаковали аккуратно.",
            ]
        case (.positive, .site):
            return [
                "Удобная онлайн-запись и понятный прайс.",
                "Оплатил онлайн за минуту, чек пришёл на почту.",
            ]
        case (.positive, .general):
            return [
                "Рекомендую друзьям, лучший сервис в городе!",
                "Обращаюсь уже третий раз и всегда доволен.",
                "Спасибо за отношение, всё на высоте.",
                "Отличный сервис, буду советовать знакомым.",
            ]
        }
    }

    static func english(_ mood: Mood) -> [String] {
        switch mood {
        case .negative:
            return [
                "Waited {days} for a simple repair, nobody called me.",
                "The staff at the desk was rude and unhelpful.",
                "My {device} broke again a week after the repair.",
                "The final price was higher than the estimate, no explanation.",
                "Could not get through on the phone for {minutes}.",
                "Pickup took forever, they could not find my {device}.",
            ]
        case .neutral:
            return [
                "The repair was fine, nothing special.",
                "OK service, a bit slow at pickup.",
                "Fixed as promised, price is average.",
                "Decent, but the waiting area was crowded.",
            ]
        case .positive:
            return [
                "Fixed my {device} in {hours}, great job!",
                "Friendly staff, clear explanation of the problem and the price.",
                "They called me after the repair to check everything was fine. Impressive.",
                "Honest estimate and fast repair. Highly recommend.",
                "Best repair shop in town, will come back.",
            ]
        }
    }

    /// Topics customers write about at each touchpoint (by touchpoint id of the demo).
    static func topics(forTouchpoint id: Int64) -> [Topic] {
        switch id {
        case 1, 2: return [.general, .quality, .price]
        case 3: return [.site, .price]
        case 4: return [.phone]
        case 5: return [.diagnostics, .speed]
        case 6: return [.diagnostics, .politeness]
        case 7: return [.price, .phone]
        case 8: return [.politeness, .queue]
        case 9: return [.queue, .price]
        case 10: return [.site]
        case 11: return [.status]
        case 12: return [.pickup]
        case 13: return [.quality, .parts, .speed]
        case 14: return [.warranty]
        case 15: return [.speed, .general]
        case 16: return [.status, .site]
        default: return [.general]
        }
    }

    // MARK: Composing

    private static let russianWords = Strings(.ru), englishWords = Strings(.en)

    /// One customer's comment: opening, the topic's sentence, now and then where or who, closing; every
    /// number with its noun in the right form, every word agreeing with the device, every sentence capitalised.
    static func compose(
        _ mood: Mood, topic: Topic, english: Bool, master: String, branch: Int64,
        _ random: inout SeededRandom
    ) -> String {
        let words = english ? englishWords : russianWords
        var parts: [String]
        if english {
            parts = [
                random.pick(englishOpenings[mood.rawValue]), random.pick(Self.english(mood)),
                random.pick(englishClosings[mood.rawValue]),
            ]
        } else {
            parts = [random.pick(openings[mood.rawValue]), random.pick(russian(mood, topic))]
            if random.chance(0.3) { parts.append(random.pick(details[mood.rawValue])) }
            parts.append(random.pick(closings[mood.rawValue]))
        }
        var text = parts.filter { !$0.isEmpty }.joined(separator: " ")
        let device = random.pick(devices)
        let replacements: [(String, String)] = [
            ("{device_acc}", device.accusative), ("{device_gen}", device.genitive),
            ("{device}", english ? random.pick(devicesEnglish) : device.nominative),
            ("{days}", words.count(2 + Int(random.next() % 9), .day)),
            ("{hours}", words.count(1 + Int(random.next() % 4), .hour)),
            ("{minutes}", words.count(15 + 5 * Int(random.next() % 10), .minute)),
            ("{sum}", words.integer(1_500 + 500 * Int(random.next() % 20)) + (english ? " ₽" : "\u{00A0}₽")),
            ("{master}", master), ("{branch}", branchPhrases[branch] ?? "в филиале"),
        ]
        for (slot, value) in replacements { text = text.replacingOccurrences(of: slot, with: value) }
        text = agreeing(text, with: device.gender)
        return capitalisingSentences(text)
    }

    /// Resolves every {g:m/f/n/pl} to the form of `gender`.
    static func agreeing(_ text: String, with gender: Device.Gender) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{g:"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            result += rest[..<open.lowerBound]
            let forms = rest[open.upperBound..<close].split(separator: "/", omittingEmptySubsequences: false)
            result += forms.count == 4 ? forms[gender.rawValue] : forms.first ?? ""
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// A capital letter at the start and after every full stop, "!" or "?" (a device's name at the start of a
    /// sentence included).
    static func capitalisingSentences(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        var capitalise = true
        for (index, character) in characters.enumerated() {
            if capitalise, character.isLetter {
                // A brand written in camel case (iPhone, iPad) keeps its spelling.
                let camel = index + 1 < characters.count && characters[index + 1].isUppercase
                result += camel ? String(character) : character.uppercased()
                capitalise = false
            } else {
                result.append(character)
                if ".!?".contains(character) {
                    capitalise = true
                } else if !character.isWhitespace && !"«\"".contains(character) {
                    capitalise = false
                }
            }
        }
        return result
    }
}
