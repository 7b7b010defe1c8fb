/*
 * WhatsApp tells a business nothing about a customer's language, only their number. The country
 * calling code is a fair first guess, used only when the text itself does not settle the language
 * (the bot prefers the language a message is written in); multilingual countries get their most
 * common language. Shared by both WhatsApp channels.
 */
const LOCALE_BY_CALLING_CODE: Record<string, string> = {
  '1': 'en-US',
  '20': 'ar-EG',
  '27': 'en-ZA',
  '30': 'el-GR',
  '31': 'nl-NL',
  '32': 'nl-BE',
  '33': 'fr-FR',
  '34': 'es-ES',
  '39': 'it-IT',
  '41': 'de-CH',
  '43': 'de-AT',
  '44': 'en-GB',
  '45': 'da-DK',
  '46': 'sv-SE',
  '47': 'nb-NO',
  '48': 'pl-PL',
  '49': 'de-DE',
  '52': 'es-MX',
  '54': 'es-AR',
  '55': 'pt-BR',
  '61': 'en-AU',
  '62': 'id-ID',
  '64': 'en-NZ',
  '65': 'en-SG',
  '90': 'tr-TR',
  '91': 'en-IN',
  '234': 'en-NG',
  '254': 'en-KE',
  '297': 'nl-AW',
  '351': 'pt-PT',
  '352': 'fr-LU',
  '353': 'en-IE',
  '358': 'fi-FI',
  '597': 'nl-SR',
  '599': 'nl-CW',
  '966': 'ar-SA',
  '971': 'ar-AE',
};

/** A likely locale for a phone number in international digits (country code first), or undefined. */
export function localeForPhoneDigits(digits: string): string | undefined {
  if (!/^\d{6,15}$/.test(digits)) return undefined;
  for (const length of [3, 2, 1]) {
    const locale = LOCALE_BY_CALLING_CODE[digits.slice(0, length)];
    if (locale) return locale;
  }
  return undefined;
}
