/// The demo's comment catalogue: what customers of a repair-centre chain write, by mood and topic, in
/// Russian (and some English). Templates take {device}, {days}, {hours}, {minutes}, {sum}, {master}
/// so that comments vary while still matching their scores.
enum DemoComments {
    enum Mood: Int { case negative, neutral, positive }

    enum Topic: CaseIterable {
        case speed, price, quality, politeness, diagnostics, warranty, queue, parts, phone, status, pickup, site, general
    }

    static let devices = ["ноутбук", "смартфон", "iPhone", "MacBook", "планшет", "видеокарту", "игровой ПК", "монитор",
                          "телефон", "ноутбук Lenovo", "Samsung Galaxy", "принтер", "iPad", "системный блок"]
    static let devicesEnglish = ["laptop", "phone", "iPhone", "MacBook", "tablet", "graphics card", "gaming PC", "monitor"]

    static func russian(_ mood: Mood, _ topic: Topic) -> [String] {
        switch (mood, topic) {
        case (.negative, .speed): return [
            "Обещали сделать {device} за {days} дня, в итоге ждал почти две недели.",
            "Сроки сорвали дважды, никто не предупредил заранее.",
            "Ремонт затянулся, пришлось самому звонить и узнавать, что происходит.",
            "Сказали «завтра будет готово», и так пять дней подряд.",
            "Очень долго. {device} нужен был для работы, а ремонт занял {days} дней.",
        ]
        case (.negative, .price): return [
            "В итоге заплатил {sum} ₽ вместо обещанных на диагностике, без объяснений.",
            "Цена выросла уже после согласования сметы — неприятно.",
            "Дорого для такой простой работы, в соседнем сервисе в два раза дешевле.",
            "Навязали дополнительные работы, о которых я не просил.",
        ]
        case (.negative, .quality): return [
            "Через неделю {device} снова сломался с той же проблемой.",
            "После ремонта появились царапины на корпусе, которых не было.",
            "Проблему не устранили, только поменяли деталь и взяли деньги.",
            "Забрал {device}, а он греется ещё сильнее, чем до ремонта.",
            "Качество ремонта разочаровало: отклеивается экран.",
        ]
        case (.negative, .politeness): return [
            "Приёмщик разговаривал свысока и перебивал.",
            "Грубо ответили на простой вопрос, будто я мешаю работать.",
            "Сотрудник на ресепшене обращался на «ты», это неприемлемо.",
            "Никакого «здравствуйте», сразу «что вы хотите?».",
            "Мне сказали «вы должны были сами прочитать условия» — спасибо, очень клиентоориентированно.",
        ]
        case (.negative, .diagnostics): return [
            "Диагностика заняла {days} дня, хотя обещали за час.",
            "На диагностике не нашли неисправность, пришлось приносить {device} повторно.",
            "Результаты диагностики так и не объяснили понятным языком.",
        ]
        case (.negative, .warranty): return [
            "По гарантии отказали, сославшись на «механическое повреждение», которого нет.",
            "Гарантийный ремонт растянулся на месяц.",
            "Чтобы воспользоваться гарантией, пришлось трижды приезжать.",
        ]
        case (.negative, .queue): return [
            "Простоял в очереди {minutes} минут, работало одно окно из трёх.",
            "Очередь огромная, записи по времени как будто нет.",
            "Пришёл по записи и всё равно ждал {minutes} минут.",
        ]
        case (.negative, .parts): return [
            "Запчасть ждали {days} дней, хотя говорили, что есть на складе.",
            "Поставили неоригинальную деталь, не предупредив.",
            "Нужной запчасти не оказалось, {device} вернули разобранным.",
        ]
        case (.negative, .phone): return [
            "Дозвониться невозможно, по {minutes} минут висел на линии.",
            "Оператор сказал «я не знаю» и положил трубку.",
            "Переключали между сотрудниками, в итоге никто не ответил на вопрос.",
            "В колл-центре заученный текст и ноль помощи.",
            "Обещали перезвонить и не перезвонили.",
        ]
        case (.negative, .status): return [
            "SMS о готовности пришла, а устройство ещё не было готово.",
            "Никаких уведомлений о статусе ремонта, всё узнавал сам.",
            "Статус на сайте не обновлялся неделю.",
        ]
        case (.negative, .pickup): return [
            "Пришёл забирать {device} по SMS, а его не могли найти {minutes} минут.",
            "На выдаче опять очередь, ждал больше получаса.",
            "При выдаче не проверили устройство вместе со мной, дома обнаружил проблему.",
            "Выдача — самое слабое место: долго, хаотично, никто не знает, где мой заказ.",
            "Уже второй раз задерживают выдачу, потому что «мастер ушёл на обед».",
        ]
        case (.negative, .site): return [
            "На сайте цены одни, на месте — другие.",
            "Онлайн-запись не работает, форма выдаёт ошибку.",
            "Оплата картой на сайте не прошла с третьей попытки.",
        ]
        case (.negative, .general): return [
            "Больше не приду и друзьям не посоветую.",
            "Ожидал гораздо большего от сервиса с такими отзывами.",
            "Разочарован. Никто не взял на себя ответственность.",
        ]
        case (.neutral, .speed): return [
            "Сделали в срок, но могли бы и побыстрее.",
            "Ремонт занял {days} дня, как и обещали.",
            "В целом по срокам нормально.",
        ]
        case (.neutral, .price): return [
            "Цена средняя по рынку.",
            "Заплатил {sum} ₽, ожидал примерно столько.",
            "Дороговато, но хотя бы без сюрпризов.",
        ]
        case (.neutral, .quality): return [
            "{device} работает, посмотрим, сколько продержится.",
            "Ремонт сделали, претензий пока нет.",
            "Нормально, но корпус собрали не идеально.",
        ]
        case (.neutral, .politeness): return [
            "Персонал вежливый, но без особого участия.",
            "Обслужили корректно, ничего особенного.",
        ]
        case (.neutral, .diagnostics): return [
            "Диагностику сделали, объяснили в общих чертах.",
            "Диагностика бесплатная, это плюс, но ждать пришлось.",
        ]
        case (.neutral, .warranty): return [
            "Гарантию дали на три месяца, хотелось бы больше.",
            "Гарантийный случай приняли, но оформление долгое.",
        ]
        case (.neutral, .queue): return [
            "Подождал минут {minutes}, терпимо.",
            "Очередь была небольшая.",
        ]
        case (.neutral, .parts): return [
            "Запчасть заказали, ждали {days} дней — предупредили заранее.",
            "Деталь поставили, пока всё работает.",
        ]
        case (.neutral, .phone): return [
            "Дозвонился со второго раза, на вопрос ответили.",
            "Оператор всё записал, перезвонили на следующий день.",
            "Нормально, но ожидание на линии можно сократить.",
        ]
        case (.neutral, .status): return [
            "SMS о статусе приходят, хотя и с опозданием.",
            "Статус ремонта можно узнать, но не сразу понятно где.",
        ]
        case (.neutral, .pickup): return [
            "Забрал {device} без проблем, но пришлось немного подождать.",
            "Выдача в порядке, ничего особенного.",
        ]
        case (.neutral, .site): return [
            "Сайт понятный, но записаться онлайн можно только на ближайшие дни.",
            "Прайс на сайте есть, но не на все услуги.",
        ]
        case (.neutral, .general): return [
            "Всё нормально, как и ожидал.",
            "Без восторга, но и без претензий.",
            "Обычный сервис.",
        ]
        case (.positive, .speed): return [
            "Починили {device} за {hours} часа, даже не ожидал!",
            "Всё сделали быстро, в тот же день.",
            "Ремонт закончили раньше срока и сразу сообщили.",
            "Быстро и без лишних вопросов, спасибо!",
        ]
        case (.positive, .price): return [
            "Цена ровно такая, как назвали на диагностике, без сюрпризов.",
            "Честная смета, ничего не навязывали.",
            "Оказалось дешевле, чем я думал: всего {sum} ₽.",
        ]
        case (.positive, .quality): return [
            "{device} как новый, спасибо мастеру!",
            "Мастер {master} — профессионал, всё объяснил и починил на совесть.",
            "Ремонт качественный, прошло уже два месяца — полёт нормальный.",
            "Почистили и заменили термопасту, {device} больше не шумит.",
        ]
        case (.positive, .politeness): return [
            "Очень вежливый персонал, всё подробно рассказали.",
            "Приятно, что обращаются по имени и благодарят за обращение.",
            "Мне позвонили после ремонта и спросили, всё ли в порядке. Это вау!",
            "Девушка на приёмке — само спокойствие и доброжелательность.",
        ]
        case (.positive, .diagnostics): return [
            "Бесплатная диагностика за {minutes} минут, сразу назвали цену и срок.",
            "На диагностике всё показали и объяснили понятным языком.",
        ]
        case (.positive, .warranty): return [
            "Гарантийный ремонт сделали быстро и без споров.",
            "По гарантии заменили деталь за один день, спасибо.",
        ]
        case (.positive, .queue): return [
            "Пришёл по записи — приняли сразу, без очереди.",
            "Никакой очереди, всё чётко по времени.",
        ]
        case (.positive, .parts): return [
            "Нужная запчасть была в наличии, поменяли при мне.",
            "Поставили оригинальную деталь и показали упаковку.",
        ]
        case (.positive, .phone): return [
            "Оператор сразу понял, в чём дело, и записал на удобное время.",
            "Дозвонился с первого раза, ответили чётко и по делу.",
            "В колл-центре теперь совсем другой уровень: вежливо, быстро, понятно.",
            "Оператор сказал «я уточню и перезвоню» — и правда перезвонил через 10 минут.",
        ]
        case (.positive, .status): return [
            "SMS на каждом этапе ремонта — очень удобно.",
            "Всегда знал, что происходит с {device}, спасибо за уведомления.",
        ]
        case (.positive, .pickup): return [
            "Забрал {device} за пять минут, всё проверили при мне.",
            "Выдача быстрая, упаковали аккуратно.",
        ]
        case (.positive, .site): return [
            "Удобная онлайн-запись и понятный прайс.",
            "Оплатил онлайн за минуту, чек пришёл на почту.",
        ]
        case (.positive, .general): return [
            "Рекомендую друзьям, лучший сервис в городе!",
            "Обращаюсь уже третий раз и всегда доволен.",
            "Спасибо за отношение, всё на высоте.",
            "Отличный сервис, буду советовать знакомым.",
        ]
        }
    }

    static func english(_ mood: Mood) -> [String] {
        switch mood {
        case .negative: return [
            "Waited {days} days for a simple repair, nobody called me.",
            "The staff at the desk was rude and unhelpful.",
            "My {device} broke again a week after the repair.",
            "The final price was higher than the estimate, no explanation.",
            "Could not get through on the phone for {minutes} minutes.",
            "Pickup took forever, they could not find my {device}.",
        ]
        case .neutral: return [
            "The repair was fine, nothing special.",
            "OK service, a bit slow at pickup.",
            "Fixed as promised, price is average.",
            "Decent, but the waiting area was crowded.",
        ]
        case .positive: return [
            "Fixed my {device} in {hours} hours, great job!",
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
}
