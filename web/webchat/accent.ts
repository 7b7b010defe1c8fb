// The accent colour: it comes from a meta tag (the CSP forbids inline styles), and the page
// works out readable colours to go with it.

type Rgb = [number, number, number];

function hexToRgb(hex: string): Rgb {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
}

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export function applyAccent(): void {
  const raw = document.querySelector('meta[name="balie-accent"]')?.getAttribute('content') ?? '';
  const accent = /^#[0-9a-fA-F]{6}$/.test(raw) ? raw : '#c2410c';
  const rgb = hexToRgb(accent);
  const white: Rgb = [255, 255, 255];
  const ink: Rgb = [17, 24, 39];
  const onAccent = contrast(rgb, white) >= contrast(rgb, ink) ? white : ink;
  // Accent as text/border on light surfaces: darken until it reads well on the bot bubble.
  let accentInk = rgb;
  for (let i = 0; i < 20 && contrast(accentInk, [241, 242, 244]) < 4.6; i++) accentInk = accentInk.map((c) => Math.round(c * 0.9)) as Rgb;
  const root = document.documentElement.style;
  root.setProperty('--accent', accent);
  root.setProperty('--accent-rgb', rgb.join(', '));
  root.setProperty('--on-accent', `rgb(${onAccent.join(', ')})`);
  root.setProperty('--accent-ink', `rgb(${accentInk.join(', ')})`);
}
