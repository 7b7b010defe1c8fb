import { stemmer } from '@orama/stemmers/english';
import { englishLexicon } from '../lexicon/en.js';
import type { LanguageRules } from '../normalise.js';

/** Snowball's English (Porter2) stemmer; "canceled" and "cancelled" meet as well. */
export function stemEnglish(word: string): string {
  const s = stemmer(word);
  return s.length > 3 && s.endsWith('ll') ? s.slice(0, -1) : s;
}

export const english: LanguageRules = {
  code: 'en',
  stopwords: [
    'a', 'an', 'the', 'i', 'me', 'my', 'mine', 'myself', 'you', 'your', 'yours', 'u', 'ur', 'ya', 'yall', 'we', 'us', 'our', 'they', 'them', 'their', 'it',
    'its', 'he', 'she',
    'is', 'are', 'am', 'was', 'were', 'be', 'been', 'being', 'do', 'does', 'did', 'done', 'doing', 'have', 'has', 'had', 'having',
    'can', 'could', 'would', 'should', 'will', 'shall', 'may', 'might', 'must', 'cant', 'cannot', 'wont', 'dont', 'doesnt', 'didnt', 'isnt', 'arent',
    'wasnt', 'werent', 'havent', 'hasnt', 'couldnt', 'wouldnt', 'shouldnt', 'gonna', 'wanna', 'gotta',
    'im', 'ive', 'id', 'ill', 'youre', 'youve', 'theres', 'thats', 'lets', 'whos',
    'to', 'of', 'in', 'on', 'at', 'for', 'with', 'from', 'by', 'about', 'as', 'into', 'onto', 'up', 'via', 'per', 'out', 'off', 'down',
    'so', 'and', 'or', 'but', 'if', 'then', 'than', 'that', 'this', 'these', 'those', 'there', 'here', 'what', 'which', 'who', 'whom', 'how', 'why',
    'just', 'please', 'pls', 'plz', 'thanks', 'thank', 'thx', 'ty', 'hi', 'hello', 'hey', 'dear', 'hiya', 'ok', 'okay', 'yes', 'yeah', 'no', 'not', 'any',
    'some', 'anything', 'something', 'someone', 'somebody', 'anyone', 'anybody', 'everything', 'nothing',
    'also', 'too', 'very', 'really', 'still', 'already', 'again', 'ever', 'never', 'get', 'got', 'getting', 'want', 'wanted', 'like', 'know',
    'wondering', 'wonder', 'question', 'questions', 'tell', 'guys', 'folks', 'able', 'need', 'needed', 'one', 'thing', 'things', 'stuff', 'now', 'much', 'many',
    'all', 'take', 'takes', 'took', 'taking', 'after', 'before', 'since', 'ago', 'while', 'during', 'because', 'yet', 'other', 'another', 'same', 'good', 'best', 'way', 'ways',
    'make', 'made', 'go', 'going', 'goes', 'come', 'came', 'coming', 'see', 'say', 'said', 'look', 'let', 'lot', 'lots', 'bit', 'little', 'right', 'over', 'more', 'most',
    'few', 'every', 'each', 'own', 'only', 'even', 'well', 'whatever', 'etc', 'maybe', 'probably', 'actually', 'basically', 'currently', 'possible',
    'somewhere', 'oh', 'um', 'hm', 'hmm', 'else', 'today', 'tomorrow', 'tonight', 'yesterday', 'there', 'am', 'pm', 'sure', 'kind', 'sort', 'also',
    'parents', 'friend', 'friends', 'sister', 'brother', 'grandma', 'grandpa', 'neighbour', 'neighbor', 'colleague', 'boss', 'someone',
    'grandparents', 'grandparent', 'grandchildren', 'grandkids', 'family', 'relatives',
    // Words that colour a message and say nothing about what it asks.
    'quite', 'completely', 'totally', 'entirely', 'whole', 'both', 'either', 'neither', 'roughly', 'approximately', 'around', 'sometime', 'somehow',
    'anyway', 'though', 'although', 'instead', 'rather', 'pretty', 'certain', 'certainly', 'definitely', 'think', 'thinking', 'thought', 'guess',
    'suppose', 'happen', 'happens', 'happened', 'easiest', 'easy', 'easily', 'simply', 'unfortunately', 'sadly', 'hopefully', 'moment', 'nowadays',
    'usually', 'normally', 'generally', 'always', 'often', 'sometimes', 'next', 'without', 'within', 'whether', 'anymore', 'soon', 'yours', 'mine',
    'her', 'hers', 'him', 'his', 'herself', 'himself', 'itself', 'ourselves', 'themselves',
  ],
  stem: stemEnglish,
  lexicon: englishLexicon,
  shortForms: {
    r: 'are', y: 'why', ur: 'your', cn: 'can', hrs: 'hours', hr: 'hour', mins: 'minutes', min: 'minutes', appt: 'appointment', appts: 'appointments',
    tmrw: 'tomorrow', tmr: 'tomorrow', tomoz: 'tomorrow', '2day': 'today', tday: 'today', wknd: 'weekend', wkend: 'weekend', info: 'information',
    asap: 'right away', pls: 'please', plz: 'please', thx: 'thanks', abt: 'about', w: 'with', wo: 'without', b4: 'before', 4: 'for', 2: 'to',
    ppl: 'people', msg: 'message', nr: 'number', num: 'number', addy: 'address', hols: 'holidays', xmas: 'christmas', whats: 'what is', wheres: 'where is', whens: 'when is', hows: 'how is', mon: 'monday', tues: 'tuesday', thurs: 'thursday', fri: 'friday', sat: 'saturday',
    wanna: 'want to', gonna: 'going to', bday: 'birthday', pw: 'password', acct: 'account', mgr: 'manager', pic: 'picture', pics: 'pictures',
    tel: 'telephone', telno: 'phone number', adress: 'address', adres: 'address', thru: 'through', til: 'till', cuz: 'because', coz: 'because',
    // Numbers in words are numbers: they say little about what is asked.
    two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10', twelve: '12', twenty: '20',
  },
  dictionary: [
    'week', 'weeks', 'month', 'months', 'year', 'years', 'hour', 'minute', 'minutes', 'day', 'days', 'last', 'first', 'second',
    'time', 'times', 'people', 'person', 'man', 'woman', 'house', 'home', 'car', 'bike', 'work', 'school', 'city', 'water', 'money', 'answer',
    'help', 'name', 'number', 'letter', 'bag', 'book', 'movie', 'film', 'music', 'game', 'news', 'think', 'give', 'put', 'sit', 'stand', 'walk',
    'drive', 'play', 'learn', 'read', 'write', 'cook', 'find', 'live', 'keep', 'mean', 'understand', 'hope', 'better', 'worse', 'nice', 'beautiful',
    'ugly', 'short', 'high', 'low', 'slow', 'wet', 'dry', 'empty', 'red', 'blue', 'yellow', 'black', 'white', 'colour', 'color', 'life', 'world',
    'spanish', 'computer', 'laptop', 'house', 'sell', 'sells', 'buy', 'win', 'won', 'match', 'team', 'capital', 'joke', 'poem', 'recommend',
  ],
  commonWords: [
    'the', 'a', 'an', 'i', 'you', 'my', 'your', 'are', 'do', 'does', 'did', 'can', 'could', 'would', 'should', 'will', 'what', 'when', 'where',
    'how', 'why', 'which', 'who',
    'to', 'of', 'and', 'for', 'with', 'from', 'on', 'at', 'this', 'that', 'it', 'its', 'not', 'have', 'has', 'please', 'thanks', 'hello', 'hi',
    'yes', 'no', 'there',
    'much', 'many', 'get', 'got', 'been', 'was', 'were', 'be', 'im', 'dont', 'cant', 'whats', 'any', 'some', 'about', 'still', 'just', 'they',
    'them', 'our', 'us', 'by', 'u', 'r', 'ur', 'pls', 'hrs', 'thx', 'plz',
  ],
  patterns: [
    [/th/g, 1],
    [/wh/g, 1],
    [/sh/g, 0.5],
    [/ould\b/g, 1],
    [/tion\b/g, 1],
    [/[^aeiou]y\b/g, 1],
    [/ea/g, 0.5],
    [/\w(ing)\b/g, 0.5],
  ],
};
