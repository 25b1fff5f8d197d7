#!/usr/bin/env python3
# Writes ui/po/kiosk/<lang>.po from the table below (the one place the kiosk's translations
# are edited). Run after changing a text in ui/kiosk_layout.c; the test ui.kiosk_catalogs
# fails while a msgid of the source lacks a translation.
import os, sys

T = {
"Back": ("Zurück", "Geri", "رجوع", "Назад", "Назад"),
"Offline": ("Offline", "Çevrimdışı", "غير متصل", "Офлайн", "Офлайн"),
"Start over": ("Von vorn", "Baştan başla", "البدء من جديد", "Почати знову", "Начать заново"),
"Touch here to start": ("Hier berühren zum Starten", "Başlamak için buraya dokunun", "المس هنا للبدء", "Торкніться тут, щоб почати", "Коснитесь здесь, чтобы начать"),
"Do you have an appointment?": ("Haben Sie einen Termin?", "Randevunuz var mı?", "هل لديك موعد؟", "У вас є запис на прийом?", "У вас есть запись на приём?"),
"Yes, I have an appointment": ("Ja, ich habe einen Termin", "Evet, randevum var", "نعم، لدي موعد", "Так, у мене є запис", "Да, у меня есть запись"),
"No, I have no appointment": ("Nein, ich habe keinen Termin", "Hayır, randevum yok", "لا، ليس لدي موعد", "Ні, у мене немає запису", "Нет, у меня нет записи"),
"How would you like to check in?": ("Wie möchten Sie sich anmelden?", "Nasıl giriş yapmak istersiniz?", "كيف تريد تسجيل الحضور؟", "Як ви бажаєте зареєструватися?", "Как вы хотите зарегистрироваться?"),
"Enter the booking code": ("Buchungscode eingeben", "Randevu kodunu girin", "أدخل رمز الحجز", "Ввести код запису", "Ввести код записи"),
"Scan the QR code of your confirmation": ("QR-Code der Bestätigung scannen", "Onay belgenizdeki QR kodunu okutun", "امسح رمز QR من التأكيد", "Сканувати QR-код підтвердження", "Сканировать QR-код подтверждения"),
"Use your ID card": ("Mit dem Personalausweis", "Kimlik kartınızla", "استخدم بطاقة الهوية", "За допомогою ID-картки", "С помощью ID-карты"),
"Enter your booking code": ("Geben Sie Ihren Buchungscode ein", "Randevu kodunuzu girin", "أدخل رمز الحجز الخاص بك", "Введіть код вашого запису", "Введите код вашей записи"),
"Please check the code: 4 to 16 letters and digits.": ("Bitte prüfen Sie den Code: 4 bis 16 Buchstaben und Ziffern.", "Lütfen kodu kontrol edin: 4 ila 16 harf ve rakam.", "يرجى التحقق من الرمز: من 4 إلى 16 حرفاً ورقماً.", "Перевірте код: від 4 до 16 літер і цифр.", "Проверьте код: от 4 до 16 букв и цифр."),
"The code is printed on your booking confirmation.": ("Der Code steht auf Ihrer Terminbestätigung.", "Kod randevu onayınızda yazılıdır.", "الرمز مطبوع على تأكيد الحجز.", "Код надруковано в підтвердженні запису.", "Код напечатан в подтверждении записи."),
"OK": ("OK", "Tamam", "موافق", "OK", "OK"),
"Hold the QR code of your confirmation under the scanner": ("Halten Sie den QR-Code Ihrer Bestätigung unter den Scanner", "Onay belgenizdeki QR kodunu tarayıcının altına tutun", "ضع رمز QR الخاص بالتأكيد تحت الماسح", "Піднесіть QR-код підтвердження до сканера", "Поднесите QR-код подтверждения к сканеру"),
"The scanner is below the screen.": ("Der Scanner befindet sich unter dem Bildschirm.", "Tarayıcı ekranın altındadır.", "الماسح موجود أسفل الشاشة.", "Сканер розташований під екраном.", "Сканер находится под экраном."),
"The code could not be read. Please try again or enter the booking code.": ("Der Code konnte nicht gelesen werden. Bitte erneut versuchen oder den Buchungscode eingeben.", "Kod okunamadı. Lütfen tekrar deneyin veya randevu kodunu girin.", "تعذرت قراءة الرمز. يرجى المحاولة مرة أخرى أو إدخال رمز الحجز.", "Не вдалося зчитати код. Спробуйте ще раз або введіть код запису.", "Не удалось считать код. Попробуйте ещё раз или введите код записи."),
"Check in with your ID card": ("Anmelden mit dem Personalausweis", "Kimlik kartınızla giriş", "تسجيل الحضور ببطاقة الهوية", "Реєстрація за ID-карткою", "Регистрация по ID-карте"),
"Who reads: %s": ("Wer liest: %s", "Okuyan: %s", "الجهة القارئة: %s", "Хто зчитує: %s", "Кто считывает: %s"),
"What is read: family name, given names and date of birth.": ("Was gelesen wird: Familienname, Vornamen und Geburtsdatum.", "Okunan bilgiler: soyadı, adlar ve doğum tarihi.", "البيانات المقروءة: اسم العائلة والاسم الأول وتاريخ الميلاد.", "Що зчитується: прізвище, імена та дата народження.", "Что считывается: фамилия, имена и дата рождения."),
"Why: to find your appointment of today.": ("Wozu: um Ihren heutigen Termin zu finden.", "Amaç: bugünkü randevunuzu bulmak.", "الغرض: العثور على موعدك اليوم.", "Мета: знайти ваш сьогоднішній запис.", "Цель: найти вашу сегодняшнюю запись."),
"The data stays on this kiosk and is deleted right after the check-in.": ("Die Daten bleiben an diesem Terminal und werden gleich nach der Anmeldung gelöscht.", "Veriler bu cihazda kalır ve girişten hemen sonra silinir.", "تبقى البيانات على هذا الجهاز وتُحذف مباشرة بعد التسجيل.", "Дані залишаються на цьому терміналі й видаляються одразу після реєстрації.", "Данные остаются на этом терминале и удаляются сразу после регистрации."),
"On-site reading under section 18a PAuswG.": ("Vor-Ort-Auslesen nach § 18a PAuswG.", "PAuswG madde 18a uyarınca yerinde okuma.", "قراءة في الموقع وفق المادة 18a من قانون PAuswG.", "Зчитування на місці згідно з § 18a PAuswG.", "Считывание на месте согласно § 18a PAuswG."),
"I agree": ("Ich bin einverstanden", "Kabul ediyorum", "أوافق", "Я погоджуюся", "Я согласен"),
"No, go back": ("Nein, zurück", "Hayır, geri dön", "لا، رجوع", "Ні, назад", "Нет, назад"),
"Please place your ID card on the reader": ("Bitte legen Sie Ihren Ausweis auf das Lesegerät", "Lütfen kimlik kartınızı okuyucuya koyun", "يرجى وضع بطاقة الهوية على القارئ", "Покладіть ID-картку на зчитувач", "Положите ID-карту на считыватель"),
"The reader is to the right of the screen.": ("Das Lesegerät befindet sich rechts neben dem Bildschirm.", "Okuyucu ekranın sağındadır.", "القارئ موجود على يمين الشاشة.", "Зчитувач розташований праворуч від екрана.", "Считыватель находится справа от экрана."),
"Enter the 6-digit access number (CAN)": ("Geben Sie die 6-stellige Zugangsnummer (CAN) ein", "6 haneli erişim numarasını (CAN) girin", "أدخل رقم الوصول المكون من 6 أرقام (CAN)", "Введіть 6-значний номер доступу (CAN)", "Введите 6-значный номер доступа (CAN)"),
"It is printed on the front of your ID card, bottom right.": ("Sie steht auf der Vorderseite Ihres Ausweises unten rechts.", "Kimlik kartınızın ön yüzünde sağ altta yazılıdır.", "وهو مطبوع على وجه البطاقة في الأسفل يميناً.", "Його надруковано на лицьовому боці картки внизу праворуч.", "Он напечатан на лицевой стороне карты внизу справа."),
"Please enter all six digits.": ("Bitte geben Sie alle sechs Ziffern ein.", "Lütfen altı hanenin tamamını girin.", "يرجى إدخال الأرقام الستة كلها.", "Введіть усі шість цифр.", "Введите все шесть цифр."),
"Reading your ID card...": ("Ihr Ausweis wird gelesen ...", "Kimlik kartınız okunuyor...", "جارٍ قراءة بطاقة الهوية...", "Зчитування ID-картки...", "Считывание ID-карты..."),
"Please do not remove the card.": ("Bitte nehmen Sie den Ausweis nicht weg.", "Lütfen kartı çekmeyin.", "يرجى عدم إزالة البطاقة.", "Будь ласка, не забирайте картку.", "Пожалуйста, не убирайте карту."),
"What is your concern?": ("Was ist Ihr Anliegen?", "Hangi işlem için geldiniz?", "ما هي معاملتك؟", "З якого питання ви звертаєтеся?", "По какому вопросу вы обращаетесь?"),
"Please wait...": ("Bitte warten ...", "Lütfen bekleyin...", "يرجى الانتظار...", "Зачекайте, будь ласка...", "Пожалуйста, подождите..."),
"You are checked in. Your number:": ("Sie sind angemeldet. Ihre Nummer:", "Girişiniz yapıldı. Numaranız:", "تم تسجيل حضورك. رقمك:", "Вас зареєстровано. Ваш номер:", "Вы зарегистрированы. Ваш номер:"),
"Your number:": ("Ihre Nummer:", "Numaranız:", "رقمك:", "Ваш номер:", "Ваш номер:"),
"Waiting times are currently unavailable.": ("Wartezeiten sind zurzeit nicht verfügbar.", "Bekleme süreleri şu anda mevcut değil.", "أوقات الانتظار غير متاحة حالياً.", "Час очікування наразі недоступний.", "Время ожидания сейчас недоступно."),
"People ahead of you: %d, estimated wait: about %d min": ("Vor Ihnen: %d, geschätzte Wartezeit: etwa %d Min.", "Önünüzdeki kişi sayısı: %d, tahmini bekleme: yaklaşık %d dk", "عدد من قبلك: %d، وقت الانتظار المتوقع: حوالي %d دقيقة", "Перед вами: %d, орієнтовне очікування: близько %d хв", "Перед вами: %d, ожидание: около %d мин"),
"People ahead of you: %d": ("Vor Ihnen: %d", "Önünüzdeki kişi sayısı: %d", "عدد من قبلك: %d", "Перед вами: %d", "Перед вами: %d"),
"The printer is out of paper. Please note your number.": ("Der Drucker hat kein Papier. Bitte notieren Sie Ihre Nummer.", "Yazıcıda kâğıt yok. Lütfen numaranızı not edin.", "نفد الورق من الطابعة. يرجى تدوين رقمك.", "У принтері закінчився папір. Запишіть свій номер.", "В принтере закончилась бумага. Запишите свой номер."),
"Your ticket is being printed.": ("Ihr Ticket wird gedruckt.", "Biletiniz yazdırılıyor.", "جارٍ طباعة تذكرتك.", "Ваш талон друкується.", "Ваш талон печатается."),
"Please take your ticket and wait until your number is called.": ("Bitte nehmen Sie Ihr Ticket und warten Sie, bis Ihre Nummer aufgerufen wird.", "Lütfen biletinizi alın ve numaranız çağrılana kadar bekleyin.", "يرجى أخذ تذكرتك والانتظار حتى يُنادى رقمك.", "Візьміть талон і зачекайте, доки викличуть ваш номер.", "Возьмите талон и подождите, пока вызовут ваш номер."),
"I need priority (e.g. disability, pregnancy)": ("Ich benötige Vorrang (z. B. Behinderung, Schwangerschaft)", "Öncelik istiyorum (ör. engellilik, hamilelik)", "أحتاج إلى أولوية (مثل الإعاقة أو الحمل)", "Мені потрібен пріоритет (напр., інвалідність, вагітність)", "Мне нужен приоритет (напр., инвалидность, беременность)"),
"Your priority request was passed on to the staff, who will confirm it.": ("Ihr Wunsch nach Vorrang wurde an die Mitarbeitenden weitergegeben, die ihn bestätigen.", "Öncelik talebiniz personele iletildi, personel onaylayacaktır.", "أُرسل طلب الأولوية إلى الموظفين وسيقومون بتأكيده.", "Ваш запит на пріоритет передано працівникам, вони його підтвердять.", "Ваш запрос на приоритет передан сотрудникам, они его подтвердят."),
"Please ask for priority at the counter.": ("Bitte fragen Sie am Schalter nach Vorrang.", "Lütfen öncelik için gişeye başvurun.", "يرجى طلب الأولوية عند الشباك.", "Будь ласка, попросіть про пріоритет біля віконця.", "Пожалуйста, попросите о приоритете у окна."),
"Done": ("Fertig", "Tamam", "تم", "Готово", "Готово"),
"No appointment found for today": ("Kein Termin für heute gefunden", "Bugün için randevu bulunamadı", "لم يُعثر على موعد لليوم", "Запис на сьогодні не знайдено", "Запись на сегодня не найдена"),
"You are too early": ("Sie sind zu früh", "Çok erken geldiniz", "لقد حضرت مبكراً جداً", "Ви прийшли занадто рано", "Вы пришли слишком рано"),
"Your check-in time has passed": ("Ihre Anmeldezeit ist abgelaufen", "Giriş süreniz geçti", "انتهى وقت تسجيل حضورك", "Час вашої реєстрації минув", "Время вашей регистрации истекло"),
"You are already checked in": ("Sie sind bereits angemeldet", "Girişiniz zaten yapıldı", "لقد سجلت حضورك بالفعل", "Ви вже зареєстровані", "Вы уже зарегистрированы"),
"Please use your booking code": ("Bitte verwenden Sie Ihren Buchungscode", "Lütfen randevu kodunuzu kullanın", "يرجى استخدام رمز الحجز", "Скористайтеся кодом запису", "Используйте код записи"),
"This appointment was cancelled": ("Dieser Termin wurde abgesagt", "Bu randevu iptal edildi", "تم إلغاء هذا الموعد", "Цей запис скасовано", "Эта запись отменена"),
"The access number does not match the card": ("Die Zugangsnummer passt nicht zum Ausweis", "Erişim numarası kartla eşleşmiyor", "رقم الوصول لا يطابق البطاقة", "Номер доступу не відповідає картці", "Номер доступа не подходит к карте"),
"The card was removed too early": ("Der Ausweis wurde zu früh entfernt", "Kart çok erken çekildi", "أُزيلت البطاقة مبكراً جداً", "Картку забрали зарано", "Карту убрали слишком рано"),
"This card cannot be read here": ("Dieser Ausweis kann hier nicht gelesen werden", "Bu kart burada okunamıyor", "لا يمكن قراءة هذه البطاقة هنا", "Цю картку тут неможливо зчитати", "Эту карту здесь нельзя считать"),
"The card could not be read": ("Der Ausweis konnte nicht gelesen werden", "Kart okunamadı", "تعذرت قراءة البطاقة", "Не вдалося зчитати картку", "Не удалось считать карту"),
"The card could not be verified": ("Der Ausweis konnte nicht geprüft werden", "Kart doğrulanamadı", "تعذر التحقق من البطاقة", "Не вдалося перевірити картку", "Не удалось проверить карту"),
"This kiosk is not authorised": ("Dieses Terminal ist nicht freigeschaltet", "Bu cihaz yetkili değil", "هذا الجهاز غير مصرح له", "Цей термінал не авторизовано", "Этот терминал не авторизован"),
"Check-in is not possible at the moment": ("Die Anmeldung ist gerade nicht möglich", "Giriş şu anda mümkün değil", "تسجيل الحضور غير ممكن حالياً", "Реєстрація зараз неможлива", "Регистрация сейчас невозможна"),
"No numbers available for this concern": ("Für dieses Anliegen sind keine Nummern verfügbar", "Bu işlem için numara kalmadı", "لا توجد أرقام متاحة لهذه المعاملة", "Для цього питання немає вільних номерів", "Для этого вопроса нет свободных номеров"),
"Something went wrong": ("Etwas ist schiefgegangen", "Bir sorun oluştu", "حدث خطأ ما", "Щось пішло не так", "Что-то пошло не так"),
"Please check the code or ask at the information desk.": ("Bitte prüfen Sie den Code oder fragen Sie an der Information.", "Lütfen kodu kontrol edin veya danışmaya sorun.", "يرجى التحقق من الرمز أو السؤال في مكتب الاستعلامات.", "Перевірте код або зверніться до довідкового бюро.", "Проверьте код или обратитесь в справочную."),
"Check-in opens at %s. Please come back then.": ("Die Anmeldung ist ab %s Uhr möglich. Bitte kommen Sie dann wieder.", "Giriş saat %s itibarıyla açılır. Lütfen o zaman tekrar gelin.", "يبدأ تسجيل الحضور الساعة %s. يرجى العودة حينها.", "Реєстрація відкривається о %s. Будь ласка, поверніться тоді.", "Регистрация открывается в %s. Пожалуйста, вернитесь к этому времени."),
"Check-in closed at %s. Please ask at the information desk.": ("Die Anmeldung war bis %s Uhr möglich. Bitte fragen Sie an der Information.", "Giriş saat %s itibarıyla kapandı. Lütfen danışmaya sorun.", "انتهى تسجيل الحضور الساعة %s. يرجى السؤال في مكتب الاستعلامات.", "Реєстрація закрилася о %s. Зверніться до довідкового бюро.", "Регистрация закрылась в %s. Обратитесь в справочную."),
"Please wait until your number is called.": ("Bitte warten Sie, bis Ihre Nummer aufgerufen wird.", "Lütfen numaranız çağrılana kadar bekleyin.", "يرجى الانتظار حتى يُنادى رقمك.", "Зачекайте, доки викличуть ваш номер.", "Подождите, пока вызовут ваш номер."),
"More than one appointment matches your card.": ("Mehrere Termine passen zu Ihrem Ausweis.", "Kartınızla birden fazla randevu eşleşiyor.", "أكثر من موعد يطابق بطاقتك.", "Вашій картці відповідає кілька записів.", "Вашей карте соответствует несколько записей."),
"Please ask at the information desk.": ("Bitte fragen Sie an der Information.", "Lütfen danışmaya sorun.", "يرجى السؤال في مكتب الاستعلامات.", "Зверніться до довідкового бюро.", "Обратитесь в справочную."),
"Please check the six digits on the front of the card.": ("Bitte prüfen Sie die sechs Ziffern auf der Vorderseite des Ausweises.", "Lütfen kartın ön yüzündeki altı haneyi kontrol edin.", "يرجى التحقق من الأرقام الستة على وجه البطاقة.", "Перевірте шість цифр на лицьовому боці картки.", "Проверьте шесть цифр на лицевой стороне карты."),
"Please leave the card on the reader until the check-in is complete.": ("Bitte lassen Sie den Ausweis bis zum Ende der Anmeldung auf dem Lesegerät.", "Lütfen giriş tamamlanana kadar kartı okuyucuda bırakın.", "يرجى ترك البطاقة على القارئ حتى اكتمال التسجيل.", "Залиште картку на зчитувачі до завершення реєстрації.", "Оставьте карту на считывателе до завершения регистрации."),
"Please enter your booking code instead.": ("Bitte geben Sie stattdessen Ihren Buchungscode ein.", "Lütfen bunun yerine randevu kodunuzu girin.", "يرجى إدخال رمز الحجز بدلاً من ذلك.", "Натомість введіть код запису.", "Вместо этого введите код записи."),
"Please place the card flat on the reader and try again.": ("Bitte legen Sie den Ausweis flach auf das Lesegerät und versuchen Sie es erneut.", "Lütfen kartı okuyucuya düz koyun ve tekrar deneyin.", "يرجى وضع البطاقة بشكل مستوٍ على القارئ والمحاولة مرة أخرى.", "Покладіть картку рівно на зчитувач і спробуйте ще раз.", "Положите карту ровно на считыватель и попробуйте ещё раз."),
"Please take a number without appointment or ask at the information desk.": ("Bitte ziehen Sie eine Nummer ohne Termin oder fragen Sie an der Information.", "Lütfen randevusuz numara alın veya danışmaya sorun.", "يرجى أخذ رقم بدون موعد أو السؤال في مكتب الاستعلامات.", "Візьміть номер без запису або зверніться до довідкового бюро.", "Возьмите номер без записи или обратитесь в справочную."),
"Try again": ("Erneut versuchen", "Tekrar dene", "حاول مرة أخرى", "Спробувати ще раз", "Попробовать ещё раз"),
"Correct the code": ("Code korrigieren", "Kodu düzelt", "تصحيح الرمز", "Виправити код", "Исправить код"),
"Do you need more time?": ("Brauchen Sie mehr Zeit?", "Daha fazla zamana mı ihtiyacınız var?", "هل تحتاج إلى مزيد من الوقت؟", "Вам потрібно більше часу?", "Вам нужно больше времени?"),
"Otherwise the kiosk starts over shortly.": ("Sonst beginnt das Terminal gleich von vorn.", "Aksi halde cihaz birazdan baştan başlar.", "وإلا سيبدأ الجهاز من جديد بعد قليل.", "Інакше термінал незабаром почне спочатку.", "Иначе терминал скоро начнёт сначала."),
"Yes, more time": ("Ja, mehr Zeit", "Evet, daha fazla zaman", "نعم، مزيد من الوقت", "Так, більше часу", "Да, больше времени"),
}
LANGS = ["de", "tr", "ar", "uk", "ru"]
NAMES = {"de": "German", "en": "English", "tr": "Turkish", "ar": "Arabic", "uk": "Ukrainian", "ru": "Russian"}

def esc(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kiosk")
os.makedirs(out, exist_ok=True)
for lang in ["en"] + LANGS:
    with open(os.path.join(out, lang + ".po"), "w", encoding="utf-8") as f:
        f.write("# civiq-kiosk: %s texts. Generated by ui/po/kiosk-translations.py; edit there.\n" % NAMES[lang])
        f.write('msgid ""\nmsgstr ""\n"Project-Id-Version: civiq-kiosk\\n"\n"PO-Revision-Date: 2026-01-01 00:00+0100\\n"\n"Last-Translator: civiq <civiq@localhost>\\n"\n"Language-Team: civiq\\n"\n"Language: %s\\n"\n' % lang)
        f.write('"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n')
        plural = {"de": "nplurals=2; plural=(n != 1);", "en": "nplurals=2; plural=(n != 1);",
                  "tr": "nplurals=2; plural=(n != 1);", "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
                  "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
                  "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"}[lang]
        f.write('"Plural-Forms: %s\\n"\n' % plural)
        for k in sorted(T):
            v = k if lang == "en" else T[k][LANGS.index(lang)]
            if "%" in k:
                f.write("#, c-format\n")
            f.write('\nmsgid "%s"\nmsgstr "%s"\n' % (esc(k), esc(v)))
