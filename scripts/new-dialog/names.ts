/** The names one dialog goes by, all derived from its kebab-case name (`gift-wrap`). */
export interface DialogNames {
  /** `gift-wrap`: folder, file, test and doc names. */
  kebab: string;
  /** `giftWrap`: the dialog id, stored in conversation state. */
  id: string;
  /** `giftWrapDialog`: the exported factory. */
  factory: string;
  /** `gift wrap`: the phrase that starts it, until the developer writes better ones. */
  phrase: string;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The names for `name`, or a message saying what is wrong with it. */
export function namesFor(name: string | undefined): DialogNames | string {
  if (!name) return 'give the dialog a name: npm run new:dialog -- gift-wrap';
  if (!KEBAB.test(name)) return `"${name}" is not a kebab-case name: use lower-case letters and digits joined by "-", starting with a letter (e.g. gift-wrap)`;
  if (name.length > 40) return `"${name}" is too long: keep dialog names under 40 characters`;
  const id = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return { kebab: name, id, factory: `${id}Dialog`, phrase: name.replace(/-/g, ' ') };
}
