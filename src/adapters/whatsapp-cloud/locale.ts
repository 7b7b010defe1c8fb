/**
 * WhatsApp tells a business nothing about a customer's language, only their number. The country
 * calling code is a fair first guess (the bot still prefers the language a message is written in,
 * and switches when the customer writes clearly in another).
 */
const LOCALE_BY_CALLING_CODE: Record<string, string> = {
  '1': 'en-US',
  '27': 'en-ZA',
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
  '64': 'en-NZ',
  '90': 'tr-TR',
  '351': 'pt-PT',
  '352': 'fr-LU',
  '353': 'en-IE',
  '597': 'nl-SR',
  '599': 'nl-CW',
};

/** A likely locale for a wa_id (digits with the country code first), or undefined. */
export function localeForWaId(waId: string): string | undefined {
  if (!/^\d{6,}$/.test(waId)) return undefined;
  for (const length of [3, 2, 1]) {
    const locale = LOCALE_BY_CALLING_CODE[waId.slice(0, length)];
    if (locale) return locale;
  }
  return undefined;
}
