import { stemmer } from '@orama/stemmers/dutch';
import { dutchLexicon } from '../lexicon/nl.js';
import type { LanguageRules } from '../normalise.js';

const SEPARABLE_PARTICIPLE = /^(terug|op|af|aan|in|uit|mee|door|over|toe|weg|om|bij|vast|los)ge(\w{3,}(?:d|t|en))$/;

/**
 * Snowball's Dutch stemmer, plus what it leaves apart that customers use interchangeably: the ge-
 * of past participles ("teruggestuurd", "gereserveerd"), diminutives ("pakketje") and the double
 * vowel of a closed syllable ("afspraak" → "afsprak", "betaal" → "betal"), so forms of one word meet.
 */
export function stemDutch(word: string): string {
  let w = word;
  const separable = SEPARABLE_PARTICIPLE.exec(w);
  if (separable && w.length >= 9) w = `${separable[1]}${separable[2]}`;
  // Not the nouns that look like participles: "gedicht", "gewicht", "geluid".
  else if (w.startsWith('ge') && w.length >= 7 && /(d|t|en)$/.test(w) && !/(icht|uid)$/.test(w)) w = w.slice(2);
  // Diminutives: "pakketje", "afspraakjes", "lesje" are the thing itself.
  if (w.length >= 5 && /[^i]jes?$/.test(w)) w = w.replace(/jes?$/, '');
  // Snowball strips one ending per pass: "fietsen" → "fiets", but "fiets" → "fiet". Twice makes them meet.
  return undouble(stemmer(stemmer(w)));
}

/**
 * A stem ending in -d or -t may be a verb form ("bezorgd", "bezorgt" beside "bezorgen") or the
 * word itself ("pakket", "paspoort"): both are kept, and either may match.
 */
export function dutchStemVariants(stem: string): string[] {
  return stem.length >= 5 && /[dt]$/.test(stem) ? [undouble(stem.slice(0, -1))] : [];
}

function undouble(stem: string): string {
  let w = stem;
  if (w.length >= 4 && /([bcdfgklmnprstvz])\1$/.test(w)) w = w.slice(0, -1);
  const m = /(aa|ee|oo|uu)([^aeiouy])$/.exec(w);
  if (m && w.length >= 4) w = w.slice(0, m.index + 1) + m[2];
  return w;
}

export const dutch: LanguageRules = {
  code: 'nl',
  stopwords: [
    'de', 'het', 'een', 'n', 't', 'k', 'ik', 'je', 'jij', 'u', 'uw', 'jullie', 'julie', 'we', 'wij', 'mijn', 'mn', 'm', 'me', 'mij', 'jou', 'jouw', 'hij', 'zij', 'ze', 'hem',
    'haar', 'hun', 'ons', 'onze', 'men', 'zich', 'zelf', 'z', 's',
    'is', 'zijn', 'ben', 'bent', 'was', 'waren', 'wordt', 'worden', 'word', 'werd', 'kan', 'kun', 'kunt', 'kunnen', 'kon', 'konden', 'mag', 'mogen', 'moet', 'moeten',
    'wil', 'wilt', 'willen', 'zou', 'zouden', 'zal', 'zullen', 'kzou', 'kwil', 'kan k', 'wilde',
    'heb', 'hebt', 'heeft', 'hebben', 'had', 'hadden', 'doe', 'doet', 'doen', 'deed', 'ga', 'gaat', 'gaan', 'er', 'daar', 'hier', 'dit', 'dat',
    'deze', 'die', 'wat', 'hoe', 'welke', 'welk', 'wie', 'waarom',
    'of', 'en', 'maar', 'om', 'te', 'van', 'voor', 'naar', 'met', 'op', 'in', 'aan', 'bij', 'uit', 'tot', 'over', 'door', 'als', 'dan', 'ook', 'nog',
    'al', 'wel', 'niet', 'geen', 'even', 'ff', 'effe', 'graag',
    'hoi', 'hallo', 'hey', 'hee', 'hai', 'hi', 'beste', 'goedemorgen', 'goedemiddag', 'goedenavond', 'bedankt', 'dank', 'dankje', 'dankjewel', 'tnx', 'thx',
    'alvast', 'groetjes', 'groet', 'gr', 'aub', 'svp', 'alstublieft', 'alsjeblieft', 'pls', 'plz',
    'eigenlijk', 'gewoon', 'eens', 'toch', 'hoor', 'zo', 'weten', 'vraag', 'vraagje', 'vragen', 'iets', 'mee', 'toe', 'ja', 'nee', 'ok', 'oke', 'okay', 'dus', 'want',
    'omdat', 'voordat', 'nadat', 'sinds', 'per', 'meer', 'veel', 'heel', 'erg', 'echt', 'idd', 'ipv',
    'precies', 'ongeveer', 'misschien', 'nou', 'he', 'hmm', 'iemand', 'niemand', 'ergens', 'alles', 'allemaal', 'elke',
    'elk', 'ieder', 'andere', 'ander', 'nu', 'net', 'zien', 'laten', 'kijken', 'staat', 'staan', 'zitten', 'zeggen', 'vertellen', 'krijgen',
    'krijg', 'krijgt', 'kregen', 'kreeg', 'gekregen',
    'na', 'geleden', 'tijdens', 'terwijl', 'steeds', 'alweer', 'zelfde', 'dezelfde', 'hetzelfde', 'goed', 'goede', 'maak', 'gemaakt', 'komen', 'kwam', 'komt', 'kom', 'ging', 'gedaan', 'manier', 'anders',
    'paar', 'beetje', 'zeker', 'mogelijk', 'mogelijkheid', 'soms', 'lukt', 'via', 'boven', 'onder', 'euros', 'eur',
    'zat', 'zaten', 'zag', 'gezien', 'gevonden', 'weer', 'vandaag', 'morgen', 'vanavond', 'vanmiddag', 'vanochtend', 'gisteren', 'binnen', 'bekijken', 'bekijk', 'kijk',
    'mam', 'pap', 'ouders', 'vrienden', 'zus', 'zusje', 'broer', 'broertje',
    'oma', 'opa', 'buurman', 'buurvrouw', 'collega', 'baas', 'jongens', 'mensen', 'iemand', 'grootouders', 'kleinkinderen', 'familie',
    // Woorden die een bericht kleuren en niets zeggen over wat het vraagt.
    'helaas', 'jammer', 'altijd', 'vaak', 'nooit', 'rond', 'rondom', 'helemaal', 'hele', 'geheel', 'allebei', 'beide', 'volgende', 'vorige',
    'afgelopen', 'komende', 'aanstaande', 'makkelijk', 'makkelijkst', 'gemakkelijk', 'liefst', 'liever', 'eerst', 'zonder', 'nodig',
    'zoek', 'zoeken', 'denk', 'denken', 'dacht', 'gebeurt', 'gebeuren', 'gebeurd', 'geweest', 'moment', 'momenteel', 'tegenwoordig', 'inmiddels',
    'best', 'behoorlijk', 'nogal', 'redelijk', 'wellicht', 'waarschijnlijk', 'eventueel', 'sowieso', 'trouwens', 'namelijk', 'zoals', 'alleen',
  ],
  stem: stemDutch,
  stemVariants: dutchStemVariants,
  compounds: true,
  separable: {
    particles: ['terug', 'op', 'af', 'aan', 'in', 'uit', 'mee', 'door', 'over', 'toe', 'weg', 'om', 'bij', 'vast', 'los', 'langs', 'na'],
    openers: ['hoe', 'laat', 'lang', 'snel', 'vaak', 'wanneer', 'waar', 'wat', 'waarom', 'welke', 'wie', 'ik', 'k', 'je', 'jij', 'u', 'we', 'wij', 'jullie', 'ze', 'zij', 'hij', 'dan', 'daarna', 'eerst', 'en', 'maar'],
  },
  lexicon: dutchLexicon,
  shortForms: {
    wnr: 'wanneer', wanneet: 'wanneer', hoelaat: 'hoe laat', hoelang: 'hoe lang', hoeveel: 'hoeveel', kzou: 'ik zou', kwil: 'ik wil', kheb: 'ik heb', kben: 'ik ben',
    kan: 'kan', zsm: 'zo snel mogelijk', mss: 'misschien', evt: 'eventueel', ovv: 'onder vermelding van', tel: 'telefoon', nr: 'nummer', nmr: 'nummer',
    info: 'informatie', ma: 'maandag', di: 'dinsdag', wo: 'woensdag', do: 'donderdag', vr: 'vrijdag', vrij: 'vrij', za: 'zaterdag', zo: 'zo',
    weekend: 'weekend', wknd: 'weekend', mn: 'mijn', m: 'mijn', dr: 'dokter', ff: 'even', gwn: 'gewoon', iig: 'in ieder geval', wss: 'waarschijnlijk',
    wrm: 'waarom', nvm: 'laat maar', mail: 'mail', app: 'app', tnx: 'bedankt', thx: 'bedankt', ipv: 'in plaats van', aub: 'alstublieft',
    telnr: 'telefoonnummer', telefoonnr: 'telefoonnummer', ivm: 'in verband met', vd: 'van de', zon: 'zo een', zn: 'zijn', wat: 'wat', nml: 'namelijk',
    // Getallen in woorden zijn getallen: ze zeggen weinig over de vraag.
    twee: '2', drie: '3', vier: '4', vijf: '5', zes: '6', zeven: '7', acht: '8', negen: '9', tien: '10', twaalf: '12', twintig: '20',
  },
  dictionary: [
    'week', 'weken', 'maand', 'maanden', 'jaar', 'jaren', 'uur', 'uren', 'minuut', 'minuten', 'dag', 'dagen', 'verband',
    'laatst', 'laatste', 'eerste', 'tweede', 'keer', 'keren',
    'mens', 'man', 'vrouw', 'huis', 'auto', 'fiets', 'werk', 'school', 'stad', 'land', 'water', 'geld', 'antwoord', 'probleem',
    'hulp', 'help', 'naam', 'nummer', 'brief', 'tas', 'boek', 'film', 'muziek', 'spel', 'nieuws', 'zeggen', 'vinden',
    'denken', 'geven', 'nemen', 'brengen', 'zetten', 'leggen', 'liggen', 'lopen', 'rijden', 'spelen', 'leren', 'verkopen', 'verkoop', 'schrijven', 'lezen', 'koken', 'bakken', 'zoeken',
    'helpen', 'wonen', 'houden', 'hou', 'vind', 'denk', 'geef', 'neem', 'zie', 'weet', 'zeg', 'lees', 'schrijf', 'bedoel', 'bedoelen', 'snap', 'begrijp', 'hoop', 'beter', 'slecht',
    'mooi', 'lelijk', 'leuk', 'kort', 'hoog', 'laag', 'langzaam', 'nat', 'droog', 'leeg', 'rood', 'blauw', 'geel', 'zwart', 'wit', 'kleur', 'zin',
    'leven', 'wereld', 'spaans', 'computer', 'laptop', 'wint', 'winnen', 'wedstrijd', 'hoofdstad', 'mop', 'gedicht', 'aanraden', 'verkopen',
  ],
  commonWords: [
    'de', 'het', 'een', 'ik', 'je', 'jij', 'jullie', 'mijn', 'uw', 'zijn', 'ben', 'bent', 'wordt', 'kan', 'kun', 'kunt', 'kunnen', 'wil', 'wilt',
    'moet', 'mag', 'heb', 'hebt', 'heeft', 'hebben',
    'wat', 'hoe', 'waar', 'wanneer', 'welke', 'wie', 'waarom', 'en', 'van', 'voor', 'naar', 'met', 'op', 'aan', 'bij', 'uit', 'niet', 'geen', 'ook',
    'nog', 'wel', 'er', 'dat', 'dit', 'deze', 'die',
    'hoi', 'hallo', 'graag', 'bedankt', 'dank', 'ja', 'nee', 'alstublieft', 'alsjeblieft', 'nu', 'zo', 'maar', 'als', 'dan', 'om',
    'te', 'ze', 'ons', 'onze', 'u', 'jou', 'mij', 'hoeveel', 'kost', 'mn', 'ff', 'wnr', 'hoelaat', 'kosten', 'prijs',
  ],
  patterns: [
    [/ij/g, 1],
    [/oe/g, 0.7],
    [/sch/g, 1],
    [/aa|uu/g, 1],
    [/ui/g, 0.7],
    [/eu/g, 0.5],
    [/cht/g, 1],
    [/tje/g, 1],
    [/\bge\w{3,}[dt]\b/g, 1],
    [/lijk|heid/g, 1],
    [/\w(en)\b/g, 0.3],
  ],
};
