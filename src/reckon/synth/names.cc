#include "reckon/synth/names.h"

namespace reckon::synth {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

const std::vector<TraditionPool>& Pools() {
  static const std::vector<TraditionPool> kPools = {
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
        {{"Ilgar", "İlqar", "Ilgar"}, "Ильгар", ""}},
       {{{"Aygun", "Aygün", "Aygun"}, "Айгюн", ""},
        {{"Sevinj", "Sevinc", "Sevinj"}, "Севиндж", ""},
        {{"Leyla", "Leyla", "Leila"}, "Лейла", ""},
        {{"Gunel", "Günel", "Gunel"}, "Гюнель", ""},
        {{"Nigar", "Nigar"}, "Нигяр", ""},
        {{"Aysel", "Aysel"}, "Айсель", ""},
        {{"Khadija", "Xədicə", "Khadija", "Hadija"}, "Хадиджа", ""},
        {{"Sabina", "Sabina"}, "Сабина", ""},
        {{"Narmin", "Nərmin", "Narmin"}, "Нармин", ""},
        {{"Ulviyya", "Ülviyyə", "Ulviya"}, "Ульвия", ""}},
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
        {{"Suren", "Suren"}, "Сурен", "Սուրեն"}},
       {{{"Anahit", "Anahit"}, "Анаит", "Անահիտ"},
        {{"Ani", "Ani"}, "Ани", "Անի"},
        {{"Lusine", "Lusine", "Lusineh"}, "Лусине", "Լուսինե"},
        {{"Mariam", "Mariam", "Mariyam"}, "Мариам", "Մարիամ"},
        {{"Armine", "Armine"}, "Армине", "Արմինե"},
        {{"Gayane", "Gayane", "Gayaneh"}, "Гаяне", "Գայանե"},
        {{"Siranush", "Siranush", "Siranoush"}, "Сирануш", "Սիրանուշ"},
        {{"Hasmik", "Hasmik"}, "Асмик", "Հասմիկ"},
        {{"Narine", "Narine"}, "Нарине", "Նարինե"}},
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
        {{"Viktor", "Victor", "Viktor"}, "Виктор", ""}},
       {{{"Olga", "Olga", "Ol'ga"}, "Ольга", ""},
        {{"Natalya", "Natalia", "Natalya", "Natal'ya"}, "Наталья", ""},
        {{"Yelena", "Elena", "Yelena", "Jelena"}, "Елена", ""},
        {{"Tatyana", "Tatiana", "Tatyana", "Tat'yana"}, "Татьяна", ""},
        {{"Irina", "Irina"}, "Ирина", ""},
        {{"Svetlana", "Svetlana"}, "Светлана", ""},
        {{"Yulia", "Yuliya", "Iuliia", "Julia"}, "Юлия", ""},
        {{"Anna", "Anna"}, "Анна", ""},
        {{"Maria", "Mariya", "Maria"}, "Мария", ""}},
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
        {{"Tamaz", "Tamaz"}, "Тамаз", ""}},
       {{{"Nino", "Nino"}, "Нино", ""},
        {{"Tamar", "Tamar", "Tamara"}, "Тамар", ""},
        {{"Ketevan", "Ketevan", "Keti"}, "Кетеван", ""},
        {{"Mariam", "Mariami", "Mariam"}, "Мариам", ""},
        {{"Natia", "Natia"}, "Натия", ""},
        {{"Eka", "Eka", "Ekaterine"}, "Эка", ""}},
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
        {{"Emre", "Emre"}, "Эмре", ""}},
       {{{"Ayse", "Ayşe", "Ayse", "Aishe"}, "Айше", ""},
        {{"Fatma", "Fatma"}, "Фатма", ""},
        {{"Emine", "Emine"}, "Эмине", ""},
        {{"Hatice", "Hatice", "Hatidje"}, "Хатидже", ""},
        {{"Zeynep", "Zeynep", "Zeinep"}, "Зейнеп", ""},
        {{"Elif", "Elif"}, "Элиф", ""}},
       {{{"Yilmaz", "Yılmaz", "Yilmaz"}, "Йылмаз", ""},
        {{"Kaya", "Kaya"}, "Кая", ""},
        {{"Demir", "Demir"}, "Демир", ""},
        {{"Sahin", "Şahin", "Sahin"}, "Шахин", ""},
        {{"Celik", "Çelik", "Celik"}, "Челик", ""},
        {{"Ozturk", "Öztürk", "Ozturk"}, "Озтюрк", ""},
        {{"Aydin", "Aydın", "Aydin"}, "Айдын", ""}},
       false},
  };
  return kPools;
}

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
