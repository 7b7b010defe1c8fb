// The words of the helpfulness section (helpfulness.ts) in English and Dutch; strings.ts adds them.

import type { Strings } from '../shared/i18n.js';

export const HELPFULNESS_STRINGS: Record<string, Strings> = {
  en: {
    helpTitle: 'Helpfulness of the FAQ answers',
    helpIntro: 'What customers answered to "Did this help?", the least helpful first.',
    helpEmpty: 'No customer has said yet whether an answer helped.',
    helpEntry: 'FAQ entry',
    helpYes: 'Yes',
    helpNo: 'No',
    helpShare: 'Helpful',
  },
  nl: {
    helpTitle: 'Hoe goed de FAQ-antwoorden helpen',
    helpIntro: 'Wat klanten antwoordden op "Heeft dit je geholpen?", de minst behulpzame eerst.',
    helpEmpty: 'Nog geen klant heeft gezegd of een antwoord hielp.',
    helpEntry: 'FAQ-vraag',
    helpYes: 'Ja',
    helpNo: 'Nee',
    helpShare: 'Geholpen',
  },
};
