"""Build the example case's actor files (units, persons, posts, parentage, deployments,
involvements, sources) from the assessment's text.

Every datum carries a quote that is checked to be verbatim in the report, and its character
offsets are written as the citation's locator (``assessment@START-END``). Source ids follow
the example's convention (``GRADING.md``): ``ref-N`` when the URL, publisher and date of the
report's reference N fit the statement, ``assessment`` (the report itself) when none does.
Public bodies and public officials only, in their public capacity. Re-run after editing::

    python examples/iran-2026/actors/build_actors.py [path/to/iran-2026-foreign-militias-assessment.txt]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORT = HERE.parents[3] / "shared" / "sources" / "iran-2026-foreign-militias-assessment.txt"

# references cited here that the example's sources.json may not define (it wins when it does):
# number: (publisher, name, url, published, reliability as a channel per GRADING.md, kind)
SOURCES = {
    13: ("Human Rights Watch", "Iran: Growing evidence of countrywide massacres",
         "https://www.hrw.org/news/2026/01/16/iran-growing-evidence-of-countrywide-massacres", "2026-01-16", "B", "report"),
    26: ("The Diplomat", "The Fatemiyoun Army: Iran's Afghan crusaders in Syria",
         "https://thediplomat.com/2021/04/the-fatemiyoun-army-irans-afghan-crusaders-in-syria/", None, "C", "news"),
    29: ("U.S. Department of State", "Country Reports on Terrorism 2020: Iran",
         "https://www.state.gov/reports/country-reports-on-terrorism-2020/iran", None, "B", "report"),
    38: ("Combating Terrorism Center at West Point", "Back into the shadows: the future of Kata'ib Hezbollah and Iran's other proxies in Iraq",
         "https://ctc.westpoint.edu/back-into-the-shadows-the-future-of-kataib-hezbollah-and-irans-other-proxies-in-iraq/", None, "C", "report"),
    40: ("Wikipedia", "Badr Organization", "https://en.wikipedia.org/wiki/Badr_Organization", None, "F", "web"),
    41: ("Hudson Institute", "Badr Organization: Iran's oldest proxy in Iraq",
         "https://www.hudson.org/international-organizations/badr-organization-irans-oldest-proxy-iraq", None, "C", "report"),
}
SOURCE_NAMES = {
    2: ("Iraqi Observatory for Human Rights", "Report: Iraqi militias enter Iran to assist in the suppression of popular protests",
        "https://www.iraqiobservatory.com/report-iraqi-militias-enter-iran-to-assist-in-the-suppression-of-popular-protests/", None, "C", "report"),
    4: ("Caliber.az", "IRGC Quds Force, allied proxies implicated in lethal January protests in Iran, sources say",
        "https://caliber.az/en/post/irgc-quds-force-allied-proxies-implicated-in-lethal-january-protests-in-iran-sources-say", None, "D", "news"),
    5: ("India Today", "Iran's Supreme Leader crushed protests with 5,000 foreign Shia militias, Iraqi Hezbollah",
        "https://www.indiatoday.in/world/story/ayatollah-khamenei-crushed-iran-protests-5000-foreign-shia-militias-iraqi-hezbollah-2853092-2026-01-17", "2026-01-17", "C", "news"),
    8: ("India Today", "Iran protest: Supreme Leader outsources to Hezbollah, Badr, Iraqi Shia militia on pilgrim visas",
        "https://www.indiatoday.in/world/story/iran-protest-ayatollah-ali-khamenei-outsource-hezbollah-badr-iraqi-shia-militia-from-iran-pilgrim-visa-irgc-basij-2851984-2026-01-14", "2026-01-14", "C", "news"),
    16: ("Iran Human Rights Monitor (Iran HRM)", "Systematic repression and enforced disappearances during the January 2026 uprising",
         "https://iran-hrm.com/2026/01/04/systematic-repression-and-enforced-disappearances-during-the-january-2026-uprising/", "2026-01-04", "C", "report"),
    17: ("Al Jazeera", "Iran's judiciary to speed up trials of accused in protests crackdown",
         "https://www.aljazeera.com/news/2026/1/14/irans-judiciary-to-speed-up-trials-of-accused-in-protests-crackdown", "2026-01-14", "B", "news"),
    18: ("France 24", "Security forces attack hospital amid protests in western Iran",
         "https://www.france24.com/en/asia-pacific/20260108-security-forces-attack-hospital-protests-western-iran", "2026-01-08", "B", "news"),
    21: ("Deutsche Welle", "Hospital attack highlights brutality of Iran clampdown",
         "https://www.dw.com/en/hospital-attack-highlights-brutality-of-iran-clampdown/a-75454581", None, "B", "news"),
    27: ("Wikipedia", "Liwa Fatemiyoun", "https://en.wikipedia.org/wiki/Liwa_Fatemiyoun", None, "F", "web"),
    30: ("Jamestown Foundation", "Pakistan bans Iran-backed Zainebiyoun Brigade amid regional turmoil",
         "https://jamestown.org/pakistan-bans-iran-backed-zainebiyoun-brigade-amid-regional-turmoil/", None, "C", "report"),
    32: ("Wikipedia", "Liwa Zainabiyoun", "https://en.wikipedia.org/wiki/Liwa_Zainabiyoun", None, "F", "web"),
    33: ("Middle East Center (mideastcenter.org)", "Increasing evidence of Iran's role in crackdown on protests in Iraq",
         "https://www.mideastcenter.org/post/increasing-evidence-of-iran-s-role-in-crackdown-on-protests-in-iraq", None, "C", "report"),
    35: ("Fox News", "Iran regime said to unleash Hezbollah, Iraqi militias as uprising spreads",
         "https://www.foxnews.com/world/iran-regime-said-unleash-hezbollah-iraqi-militias-uprising-spreads", None, "C", "news"),
    37: ("Wikipedia", "Kata'ib Hezbollah", "https://en.wikipedia.org/wiki/Kata'ib_Hezbollah", None, "F", "web"),
    **SOURCES,
}
ASSESSMENT = ("unknown (unsigned assessment)",
              ("The Deployment of Foreign Shia Militias Against Iranian Protesters: A Strategic Analysis of "
               "Transnational Repression and Crimes Against Humanity (Executive Intelligence Assessment)"),
              None, None, "F", "report")

A = "assessment"

# key, name, name_fa, name_ar, aliases, classification, country, description, [(source, quote, confidence)]
UNITS = [
    ("iran-armed-forces", "Armed Forces of the Islamic Republic of Iran", "نیروهای مسلح جمهوری اسلامی ایران",
     "القوات المسلحة الإيرانية", "Iranian Armed Forces", "armed forces", "IR", "",
     [(A, "As commander-in-chief of all armed forces and holder of ultimate authority in the Islamic Republic", "high")]),
    ("irgc", "Islamic Revolutionary Guard Corps", "سپاه پاسداران انقلاب اسلامی", "حرس الثورة الإسلامية",
     "IRGC|Revolutionary Guards|Sepah|Pasdaran|سپاه|الحرس الثوري", "armed force", "IR", "",
     [(A, "Iran's Islamic Revolutionary Guard Corps (IRGC)", "high")]),
    ("irgc-ground-forces", "IRGC Ground Forces", "نیروی زمینی سپاه پاسداران انقلاب اسلامی", "القوات البرية للحرس الثوري",
     "IRGC-GF|IRGC Ground Force|نزسا", "service branch", "IR", "",
     [(A, "part of the IRGC Ground Forces", "high")]),
    ("irgc-quds-force", "IRGC Quds Force", "نیروی قدس سپاه پاسداران انقلاب اسلامی", "فيلق القدس",
     "Quds Force|IRGC-QF|Qods Force|Quds brigade|نیروی قدس", "external operations branch", "IR", "",
     [(A, "The Quds Force, responsible for the IRGC's extraterritorial operations, maintains command-and-control structures over proxy militias throughout the Middle East.", "high"),
      ("ref-4", "the Revolutionary Guards' Quds Force and its allied proxy forces in the region played a central role in the killing of Iranian protesters on January 8 and 9", "medium")]),
    ("nabi-akram-29th-division", "29th Nabi Akram Operational Division", "لشکر ۲۹ نبی اکرم", "",
     "29th Nabi Akram Division|Nabi Akram Division|29th Division", "division", "IR", "IRGC Ground Forces division; Kermanshah",
     [(A, "The 29th Nabi Akram Operational Division, part of the IRGC Ground Forces, deployed to suppress protests in Kermanshah City on January 8.", "high")]),
    ("irgc-lorestan-command", "IRGC provincial command, Lorestan", "", "",
     "IRGC command in Lorestan province", "provincial command", "IR", "",
     [(A, "the IRGC command in Lorestan province announced that the period of \"tolerance\" had ended", "high")]),
    ("basij", "Basij", "سازمان بسیج مستضعفین", "الباسيج", "Basij paramilitary forces|Basij Resistance Force|بسیج",
     "paramilitary force", "IR", "",
     [(A, "the Basij paramilitary forces, the Law Enforcement Command (FARAJA), and regular IRGC units", "high")]),
    ("faraja", "Law Enforcement Command of the Islamic Republic of Iran", "فرماندهی انتظامی جمهوری اسلامی ایران", "",
     "FARAJA|فراجا|Law Enforcement Command|NAJA|ناجا|Iranian police", "police", "IR", "",
     [(A, "the Basij paramilitary forces, the Law Enforcement Command (FARAJA), and regular IRGC units", "high")]),
    ("iran-judiciary", "Judiciary of the Islamic Republic of Iran", "قوه قضاییه جمهوری اسلامی ایران", "السلطة القضائية الإيرانية",
     "Iranian judiciary|قوه قضائیه", "judiciary", "IR", "",
     [(A, "Chief of the Judiciary Gholam-Hossein Mohseni-Ejei", "high"),
      ("ref-17", "Chief of the Judiciary Mohseni-Ejei ordered judges to expedite trials and show \"no leniency\" to protesters", "high")]),
    ("snsc", "Supreme National Security Council", "شورای عالی امنیت ملی", "المجلس الأعلى للأمن القومي",
     "SNSC", "security council", "IR", "",
     [(A, "On January 9, the Supreme National Security Council issued a statement", "high")]),
    ("foreign-militias-2026", "Foreign Shia militia contingent deployed to Iran (January 2026)", "", "",
     "foreign Shia militias|foreign militias", "non-command grouping", "", "The fighters from Iraq, Afghanistan, Pakistan and Lebanon the assessment reports brought into Iran, as one operational grouping (Security Force Monitor's non-command grouping); their organisations are its members.",
     [(A, "has deployed thousands of foreign Shia militia fighters from Iraq, Afghanistan, Pakistan, and Lebanon to suppress nationwide protests", "medium")]),
    ("pmf", "Popular Mobilization Forces", "حشد الشعبی", "الحشد الشعبي",
     "PMF|Hashd al-Shaabi|Hashd al-Sha'abi|Popular Mobilization Units|PMU", "militia umbrella", "IQ", "",
     [(A, "Iraqi Shia militias operating under the umbrella of the Popular Mobilization Forces (PMF), known in Arabic as Hashd al-Shaabi", "high")]),
    ("kataib-hezbollah", "Kataib Hezbollah", "کتائب حزب‌الله", "كتائب حزب الله", "KH|Kata'ib Hezbollah|Iraqi Hezbollah",
     "militia (PMF faction)", "IQ", "",
     [("ref-37", "Kataib Hezbollah (KH), designated as a terrorist organization by the United States", "high"),
      ("ref-38", "represents \"the strongest individual faction in Iraq's Popular Mobilization Forces\"", "medium")]),
    ("harakat-al-nujaba", "Harakat al-Nujaba", "حرکت النجباء", "حركة النجباء", "Nujaba Movement|Harakat Hezbollah al-Nujaba",
     "militia (PMF faction)", "IQ", "",
     [(A, "Harakat al-Nujaba, also known as the Nujaba Movement, operates as another key Iranian proxy within the PMF structure.", "medium")]),
    ("badr-organization", "Badr Organization", "سازمان بدر", "منظمة بدر", "Badr|Badr Brigade|Badr Corps",
     "militia (PMF faction)", "IQ", "",
     [("ref-41", "The Badr Organization, described as \"Iran's oldest proxy in Iraq,\" traces its origins to 1982 when it was formed by the IRGC", "high"),
      ("ref-40", "The Badr Organization, described as \"Iran's oldest proxy in Iraq,\" traces its origins to 1982 when it was formed by the IRGC", "medium")]),
    ("kataib-sayyid-al-shuhada", "Kataib Sayyid al-Shuhada", "کتائب سید الشهداء", "كتائب سيد الشهداء",
     "KSS|Brigade of the Master of Martyrs", "militia (PMF faction)", "IQ", "",
     [(A, "Kataib Sayyid al-Shuhada (Brigade of the Master of Martyrs) represents another Iraqi PMF faction with extensive Iranian backing.", "medium")]),
    ("fatemiyoun", "Liwa Fatemiyoun", "لشکر فاطمیون", "لواء الفاطميون",
     "Fatemiyoun Brigade|Fatemiyoun Division|Fatemiyoun|فاطمیون", "militia", "AF", "Afghan Shia militia recruited by the IRGC",
     [("ref-27", "Afghanistan's Fatemiyoun Brigade (Liwa Fatemiyoun)", "high"),
      ("ref-26", "The brigade's origins trace to Afghan Shia militant groups that fought in the Iran-Iraq War during the 1980s", "medium")]),
    ("zainebiyoun", "Liwa Zainebiyoun", "لشکر زینبیون", "لواء الزينبيون",
     "Zainebiyoun Brigade|Liwa Zainabiyoun|Zainabiyoun|Hezbollah Pakistan|زینبیون", "militia", "PK", "Pakistani Shia militia",
     [("ref-32", "The Zainebiyoun Brigade (Liwa Zainabiyoun), also known as \"Hezbollah Pakistan,\"", "high"),
      ("ref-30", "Pakistan banned the Zainebiyoun Brigade and designated it as a terrorist group on April 11, 2024", "high")]),
    ("hezbollah-lebanon", "Hezbollah", "حزب‌الله لبنان", "حزب الله", "Lebanese Hezbollah|Hizbullah|Hizballah",
     "militia and political party", "LB", "",
     [(A, "Members of Lebanese Hezbollah reportedly crossed into Iran alongside Iraqi militia fighters", "medium")]),
]

# public officials, named by the assessment in their public capacity
PERSONS = [
    ("ali-khamenei", "Ali Khamenei", "سید علی خامنه‌ای", "علي خامنئي", "Ayatollah Ali Khamenei|Khamenei|Supreme Leader", "IR",
     [(A, "Supreme Leader Ali Khamenei", "high")]),
    ("gholam-hossein-mohseni-ejei", "Gholam-Hossein Mohseni-Ejei", "غلامحسین محسنی اژه‌ای", "غلام حسين محسني إجئي",
     "Mohseni-Ejei|Ejei|Mohseni Ejei|Gholamhossein Mohseni Ejei", "IR",
     [(A, "Chief of the Judiciary Gholam-Hossein Mohseni-Ejei", "high")]),
    ("esmail-ghaani", "Esmail Ghaani", "اسماعیل قاآنی", "إسماعيل قاآني", "Esmail Qaani|Ismail Qaani|Ghaani", "IR",
     [(A, "The current Quds Force commander (Soleimani's successor Esmail Ghaani)", "high")]),
    ("qasem-soleimani", "Qasem Soleimani", "قاسم سلیمانی", "قاسم سليماني", "Qassem Soleimani|Soleimani", "IR",
     [("ref-33", "then-Quds Force commander Qasem Soleimani personally traveled to Baghdad to coordinate the crackdown", "high")]),
]

# person, unit, role, rank, title, is_command, start, end, [(source, quote, confidence)]
POSTS = [
    ("ali-khamenei", "iran-armed-forces", "commander-in-chief", "", "Supreme Leader", "yes", "", "",
     [(A, "As commander-in-chief of all armed forces and holder of ultimate authority in the Islamic Republic", "high")]),
    ("gholam-hossein-mohseni-ejei", "iran-judiciary", "chief", "", "Chief of the Judiciary", "yes", "", "",
     [(A, "Chief of the Judiciary Gholam-Hossein Mohseni-Ejei", "high"),
      ("ref-17", "Chief of the Judiciary Mohseni-Ejei ordered judges to expedite trials", "high")]),
    ("esmail-ghaani", "irgc-quds-force", "commander", "", "Commander of the Quds Force", "yes", "2020-01", "",
     [(A, "The current Quds Force commander (Soleimani's successor Esmail Ghaani)", "medium"),
      (A, "until the January 2020 killing of its founder Abu Mahdi al-Muhandis alongside Qasem Soleimani", "medium")]),
    ("qasem-soleimani", "irgc-quds-force", "commander", "", "Commander of the Quds Force", "yes", "", "2020-01",
     [("ref-33", "then-Quds Force commander Qasem Soleimani", "high"),
      (A, "until the January 2020 killing of its founder Abu Mahdi al-Muhandis alongside Qasem Soleimani", "medium")]),
]

# child, parent, relation, start, end, [(source, quote, confidence)]
PARENTAGE = [
    ("irgc", "iran-armed-forces", "command", "", "",
     [(A, "These directives established a clear chain of command from Supreme Leader Khamenei through the IRGC, Quds Force, judiciary, and deployed foreign militias.", "medium")]),
    ("irgc-ground-forces", "irgc", "command", "", "", [(A, "part of the IRGC Ground Forces", "high")]),
    ("nabi-akram-29th-division", "irgc-ground-forces", "command", "", "",
     [(A, "The 29th Nabi Akram Operational Division, part of the IRGC Ground Forces", "high")]),
    ("irgc-quds-force", "irgc", "command", "", "",
     [(A, "The Quds Force, responsible for the IRGC's extraterritorial operations", "high")]),
    ("irgc-lorestan-command", "irgc", "command", "", "", [(A, "the IRGC command in Lorestan province", "high")]),
    ("basij", "irgc", "command", "", "", [("ref-8", "", "low")]),
    ("foreign-militias-2026", "irgc-quds-force", "command", "2026-01-02", "2026-01-18",
     [(A, "These forces, coordinated by the Islamic Revolutionary Guard Corps (IRGC) Quds Force", "medium"),
      (A, "This integrated command structure, directed by the Quds Force, enabled synchronized operations across multiple provinces.", "medium")]),
    ("pmf", "foreign-militias-2026", "non-command", "2026-01-02", "2026-01-18",
     [(A, "Between January 2-18, 2026, approximately 5,000 Iraqi militia fighters, alongside contingents from the Afghan Fatemiyoun Brigade, Pakistani Zainebiyoun Brigade, and Lebanese Hezbollah, crossed into Iran", "medium")]),
    ("fatemiyoun", "foreign-militias-2026", "non-command", "2026-01-02", "2026-01-18",
     [(A, "alongside contingents from the Afghan Fatemiyoun Brigade, Pakistani Zainebiyoun Brigade, and Lebanese Hezbollah", "medium")]),
    ("zainebiyoun", "foreign-militias-2026", "non-command", "2026-01-02", "2026-01-18",
     [(A, "alongside contingents from the Afghan Fatemiyoun Brigade, Pakistani Zainebiyoun Brigade, and Lebanese Hezbollah", "medium")]),
    ("hezbollah-lebanon", "foreign-militias-2026", "non-command", "2026-01-02", "2026-01-18",
     [(A, "alongside contingents from the Afghan Fatemiyoun Brigade, Pakistani Zainebiyoun Brigade, and Lebanese Hezbollah", "medium")]),
    ("kataib-hezbollah", "pmf", "command", "", "",
     [("ref-37", "growing to approximately 10,000 fighters across PMF brigades 45, 46, and 47", "medium")]),
    ("harakat-al-nujaba", "pmf", "command", "", "", [(A, "operates as another key Iranian proxy within the PMF structure", "medium")]),
    ("badr-organization", "pmf", "command", "", "",
     [(A, "Iraqi Popular Mobilization Forces (PMF) groups like Kataib Hezbollah, Harakat al-Nujaba, and the Badr Organization", "medium")]),
    ("kataib-sayyid-al-shuhada", "pmf", "command", "", "", [(A, "represents another Iraqi PMF faction", "medium")]),
    ("harakat-al-nujaba", "irgc-quds-force", "non-command", "", "",
     [(A, "The group has received extensive training, funding, logistic support, and weapons from the IRGC Quds Force.", "medium")]),
    ("fatemiyoun", "irgc-quds-force", "command", "2013", "",
     [("ref-27", "before being reconstituted in 2013 to fight in Syria under Quds Force commander Ali Reza Tavassoli", "medium")]),
    ("zainebiyoun", "irgc-quds-force", "command", "", "",
     [("ref-32", "operated in Syria under Iranian Quds Force command", "medium")]),
]

# unit, place, role, strength_low, strength_best, strength_high, start, end, [(source, quote, confidence)]
DEPLOYMENTS = [
    ("nabi-akram-29th-division", "Kermanshah City", "suppression of protests", "", "", "", "2026-01-08", "2026-01-08",
     [(A, "The 29th Nabi Akram Operational Division, part of the IRGC Ground Forces, deployed to suppress protests in Kermanshah City on January 8.", "high")]),
    ("irgc", "Ilam", "siege of Imam Khomeini Hospital (IRGC special units)", "", "", "", "2026-01-03", "2026-01-04",
     [("ref-18", "Iranian security forces, including IRGC special units, laid siege to Imam Khomeini Hospital for over 24 hours beginning January 3-4.", "high"),
      ("ref-21", "The January 4, 2026, siege of Imam Khomeini Hospital in Ilam, involving IRGC forces storming the facility with shotguns and tear gas to arrest injured protesters", "medium")]),
    ("irgc-lorestan-command", "Lorestan", "provincial command (area of responsibility)", "", "", "", "", "",
     [(A, "the IRGC command in Lorestan province", "high")]),
    ("irgc", "Iran", "suppression of protests", "", "", "", "2025-12-28", "2026-01",
     [(A, "Foreign militias operated in coordination with regular IRGC forces, the Basij paramilitary, and Iran's police force (FARAJA).", "medium")]),
    ("basij", "Iran", "suppression of protests", "", "", "", "2025-12-28", "2026-01",
     [(A, "Foreign militias operated in coordination with regular IRGC forces, the Basij paramilitary, and Iran's police force (FARAJA).", "medium")]),
    ("faraja", "Iran", "suppression of protests", "", "", "", "2025-12-28", "2026-01",
     [(A, "Foreign militias operated in coordination with regular IRGC forces, the Basij paramilitary, and Iran's police force (FARAJA).", "medium")]),
    # crossings → Ahvaz → cities
    # no strength here: 800 and 5,000 are two sources' figures (each shown with its source under
    # "Foreign deployments: estimates by group"); one row's 800-5,000 would be a range no one gave
    ("pmf", "Iran", "entry into Iran (as pilgrims)", "", "", "", "2026-01-02", "2026-01-18",
     [("ref-5", "an Iraqi security source provided a dramatically higher estimate, stating that \"nearly 5,000 fighters\" entered Iran", "medium"),
      (A, "Initial reports on January 6-7, 2026, indicated that approximately 800 Iraqi fighters had entered Iran.", "medium")]),
    ("pmf", "Shalamcheh", "border crossing", "", "", "", "2026-01", "2026-01-11",
     [(A, "more than 60 buses, each with capacity for 50 people, carrying young Iraqi men crossed the border by the evening of January 11", "medium")]),
    ("pmf", "Chazabeh", "border crossing (Iraqi side: al-Shaib, Maysan)", "", "", "", "2026-01-02", "2026-01-18",
     [("ref-5", "Shaib (Maysan province): A crossing in Maysan province used by nearly 5,000 fighters according to Iraqi security sources.", "medium")]),
    ("pmf", "Zurbatiya", "border crossing (Iraqi side: Zurbatiya, Wasit)", "", "", "", "2026-01-02", "2026-01-18",
     [("ref-5", "Zurbatiya (Wasit province): Another entry point in Wasit province.", "medium")]),
    ("pmf", "Khosravi", "border crossing", "", "", "", "2026-01-02", "2026-01-18",
     [(A, "Khosravi: Located on the Kermanshah-Ilam provincial border with Iraq, facilitating entry into western Iran.", "low")]),
    ("foreign-militias-2026", "Ahvaz", "staging base", "", "", "", "2026-01-02", "2026-01-18",
     [(A, "Upon entering Iran, militia fighters gathered at a military base linked to Supreme Leader Khamenei in Ahvaz, the capital of Khuzestan Province.", "medium")]),
    ("foreign-militias-2026", "Tehran", "suppression of protests", "", "", "", "2026-01", "2026-01",
     [(A, "Tehran: The capital witnessed significant militia presence, with Arabic-speaking security personnel documented in Tehran Bazaar and multiple districts.", "medium")]),
    ("foreign-militias-2026", "Hamedan", "suppression of protests", "", "", "", "2026-01", "2026-01",
     [(A, "Hamedan: Western Iran saw confirmed militia deployment according to European military assessment.", "medium")]),
    ("foreign-militias-2026", "Kermanshah Province", "suppression of protests", "", "", "", "2026-01", "2026-01",
     [(A, "The combination of IRGC regulars and foreign militias created overwhelming force projection in this strategically sensitive border region.", "medium")]),
    ("foreign-militias-2026", "Lorestan", "priority for deployment", "", "", "", "2026-01", "2026-01",
     [(A, "The provinces' Lur minority population and geographic proximity to Iraq made them priorities for foreign militia deployment.", "low")]),
    ("foreign-militias-2026", "Ilam Province", "priority for deployment", "", "", "", "2026-01", "2026-01",
     [(A, "The provinces' Lur minority population and geographic proximity to Iraq made them priorities for foreign militia deployment.", "low")]),
    ("foreign-militias-2026", "Marvdasht", "suppression of protests", "", "", "", "2026-01", "2026-01",
     [(A, "Iranian activists confirmed Arabic-speaking personnel participated in suppressing demonstrations in Marvdasht.", "medium"),
      ("ref-2", "Iranian activists inside Iran confirmed the presence of security personnel speaking Arabic during protest suppression", "medium")]),
    ("foreign-militias-2026", "Ahvaz", "suppression of protests", "", "", "", "2026-01", "2026-01",
     [(A, "Eyewitnesses reported individuals speaking Arabic with Iraqi accents among those suppressing demonstrations in Ahvaz.", "medium")]),
    ("foreign-militias-2026", "Kurdistan", "suppression of protests", "", "", "", "2026-01", "2026-01",
     [(A, "before fighters were dispatched to western provinces, Tehran, and Kurdish regions", "low")]),
    ("pmf", "Iran", "killings of protesters (per intelligence sources)", "", "", "", "2026-01-08", "2026-01-09",
     [("ref-4", "Afghanistan's Fatemiyoun Brigade, Pakistan's Zainebiyoun Brigade and Iraq's Popular Mobilization Forces carried out a significant part of the killings", "medium")]),
    ("fatemiyoun", "Iran", "killings of protesters (per intelligence sources)", "", "", "", "2026-01-08", "2026-01-09",
     [("ref-4", "Afghanistan's Fatemiyoun Brigade (Liwa Fatemiyoun) played a documented role in the January 8-9, 2026, killings of Iranian protesters, according to intelligence obtained by Iran International.", "medium")]),
    ("zainebiyoun", "Iran", "killings of protesters (per intelligence sources)", "", "", "", "2026-01-08", "2026-01-09",
     [("ref-4", "Afghanistan's Fatemiyoun Brigade, Pakistan's Zainebiyoun Brigade and Iraq's Popular Mobilization Forces carried out a significant part of the killings", "medium")]),
    ("zainebiyoun", "Iran", "participation in the crackdown", "", "", "", "2026-01", "2026-01",
     [(A, "Despite Pakistan's ban, Zainebiyoun fighters participated in the January 2026 crackdown on Iranian protesters", "medium")]),
    ("hezbollah-lebanon", "Iran", "entry into Iran with Iraqi militia fighters", "", "", "", "2026-01", "2026-01",
     [("ref-35", "Fox News confirmed that roughly 850 Hezbollah, Iraqi militia, and Quds Force-linked fighters entered Iran, with independent sources verifying the movement.", "medium")]),
    ("badr-organization", "Iran", "deployment against protesters (asserted)", "", "", "", "2026-01", "2026-01",
     [("ref-8", "made Badr a reliable partner for the Iranian regime's domestic repression operations", "low")]),
]

# incident key (the example's incidents.json), actor, involvement (HURIDOCS), [(source, quote, confidence)]
INVOLVEMENTS = [
    ("directive-2026-01-03-supreme-leader", "ali-khamenei", "ordered",
     [(A, "Supreme Leader Ali Khamenei stated that \"rioters should be dealt with decisively\"", "high")]),
    ("directive-2026-01-03-irgc-lorestan", "irgc-lorestan-command", "ordered",
     [(A, "the IRGC command in Lorestan province announced that the period of \"tolerance\" had ended, committing to target \"rioters, organizers, and leaders of anti-security movements … without mercy\"", "high")]),
    ("directive-2026-01-03-judiciary", "gholam-hossein-mohseni-ejei", "ordered",
     [(A, "Chief of the Judiciary Gholam-Hossein Mohseni-Ejei ordered judges to \"issue deterrent sentences and the harshest punishments with maximum decisiveness, without observing any legal leniency\"", "high")]),
    ("directive-2026-01-09-snsc", "snsc", "ordered",
     [(A, "the Supreme National Security Council issued a statement declaring that \"security forces and the judiciary will show no tolerance whatsoever toward saboteurs\"", "high")]),
    ("death-penalty-proceedings", "gholam-hossein-mohseni-ejei", "ordered",
     [("ref-17", "Chief of the Judiciary Mohseni-Ejei ordered judges to expedite trials and show \"no leniency\" to protesters", "high")]),
    ("deployment-kermanshah-irgc-29th", "nabi-akram-29th-division", "carried_out",
     [(A, "The 29th Nabi Akram Operational Division, part of the IRGC Ground Forces, deployed to suppress protests in Kermanshah City on January 8.", "high")]),
    ("deployment-iraqi-pmf", "pmf", "carried_out",
     [("ref-5", "an Iraqi security source provided a dramatically higher estimate, stating that \"nearly 5,000 fighters\" entered Iran", "medium")]),
    ("deployment-hezbollah-quds-linked", "hezbollah-lebanon", "carried_out",
     [("ref-35", "Fox News confirmed that roughly 850 Hezbollah, Iraqi militia, and Quds Force-linked fighters entered Iran", "medium")]),
    ("deployment-fatemiyoun-zainebiyoun", "fatemiyoun", "carried_out",
     [("ref-4", "Afghanistan's Fatemiyoun Brigade (Liwa Fatemiyoun) played a documented role in the January 8-9, 2026, killings of Iranian protesters", "medium")]),
    ("deployment-fatemiyoun-zainebiyoun", "zainebiyoun", "carried_out",
     [(A, "Despite Pakistan's ban, Zainebiyoun fighters participated in the January 2026 crackdown on Iranian protesters", "medium")]),
    ("mass-killing-2026-01-08-09", "irgc-quds-force", "carried_out",
     [("ref-4", "the Revolutionary Guards' Quds Force and its allied proxy forces in the region played a central role in the killing of Iranian protesters on January 8 and 9", "medium")]),
    ("mass-killing-2026-01-08-09", "fatemiyoun", "carried_out",
     [("ref-4", "Afghanistan's Fatemiyoun Brigade, Pakistan's Zainebiyoun Brigade and Iraq's Popular Mobilization Forces carried out a significant part of the killings", "medium")]),
    ("mass-killing-2026-01-08-09", "zainebiyoun", "carried_out",
     [("ref-4", "Afghanistan's Fatemiyoun Brigade, Pakistan's Zainebiyoun Brigade and Iraq's Popular Mobilization Forces carried out a significant part of the killings", "medium")]),
    ("mass-killing-2026-01-08-09", "pmf", "carried_out",
     [("ref-4", "Afghanistan's Fatemiyoun Brigade, Pakistan's Zainebiyoun Brigade and Iraq's Popular Mobilization Forces carried out a significant part of the killings", "medium")]),
    ("hospital-raid-ilam-imam-khomeini", "irgc", "carried_out",
     [("ref-18", "Iranian security forces, including IRGC special units, laid siege to Imam Khomeini Hospital for over 24 hours beginning January 3-4.", "high")]),
    ("enforced-disappearances", "irgc", "carried_out",
     [("ref-16", "Many detainees, instead of being transferred to official prisons, were taken to secret IRGC detention centers and Ward 240 of Evin Prison", "medium")]),
]

CITE = ("source_id", "quote", "locator", "confidence")


def _locate(text: str, quote: str) -> str:
    if not quote:
        return ""
    start = text.find(quote)
    if start < 0:
        raise SystemExit(f"not verbatim in the assessment: {quote!r}")
    return f"assessment@{start}-{start + len(quote)}"


def build(report: Path = REPORT) -> None:
    text = report.read_text(encoding="utf-8")
    used: set[str] = set()

    def rows(items, columns, make):
        out = []
        for item in items:
            base, cites = make(item)
            for source, quote, confidence in cites:
                used.add(source)
                out.append({**dict(zip(columns, base)), "source_id": source, "quote": quote,
                            "locator": _locate(text, quote), "confidence": confidence})
        return out

    files = {
        "units.csv": (["key", "name", "name_fa", "name_ar", "aliases", "classification", "country", "description"],
                      UNITS, lambda u: (u[:8], u[8])),
        "persons.csv": (["key", "name", "name_fa", "name_ar", "aliases", "country"], PERSONS, lambda p: (p[:6], p[6])),
        "posts.csv": (["person", "unit", "role", "rank", "title", "is_command", "start", "end"], POSTS,
                      lambda p: (p[:8], p[8])),
        "parentage.csv": (["child", "parent", "relation", "start", "end"], PARENTAGE, lambda p: (p[:5], p[5])),
        "deployments.csv": (["unit", "place", "role", "strength_low", "strength_best", "strength_high", "start", "end"],
                            DEPLOYMENTS, lambda d: (d[:8], d[8])),
        "involvements.csv": (["incident", "actor", "involvement"], INVOLVEMENTS, lambda i: (i[:3], i[3])),
    }
    for name, (columns, items, make) in files.items():
        with open(HERE / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns + list(CITE))
            writer.writeheader()
            writer.writerows(rows(items, columns, make))
    with open(HERE / "sources.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "publisher", "url", "kind", "language", "published", "reliability", "notes"])
        for source in sorted(used, key=lambda s: (s != A, int(s.split("-")[1]) if s.startswith("ref-") else 0)):
            if source == A:
                publisher, title, url, published, reliability, kind = ASSESSMENT
                note = "The assessment itself (shared/sources/iran-2026-foreign-militias-assessment.txt); defined by the example's sources.json."
            else:
                number = int(source.split("-")[1])
                publisher, title, url, published, reliability, kind = SOURCE_NAMES[number]
                note = (f"Reference {number} of the assessment's numbered reference list. Title paraphrased from the URL; "
                        "page not retrieved for this example.")
            writer.writerow([source, title, publisher, url or "", kind, "en", published or "", reliability, note])
    print(f"wrote {', '.join(files)} and sources.csv to {HERE}; sources cited: {', '.join(sorted(used))}")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else REPORT)
