"""Generate nationalities.tsv, countries.tsv and alpha3.txt from one hand-written table.

Why a generator: a nationality adjective has four forms in French (algérien, algérienne, algériens,
algériennes) and writing ~800 forms by hand invites typos and missing plurals.  The table below holds
one masculine singular per nationality; `forms()` derives the other three with the French rules,
`EXCEPTIONS` covers the irregular ones (grec → grecque, turc → turque, letton → lettonne/lettone,
burkinabè invariable...).  The same table yields the country names and the ISO 3166-1 alpha-3 list, so
an ISO code used by a nationality is always in alpha3.txt.

Run from anywhere (no dependency beyond the standard library); the outputs are committed:

    python recognizers/fr/data/_make_nationalities.py
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent

# ISO 3166-1 alpha-3: the 249 officially assigned codes, with an English short name.
ALPHA3: dict[str, str] = {
    "ABW": "Aruba", "AFG": "Afghanistan", "AGO": "Angola", "AIA": "Anguilla", "ALA": "Aland Islands",
    "ALB": "Albania", "AND": "Andorra", "ARE": "United Arab Emirates", "ARG": "Argentina",
    "ARM": "Armenia", "ASM": "American Samoa", "ATA": "Antarctica", "ATF": "French Southern Territories",
    "ATG": "Antigua and Barbuda", "AUS": "Australia", "AUT": "Austria", "AZE": "Azerbaijan",
    "BDI": "Burundi", "BEL": "Belgium", "BEN": "Benin", "BES": "Bonaire, Sint Eustatius and Saba",
    "BFA": "Burkina Faso", "BGD": "Bangladesh", "BGR": "Bulgaria", "BHR": "Bahrain", "BHS": "Bahamas",
    "BIH": "Bosnia and Herzegovina", "BLM": "Saint Barthelemy", "BLR": "Belarus", "BLZ": "Belize",
    "BMU": "Bermuda", "BOL": "Bolivia", "BRA": "Brazil", "BRB": "Barbados", "BRN": "Brunei",
    "BTN": "Bhutan", "BVT": "Bouvet Island", "BWA": "Botswana", "CAF": "Central African Republic",
    "CAN": "Canada", "CCK": "Cocos (Keeling) Islands", "CHE": "Switzerland", "CHL": "Chile",
    "CHN": "China", "CIV": "Cote d'Ivoire", "CMR": "Cameroon", "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo", "COK": "Cook Islands", "COL": "Colombia", "COM": "Comoros",
    "CPV": "Cabo Verde", "CRI": "Costa Rica", "CUB": "Cuba", "CUW": "Curacao", "CXR": "Christmas Island",
    "CYM": "Cayman Islands", "CYP": "Cyprus", "CZE": "Czechia", "DEU": "Germany", "DJI": "Djibouti",
    "DMA": "Dominica", "DNK": "Denmark", "DOM": "Dominican Republic", "DZA": "Algeria", "ECU": "Ecuador",
    "EGY": "Egypt", "ERI": "Eritrea", "ESH": "Western Sahara", "ESP": "Spain", "EST": "Estonia",
    "ETH": "Ethiopia", "FIN": "Finland", "FJI": "Fiji", "FLK": "Falkland Islands", "FRA": "France",
    "FRO": "Faroe Islands", "FSM": "Micronesia", "GAB": "Gabon", "GBR": "United Kingdom",
    "GEO": "Georgia", "GGY": "Guernsey", "GHA": "Ghana", "GIB": "Gibraltar", "GIN": "Guinea",
    "GLP": "Guadeloupe", "GMB": "Gambia", "GNB": "Guinea-Bissau", "GNQ": "Equatorial Guinea",
    "GRC": "Greece", "GRD": "Grenada", "GRL": "Greenland", "GTM": "Guatemala", "GUF": "French Guiana",
    "GUM": "Guam", "GUY": "Guyana", "HKG": "Hong Kong", "HMD": "Heard Island and McDonald Islands",
    "HND": "Honduras", "HRV": "Croatia", "HTI": "Haiti", "HUN": "Hungary", "IDN": "Indonesia",
    "IMN": "Isle of Man", "IND": "India", "IOT": "British Indian Ocean Territory", "IRL": "Ireland",
    "IRN": "Iran", "IRQ": "Iraq", "ISL": "Iceland", "ISR": "Israel", "ITA": "Italy", "JAM": "Jamaica",
    "JEY": "Jersey", "JOR": "Jordan", "JPN": "Japan", "KAZ": "Kazakhstan", "KEN": "Kenya",
    "KGZ": "Kyrgyzstan", "KHM": "Cambodia", "KIR": "Kiribati", "KNA": "Saint Kitts and Nevis",
    "KOR": "South Korea", "KWT": "Kuwait", "LAO": "Laos", "LBN": "Lebanon", "LBR": "Liberia",
    "LBY": "Libya", "LCA": "Saint Lucia", "LIE": "Liechtenstein", "LKA": "Sri Lanka", "LSO": "Lesotho",
    "LTU": "Lithuania", "LUX": "Luxembourg", "LVA": "Latvia", "MAC": "Macao", "MAF": "Saint Martin",
    "MAR": "Morocco", "MCO": "Monaco", "MDA": "Moldova", "MDG": "Madagascar", "MDV": "Maldives",
    "MEX": "Mexico", "MHL": "Marshall Islands", "MKD": "North Macedonia", "MLI": "Mali", "MLT": "Malta",
    "MMR": "Myanmar", "MNE": "Montenegro", "MNG": "Mongolia", "MNP": "Northern Mariana Islands",
    "MOZ": "Mozambique", "MRT": "Mauritania", "MSR": "Montserrat", "MTQ": "Martinique",
    "MUS": "Mauritius", "MWI": "Malawi", "MYS": "Malaysia", "MYT": "Mayotte", "NAM": "Namibia",
    "NCL": "New Caledonia", "NER": "Niger", "NFK": "Norfolk Island", "NGA": "Nigeria",
    "NIC": "Nicaragua", "NIU": "Niue", "NLD": "Netherlands", "NOR": "Norway", "NPL": "Nepal",
    "NRU": "Nauru", "NZL": "New Zealand", "OMN": "Oman", "PAK": "Pakistan", "PAN": "Panama",
    "PCN": "Pitcairn", "PER": "Peru", "PHL": "Philippines", "PLW": "Palau", "PNG": "Papua New Guinea",
    "POL": "Poland", "PRI": "Puerto Rico", "PRK": "North Korea", "PRT": "Portugal", "PRY": "Paraguay",
    "PSE": "Palestine", "PYF": "French Polynesia", "QAT": "Qatar", "REU": "Reunion", "ROU": "Romania",
    "RUS": "Russia", "RWA": "Rwanda", "SAU": "Saudi Arabia", "SDN": "Sudan", "SEN": "Senegal",
    "SGP": "Singapore", "SGS": "South Georgia and the South Sandwich Islands", "SHN": "Saint Helena",
    "SJM": "Svalbard and Jan Mayen", "SLB": "Solomon Islands", "SLE": "Sierra Leone",
    "SLV": "El Salvador", "SMR": "San Marino", "SOM": "Somalia", "SPM": "Saint Pierre and Miquelon",
    "SRB": "Serbia", "SSD": "South Sudan", "STP": "Sao Tome and Principe", "SUR": "Suriname",
    "SVK": "Slovakia", "SVN": "Slovenia", "SWE": "Sweden", "SWZ": "Eswatini", "SXM": "Sint Maarten",
    "SYC": "Seychelles", "SYR": "Syria", "TCA": "Turks and Caicos Islands", "TCD": "Chad", "TGO": "Togo",
    "THA": "Thailand", "TJK": "Tajikistan", "TKL": "Tokelau", "TKM": "Turkmenistan",
    "TLS": "Timor-Leste", "TON": "Tonga", "TTO": "Trinidad and Tobago", "TUN": "Tunisia",
    "TUR": "Turkey", "TUV": "Tuvalu", "TWN": "Taiwan", "TZA": "Tanzania", "UGA": "Uganda",
    "UKR": "Ukraine", "UMI": "United States Minor Outlying Islands", "URY": "Uruguay",
    "USA": "United States", "UZB": "Uzbekistan", "VAT": "Holy See", "VCT": "Saint Vincent and the Grenadines",
    "VEN": "Venezuela", "VGB": "British Virgin Islands", "VIR": "United States Virgin Islands",
    "VNM": "Viet Nam", "VUT": "Vanuatu", "WLF": "Wallis and Futuna", "WSM": "Samoa", "YEM": "Yemen",
    "ZAF": "South Africa", "ZMB": "Zambia", "ZWE": "Zimbabwe",
}  # fmt: skip

# Codes that are not ISO 3166-1 but appear in the nationality / issuing-state fields of MRZs
# (ICAO Doc 9303 part 3) or in European data (Kosovo).
ICAO_EXTRA: dict[str, str] = {
    "D<<": "Germany (ICAO 9303 MRZ code)",
    "XXA": "Stateless person (1954 Convention)",
    "XXB": "Refugee (1951 Convention)",
    "XXC": "Refugee (other)",
    "XXX": "Person of unspecified nationality",
    "XKX": "Kosovo (user-assigned code used by the EU)",
    "RKS": "Kosovo (code printed in Kosovo passports)",
    "EUE": "European Union (laissez-passer)",
    "UNO": "United Nations Organization",
    "UNA": "United Nations specialized agency",
    "UNK": "United Nations Interim Administration in Kosovo",
    "XOM": "Sovereign Military Order of Malta",
    "XPO": "Interpol",
    "GBD": "British Overseas Territories Citizen",
    "GBN": "British National (Overseas)",
    "GBO": "British Overseas Citizen",
    "GBP": "British Protected Person",
    "GBS": "British Subject",
}

# iso3, French country names, extra English country names, French masculine singular adjectives,
# English demonyms.  Several values are separated by '|'.  Accents as written in French; the loader
# folds, so unaccented spellings need not be listed.
# fmt: off
NATIONS: list[tuple[str, str, str, str, str]] = [
    ("AFG", "Afghanistan", "", "afghan", "afghan"),
    ("ZAF", "Afrique du Sud", "", "sud-africain", "south african"),
    ("ALB", "Albanie", "", "albanais", "albanian"),
    ("DZA", "Algérie", "", "algérien", "algerian"),
    ("DEU", "Allemagne|RFA", "Deutschland", "allemand", "german"),
    ("AND", "Andorre", "", "andorran", "andorran"),
    ("AGO", "Angola", "", "angolais", "angolan"),
    ("ATG", "Antigua-et-Barbuda|Antigua", "Antigua", "antiguais", "antiguan"),
    ("SAU", "Arabie saoudite|Arabie Saoudite", "", "saoudien", "saudi|saudi arabian"),
    ("ARG", "Argentine", "", "argentin", "argentine|argentinian"),
    ("ARM", "Arménie", "", "arménien", "armenian"),
    ("AUS", "Australie", "", "australien", "australian"),
    ("AUT", "Autriche", "", "autrichien", "austrian"),
    ("AZE", "Azerbaïdjan", "", "azerbaïdjanais|azéri", "azerbaijani"),
    ("BHS", "Bahamas", "The Bahamas", "bahaméen|bahamien", "bahamian"),
    ("BHR", "Bahreïn", "", "bahreïnien", "bahraini"),
    ("BGD", "Bangladesh", "", "bangladais", "bangladeshi"),
    ("BRB", "Barbade", "", "barbadien", "barbadian"),
    ("BEL", "Belgique", "", "belge", "belgian"),
    ("BLZ", "Belize", "", "bélizien", "belizean"),
    ("BEN", "Bénin", "", "béninois", "beninese"),
    ("BTN", "Bhoutan", "", "bhoutanais", "bhutanese"),
    ("BLR", "Biélorussie|Bélarus", "Byelorussia", "biélorusse|bélarusse", "belarusian"),
    ("MMR", "Birmanie|Myanmar", "Burma", "birman", "burmese"),
    ("BOL", "Bolivie", "", "bolivien", "bolivian"),
    ("BIH", "Bosnie-Herzégovine|Bosnie", "Bosnia", "bosnien|bosniaque|bosnien-herzégovinien", "bosnian"),
    ("BWA", "Botswana", "", "botswanais", "botswanan|motswana"),
    ("BRA", "Brésil", "", "brésilien", "brazilian"),
    ("BRN", "Brunei|Brunéi Darussalam", "Brunei Darussalam", "brunéien", "bruneian"),
    ("BGR", "Bulgarie", "", "bulgare", "bulgarian"),
    ("BFA", "Burkina Faso|Burkina", "", "burkinabè", "burkinabe"),
    ("BDI", "Burundi", "", "burundais", "burundian"),
    ("KHM", "Cambodge", "", "cambodgien", "cambodian"),
    ("CMR", "Cameroun", "", "camerounais", "cameroonian"),
    ("CAN", "Canada", "", "canadien", "canadian"),
    ("CPV", "Cap-Vert|Cabo Verde", "Cape Verde", "cap-verdien|capverdien|cabo-verdien",
     "cape verdean|cabo verdean"),
    ("CAF", "Centrafrique|République centrafricaine|RCA", "CAR", "centrafricain", "central african"),
    ("CHL", "Chili", "", "chilien", "chilean"),
    ("CHN", "Chine|République populaire de Chine", "People's Republic of China|PRC", "chinois", "chinese"),
    ("CYP", "Chypre", "", "chypriote|cypriote", "cypriot"),
    ("COL", "Colombie", "", "colombien", "colombian"),
    ("COM", "Comores", "", "comorien", "comorian|comoran"),
    ("COG", "Congo|République du Congo|Congo-Brazzaville", "Congo|Congo-Brazzaville", "congolais",
     "congolese"),
    ("COD", "République démocratique du Congo|RDC|RD Congo|Congo-Kinshasa|Zaïre",
     "DR Congo|DRC|Congo-Kinshasa|Zaire", "zaïrois", ""),
    ("PRK", "Corée du Nord|République populaire démocratique de Corée", "DPRK", "nord-coréen",
     "north korean"),
    ("KOR", "Corée du Sud|République de Corée|Corée", "Korea|Republic of Korea", "sud-coréen|coréen",
     "south korean|korean"),
    ("CRI", "Costa Rica", "", "costaricien|costaricain|costa-ricien", "costa rican"),
    ("CIV", "Côte d'Ivoire|Côte-d'Ivoire", "Ivory Coast", "ivoirien", "ivorian"),
    ("HRV", "Croatie", "", "croate", "croatian|croat"),
    ("CUB", "Cuba", "", "cubain", "cuban"),
    ("DNK", "Danemark", "", "danois", "danish"),
    ("DJI", "Djibouti", "", "djiboutien", "djiboutian"),
    ("DMA", "Dominique", "", "dominiquais", ""),
    ("DOM", "République dominicaine", "", "dominicain", "dominican"),
    ("EGY", "Égypte", "", "égyptien", "egyptian"),
    ("ARE", "Émirats arabes unis|EAU", "UAE|Emirates", "émirien|émirati", "emirati|emirian"),
    ("ECU", "Équateur", "", "équatorien", "ecuadorian"),
    ("ERI", "Érythrée", "", "érythréen", "eritrean"),
    ("ESP", "Espagne", "", "espagnol", "spanish|spaniard"),
    ("EST", "Estonie", "", "estonien", "estonian"),
    ("SWZ", "Eswatini|Swaziland", "Swaziland", "eswatinien|swazi", "swazi"),
    ("USA", "États-Unis|États-Unis d'Amérique|USA|US",
     "United States of America|America", "américain|états-unien|étasunien", "american"),
    ("ETH", "Éthiopie", "", "éthiopien", "ethiopian"),
    ("FJI", "Fidji|Îles Fidji", "", "fidjien", "fijian"),
    ("FIN", "Finlande", "", "finlandais", "finnish"),
    ("FRA", "France|République française", "", "français", "french"),
    ("GAB", "Gabon", "", "gabonais", "gabonese"),
    ("GMB", "Gambie", "The Gambia", "gambien", "gambian"),
    ("GEO", "Géorgie", "", "géorgien", "georgian"),
    ("GHA", "Ghana", "", "ghanéen", "ghanaian"),
    ("GRC", "Grèce", "", "grec", "greek"),
    ("GRD", "Grenade", "", "grenadien", "grenadian"),
    ("GTM", "Guatemala", "", "guatémaltèque", "guatemalan"),
    ("GIN", "Guinée|Guinée-Conakry", "Guinea-Conakry", "guinéen", "guinean"),
    ("GNB", "Guinée-Bissau", "", "bissau-guinéen|bissao-guinéen", "bissau-guinean"),
    ("GNQ", "Guinée équatoriale", "", "équato-guinéen", "equatoguinean|equatorial guinean"),
    ("GUY", "Guyana", "", "guyanien", "guyanese"),
    ("HTI", "Haïti", "", "haïtien", "haitian"),
    ("HND", "Honduras", "", "hondurien", "honduran"),
    ("HUN", "Hongrie", "", "hongrois", "hungarian"),
    ("IND", "Inde", "", "indien", "indian"),
    ("IDN", "Indonésie", "", "indonésien", "indonesian"),
    ("IRQ", "Irak|Iraq", "", "irakien|iraquien", "iraqi"),
    ("IRN", "Iran|République islamique d'Iran", "", "iranien", "iranian"),
    ("IRL", "Irlande", "Eire", "irlandais", "irish"),
    ("ISL", "Islande", "", "islandais", "icelandic|icelander"),
    ("ISR", "Israël", "", "israélien", "israeli"),
    ("ITA", "Italie", "", "italien", "italian"),
    ("JAM", "Jamaïque", "", "jamaïcain", "jamaican"),
    ("JPN", "Japon", "", "japonais", "japanese"),
    ("JOR", "Jordanie", "", "jordanien", "jordanian"),
    ("KAZ", "Kazakhstan", "", "kazakh|kazakhstanais", "kazakh|kazakhstani"),
    ("KEN", "Kenya", "", "kényan|kenyan", "kenyan"),
    ("KGZ", "Kirghizistan|Kirghizie", "Kyrgyz Republic", "kirghiz|kirghizistanais", "kyrgyz|kirghiz"),
    ("KIR", "Kiribati", "", "kiribatien", "i-kiribati"),
    ("KWT", "Koweït", "", "koweïtien", "kuwaiti"),
    ("LAO", "Laos", "Lao PDR", "laotien", "laotian"),
    ("LSO", "Lesotho", "", "lésothien", "basotho|mosotho"),
    ("LVA", "Lettonie", "", "letton", "latvian"),
    ("LBN", "Liban", "", "libanais", "lebanese"),
    ("LBR", "Liberia|Libéria", "", "libérien", "liberian"),
    ("LBY", "Libye", "", "libyen", "libyan"),
    ("LIE", "Liechtenstein", "", "liechtensteinois", "liechtensteiner"),
    ("LTU", "Lituanie", "", "lituanien", "lithuanian"),
    ("LUX", "Luxembourg", "", "luxembourgeois", "luxembourgish|luxembourger"),
    ("MKD", "Macédoine du Nord|Macédoine", "Macedonia", "macédonien|nord-macédonien", "macedonian"),
    ("MDG", "Madagascar", "", "malgache", "malagasy"),
    ("MYS", "Malaisie", "", "malaisien", "malaysian"),
    ("MWI", "Malawi", "", "malawite|malawien", "malawian"),
    ("MDV", "Maldives", "", "maldivien", "maldivian"),
    ("MLI", "Mali", "", "malien", "malian"),
    ("MLT", "Malte", "", "maltais", "maltese"),
    ("MAR", "Maroc", "", "marocain", "moroccan"),
    ("MHL", "Îles Marshall", "", "marshallais", "marshallese"),
    ("MUS", "Maurice|Île Maurice", "", "mauricien", "mauritian"),
    ("MRT", "Mauritanie", "", "mauritanien", "mauritanian"),
    ("MEX", "Mexique", "", "mexicain", "mexican"),
    ("FSM", "Micronésie|États fédérés de Micronésie", "", "micronésien", "micronesian"),
    ("MDA", "Moldavie|Moldova|République de Moldavie", "", "moldave", "moldovan"),
    ("MCO", "Monaco", "", "monégasque", "monegasque|monacan"),
    ("MNG", "Mongolie", "", "mongol", "mongolian"),
    ("MNE", "Monténégro", "", "monténégrin", "montenegrin"),
    ("MOZ", "Mozambique", "", "mozambicain", "mozambican"),
    ("NAM", "Namibie", "", "namibien", "namibian"),
    ("NRU", "Nauru", "", "nauruan", "nauruan"),
    ("NPL", "Népal", "", "népalais", "nepalese|nepali"),
    ("NIC", "Nicaragua", "", "nicaraguayen", "nicaraguan"),
    ("NER", "Niger", "", "nigérien", "nigerien"),
    ("NGA", "Nigeria|Nigéria", "", "nigérian|nigerian", "nigerian"),
    ("NOR", "Norvège", "", "norvégien", "norwegian"),
    ("NZL", "Nouvelle-Zélande", "", "néo-zélandais", "new zealander"),
    ("OMN", "Oman", "", "omanais", "omani"),
    ("UGA", "Ouganda", "", "ougandais", "ugandan"),
    ("UZB", "Ouzbékistan", "", "ouzbek|ouzbékistanais", "uzbek|uzbekistani"),
    ("PAK", "Pakistan", "", "pakistanais", "pakistani"),
    ("PLW", "Palaos|Palau", "", "palaosien", "palauan"),
    ("PSE", "Palestine|État de Palestine|Territoires palestiniens", "State of Palestine", "palestinien",
     "palestinian"),
    ("PAN", "Panama", "", "panaméen", "panamanian"),
    ("PNG", "Papouasie-Nouvelle-Guinée", "", "papouan-néo-guinéen", "papua new guinean"),
    ("PRY", "Paraguay", "", "paraguayen", "paraguayan"),
    ("NLD", "Pays-Bas|Hollande", "Holland|The Netherlands", "néerlandais|hollandais", "dutch|netherlander"),
    ("PER", "Pérou", "", "péruvien", "peruvian"),
    ("PHL", "Philippines", "", "philippin", "filipino|philippine"),
    ("POL", "Pologne", "", "polonais", "polish"),
    ("PRT", "Portugal", "", "portugais", "portuguese"),
    ("QAT", "Qatar", "", "qatarien|qatari", "qatari"),
    ("ROU", "Roumanie", "", "roumain", "romanian"),
    ("GBR", "Royaume-Uni|Grande-Bretagne|Angleterre|Écosse|Pays de Galles|Irlande du Nord",
     "UK|Great Britain|Britain|England|Scotland|Wales|Northern Ireland",
     "britannique|anglais|écossais|gallois|nord-irlandais", "british|english|scottish|welsh|briton"),
    ("RUS", "Russie|Fédération de Russie", "Russian Federation", "russe", "russian"),
    ("RWA", "Rwanda", "", "rwandais", "rwandan"),
    ("KNA", "Saint-Kitts-et-Nevis|Saint-Christophe-et-Niévès", "Saint Kitts|St Kitts and Nevis",
     "kittitien|christophien", "kittitian"),
    ("SMR", "Saint-Marin", "", "saint-marinais|sammarinais", "sammarinese"),
    ("VCT", "Saint-Vincent-et-les-Grenadines|Saint-Vincent", "Saint Vincent|St Vincent",
     "vincentais|saint-vincentais", "vincentian"),
    ("LCA", "Sainte-Lucie", "St Lucia", "saint-lucien", "saint lucian"),
    ("SLB", "Îles Salomon", "", "salomonais", "solomon islander"),
    ("SLV", "Salvador|El Salvador", "", "salvadorien", "salvadoran|salvadorian"),
    ("WSM", "Samoa", "", "samoan", "samoan"),
    ("STP", "Sao Tomé-et-Principe|São Tomé-et-Príncipe", "Sao Tome|São Tomé and Príncipe", "santoméen",
     "sao tomean"),
    ("SEN", "Sénégal", "", "sénégalais", "senegalese"),
    ("SRB", "Serbie", "", "serbe", "serbian|serb"),
    ("SYC", "Seychelles", "", "seychellois", "seychellois"),
    ("SLE", "Sierra Leone", "", "sierra-léonais|sierraléonais", "sierra leonean"),
    ("SGP", "Singapour", "", "singapourien", "singaporean"),
    ("SVK", "Slovaquie", "Slovak Republic", "slovaque", "slovak|slovakian"),
    ("SVN", "Slovénie", "", "slovène", "slovenian|slovene"),
    ("SOM", "Somalie", "", "somalien|somali", "somali|somalian"),
    ("SDN", "Soudan", "", "soudanais", "sudanese"),
    ("SSD", "Soudan du Sud", "", "sud-soudanais", "south sudanese"),
    ("LKA", "Sri Lanka", "Ceylon", "sri-lankais|srilankais", "sri lankan"),
    ("SWE", "Suède", "", "suédois", "swedish"),
    ("CHE", "Suisse|Confédération suisse", "", "suisse", "swiss"),
    ("SUR", "Suriname|Surinam", "", "surinamais|surinamien", "surinamese"),
    ("SYR", "Syrie|République arabe syrienne", "Syrian Arab Republic", "syrien", "syrian"),
    ("TJK", "Tadjikistan", "", "tadjik|tadjikistanais", "tajik|tajikistani"),
    ("TZA", "Tanzanie", "", "tanzanien", "tanzanian"),
    ("TCD", "Tchad", "", "tchadien", "chadian"),
    ("CZE", "Tchéquie|République tchèque", "Czech Republic", "tchèque", "czech"),
    ("THA", "Thaïlande", "", "thaïlandais|thaï", "thai"),
    ("TLS", "Timor oriental|Timor-Leste", "East Timor", "est-timorais|timorais", "timorese|east timorese"),
    ("TGO", "Togo", "", "togolais", "togolese"),
    ("TON", "Tonga", "", "tongien", "tongan"),
    ("TTO", "Trinité-et-Tobago", "Trinidad", "trinidadien", "trinidadian|tobagonian"),
    ("TUN", "Tunisie", "", "tunisien", "tunisian"),
    ("TKM", "Turkménistan", "", "turkmène", "turkmen"),
    ("TUR", "Turquie|Türkiye", "Türkiye|Turkiye", "turc", "turkish|turk"),
    ("TUV", "Tuvalu", "", "tuvaluan", "tuvaluan"),
    ("UKR", "Ukraine", "", "ukrainien", "ukrainian"),
    ("URY", "Uruguay", "", "uruguayen", "uruguayan"),
    ("VUT", "Vanuatu", "", "vanuatais", "ni-vanuatu|vanuatuan"),
    ("VAT", "Vatican|Saint-Siège|Cité du Vatican", "Vatican City|Vatican", "vatican", "vatican"),
    ("VEN", "Venezuela|Vénézuela", "", "vénézuélien", "venezuelan"),
    ("VNM", "Viêt Nam|Vietnam|Viet Nam|Viêtnam", "Vietnam", "vietnamien|viêtnamien", "vietnamese"),
    ("YEM", "Yémen", "", "yéménite", "yemeni"),
    ("ZMB", "Zambie", "", "zambien", "zambian"),
    ("ZWE", "Zimbabwe", "", "zimbabwéen", "zimbabwean"),
    # not UN members, but nationalities seen in French administrative data
    ("XKX", "Kosovo", "", "kosovar|kosovien", "kosovar|kosovan"),
    ("TWN", "Taïwan|Taiwan|Formose", "", "taïwanais", "taiwanese"),
    ("HKG", "Hong Kong|Hong-Kong", "", "hongkongais", "hongkonger"),
    ("MAC", "Macao|Macau", "Macau", "macanais", "macanese"),
    ("ESH", "Sahara occidental", "", "sahraoui", "sahrawi|sahraoui"),
    ("PRI", "Porto Rico", "", "portoricain", "puerto rican"),
    ("GRL", "Groenland", "", "groenlandais", "greenlandic|greenlander"),
    ("XXA", "", "", "apatride", "stateless"),
    # territories: country names only (their people hold another nationality)
    ("GLP", "Guadeloupe", "", "", ""),
    ("MTQ", "Martinique", "", "", ""),
    ("GUF", "Guyane|Guyane française", "", "", ""),
    ("REU", "La Réunion|Réunion|Île de la Réunion", "", "", ""),
    ("MYT", "Mayotte", "", "", ""),
    ("NCL", "Nouvelle-Calédonie", "", "", ""),
    ("PYF", "Polynésie française|Polynésie", "", "", ""),
    ("SPM", "Saint-Pierre-et-Miquelon", "", "", ""),
    ("WLF", "Wallis-et-Futuna", "", "", ""),
    ("MAF", "Saint-Martin", "", "", ""),
    ("BLM", "Saint-Barthélemy", "", "", ""),
    ("ATF", "Terres australes et antarctiques françaises|TAAF", "", "", ""),
    ("GIB", "Gibraltar", "", "", ""),
    ("BMU", "Bermudes", "", "", ""),
    ("CYM", "Îles Caïmans|Îles Caïman", "", "", ""),
    ("FRO", "Îles Féroé", "", "", ""),
    ("ABW", "Aruba", "", "", ""),
    ("CUW", "Curaçao", "", "", ""),
    ("SXM", "Saint-Martin (partie néerlandaise)|Sint Maarten", "", "", ""),
    ("BES", "Bonaire, Saint-Eustache et Saba|Bonaire", "Bonaire", "", ""),
    ("AIA", "Anguilla", "", "", ""),
    ("MSR", "Montserrat", "", "", ""),
    ("VGB", "Îles Vierges britanniques", "", "", ""),
    ("VIR", "Îles Vierges des États-Unis", "", "", ""),
    ("GUM", "Guam", "", "", ""),
    ("ASM", "Samoa américaines", "", "", ""),
    ("MNP", "Îles Mariannes du Nord", "", "", ""),
    ("IMN", "Île de Man", "", "", ""),
    ("JEY", "Jersey", "", "", ""),
    ("GGY", "Guernesey", "", "", ""),
    ("COK", "Îles Cook", "", "", ""),
    ("NIU", "Niue|Niué", "", "", ""),
    ("TKL", "Tokelau|Tokélaou", "", "", ""),
    ("PCN", "Pitcairn|Îles Pitcairn", "", "", ""),
    ("NFK", "Île Norfolk", "", "", ""),
    ("CXR", "Île Christmas", "", "", ""),
    ("CCK", "Îles Cocos", "", "", ""),
    ("SHN", "Sainte-Hélène", "", "", ""),
    ("SJM", "Svalbard et Jan Mayen|Svalbard", "Svalbard", "", ""),
    ("ATA", "Antarctique", "", "", ""),
    ("BVT", "Île Bouvet", "", "", ""),
    ("HMD", "Îles Heard-et-MacDonald", "", "", ""),
    ("SGS", "Géorgie du Sud-et-les îles Sandwich du Sud", "", "", ""),
    ("IOT", "Territoire britannique de l'océan Indien", "", "", ""),
    ("UMI", "Îles mineures éloignées des États-Unis", "", "", ""),
    ("TCA", "Îles Turques-et-Caïques", "", "", ""),
    ("FLK", "Îles Malouines|Malouines|Îles Falkland", "Falklands", "", ""),
    ("ALA", "Îles Åland|Åland", "", "", ""),
]

# fmt: on

# Irregular adjectives: masculine singular -> all forms.
EXCEPTIONS: dict[str, list[str]] = {
    "grec": ["grec", "grecque", "grecs", "grecques"],
    "turc": ["turc", "turque", "turcs", "turques"],
    "letton": ["letton", "lettone", "lettonne", "lettons", "lettones", "lettonnes"],
    "ouzbek": ["ouzbek", "ouzbèke", "ouzbeks", "ouzbèkes", "ouzbeke", "ouzbekes"],
    "suisse": ["suisse", "suissesse", "suisses", "suissesses"],
    "burkinabè": ["burkinabè", "burkinabé", "burkinabe", "burkinabès", "burkinabés", "burkinabée",
                  "burkinabées"],
    "kirghiz": ["kirghiz", "kirghize", "kirghizes"],
    "vatican": ["vatican", "vaticane", "vaticans", "vaticanes"],
}  # fmt: skip

# Suffix rules, most specific first: (masculine singular ending, feminine singular ending).
# The masculine plural adds -s unless the word ends in -s, -x or -z; the feminine plural adds -s.
RULES: list[tuple[str, str]] = [
    ("ien", "ienne"),  # algérien, ivoirien, haïtien
    ("éen", "éenne"),  # coréen, guinéen, ghanéen, bissau-guinéen
    ("yen", "yenne"),  # libyen, paraguayen, nicaraguayen
    ("en", "enne"),  # other -en
    ("ain", "aine"),  # marocain, américain, centrafricain, sud-africain
    ("ais", "aise"),  # français, sénégalais, néo-zélandais, sri-lankais
    ("ois", "oise"),  # chinois, danois, béninois, luxembourgeois
    ("an", "ane"),  # afghan, birman, andorran, kényan, samoan
    ("on", "onne"),  # (letton is an exception with two spellings)
    ("ote", "ote"),  # chypriote, cypriote: invariable in gender
    ("ète", "ète"),  # -ète: invariable in gender
    ("e", "e"),  # belge, malgache, russe, tchèque, guatémaltèque: invariable in gender
    ("c", "que"),  # (turc, grec are exceptions; kept for completeness)
    ("ek", "èke"),  # ouzbek
    ("é", "ée"),  # -é: burkinabé
    ("i", "ie"),  # azéri, qatari, thaï, swazi, sahraoui, somali
    ("", "e"),  # allemand, espagnol, argentin, mongol, kazakh, kosovar
]


def forms(masculine: str) -> list[str]:
    """The four forms of a French nationality adjective (fewer when some coincide).

    >>> forms("algérien")
    ['algérien', 'algérienne', 'algériens', 'algériennes']
    >>> forms("français")
    ['français', 'française', 'françaises']
    >>> forms("belge")
    ['belge', 'belges']
    >>> forms("sri-lankais")
    ['sri-lankais', 'sri-lankaise', 'sri-lankaises']
    """
    if masculine in EXCEPTIONS:
        return EXCEPTIONS[masculine]
    for masc_end, fem_end in RULES:
        if masculine.endswith(masc_end):
            feminine = masculine[: len(masculine) - len(masc_end)] + fem_end
            break
    masc_plural = masculine if masculine[-1] in "sxz" else masculine + "s"
    out: list[str] = []
    for form in (masculine, feminine, masc_plural, feminine + "s"):
        if form not in out:
            out.append(form)
    return out


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


def _fold(text: str) -> str:
    """Same folding as piiscan.text.fold (kept here so the script needs only the standard library)."""
    special = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}
    out = []
    for ch in text:
        ch = special.get(ch, ch)
        out.append("".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)))
    return "".join(out).lower()


class _Table:
    """Rows of (key, iso3), refusing a folded key that would map to two codes."""

    def __init__(self, codes: set[str]) -> None:
        self.codes = codes
        self.seen: dict[str, str] = {}
        self.rows: list[tuple[str, str]] = []

    def add(self, key: str, code: str) -> None:
        if code not in self.codes:
            raise SystemExit(f"{key}: unknown code {code}")
        folded = _fold(key)
        if folded in self.seen:
            if self.seen[folded] != code:
                raise SystemExit(f"{key}: both {self.seen[folded]} and {code}")
            if key.lower() == folded or any(k == key for k, _ in self.rows):
                return  # the unaccented spelling adds nothing: the loader folds
        self.seen.setdefault(folded, code)
        self.rows.append((key, code))

    def comment(self, text: str) -> None:
        self.rows.append(("#", text))


def build() -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """(nationality rows, country rows, alpha-3 rows); a ("#", text) row is a comment line."""
    codes = set(ALPHA3) | set(ICAO_EXTRA)
    nat = _Table(codes)
    for code, _fr, _en, adjectives, _dem in NATIONS:
        for adj in _split(adjectives):
            for form in forms(adj):
                nat.add(form, code)
    nat.comment("English demonyms (bonus)")
    for code, _fr, _en, _adj, demonyms in NATIONS:
        for dem in _split(demonyms):
            nat.add(dem, code)
    countries = _Table(codes)
    for code, fr_names, _en, _adj, _dem in NATIONS:
        for name in _split(fr_names):
            countries.add(name, code)
    countries.comment("English names")
    for code, name in ALPHA3.items():
        countries.add(name, code)
    for code, _fr, en_names, _adj, _dem in NATIONS:
        for name in _split(en_names):
            countries.add(name, code)
    alpha_rows = sorted(ALPHA3.items())
    alpha_rows.append(("#", "ICAO Doc 9303 codes that are not ISO 3166-1"))
    alpha_rows += list(ICAO_EXTRA.items())
    return nat.rows, countries.rows, alpha_rows


def _write(path: Path, header: list[str], rows: list[tuple[str, str]]) -> None:
    lines = [f"# {h}" for h in header]
    for key, value in rows:
        lines.append(f"# {value}" if key == "#" else f"{key}\t{value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    """Write the three tables next to this script."""
    nat, countries, alpha = build()
    gen = "Generated by _make_nationalities.py: edit the table there, not this file."
    _write(
        HERE / "nationalities.tsv",
        [
            "French nationality adjectives in their four forms (masc./fem., sing./plural), accents as "
            "written, then English demonyms. " + gen,
            "Reported as NATIONALITY in a nationality field or after a nationality context word "
            "(de nationalité, ressortissant...). Compared folded (piiscan.text.fold).",
            "form<TAB>iso3 (ISO 3166-1 alpha-3, or an ICAO code from alpha3.txt such as XXA for apatride)",
        ],
        nat,
    )
    _write(
        HERE / "countries.tsv",
        [
            "Country names in French (without article) then English, for nationality fields that hold a "
            "country (`Nationalité: Maroc`). " + gen,
            "Compared folded; punctuation variants (Côte-d'Ivoire / Cote d Ivoire) are added by the loader.",
            "name<TAB>iso3",
        ],
        countries,
    )
    _write(
        HERE / "alpha3.txt",
        [
            "ISO 3166-1 alpha-3 codes (all 249) then the non-ISO codes ICAO Doc 9303 allows in MRZ "
            "nationality / issuing-state fields (XXA stateless, XXB/XXC refugee, D<< Germany...). " + gen,
            "code<TAB>English name (only the first column is used)",
        ],
        alpha,
    )

    def count(rows: list[tuple[str, str]]) -> int:
        return sum(1 for key, _ in rows if key != "#")

    print(f"{count(nat)} nationality forms, {count(countries)} country names, {count(alpha)} codes")


if __name__ == "__main__":
    main()
