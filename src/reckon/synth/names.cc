#include "reckon/synth/names.h"

#include <algorithm>

namespace reckon::synth {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

namespace {

std::vector<TraditionPool> BasePools();

bool EndsWithVowel(const std::string& s) {
  return !s.empty() && std::string("aeiouy").find(s.back()) != std::string::npos;
}

// Family names formed from the tradition's given names, as many are (Rashid -> Rashidov, Aram ->
// Aramyan, Levan -> Levanishvili): enough of them that a town is not full of namesakes.
NameForms DerivedFamily(Tradition tradition, const NameForms& given) {
  NameForms out;
  auto each_latin = [&](const std::vector<std::pair<std::string, std::string>>& suffixes) {
    const std::string& base = given.latin[0];
    for (const auto& [after_consonant, after_vowel] : suffixes) {
      out.latin.push_back(base + (EndsWithVowel(base) ? after_vowel : after_consonant));
    }
    // A variant spelling of the given name makes a variant of the family name.
    for (size_t i = 1; i < given.latin.size(); ++i) {
      const std::string& variant = given.latin[i];
      std::string name =
          variant + (EndsWithVowel(variant) ? suffixes[0].second : suffixes[0].first);
      if (std::find(out.latin.begin(), out.latin.end(), name) == out.latin.end()) {
        out.latin.push_back(name);
      }
    }
  };
  switch (tradition) {
    case Tradition::kAzerbaijani:
      each_latin({{"ov", "yev"}, {"of", "yeff"}});
      out.cyrillic = given.cyrillic + (EndsWithVowel(given.latin[0]) ? "ев" : "ов");
      break;
    case Tradition::kArmenian:
      each_latin({{"yan", "yan"}, {"ian", "ian"}});
      out.cyrillic = given.cyrillic + "ян";
      if (!given.armenian.empty()) out.armenian = given.armenian + "յան";
      break;
    case Tradition::kRussian:
      each_latin({{"ov", "ev"}, {"off", "eff"}});
      out.cyrillic = given.cyrillic + (EndsWithVowel(given.latin[0]) ? "ев" : "ов");
      break;
    case Tradition::kGeorgian:
      each_latin({{"ishvili", "shvili"}, {"ischwili", "schwili"}});
      out.cyrillic = given.cyrillic + (EndsWithVowel(given.latin[0]) ? "швили" : "ишвили");
      break;
    case Tradition::kTurkish:
      each_latin({{"oglu", "oglu"}, {"oğlu", "oğlu"}});
      out.cyrillic = given.cyrillic + "оглу";
      break;
  }
  return out;
}

}  // namespace

const std::vector<TraditionPool>& Pools() {
  static const std::vector<TraditionPool> kPools = [] {
    std::vector<TraditionPool> pools = BasePools();
    for (TraditionPool& pool : pools) {
      std::vector<NameForms> derived;
      for (const NameForms& given : pool.male) {
        // Russian names ending in y or i (Sergey, Yuri) form theirs irregularly; left out.
        if (pool.tradition == Tradition::kRussian && EndsWithVowel(given.latin[0])) continue;
        NameForms family = DerivedFamily(pool.tradition, given);
        bool known = std::any_of(pool.family.begin(), pool.family.end(),
                                 [&](const NameForms& f) { return f.latin[0] == family.latin[0]; });
        if (!known) derived.push_back(std::move(family));
      }
      pool.family.insert(pool.family.end(), derived.begin(), derived.end());
    }
    return pools;
  }();
  return kPools;
}

namespace {

std::vector<TraditionPool> BasePools() {
  return {
      {Tradition::kAzerbaijani,
       {{{"Rashid", "Rashid", "Rəşid", "Reshid"}, "Рашид", ""},
        {{"Elchin", "Elçin", "Elchin"}, "Эльчин", ""},
        {{"Farid", "Fərid", "Farid"}, "Фарид", ""},
        {{"Kamal", "Kamal"}, "Камал", ""},
        {{"Tural", "Tural"}, "Турал", ""},
        {{"Vugar", "Vüqar", "Vugar"}, "Вугар", ""},
        {{"Anar", "Anar"}, "Анар", ""},
        {{"Rauf", "Rauf"}, "Рауф", ""},
        {{"Samir", "Samir"}, "Самир", ""},
        {{"Javid", "Cavid", "Javid", "Dzhavid"}, "Джавид", ""},
        {{"Orkhan", "Orxan", "Orkhan"}, "Орхан", ""},
        {{"Ilgar", "İlqar", "Ilgar"}, "Ильгар", ""},
        {{"Elnur", "Elnur"}, "Элнур", ""},
        {{"Rashad", "Rəşad", "Rashad"}, "Рашад", ""},
        {{"Nijat", "Nicat", "Nijat"}, "Ниджат", ""},
        {{"Emin", "Emin"}, "Эмин", ""},
        {{"Vusal", "Vüsal", "Vusal"}, "Вюсал", ""},
        {{"Ramil", "Ramil"}, "Рамиль", ""},
        {{"Zaur", "Zaur"}, "Заур", ""},
        {{"Elvin", "Elvin"}, "Эльвин", ""},
        {{"Ilham", "İlham", "Ilham"}, "Ильхам", ""},
        {{"Namig", "Namiq", "Namig"}, "Намиг", ""}},
       {{{"Aygun", "Aygün", "Aygun"}, "Айгюн", ""},
        {{"Sevinj", "Sevinc", "Sevinj"}, "Севиндж", ""},
        {{"Leyla", "Leyla", "Leila"}, "Лейла", ""},
        {{"Gunel", "Günel", "Gunel"}, "Гюнель", ""},
        {{"Nigar", "Nigar"}, "Нигяр", ""},
        {{"Aysel", "Aysel"}, "Айсель", ""},
        {{"Khadija", "Xədicə", "Khadija", "Hadija"}, "Хадиджа", ""},
        {{"Sabina", "Sabina"}, "Сабина", ""},
        {{"Narmin", "Nərmin", "Narmin"}, "Нармин", ""},
        {{"Ulviyya", "Ülviyyə", "Ulviya"}, "Ульвия", ""},
        {{"Gulnar", "Gülnar", "Gulnar"}, "Гюльнар", ""},
        {{"Nurlana", "Nurlana"}, "Нурлана", ""},
        {{"Aynur", "Aynur"}, "Айнур", ""},
        {{"Konul", "Könül", "Konul"}, "Кёнуль", ""},
        {{"Shahla", "Şəhla", "Shahla"}, "Шахла", ""},
        {{"Gunay", "Günay", "Gunay"}, "Гюнай", ""},
        {{"Lala", "Lalə", "Lala"}, "Лала", ""},
        {{"Fidan", "Fidan"}, "Фидан", ""},
        {{"Zeynab", "Zeynəb", "Zeynab"}, "Зейнаб", ""},
        {{"Jamila", "Cəmilə", "Jamila", "Dzhamila"}, "Джамиля", ""}},
       {{{"Aliyev", "Əliyev", "Aliev", "Aliyeff"}, "Алиев", ""},
        {{"Mammadov", "Məmmədov", "Mamedov", "Mammadof"}, "Мамедов", ""},
        {{"Hasanov", "Həsənov", "Gasanov", "Hasanof"}, "Гасанов", ""},
        {{"Huseynov", "Hüseynov", "Guseynov", "Guseinov"}, "Гусейнов", ""},
        {{"Guliyev", "Quliyev", "Guliev", "Kuliyev"}, "Гулиев", ""},
        {{"Ismayilov", "İsmayılov", "Ismailov"}, "Исмаилов", ""},
        {{"Karimov", "Kərimov", "Kerimov"}, "Керимов", ""},
        {{"Abbasov", "Abbasov"}, "Аббасов", ""},
        {{"Rzayev", "Rzayev", "Rzaev"}, "Рзаев", ""},
        {{"Jafarov", "Cəfərov", "Dzhafarov", "Jafarov"}, "Джафаров", ""}},
       true},
      {Tradition::kArmenian,
       {{{"Aram", "Aram"}, "Арам", "Արամ"},
        {{"Armen", "Armen"}, "Армен", "Արմեն"},
        {{"Tigran", "Tigran", "Dikran"}, "Тигран", "Տիգրան"},
        {{"Vahe", "Vahe"}, "Ваге", "Վահե"},
        {{"Gevorg", "Gevorg", "Kevork"}, "Геворг", "Գևորգ"},
        {{"Hovhannes", "Hovhannes", "Ovanes", "Hovannes"}, "Ованес", "Հովհաննես"},
        {{"Karen", "Karen"}, "Карен", "Կարեն"},
        {{"Davit", "Davit", "David"}, "Давид", "Դավիթ"},
        {{"Levon", "Levon"}, "Левон", "Լևոն"},
        {{"Suren", "Suren"}, "Сурен", "Սուրեն"},
        {{"Ashot", "Ashot"}, "Ашот", "Աշոտ"},
        {{"Vardan", "Vardan", "Vartan"}, "Вардан", "Վարդան"},
        {{"Hayk", "Hayk", "Haik"}, "Айк", "Հայկ"},
        {{"Samvel", "Samvel"}, "Самвел", "Սամվել"},
        {{"Artur", "Artur", "Arthur"}, "Артур", "Արթուր"},
        {{"Gagik", "Gagik"}, "Гагик", "Գագիկ"},
        {{"Ruben", "Ruben"}, "Рубен", "Ռուբեն"},
        {{"Hrant", "Hrant"}, "Грант", "Հրանտ"}},
       {{{"Anahit", "Anahit"}, "Анаит", "Անահիտ"},
        {{"Ani", "Ani"}, "Ани", "Անի"},
        {{"Lusine", "Lusine", "Lusineh"}, "Лусине", "Լուսինե"},
        {{"Mariam", "Mariam", "Mariyam"}, "Мариам", "Մարիամ"},
        {{"Armine", "Armine"}, "Армине", "Արմինե"},
        {{"Gayane", "Gayane", "Gayaneh"}, "Гаяне", "Գայանե"},
        {{"Siranush", "Siranush", "Siranoush"}, "Сирануш", "Սիրանուշ"},
        {{"Hasmik", "Hasmik"}, "Асмик", "Հասմիկ"},
        {{"Narine", "Narine"}, "Нарине", "Նարինե"},
        {{"Lilit", "Lilit"}, "Лилит", "Լիլիթ"},
        {{"Nune", "Nune"}, "Нуне", "Նունե"},
        {{"Gohar", "Gohar"}, "Гоар", "Գոհար"},
        {{"Astghik", "Astghik", "Astrik"}, "Астхик", "Աստղիկ"},
        {{"Karine", "Karine"}, "Карине", "Կարինե"},
        {{"Shushan", "Shushan"}, "Шушан", "Շուշան"},
        {{"Tatevik", "Tatevik"}, "Татевик", "Տաթևիկ"},
        {{"Marine", "Marine"}, "Марине", "Մարինե"}},
       {{{"Petrosyan", "Petrosian", "Bedrosian"}, "Петросян", "Պետրոսյան"},
        {{"Grigoryan", "Grigorian", "Krikorian"}, "Григорян", "Գրիգորյան"},
        {{"Harutyunyan", "Harutyunian", "Arutyunyan", "Harutiunian"}, "Арутюнян", "Հարությունյան"},
        {{"Sargsyan", "Sargsian", "Sarkisian", "Sarkisyan"}, "Саргсян", "Սարգսյան"},
        {{"Hovhannisyan", "Hovhannisian", "Oganesyan", "Hovannisian"}, "Оганесян", "Հովհաննիսյան"},
        {{"Avetisyan", "Avetisian"}, "Аветисян", "Ավետիսյան"},
        {{"Khachatryan", "Khachatrian", "Hachatryan"}, "Хачатрян", "Խաչատրյան"},
        {{"Karapetyan", "Karapetian"}, "Карапетян", "Կարապետյան"},
        {{"Gevorgyan", "Gevorgian", "Kevorkian"}, "Геворгян", "Գևորգյան"}},
       false},
      {Tradition::kRussian,
       {{{"Ivan", "Ivan"}, "Иван", ""},
        {{"Sergey", "Sergei", "Sergey", "Serguei"}, "Сергей", ""},
        {{"Aleksandr", "Alexander", "Aleksandr", "Alexandr"}, "Александр", ""},
        {{"Dmitry", "Dmitriy", "Dmitry", "Dmitri"}, "Дмитрий", ""},
        {{"Nikolay", "Nikolai", "Nikolay"}, "Николай", ""},
        {{"Andrey", "Andrei", "Andrey"}, "Андрей", ""},
        {{"Mikhail", "Mikhail", "Michail"}, "Михаил", ""},
        {{"Yuri", "Yuriy", "Iurii", "Yury"}, "Юрий", ""},
        {{"Pavel", "Pavel"}, "Павел", ""},
        {{"Viktor", "Victor", "Viktor"}, "Виктор", ""},
        {{"Aleksey", "Alexei", "Aleksei", "Alexey"}, "Алексей", ""},
        {{"Vladimir", "Vladimir", "Wladimir"}, "Владимир", ""},
        {{"Oleg", "Oleg"}, "Олег", ""},
        {{"Igor", "Igor"}, "Игорь", ""},
        {{"Boris", "Boris"}, "Борис", ""},
        {{"Roman", "Roman"}, "Роман", ""},
        {{"Maksim", "Maxim", "Maksim"}, "Максим", ""},
        {{"Konstantin", "Konstantin", "Constantin"}, "Константин", ""},
        {{"Anton", "Anton"}, "Антон", ""},
        {{"Stepan", "Stepan"}, "Степан", ""}},
       {{{"Olga", "Olga", "Ol'ga"}, "Ольга", ""},
        {{"Natalya", "Natalia", "Natalya", "Natal'ya"}, "Наталья", ""},
        {{"Yelena", "Elena", "Yelena", "Jelena"}, "Елена", ""},
        {{"Tatyana", "Tatiana", "Tatyana", "Tat'yana"}, "Татьяна", ""},
        {{"Irina", "Irina"}, "Ирина", ""},
        {{"Svetlana", "Svetlana"}, "Светлана", ""},
        {{"Yulia", "Yuliya", "Iuliia", "Julia"}, "Юлия", ""},
        {{"Anna", "Anna"}, "Анна", ""},
        {{"Maria", "Mariya", "Maria"}, "Мария", ""},
        {{"Galina", "Galina"}, "Галина", ""},
        {{"Lyudmila", "Ludmila", "Liudmila"}, "Людмила", ""},
        {{"Vera", "Vera", "Wera"}, "Вера", ""},
        {{"Nadezhda", "Nadezda", "Nadejda"}, "Надежда", ""},
        {{"Yekaterina", "Ekaterina", "Yekaterina"}, "Екатерина", ""},
        {{"Marina", "Marina"}, "Марина", ""},
        {{"Oksana", "Oxana", "Oksana"}, "Оксана", ""},
        {{"Valentina", "Valentina"}, "Валентина", ""},
        {{"Darya", "Daria", "Darya"}, "Дарья", ""}},
       {{{"Ivanov", "Ivanov", "Ivanoff"}, "Иванов", ""},
        {{"Smirnov", "Smirnov", "Smirnoff"}, "Смирнов", ""},
        {{"Kuznetsov", "Kuznetsov", "Kouznetsov", "Kuznecov"}, "Кузнецов", ""},
        {{"Popov", "Popov", "Popoff"}, "Попов", ""},
        {{"Sokolov", "Sokolov"}, "Соколов", ""},
        {{"Volkov", "Volkov", "Wolkow"}, "Волков", ""},
        {{"Fyodorov", "Fedorov", "Fyodorov", "Fiodorov"}, "Фёдоров", ""},
        {{"Morozov", "Morozov"}, "Морозов", ""},
        {{"Zaytsev", "Zaitsev", "Zaytsev", "Zajcev"}, "Зайцев", ""}},
       true},
      {Tradition::kGeorgian,
       {{{"Giorgi", "Giorgi", "Georgi"}, "Георгий", ""},
        {{"Levan", "Levan"}, "Леван", ""},
        {{"Davit", "Davit", "Dato"}, "Давит", ""},
        {{"Irakli", "Irakli", "Irakly"}, "Ираклий", ""},
        {{"Zurab", "Zurab"}, "Зураб", ""},
        {{"Nika", "Nika"}, "Ника", ""},
        {{"Tamaz", "Tamaz"}, "Тамаз", ""},
        {{"Nikoloz", "Nikoloz"}, "Николоз", ""},
        {{"Lasha", "Lasha"}, "Лаша", ""},
        {{"Otar", "Otar"}, "Отар", ""},
        {{"Revaz", "Revaz"}, "Реваз", ""},
        {{"Vakhtang", "Vakhtang", "Vakhtangi"}, "Вахтанг", ""},
        {{"Shota", "Shota"}, "Шота", ""},
        {{"Archil", "Archil"}, "Арчил", ""},
        {{"Temur", "Temur", "Teimur"}, "Темур", ""}},
       {{{"Nino", "Nino"}, "Нино", ""},
        {{"Tamar", "Tamar", "Tamara"}, "Тамар", ""},
        {{"Ketevan", "Ketevan", "Keti"}, "Кетеван", ""},
        {{"Mariam", "Mariami", "Mariam"}, "Мариам", ""},
        {{"Natia", "Natia"}, "Натия", ""},
        {{"Eka", "Eka", "Ekaterine"}, "Эка", ""},
        {{"Manana", "Manana"}, "Манана", ""},
        {{"Lela", "Lela"}, "Лела", ""},
        {{"Nana", "Nana"}, "Нана", ""},
        {{"Maia", "Maia", "Maya"}, "Майя", ""},
        {{"Salome", "Salome"}, "Саломе", ""},
        {{"Tinatin", "Tinatin", "Tina"}, "Тинатин", ""},
        {{"Sopho", "Sopho", "Sofio"}, "Софо", ""},
        {{"Lia", "Lia"}, "Лия", ""}},
       {{{"Beridze", "Beridze"}, "Беридзе", ""},
        {{"Kapanadze", "Kapanadze"}, "Капанадзе", ""},
        {{"Gelashvili", "Gelashvili", "Gelaschwili"}, "Гелашвили", ""},
        {{"Maisuradze", "Maisuradze"}, "Майсурадзе", ""},
        {{"Lomidze", "Lomidze"}, "Ломидзе", ""},
        {{"Tsiklauri", "Tsiklauri", "Ciklauri"}, "Циклаури", ""},
        {{"Javakhishvili", "Javakhishvili", "Dzhavakhishvili"}, "Джавахишвили", ""}},
       false},
      {Tradition::kTurkish,
       {{{"Mehmet", "Mehmet", "Mehmed"}, "Мехмет", ""},
        {{"Mustafa", "Mustafa"}, "Мустафа", ""},
        {{"Ahmet", "Ahmet", "Ahmed"}, "Ахмет", ""},
        {{"Huseyin", "Hüseyin", "Huseyin", "Husein"}, "Хусейн", ""},
        {{"Ibrahim", "İbrahim", "Ibrahim"}, "Ибрагим", ""},
        {{"Osman", "Osman"}, "Осман", ""},
        {{"Emre", "Emre"}, "Эмре", ""},
        {{"Ali", "Ali"}, "Али", ""},
        {{"Hasan", "Hasan", "Hassan"}, "Хасан", ""},
        {{"Murat", "Murat", "Murad"}, "Мурат", ""},
        {{"Yusuf", "Yusuf", "Yousuf"}, "Юсуф", ""},
        {{"Omer", "Ömer", "Omer"}, "Омер", ""},
        {{"Kemal", "Kemal"}, "Кемаль", ""},
        {{"Burak", "Burak"}, "Бурак", ""},
        {{"Serkan", "Serkan"}, "Серкан", ""},
        {{"Hakan", "Hakan"}, "Хакан", ""}},
       {{{"Ayse", "Ayşe", "Ayse", "Aishe"}, "Айше", ""},
        {{"Fatma", "Fatma"}, "Фатма", ""},
        {{"Emine", "Emine"}, "Эмине", ""},
        {{"Hatice", "Hatice", "Hatidje"}, "Хатидже", ""},
        {{"Zeynep", "Zeynep", "Zeinep"}, "Зейнеп", ""},
        {{"Elif", "Elif"}, "Элиф", ""},
        {{"Zehra", "Zehra"}, "Зехра", ""},
        {{"Meryem", "Meryem", "Meriem"}, "Мерьем", ""},
        {{"Sultan", "Sultan"}, "Султан", ""},
        {{"Esra", "Esra"}, "Эсра", ""},
        {{"Merve", "Merve"}, "Мерве", ""},
        {{"Ozlem", "Özlem", "Ozlem"}, "Озлем", ""},
        {{"Selin", "Selin"}, "Селин", ""},
        {{"Derya", "Derya"}, "Дерья", ""}},
       {{{"Yilmaz", "Yılmaz", "Yilmaz"}, "Йылмаз", ""},
        {{"Kaya", "Kaya"}, "Кая", ""},
        {{"Demir", "Demir"}, "Демир", ""},
        {{"Sahin", "Şahin", "Sahin"}, "Шахин", ""},
        {{"Celik", "Çelik", "Celik"}, "Челик", ""},
        {{"Ozturk", "Öztürk", "Ozturk"}, "Озтюрк", ""},
        {{"Aydin", "Aydın", "Aydin"}, "Айдын", ""},
        {{"Arslan", "Arslan"}, "Арслан", ""},
        {{"Dogan", "Doğan", "Dogan"}, "Доган", ""},
        {{"Kilic", "Kılıç", "Kilic"}, "Кылыч", ""},
        {{"Aslan", "Aslan"}, "Аслан", ""},
        {{"Cetin", "Çetin", "Cetin"}, "Четин", ""},
        {{"Kurt", "Kurt"}, "Курт", ""},
        {{"Ozdemir", "Özdemir", "Ozdemir"}, "Оздемир", ""},
        {{"Polat", "Polat"}, "Полат", ""},
        {{"Yildiz", "Yıldız", "Yildiz"}, "Йылдыз", ""},
        {{"Koc", "Koç", "Koc"}, "Коч", ""}},
       false},
  };
}

}  // namespace

std::string FeminineFamily(Tradition tradition, const std::string& name, Script script) {
  if (tradition != Tradition::kAzerbaijani && tradition != Tradition::kRussian) return name;
  if (script == Script::kArmenian) return name;
  if (EndsWith(name, "ov") || EndsWith(name, "ev") || EndsWith(name, "in") ||
      EndsWith(name, "ов") || EndsWith(name, "ев") || EndsWith(name, "ин") ||
      EndsWith(name, "of") || EndsWith(name, "ff")) {
    if (EndsWith(name, "ff")) return name.substr(0, name.size() - 2) + "va";
    if (EndsWith(name, "of")) return name.substr(0, name.size() - 1) + "va";
    return name + (script == Script::kCyrillic ? "а" : "a");
  }
  return name;
}

std::string Patronymic(Tradition tradition, const std::string& father, bool male, Script script) {
  bool cyrillic = script == Script::kCyrillic;
  switch (tradition) {
    case Tradition::kRussian: {
      bool soft = EndsWith(father, "y") || EndsWith(father, "i") || EndsWith(father, "й") ||
                  EndsWith(father, "ий");
      std::string stem = father;
      if (cyrillic) {
        if (EndsWith(stem, "ий")) {
          return stem.substr(0, stem.size() - 4) + (male ? "ьевич" : "ьевна");
        }
        if (EndsWith(stem, "й")) return stem.substr(0, stem.size() - 2) + (male ? "евич" : "евна");
        return stem + (male ? "ович" : "овна");
      }
      // Sergey -> Serge-yevich, Yuri -> Yur-yevich: drop the final y or i.
      if (EndsWith(stem, "y") || EndsWith(stem, "i")) stem = stem.substr(0, stem.size() - 1);
      return stem + (soft ? (male ? "yevich" : "yevna") : (male ? "ovich" : "ovna"));
    }
    case Tradition::kAzerbaijani:
      if (cyrillic) return father + (male ? " оглы" : " кызы");
      return father + (male ? " oglu" : " qizi");
    default:
      return "";
  }
}

}  // namespace reckon::synth
