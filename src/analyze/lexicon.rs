//! Word lists the rule-based analysers use: function words, titles and role words,
//! organisation cues, a gazetteer of countries, regions and major cities with demonyms,
//! common given names, and reporting verbs. General English and world knowledge only;
//! nothing here is taken from, or tuned to, a particular article.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// FNV-1a over a word's bytes with a final mix. The lists below are looked up for nearly
/// every token of every article, and std's default SipHash, built to resist keys crafted
/// against a table that grows from input, buys nothing for fixed tables of known words.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 32)).wrapping_mul(0xd6e8_feb8_6659_fd93);
        z ^ (z >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type WordSet = HashSet<&'static str, BuildHasherDefault<WordHasher>>;
pub type WordMap<V> = HashMap<&'static str, V, BuildHasherDefault<WordHasher>>;

fn set(words: &'static str) -> WordSet {
    words.split_whitespace().collect()
}

/// Function words and very common words: never content terms, never names on their own.
pub static STOPWORDS: LazyLock<WordSet> = LazyLock::new(|| {
    set("a about above across after afterwards again against all almost alone along already also
    although always am among amongst an and another any anyhow anyone anything anyway anywhere are
    around as at back be became because become becomes becoming been before beforehand behind being
    below beside besides between beyond both but by can cannot could did do does doing done down
    during each either else elsewhere enough even ever every everyone everything everywhere except
    few for former formerly from further had has have having he hence her here hereafter hereby
    herein hers herself him himself his how however i if in indeed into is it its itself just last
    latter latterly least less made make many may me meanwhile might mine more moreover most mostly
    much must my myself namely neither never nevertheless next no nobody none noone nor not nothing
    now nowhere of off often on once one only onto or other others otherwise our ours ourselves out
    over own per perhaps please put quite rather re really same say says said see seem seemed seeming
    seems several she should since so some somehow someone something sometime sometimes somewhere
    still such than that the their theirs them themselves then thence there thereafter thereby
    therefore therein thereupon these they this those though through throughout thru thus to
    together too toward towards under until up upon us very via was we well were what whatever when
    whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while
    whither who whoever whole whom whose why will with within without would yet you your yours
    yourself yourselves also told tell according like get got go going gone new told s t don didn
    doesn isn wasn aren weren won wouldn couldn shouldn hasn haven hadn ll ve re d m o y ago")
});

/// Capitalised words that commonly open a sentence or a headline without being names.
pub static SENTENCE_OPENERS: LazyLock<WordSet> = LazyLock::new(|| {
    set(
        "following according speaking despite against behind inside outside privately publicly
    released meanwhile still yet but and or so then now today yesterday tomorrow tonight here there
    after before during while when where why how what who which whose although though because since
    unless until if once as at in on of for from with without by into onto over under about above
    below between among amid amidst across through throughout toward towards upon within beyond
    asked told said says added noted instead indeed however moreover furthermore nevertheless
    nonetheless otherwise rather perhaps maybe also even just only already again supporters critics
    officials analysts experts residents witnesses sources observers leaders lawmakers negotiators
    diplomats many most some several few both each every all none no any another other others one
    two three four five six seven eight nine ten first second third last next earlier later
    recently finally eventually ultimately initially originally currently previously overall
    together alone clearly certainly apparently reportedly allegedly separately similarly likewise
    unlike like beyond nearly almost roughly about around more less fewer much many new old big
    small large long short high low early late senior junior former current top key major minor
    local national international global regional federal public private political economic
    military official unofficial our their his her its my your we they he she it i you this that
    these those there yes no not never always sometimes often once twice amid
    deal talks peace war clock europe's watch breaking update updated exclusive analysis opinion
    comment editorial live watch read listen given considering including excluding regarding
    concerning assuming provided notwithstanding",
    )
});

/// Capitalised titles that precede a person's name ("Sen. Ana Ruiz"). The value says
/// whether the title is a role worth reporting (`true`) or only an honorific (`false`).
pub static PERSON_TITLES: LazyLock<WordMap<bool>> = LazyLock::new(|| {
    let mut map = WordMap::default();
    for title in "President Vice-President Premier Chancellor Minister Secretary Secretary-General
        Senator Sen. Sen Representative Rep. Congressman Congresswoman Governor Gov. Mayor Councillor
        Councilor Alderman General Gen. Lt. Lieutenant Col. Colonel Maj. Major Capt. Captain Sgt.
        Sergeant Cmdr. Commander Adm. Admiral Marshal Brig. Brigadier Cpl. Corporal Pvt. Private
        Judge Justice Magistrate Prosecutor Attorney Ambassador Envoy Adviser Advisor Aide Director
        Chief Chairman Chairwoman Chairperson Chair Commissioner Speaker Leader Deputy Spokesman
        Spokeswoman Spokesperson CEO Chief-Executive Founder King Queen Prince Princess Emperor
        Empress Sheikh Emir Sultan Pope Cardinal Archbishop Bishop Rabbi Imam Ayatollah Patriarch
        Reverend Rev. Father Pastor Inspector Superintendent Sheriff Detective Constable Officer
        Coach Professor Prof. Dean Provost Chancellor Head Negotiator Administrator Coordinator
        Treasurer Auditor Controller Registrar Ombudsman Delegate Consul Attaché Prefect Governor-General
        Premier-elect President-elect Mayor-elect Lord Lady Baron Baroness Duke Duchess Earl Dame"
        .split_whitespace()
    {
        map.insert(title, true);
    }
    for honorific in "Mr. Mrs. Ms. Miss Mr Mrs Ms Dr. Dr Sir Mx. Mme. Mme M. Herr Frau Señor Señora"
        .split_whitespace()
    {
        map.insert(honorific, false);
    }
    map
});

/// Lowercase nouns that head a role phrase ("special envoy", "chief negotiator").
pub static ROLE_HEADS: LazyLock<WordSet> = LazyLock::new(|| {
    set(
        "president vice-president premier chancellor minister secretary secretary-general envoy
    emissary adviser advisor aide chief head director negotiator mediator intermediary spokesman
    spokeswoman spokesperson senator lawmaker legislator representative congressman congresswoman
    governor mayor councillor councilor general commander officer official ambassador diplomat
    consul king queen prince princess leader chairman chairwoman chairperson chair ceo founder
    co-founder executive analyst economist professor researcher scientist lawyer attorney judge
    justice prosecutor reporter correspondent editor columnist journalist commentator commissioner
    deputy member candidate nominee captain colonel lieutenant sergeant major admiral marshal
    broker son-in-law daughter-in-law father-in-law brother-in-law wife husband son daughter
    brother sister mother father widow owner manager coach player activist organizer organiser
    campaigner expert fellow scholar historian strategist consultant delegate president-elect
    monarch sheikh emir cleric bishop archbishop cardinal pope rabbi imam engineer inspector
    superintendent sheriff detective doctor surgeon nurse pilot speaker whip treasurer auditor
    administrator coordinator supervisor partner investor banker trader operator developer
    architect designer producer director-general commissioner-general chancellor-elect
    governor-general premier-elect principal dean provost rector warden superintendent captain
    skipper foreman steward organizer agent counsel advocate lobbyist pollster strategist
    spokesperson head-of-state chair-designate nominee appointee successor predecessor ally
    confidant rival opponent challenger incumbent veteran",
    )
});

/// Lowercase words that may modify a role head inside a role phrase.
pub static ROLE_MODIFIERS: LazyLock<WordSet> = LazyLock::new(|| {
    set(
        "special chief senior junior deputy foreign affairs national security former top lead
    leading informal power investment defense defence military economic economics political state
    federal regional local acting interim longtime long-time veteran executive general assistant
    associate vice prime principal first second trusted key close personal presidential royal army
    navy air force police intelligence health finance financial trade energy justice interior
    environment environmental education labor labour communications press campaign legal policy
    peace sovereign wealth fund fire public private union party opposition ruling majority minority
    house senate city county town district council board company group team delegation department
    ministry agency office committee commission government administration high-level top-level
    managing operating technical science scientific medical human rights humanitarian relief aid
    development transport transportation infrastructure housing agriculture fisheries port harbor
    harbour maritime shipping industry industrial business corporate global international
    european american russian ukrainian british french german chinese parliamentary congressional
    cabinet chief-of-staff staff of the and for outgoing incoming newly elected appointed
    designated self-described so-called then-president then-secretary then then-chief longtime
    powerful influential informal unofficial official independent centrist conservative liberal
    progressive",
    )
});

/// Portfolio words that follow "of" inside a title ("Secretary of State").
pub static PORTFOLIOS: LazyLock<WordSet> =
    LazyLock::new(|| {
        set("State Defense Defence Interior Foreign Affairs Treasury Justice Health Education Energy
    Commerce Labor Labour Homeland Security National Intelligence Staff Finance Agriculture
    Transportation Transport Housing Veterans Environment Culture Trade Economy Industry
    Infrastructure Fisheries Tourism Sport Sports Science Technology Communications Information
    Immigration Home Office Police Operations the Joint Chiefs Army Navy Air Force Armed Forces
    General Staff Council Board Federal Reserve")
    });

/// What kind of organisation a name is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Government,
    Company,
    SupranationalBloc,
    Military,
    Media,
    Party,
    Ngo,
    Other,
}

impl OrgKind {
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Government => "government body",
            OrgKind::Company => "company",
            OrgKind::SupranationalBloc => "supranational bloc",
            OrgKind::Military => "military",
            OrgKind::Media => "media",
            OrgKind::Party => "party",
            OrgKind::Ngo => "NGO",
            OrgKind::Other => "organization",
        }
    }
}

/// Words that, as the last (or a defining) word of a capitalised name, make it an
/// organisation of the given kind.
pub static ORG_KEYWORDS: LazyLock<WordMap<OrgKind>> = LazyLock::new(|| {
    let mut map = WordMap::default();
    let groups: [(&str, OrgKind); 7] = [
        (
            "Ministry Department Council Government Administration Agency Authority Commission
          Committee Senate Congress Parliament Assembly Cabinet Office Bureau Court Tribunal
          Presidency Secretariat Directorate Inspectorate Municipality Legislature Duma Rada
          Knesset Bundestag Chamber Service Services Treasury Kremlin Embassy
          Consulate Mission Police Guard Regulator Board Reserve Customs Coalition",
            OrgKind::Government,
        ),
        (
            "Inc Inc. Corp Corp. Corporation Company Co Co. Ltd Ltd. LLC PLC plc GmbH AG SA Group
          Holdings Industries Motors Airlines Airways Systems Technologies Technology Partners
          Capital Energy Pharmaceuticals Pharma Labs Bank Fund Exchange Freight Shipping Logistics
          Lines Railways Railway Telecom Enterprises Ventures Brands Foods Mining Petroleum Oil
          Gas Steel Insurance Securities Investments Consulting Studios Solutions",
            OrgKind::Company,
        ),
        (
            "Alliance Organization Organisation Bloc Community Commonwealth League",
            OrgKind::SupranationalBloc,
        ),
        (
            "Army Navy Forces Force Corps Brigade Battalion Regiment Division Militia Fleet Command
          Marines Staff",
            OrgKind::Military,
        ),
        (
            "Post Times News Press Journal Herald Tribune Gazette Courier Ledger Telegraph Guardian
          Chronicle Observer Radio Television TV Broadcasting Network Daily Weekly Review Wire
          Media Magazine Insider Standard Independent Express Mirror Sun Record Examiner
          Dispatch Bulletin Monitor Inquirer",
            OrgKind::Media,
        ),
        (
            "Party Democrats Republicans Conservatives Liberals Socialists Greens Labour Movement
          Front Caucus",
            OrgKind::Party,
        ),
        (
            "Foundation Institution Institute Society Association Federation Crescent Trust Charity
          Center Centre Centers Centres Initiative Watch International University College School Academy Church
          Synod Club Union Syndicate Guild Workers",
            OrgKind::Ngo,
        ),
    ];
    for (words, kind) in groups {
        for word in words.split_whitespace() {
            map.entry(word).or_insert(kind);
        }
    }
    // "Union" alone is usually a trade union; the European and African Unions are
    // known organisations with their own entries.
    map
});

/// Well-known organisations, with kind and aliases: `Canonical|alias,alias|kind`.
pub static KNOWN_ORGS: LazyLock<Vec<(&'static str, Vec<&'static str>, OrgKind)>> =
    LazyLock::new(|| {
        let table = "\
White House||government
Kremlin||government
Pentagon||government
Downing Street|Number 10|government
Élysée|Elysee,Élysée Palace|government
State Department||government
Congress|U.S. Congress,US Congress|government
Senate||government
House of Representatives||government
European Union|EU,E.U.|supranational_bloc
European Commission||supranational_bloc
European Parliament||supranational_bloc
NATO|Nato,North Atlantic Treaty Organization|supranational_bloc
United Nations|UN,U.N.|supranational_bloc
UN Security Council|Security Council,U.N. Security Council|supranational_bloc
African Union|AU|supranational_bloc
ASEAN|Association of Southeast Asian Nations|supranational_bloc
OPEC||supranational_bloc
G7|Group of Seven|supranational_bloc
G20|Group of 20|supranational_bloc
World Bank||supranational_bloc
International Monetary Fund|IMF|supranational_bloc
World Health Organization|WHO|supranational_bloc
OSCE||supranational_bloc
International Criminal Court|ICC|supranational_bloc
Red Cross|ICRC|ngo
Amnesty International|Amnesty|ngo
Human Rights Watch||ngo
Reuters||media
Associated Press|AP|media
Agence France-Presse|AFP|media
Bloomberg||media
Axios||media
CNN||media
BBC||media
NBC|NBC News|media
CBS|CBS News|media
ABC|ABC News|media
Fox News||media
Al Jazeera||media
Politico||media
Der Spiegel|Spiegel|media
Telegram||company
Facebook||company
Meta||company
Google||company
Apple||company
Microsoft||company
Amazon||company
Twitter||company
Hamas||other
Hezbollah||other
Taliban||other
Federal Reserve|Fed|government
FBI||government
CIA||government
KGB||government
FSB||government
Supreme Court||government";
        table
            .lines()
            .filter_map(|line| {
                let mut parts = line.split('|');
                let name = parts.next()?.trim();
                let aliases = parts
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .collect();
                let kind = match parts.next()?.trim() {
                    "government" => OrgKind::Government,
                    "company" => OrgKind::Company,
                    "supranational_bloc" => OrgKind::SupranationalBloc,
                    "military" => OrgKind::Military,
                    "media" => OrgKind::Media,
                    "party" => OrgKind::Party,
                    "ngo" => OrgKind::Ngo,
                    _ => OrgKind::Other,
                };
                Some((name, aliases, kind))
            })
            .collect()
    });

/// Surface form -> index into [`KNOWN_ORGS`].
pub static KNOWN_ORG_INDEX: LazyLock<WordMap<usize>> = LazyLock::new(|| {
    let mut map = WordMap::default();
    for (index, (name, aliases, _)) in KNOWN_ORGS.iter().enumerate() {
        map.insert(*name, index);
        for alias in aliases {
            map.insert(*alias, index);
        }
    }
    map
});

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    Country,
    Region,
    City,
    Continent,
}

#[derive(Clone, Debug)]
pub struct Place {
    pub name: &'static str,
    pub kind: PlaceKind,
}

/// Countries: `Name|aliases|demonyms`. Regions, states and cities follow with kind markers.
const COUNTRIES: &str = "\
Afghanistan||Afghan
Albania||Albanian
Algeria||Algerian
Andorra||Andorran
Angola||Angolan
Argentina||Argentine,Argentinian
Armenia||Armenian
Australia||Australian
Austria||Austrian
Azerbaijan||Azerbaijani,Azeri
Bahamas|The Bahamas|Bahamian
Bahrain||Bahraini
Bangladesh||Bangladeshi
Barbados||Barbadian
Belarus||Belarusian
Belgium||Belgian
Belize||Belizean
Benin||Beninese
Bhutan||Bhutanese
Bolivia||Bolivian
Bosnia and Herzegovina|Bosnia|Bosnian
Botswana||Botswanan
Brazil||Brazilian
Brunei||Bruneian
Bulgaria||Bulgarian
Burkina Faso||Burkinabe
Burundi||Burundian
Cambodia||Cambodian
Cameroon||Cameroonian
Canada||Canadian
Cape Verde|Cabo Verde|Cape Verdean
Central African Republic||
Chad||Chadian
Chile||Chilean
China|People's Republic of China,PRC|Chinese
Colombia||Colombian
Comoros||Comoran
Congo|Republic of the Congo,Democratic Republic of the Congo,DRC|Congolese
Costa Rica||Costa Rican
Croatia||Croatian
Cuba||Cuban
Cyprus||Cypriot
Czech Republic|Czechia|Czech
Denmark||Danish
Djibouti||Djiboutian
Dominican Republic||Dominican
Ecuador||Ecuadorian
Egypt||Egyptian
El Salvador||Salvadoran
Equatorial Guinea||
Eritrea||Eritrean
Estonia||Estonian
Eswatini|Swaziland|
Ethiopia||Ethiopian
Fiji||Fijian
Finland||Finnish
France||French
Gabon||Gabonese
Gambia|The Gambia|Gambian
Georgia||Georgian
Germany||German
Ghana||Ghanaian
Greece||Greek
Guatemala||Guatemalan
Guinea||Guinean
Guyana||Guyanese
Haiti||Haitian
Honduras||Honduran
Hungary||Hungarian
Iceland||Icelandic
India||Indian
Indonesia||Indonesian
Iran|Islamic Republic of Iran|Iranian
Iraq||Iraqi
Ireland|Republic of Ireland|Irish
Israel||Israeli
Italy||Italian
Ivory Coast|Côte d'Ivoire|Ivorian
Jamaica||Jamaican
Japan||Japanese
Jordan||Jordanian
Kazakhstan||Kazakh
Kenya||Kenyan
Kosovo||Kosovar
Kuwait||Kuwaiti
Kyrgyzstan||Kyrgyz
Laos||Laotian
Latvia||Latvian
Lebanon||Lebanese
Lesotho||
Liberia||Liberian
Libya||Libyan
Liechtenstein||
Lithuania||Lithuanian
Luxembourg||
Madagascar||Malagasy
Malawi||Malawian
Malaysia||Malaysian
Maldives||Maldivian
Mali||Malian
Malta||Maltese
Mauritania||Mauritanian
Mauritius||Mauritian
Mexico||Mexican
Moldova||Moldovan
Monaco||Monegasque
Mongolia||Mongolian
Montenegro||Montenegrin
Morocco||Moroccan
Mozambique||Mozambican
Myanmar|Burma|Burmese
Namibia||Namibian
Nepal||Nepali,Nepalese
Netherlands|Holland,The Netherlands|Dutch
New Zealand||
Nicaragua||Nicaraguan
Niger||Nigerien
Nigeria||Nigerian
North Korea|DPRK|North Korean
North Macedonia|Macedonia|Macedonian
Norway||Norwegian
Oman||Omani
Pakistan||Pakistani
Palestine|Palestinian Territories|Palestinian
Panama||Panamanian
Papua New Guinea||
Paraguay||Paraguayan
Peru||Peruvian
Philippines|The Philippines|Filipino,Philippine
Poland||Polish
Portugal||Portuguese
Qatar||Qatari
Romania||Romanian
Russia|Russian Federation|Russian
Rwanda||Rwandan
Saudi Arabia||Saudi
Senegal||Senegalese
Serbia||Serbian
Sierra Leone||Sierra Leonean
Singapore||Singaporean
Slovakia||Slovak
Slovenia||Slovenian,Slovene
Somalia||Somali
South Africa||South African
South Korea|Republic of Korea,Korea|South Korean,Korean
South Sudan||South Sudanese
Spain||Spanish
Sri Lanka||Sri Lankan
Sudan||Sudanese
Suriname||Surinamese
Sweden||Swedish
Switzerland||Swiss
Syria||Syrian
Taiwan||Taiwanese
Tajikistan||Tajik
Tanzania||Tanzanian
Thailand||Thai
Togo||Togolese
Trinidad and Tobago||
Tunisia||Tunisian
Turkey|Türkiye,Turkiye|Turkish
Turkmenistan||Turkmen
Uganda||Ugandan
Ukraine||Ukrainian
United Arab Emirates|UAE,U.A.E.,Emirates|Emirati
United Kingdom|UK,U.K.,Britain,Great Britain|British
United States|US,U.S.,USA,U.S.A.,America,United States of America|American
Uruguay||Uruguayan
Uzbekistan||Uzbek
Vatican|Holy See,Vatican City|
Venezuela||Venezuelan
Vietnam|Viet Nam|Vietnamese
Yemen||Yemeni
Zambia||Zambian
Zimbabwe||Zimbabwean
England||English
Scotland||Scottish,Scot
Wales||Welsh
Northern Ireland||Northern Irish
Greenland||Greenlandic
Puerto Rico||Puerto Rican
Hong Kong||
Gaza|Gaza Strip|Gazan
West Bank||
Crimea||Crimean
Kashmir||Kashmiri
Tibet||Tibetan
Kurdistan||Kurdish
Catalonia||Catalan
Europe||European
Africa||African
Asia||Asian
North America||North American
South America||South American
Latin America||Latin American
Middle East||Middle Eastern
Antarctica||
Arctic||
Balkans||Balkan
Caucasus||Caucasian
Scandinavia||Scandinavian
Baltic|Baltics|
Sahel||
Donbas|Donbass|
Siberia||Siberian";

/// Sub-national regions, US states and major cities: `Name|aliases|kind`.
const SUBNATIONAL: &str = "\
Alabama||region
Alaska||region
Arizona||region
Arkansas||region
California||region
Colorado||region
Connecticut||region
Delaware||region
Florida||region
Hawaii||region
Idaho||region
Illinois||region
Indiana||region
Iowa||region
Kansas||region
Kentucky||region
Louisiana||region
Maine||region
Maryland||region
Massachusetts||region
Michigan||region
Minnesota||region
Mississippi||region
Missouri||region
Montana||region
Nebraska||region
Nevada||region
New Hampshire||region
New Jersey||region
New Mexico||region
New York||city
North Carolina||region
North Dakota||region
Ohio||region
Oklahoma||region
Oregon||region
Pennsylvania||region
Rhode Island||region
South Carolina||region
South Dakota||region
Tennessee||region
Texas||region
Utah||region
Vermont||region
Virginia||region
West Virginia||region
Wisconsin||region
Wyoming||region
Bavaria||region
Quebec||region
Ontario||region
Donetsk||region
Luhansk|Lugansk|region
Zaporizhzhia|Zaporizhzhya,Zaporozhye|region
Kherson||region
Kharkiv|Kharkov|city
Odesa|Odessa|city
Lviv||city
Dnipro||city
Mariupol||city
Bakhmut||city
Washington|Washington D.C.,Washington DC,D.C.,DC|city
Moscow||city
Kyiv|Kiev|city
London||city
Paris||city
Berlin||city
Brussels||city
Rome||city
Madrid||city
Lisbon||city
Vienna||city
Warsaw||city
Prague||city
Budapest||city
Bucharest||city
Sofia||city
Athens||city
Istanbul||city
Ankara||city
Beijing||city
Shanghai||city
Tokyo||city
Seoul||city
Pyongyang||city
Delhi|New Delhi|city
Mumbai||city
Islamabad||city
Kabul||city
Tehran||city
Baghdad||city
Damascus||city
Beirut||city
Jerusalem||city
Tel Aviv||city
Cairo||city
Riyadh||city
Doha||city
Dubai||city
Abu Dhabi||city
Istanbul||city
Minsk||city
Tbilisi||city
Yerevan||city
Baku||city
Astana||city
Tashkent||city
Helsinki||city
Stockholm||city
Oslo||city
Copenhagen||city
Amsterdam||city
The Hague|Hague|city
Geneva||city
Zurich||city
Dublin||city
Edinburgh||city
Munich||city
Hamburg||city
Frankfurt||city
Milan||city
Barcelona||city
Ottawa||city
Toronto||city
Montreal||city
Vancouver||city
Mexico City||city
Havana||city
Caracas||city
Bogota|Bogotá|city
Lima||city
Santiago||city
Buenos Aires||city
Brasilia|Brasília|city
Sao Paulo|São Paulo|city
Rio de Janeiro|Rio|city
Lagos||city
Abuja||city
Nairobi||city
Addis Ababa||city
Johannesburg||city
Cape Town||city
Pretoria||city
Khartoum||city
Tripoli||city
Benghazi||city
Tunis||city
Algiers||city
Rabat||city
Kinshasa||city
Canberra||city
Sydney||city
Melbourne||city
Auckland||city
Wellington||city
Jakarta||city
Manila||city
Bangkok||city
Hanoi||city
Singapore||city
Kuala Lumpur||city
Taipei||city
Hong Kong||city
Los Angeles||city
Chicago||city
Houston||city
Miami||city
Boston||city
San Francisco||city
Seattle||city
Atlanta||city
Dallas||city
Denver||city
Detroit||city
Philadelphia||city
Phoenix||city
Las Vegas||city
New Orleans||city
Anchorage||city
Honolulu||city
Baltimore||city
Geneva||city
Davos||city
Port-au-Prince||city
Kampala||city
Mogadishu||city
Sanaa|Sana'a|city
Aleppo||city
Homs||city
Mosul||city
Basra||city
Fallujah||city
Kandahar||city
Gaza City||city
Rafah||city
Sevastopol||city
St. Petersburg|Saint Petersburg,St Petersburg|city";

pub struct Gazetteer {
    /// Surface form -> place.
    pub places: WordMap<Place>,
    /// Demonym ("Ukrainian") -> country name ("Ukraine").
    pub demonyms: WordMap<&'static str>,
}

pub static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut places = WordMap::default();
    let mut demonyms = WordMap::default();
    let continents = [
        "Europe",
        "Africa",
        "Asia",
        "North America",
        "South America",
        "Latin America",
        "Middle East",
        "Antarctica",
        "Arctic",
    ];
    for line in COUNTRIES.lines() {
        let mut parts = line.split('|');
        let (Some(name), Some(aliases), Some(nationals)) =
            (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let kind = if continents.contains(&name) {
            PlaceKind::Continent
        } else {
            PlaceKind::Country
        };
        places.insert(name, Place { name, kind });
        for alias in aliases.split(',').filter(|a| !a.is_empty()) {
            places.insert(alias, Place { name, kind });
        }
        for demonym in nationals.split(',').filter(|d| !d.is_empty()) {
            demonyms.insert(demonym, name);
        }
    }
    for line in SUBNATIONAL.lines() {
        let mut parts = line.split('|');
        let (Some(name), Some(aliases), Some(kind)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let kind = if kind == "city" {
            PlaceKind::City
        } else {
            PlaceKind::Region
        };
        places.entry(name).or_insert(Place { name, kind });
        for alias in aliases.split(',').filter(|a| !a.is_empty()) {
            places.entry(alias).or_insert(Place { name, kind });
        }
    }
    Gazetteer { places, demonyms }
});

/// Capitals and seats of government that news prose uses for a country's government
/// ("Moscow rejected …", "a Kremlin aide", "Downing Street said"): `Name|Country`.
/// Surface forms are the canonical names of [`KNOWN_ORGS`] and [`GAZETTEER`] places.
const GOVERNMENT_METONYMS: &str = "\
White House|United States
Pentagon|United States
State Department|United States
Congress|United States
Federal Reserve|United States
FBI|United States
CIA|United States
Washington|United States
Kremlin|Russia
FSB|Russia
KGB|Russia
Moscow|Russia
Kyiv|Ukraine
Downing Street|United Kingdom
London|United Kingdom
Élysée|France
Paris|France
Berlin|Germany
Beijing|China
Tokyo|Japan
Seoul|South Korea
Pyongyang|North Korea
Tehran|Iran
Jerusalem|Israel
Ankara|Turkey
Riyadh|Saudi Arabia
Cairo|Egypt
Damascus|Syria
Baghdad|Iraq
Kabul|Afghanistan
New Delhi|India
Islamabad|Pakistan
Ottawa|Canada
Canberra|Australia
Rome|Italy
Madrid|Spain
Warsaw|Poland
Minsk|Belarus
Brussels|European Union";

/// Metonym -> the country (or bloc) whose government it stands for.
pub static METONYMS: LazyLock<WordMap<&'static str>> = LazyLock::new(|| {
    GOVERNMENT_METONYMS
        .lines()
        .filter_map(|line| line.split_once('|'))
        .collect()
});

/// Common given names across many languages; a first token found here makes a
/// capitalised two-word name a likely person.
pub static GIVEN_NAMES: LazyLock<WordSet> = LazyLock::new(|| {
    set(
        "Aaron Abdul Abdullah Adam Adrian Ahmed Ahmad Aisha Alan Albert Alejandro Aleksandr
    Alexander Alexandra Alexei Alexey Alex Alfred Ali Alice Alicia Alison Amanda Amy Ana Andre
    Andrea Andreas Andrei Andrew Andrey Andrii Andriy Angela Angelina Anna Anne Annalena Anthony
    Antonio Antony Arnold Arthur Ashley Barack Barbara Ben Benjamin Bernard Bernie Beth Bill Bob
    Boris Brad Brian Bruce Carl Carlos Carol Caroline Catherine Charles Charlie Chris Christian
    Christina Christine Christopher Claire Claudia Colin Daniel Daria Dario David Deborah Dennis
    Diana Diego Dmitry Dmitri Dmytro Donald Dorothy Douglas Ebrahim Edward Elena Elizabeth Ellen
    Emily Emma Emmanuel Eric Erik Ernst Eva Fatima Felix Fernando Fiona Francesco Francis Frank
    Franz Friedrich Gabriel Gary George Georgy Gerhard Giorgia Giuseppe Gordon Grace Greg Gregory
    Hans Harold Harry Hassan Heather Helen Helmut Henry Hillary Hugh Hussein Ian Igor Ilya Ioana
    Irina Isaac Ivan Jack Jacob Jake James Jan Jane Janet Jared Jason Javier Jean Jeff Jeffrey
    Jennifer Jens Jeremy Jerome Jessica Jill Jim Jimmy Joan Joe John Johnson Jonathan Jorge Jose
    Joseph Joshua Juan Judith Julia Julian Julie Justin Kamala Karen Karl Kate Katherine Kathleen
    Kevin Kim Kirill Klaus Kristi Kurt Larry Laura Lauren Leila Leo Leon Leonid Lindsey Linda
    Lisa Liz Lloyd Lorenzo Louis Lucas Luis Luke Lydia Manuel Marc Marco Margaret Maria Marie Marina
    Mario Mark Martin Mary Matteo Matthew Max Maxim Megan Melissa Michael Michel Michelle Miguel
    Mike Mikhail Mohammed Mohammad Muhammad Nancy Natalia Natalie Nathan Nicholas Nick Nicola
    Nicolas Nikita Nikolai Nina Olaf Olena Oleksandr Oleksii Olga Oliver Olivia Omar Oscar Pablo
    Patricia Patrick Paul Pedro Pete Peter Petro Philip Philippe Pierre Rachel Rafael Ralph Ramon
    Raymond Rebecca Recep Richard Rishi Robert Roberto Rodrigo Roger Roman Ron Ronald Rosa Ruslan
    Ruth Ryan Sam Samantha Samuel Sandra Sara Sarah Scott Sean Sebastian Sergei Sergey
    Serhiy Sharon Shinzo Simon Sophie Stefan Stephanie Stephen Steve Steven Susan Svetlana Tara
    Taras Teresa Theresa Thomas Tim Timothy Tina Todd Tom Tony Ursula Valentina Valery
    Vasyl Victor Victoria Viktor Vincent Vitali Vitaly Vladimir Vladislav Volodymyr Walter
    Wang Wendy William Xi Yana Yevgeny Yulia Yuri Yury Zbigniew Zelda Zoe",
    )
});

/// Reporting verbs that introduce or follow a quotation, in all the forms we match.
pub static SPEECH_VERBS: LazyLock<WordSet> = LazyLock::new(|| {
    set(
        "said says say saying told tells tell telling added adds noted notes wrote writes
    argued argues warned warns stressed stresses emphasized emphasised emphasizes explained
    explains insisted insists claimed claims stated states declared declares announced announces
    asked asks replied replies responded responds acknowledged acknowledges admitted admits
    conceded concedes suggested suggests urged urges cautioned cautions recalled recalls posted
    tweeted remarked remarks observed observes continued continues concluded concludes described
    describes echoed echoes countered counters predicted predicts vowed vows promised promises
    pledged pledges complained complains confirmed confirms denied denies reiterated reiterates
    maintained maintains contended contends mused muses quipped joked shouted yelled whispered
    testified testifies wrote posts summed summarized summarised adding noting warning arguing
    insisting explaining stressing emphasizing emphasising writing telling asking replying
    cautioning recalling urging repeated repeats interjected blurted exclaimed retorted snapped
    scoffed boasted bragged lamented demanded proclaimed wondered touted called calling dubbed
    labeled labelled branded",
    )
});

/// Third-person pronouns that can stand for a person as a speaker.
pub fn is_person_pronoun(word: &str) -> bool {
    matches!(word, "he" | "she" | "He" | "She")
}

/// Number words up to the tens and the scale words.
pub fn number_word(word: &str) -> Option<f64> {
    // Lowercased on the stack: this runs for almost every token of every article, and no
    // number word is longer than "seventeen".
    let mut buffer = [0u8; 9];
    let lower = buffer.get_mut(..word.len())?;
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    let value = match std::str::from_utf8(lower).ok()? {
        "zero" => 0.0,
        "one" | "a" | "an" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "hundred" => 100.0,
        "dozen" => 12.0,
        _ => return None,
    };
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteer_maps_aliases_and_demonyms() {
        assert_eq!(GAZETTEER.places["U.S."].name, "United States");
        assert_eq!(GAZETTEER.places["Kiev"].name, "Kyiv");
        assert_eq!(GAZETTEER.demonyms["Ukrainian"], "Ukraine");
        assert_eq!(GAZETTEER.places["Europe"].kind, PlaceKind::Continent);
    }

    #[test]
    fn known_orgs_resolve_aliases() {
        let index = KNOWN_ORG_INDEX["EU"];
        assert_eq!(KNOWN_ORGS[index].0, "European Union");
        assert_eq!(KNOWN_ORGS[index].2, OrgKind::SupranationalBloc);
    }

    #[test]
    fn titles_know_honorifics() {
        assert_eq!(PERSON_TITLES.get("Sen."), Some(&true));
        assert_eq!(PERSON_TITLES.get("Mr."), Some(&false));
    }
}
