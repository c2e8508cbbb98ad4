<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
    <context>
        <name>acks</name>
        <message>
            <source>ACK</source>
            <translation>Подтверждение</translation>
        </message>
        <message>
            <source>UNACK</source>
            <translation>Снятие подтверждения</translation>
        </message>
        <message>
            <source>note</source>
            <translation>Комментарий</translation>
        </message>
        <message>
            <source>{verb} pending · retrying: {error}</source>
            <translation>{verb}: ожидание · повтор: {error}</translation>
        </message>
        <message>
            <source>{verb} pending…</source>
            <translation>{verb}: ожидание…</translation>
        </message>
        <message>
            <source>{verb} FAILED: {error} — retry?</source>
            <translation>{verb}: ОШИБКА: {error} — повторить?</translation>
        </message>
        <message>
            <source>ACK sent by {who}</source>
            <translation>подтверждение отправлено: {who}</translation>
        </message>
        <message>
            <source>UNACK sent by {who}</source>
            <translation>снятие подтверждения отправлено: {who}</translation>
        </message>
        <message>
            <source>✓ Acknowledge selected ({n})</source>
            <translation>✓ Подтвердить выбранные ({n})</translation>
        </message>
        <message>
            <source>Select incidents to acknowledge several</source>
            <translation>Выберите инциденты, чтобы подтвердить несколько</translation>
        </message>
        <message>
            <source>acknowledging as {who}</source>
            <translation>подтверждает: {who}</translation>
        </message>
        <message>
            <source>{n} acknowledgement(s) failed — {title}: {why}</source>
            <translation>не удалось подтвердить: {n} — {title}: {why}</translation>
        </message>
        <message>
            <source>acknowledgement unavailable: the ledger could not be opened</source>
            <translation>подтверждение недоступно: не удалось открыть журнал</translation>
        </message>
        <message>
            <source>{n} request(s) queued as {who}; sending…</source>
            <translation>запросов в очереди: {n} (от {who}); отправка…</translation>
        </message>
        <message>
            <source>{n} incident(s) resolved meanwhile: not acknowledged</source>
            <translation>уже решено инцидентов: {n}; не подтверждены</translation>
        </message>
        <message>
            <source>Acknowledge with comment</source>
            <translation>Подтвердить с комментарием</translation>
        </message>
        <message>
            <source>Add a comment</source>
            <translation>Добавить комментарий</translation>
        </message>
        <message>
            <source>Comment:</source>
            <translation>Комментарий:</translation>
        </message>
        <message>
            <source>↻ RETRY</source>
            <translation>↻ ПОВТОР</translation>
        </message>
        <message>
            <source>✓ ACK</source>
            <translation>✓ ПОДТВ.</translation>
        </message>
        <message>
            <source>Acknowledge ({n})</source>
            <translation>Подтвердить ({n})</translation>
        </message>
        <message>
            <source>Acknowledge</source>
            <translation>Подтвердить</translation>
        </message>
        <message>
            <source>Acknowledge with comment…</source>
            <translation>Подтвердить с комментарием…</translation>
        </message>
        <message>
            <source>Add comment…</source>
            <translation>Добавить комментарий…</translation>
        </message>
        <message>
            <source>Unacknowledge</source>
            <translation>Отменить подтверждение</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>Повторить</translation>
        </message>
    </context>
    <context>
        <name>board</name>
        <message>
            <source>Open incidents</source>
            <translation>Открытые инциденты</translation>
        </message>
        <message>
            <source>ALL CLEAR — no open incidents</source>
            <translation>ВСЁ СПОКОЙНО — открытых инцидентов нет</translation>
        </message>
        <message>
            <source>+{n} acked</source>
            <translation>+{n} подтв.</translation>
        </message>
        <message>
            <source>Infrastructure health</source>
            <translation>Состояние инфраструктуры</translation>
        </message>
        <message>
            <source>no health panels configured</source>
            <translation>панели состояния не настроены</translation>
        </message>
        <message>
            <source>INCIDENTS</source>
            <translation>ИНЦИДЕНТЫ</translation>
        </message>
        <message>
            <source>INCOMPLETE: a source is not answering</source>
            <translation>НЕПОЛНЫЕ ДАННЫЕ: источник не отвечает</translation>
        </message>
        <message numerus="yes">
            <source>%n open, most urgent first</source>
            <translation>
                <numerusform>%n открытый, срочные сверху</numerusform>
                <numerusform>%n открытых, срочные сверху</numerusform>
                <numerusform>%n открытых, срочные сверху</numerusform>
            </translation>
        </message>
        <message>
            <source>On duty</source>
            <translation>Дежурные</translation>
        </message>
        <message>
            <source>no roster configured</source>
            <translation>график дежурств не настроен</translation>
        </message>
        <message>
            <source>SLA countdowns</source>
            <translation>Таймеры SLA</translation>
        </message>
        <message>
            <source>no clock running</source>
            <translation>таймеры не идут</translation>
        </message>
        <message>
            <source>clocks unknown</source>
            <translation>таймеры неизвестны</translation>
        </message>
        <message>
            <source>no incident source configured</source>
            <translation>источник инцидентов не настроен</translation>
        </message>
        <message numerus="yes">
            <source>+%n more clocks</source>
            <translation>
                <numerusform>ещё %n таймер</numerusform>
                <numerusform>ещё %n таймера</numerusform>
                <numerusform>ещё %n таймеров</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>calendar</name>
        <message>
            <source>Mon</source>
            <translation>Пн</translation>
        </message>
        <message>
            <source>Tue</source>
            <translation>Вт</translation>
        </message>
        <message>
            <source>Wed</source>
            <translation>Ср</translation>
        </message>
        <message>
            <source>Thu</source>
            <translation>Чт</translation>
        </message>
        <message>
            <source>Fri</source>
            <translation>Пт</translation>
        </message>
        <message>
            <source>Sat</source>
            <translation>Сб</translation>
        </message>
        <message>
            <source>Sun</source>
            <translation>Вс</translation>
        </message>
        <message>
            <source>Jan</source>
            <translation>янв</translation>
        </message>
        <message>
            <source>Feb</source>
            <translation>фев</translation>
        </message>
        <message>
            <source>Mar</source>
            <translation>мар</translation>
        </message>
        <message>
            <source>Apr</source>
            <translation>апр</translation>
        </message>
        <message>
            <source>May</source>
            <translation>мая</translation>
        </message>
        <message>
            <source>Jun</source>
            <translation>июн</translation>
        </message>
        <message>
            <source>Jul</source>
            <translation>июл</translation>
        </message>
        <message>
            <source>Aug</source>
            <translation>авг</translation>
        </message>
        <message>
            <source>Sep</source>
            <translation>сен</translation>
        </message>
        <message>
            <source>Oct</source>
            <translation>окт</translation>
        </message>
        <message>
            <source>Nov</source>
            <translation>ноя</translation>
        </message>
        <message>
            <source>Dec</source>
            <translation>дек</translation>
        </message>
    </context>
    <context>
        <name>clocks</name>
        <message>
            <source>PAUSED</source>
            <translation>ПАУЗА</translation>
        </message>
        <message>
            <source>BH</source>
            <translation>РВ</translation>
        </message>
        <message>
            <source>paused</source>
            <translation>на паузе</translation>
        </message>
        <message>
            <source>at risk</source>
            <translation>под угрозой</translation>
        </message>
        <message>
            <source>breached</source>
            <translation>нарушен</translation>
        </message>
        <message>
            <source>business hours ({calendar})</source>
            <translation>рабочее время ({calendar})</translation>
        </message>
        <message>
            <source>met</source>
            <translation>в срок</translation>
        </message>
        <message>
            <source>respond</source>
            <translation>реакция</translation>
        </message>
        <message>
            <source>resolve</source>
            <translation>решение</translation>
        </message>
    </context>
    <context>
        <name>columns</name>
        <message>
            <source>Severity</source>
            <translation>Важность</translation>
        </message>
        <message>
            <source>Incident</source>
            <translation>Инцидент</translation>
        </message>
        <message>
            <source>Where</source>
            <translation>Где</translation>
        </message>
        <message>
            <source>Age</source>
            <translation>Возраст</translation>
        </message>
        <message>
            <source>Respond</source>
            <translation>Реакция</translation>
        </message>
        <message>
            <source>Resolve</source>
            <translation>Решение</translation>
        </message>
        <message>
            <source>State</source>
            <translation>Состояние</translation>
        </message>
        <message>
            <source>Ack</source>
            <translation>Подтв.</translation>
        </message>
    </context>
    <context>
        <name>duration</name>
        <message>
            <source>{h}:{mm}h</source>
            <translation>{h}:{mm} ч</translation>
        </message>
        <message>
            <source>never</source>
            <translation>никогда</translation>
        </message>
        <message>
            <source>{s}s</source>
            <translation>{s} с</translation>
        </message>
        <message>
            <source>{m}m</source>
            <translation>{m} мин</translation>
        </message>
        <message>
            <source>{h}h {mm}m</source>
            <translation>{h} ч {mm} мин</translation>
        </message>
        <message>
            <source>{d}d {h}h</source>
            <translation>{d} д {h} ч</translation>
        </message>
    </context>
    <context>
        <name>health</name>
        <message>
            <source>no data</source>
            <translation>нет данных</translation>
        </message>
        <message>
            <source>up</source>
            <translation>работает</translation>
        </message>
        <message>
            <source>down</source>
            <translation>недоступен</translation>
        </message>
        <message>
            <source>{age} ago</source>
            <translation>{age} назад</translation>
        </message>
        <message>
            <source>{n} crit</source>
            <translation>{n} крит.</translation>
        </message>
        <message>
            <source>{n} warn</source>
            <translation>{n} пред.</translation>
        </message>
        <message>
            <source>{n} stale</source>
            <translation>{n} устар.</translation>
        </message>
        <message>
            <source>{n} unkn</source>
            <translation>{n} неизв.</translation>
        </message>
        <message>
            <source>{n} ok</source>
            <translation>{n} в норме</translation>
        </message>
        <message>
            <source>stale, was {counts}</source>
            <translation>устарело, было {counts}</translation>
        </message>
        <message>
            <source>{n} total</source>
            <translation>всего {n}</translation>
        </message>
        <message>
            <source>last data {age} ago</source>
            <translation>последние данные {age} назад</translation>
        </message>
        <message>
            <source>no data yet</source>
            <translation>данных ещё нет</translation>
        </message>
        <message>
            <source>STALE</source>
            <translation>УСТАРЕЛО</translation>
        </message>
        <message>
            <source>warning: {text}</source>
            <translation>предупреждение: {text}</translation>
        </message>
        <message>
            <source>no series ({status})</source>
            <translation>нет рядов ({status})</translation>
        </message>
        <message>
            <source>waiting for first answer</source>
            <translation>ждём первого ответа</translation>
        </message>
        <message>
            <source>{n} critical</source>
            <translation>{n} крит.</translation>
        </message>
        <message>
            <source>{n} warning</source>
            <translation>{n} пред.</translation>
        </message>
        <message>
            <source>ok</source>
            <translation>норма</translation>
        </message>
        <message>
            <source>warning</source>
            <translation>предупреждение</translation>
        </message>
        <message>
            <source>critical</source>
            <translation>критично</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>неизвестно</translation>
        </message>
        <message>
            <source>stale</source>
            <translation>устарело</translation>
        </message>
        <message>
            <source>+{n} more</source>
            <translation>+{n} ещё</translation>
        </message>
        <message>
            <source>({n} not ok)</source>
            <translation>({n} не в норме)</translation>
        </message>
        <message>
            <source>all ok</source>
            <translation>все в норме</translation>
        </message>
        <message>
            <source>‹ all groups</source>
            <translation>‹ все группы</translation>
        </message>
    </context>
    <context>
        <name>incidents</name>
        <message>
            <source>no incident source configured (see --help, or try --demo)</source>
            <translation>источник инцидентов не настроен (см. --help или попробуйте --demo)</translation>
        </message>
        <message>
            <source>INCIDENTS UNKNOWN — {names} not answering</source>
            <translation>ИНЦИДЕНТЫ НЕИЗВЕСТНЫ — не отвечает: {names}</translation>
        </message>
        <message>
            <source>ack {who} · {ago} ago</source>
            <translation>подтв. {who} · {ago} назад</translation>
        </message>
        <message>
            <source>{state} (stale)</source>
            <translation>{state} (устар.)</translation>
        </message>
        <message>
            <source>OPEN</source>
            <translation>ОТКРЫТ</translation>
        </message>
        <message>
            <source>RE-OPENED</source>
            <translation>ПЕРЕОТКРЫТ</translation>
        </message>
        <message>
            <source>acknowledged</source>
            <translation>подтверждён</translation>
        </message>
        <message>
            <source>resolved</source>
            <translation>решён</translation>
        </message>
        <message>
            <source>silenced</source>
            <translation>заглушён</translation>
        </message>
        <message>
            <source>shelved</source>
            <translation>отложен</translation>
        </message>
        <message>
            <source>blackout</source>
            <translation>окно работ</translation>
        </message>
        <message>
            <source>inhibited</source>
            <translation>подавлен</translation>
        </message>
    </context>
    <context>
        <name>notify</name>
        <message>
            <source>{glyph} {severity} incident</source>
            <translation>{glyph} Инцидент: {severity}</translation>
        </message>
        <message numerus="yes">
            <source>%n new incidents</source>
            <translation>
                <numerusform>%n новый инцидент</numerusform>
                <numerusform>%n новых инцидента</numerusform>
                <numerusform>%n новых инцидентов</numerusform>
            </translation>
        </message>
        <message>
            <source>✖ Source {name} is down</source>
            <translation>✖ Источник {name} недоступен</translation>
        </message>
        <message>
            <source>no answer</source>
            <translation>нет ответа</translation>
        </message>
        <message>
            <source>Show board</source>
            <translation>Показать табло</translation>
        </message>
    </context>
    <context>
        <name>roster</name>
        <message>
            <source>feed failed</source>
            <translation>сбой источника</translation>
        </message>
        <message>
            <source>{name} DOWN, data {age} old</source>
            <translation>{name} НЕДОСТУПЕН, данным {age}</translation>
        </message>
        <message>
            <source>{name}: no data yet</source>
            <translation>{name}: данных ещё нет</translation>
        </message>
        <message>
            <source>{name} {age} old</source>
            <translation>{name}: данным {age}</translation>
        </message>
        <message>
            <source>no one scheduled</source>
            <translation>никто не запланирован</translation>
        </message>
        <message>
            <source>next: {who} at {time}</source>
            <translation>далее: {who} в {time}</translation>
        </message>
        <message>
            <source>next: {who}</source>
            <translation>далее: {who}</translation>
        </message>
        <message>
            <source>gap since {time}</source>
            <translation>без дежурного с {time}</translation>
        </message>
        <message>
            <source>NOBODY ON DUTY</source>
            <translation>НЕТ ДЕЖУРНОГО</translation>
        </message>
        <message>
            <source>until {time}</source>
            <translation>до {time}</translation>
        </message>
        <message>
            <source>since {time}</source>
            <translation>с {time}</translation>
        </message>
        <message>
            <source>in {time}</source>
            <translation>через {time}</translation>
        </message>
    </context>
    <context>
        <name>severity</name>
        <message>
            <source>CRITICAL</source>
            <translation>КРИТИЧНО</translation>
        </message>
        <message>
            <source>MAJOR</source>
            <translation>СЕРЬЁЗНО</translation>
        </message>
        <message>
            <source>MINOR</source>
            <translation>УМЕРЕННО</translation>
        </message>
        <message>
            <source>WARNING</source>
            <translation>ВНИМАНИЕ</translation>
        </message>
        <message>
            <source>INFO</source>
            <translation>ИНФО</translation>
        </message>
        <message>
            <source>UNKNOWN</source>
            <translation>НЕИЗВЕСТНО</translation>
        </message>
    </context>
    <context>
        <name>sound</name>
        <message>
            <source>NO AUDIO DEVICE</source>
            <translation>НЕТ ЗВУКОВОГО УСТРОЙСТВА</translation>
        </message>
        <message>
            <source>Unmute</source>
            <translation>Включить звук</translation>
        </message>
        <message>
            <source>Mute</source>
            <translation>Выключить звук</translation>
        </message>
        <message>
            <source>End snooze</source>
            <translation>Снять паузу</translation>
        </message>
        <message>
            <source>Snooze {minutes} min</source>
            <translation>Пауза {minutes} мин</translation>
        </message>
        <message>
            <source>SOUND MUTED</source>
            <translation>ЗВУК ВЫКЛЮЧЕН</translation>
        </message>
        <message>
            <source>SNOOZED · {left} left</source>
            <translation>ЗВУК НА ПАУЗЕ · ещё {left}</translation>
        </message>
        <message>
            <source>sounding: {severity}</source>
            <translation>звучит: {severity}</translation>
        </message>
        <message>
            <source>Snooze</source>
            <translation>Пауза</translation>
        </message>
    </context>
    <context>
        <name>sources</name>
        <message>
            <source>{name} DOWN · no data yet</source>
            <translation>{name} НЕДОСТУПЕН · данных ещё нет</translation>
        </message>
        <message>
            <source>{name} · waiting</source>
            <translation>{name} · ожидание</translation>
        </message>
        <message>
            <source>{name} DOWN {since} · data {age} old</source>
            <translation>{name} НЕДОСТУПЕН {since} · данным {age}</translation>
        </message>
    </context>
    <context>
        <name>wall</name>
        <message>
            <source>BOARD STUCK · no update for {age}</source>
            <translation>ТАБЛО ЗАВИСЛО · нет обновлений {age}</translation>
        </message>
        <message>
            <source>POLLING STUCK · no poll for {age}</source>
            <translation>ОПРОС ЗАВИС · нет опроса {age}</translation>
        </message>
        <message>
            <source>BOARD FROZE {s}s, {ago} ago</source>
            <translation>ТАБЛО ЗАМИРАЛО на {s} с, {ago} назад</translation>
        </message>
        <message>
            <source>NEW</source>
            <translation>НОВЫЙ</translation>
        </message>
        <message>
            <source>RESPONSE SLA BREACHED</source>
            <translation>НАРУШЕН SLA РЕАКЦИИ</translation>
        </message>
        <message>
            <source>RESOLUTION SLA BREACHED</source>
            <translation>НАРУШЕН SLA РЕШЕНИЯ</translation>
        </message>
        <message>
            <source>all</source>
            <translation>все</translation>
        </message>
        <message>
            <source>held until ack · max {left}</source>
            <translation>до подтверждения · макс. {left}</translation>
        </message>
        <message>
            <source>held until resolved · max {left}</source>
            <translation>до решения · макс. {left}</translation>
        </message>
        <message>
            <source>+1 more: {glyph} {sev} {title}</source>
            <translation>+1 ещё: {glyph} {sev} {title}</translation>
        </message>
        <message>
            <source>+{n} more: {parts}</source>
            <translation>+{n} ещё: {parts}</translation>
        </message>
        <message>
            <source>({n} acknowledged)</source>
            <translation>({n} подтв.)</translation>
        </message>
    </context>
</TS>
