// The supervisor view's charts: plain SVG, each an image with its figures spelled out in its label
// (role="img", aria-label and <title>), so a screen reader reads the numbers a sighted person sees.

import { h } from '../shared/dom.js';
import { lang, t } from './lang.js';
import { clock } from './people.js';
import type { DayFigures, PeriodFigures } from './supervisor-types.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 320;
const H = 172;
const TOP = 18;
const BOTTOM = 26;

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** An SVG image whose label says everything it shows. */
function image(label: string, height = H): SVGSVGElement {
  const svg = el('svg', { viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': label, class: 'sv-chart__svg', focusable: 'false' });
  svg.append(el('title', {}, label));
  return svg;
}

/** "Mon 30" in the console's language, from the server's local date (YYYY-MM-DD). */
export function dayLabel(date: string): string {
  return new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

/** A wait as "0.4 s", "42 s" or "3:05" (a minute and more); a dash for no value. */
export function waitText(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds >= 60) return clock(seconds);
  return `${seconds.toLocaleString(lang, { maximumFractionDigits: seconds < 10 ? 1 : 0 })} s`;
}

/** A mean mark as "4.0" / "3.67"; a dash without ratings. */
export function markText(average: number | null): string {
  return average === null ? '—' : average.toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
}

function legend(items: [string, string][]): HTMLUListElement {
  const list = h('ul', 'sv-legend');
  list.setAttribute('aria-hidden', 'true');
  for (const [className, text] of items) {
    const li = h('li', 'sv-legend__item');
    li.append(h('span', `sv-legend__swatch ${className}`), document.createTextNode(text));
    list.append(li);
  }
  return list;
}

function figure(title: string, svg: SVGSVGElement, legendItems?: [string, string][]): HTMLElement {
  const box = h('figure', 'sv-chart');
  box.append(h('figcaption', 'sv-chart__title', title), svg);
  if (legendItems) box.append(legend(legendItems));
  return box;
}

/** Columns per day: the handoffs, with the part whose customer left while waiting on top. */
export function handoffsPerDay(days: DayFigures[]): HTMLElement {
  const list = days.map((d) => t('svPerDayItem', { day: dayLabel(d.date), n: d.handoffs, abandoned: d.abandoned })).join('; ');
  const svg = image(t('svPerDayLabel', { days: days.length, list }));
  const max = Math.max(1, ...days.map((d) => d.handoffs));
  const slot = W / days.length;
  const bar = Math.min(28, slot * 0.6);
  const scale = (H - TOP - BOTTOM) / max;
  svg.append(el('line', { x1: 0, x2: W, y1: H - BOTTOM, y2: H - BOTTOM, class: 'sv-axis' }));
  days.forEach((d, i) => {
    const x = i * slot + (slot - bar) / 2;
    const taken = (d.handoffs - d.abandoned) * scale;
    const left = d.abandoned * scale;
    svg.append(el('rect', { x, y: H - BOTTOM - taken, width: bar, height: taken, class: 'sv-bar sv-bar--handoffs', rx: 2 }));
    if (left > 0) svg.append(el('rect', { x, y: H - BOTTOM - taken - left, width: bar, height: left, class: 'sv-bar sv-bar--abandoned', rx: 2 }));
    svg.append(el('text', { x: x + bar / 2, y: H - BOTTOM - taken - left - 4, class: 'sv-value', 'text-anchor': 'middle' }, String(d.handoffs)));
    svg.append(el('text', { x: x + bar / 2, y: H - 8, class: 'sv-label', 'text-anchor': 'middle' }, dayLabel(d.date)));
  });
  return figure(t('svPerDay'), svg, [
    ['sv-bar--handoffs', t('svLegendHandoffs')],
    ['sv-bar--abandoned', t('svLegendAbandoned')],
  ]);
}

/** Two columns per day: the median wait and the wait 90% stayed under. */
export function waitPerDay(days: DayFigures[]): HTMLElement {
  const list = days
    .map((d) =>
      d.medianWaitSeconds === null
        ? t('svNoWait', { day: dayLabel(d.date) })
        : t('svWaitItem', { day: dayLabel(d.date), median: waitText(d.medianWaitSeconds), p90: waitText(d.p90WaitSeconds) }),
    )
    .join('; ');
  const svg = image(t('svWaitPerDayLabel', { days: days.length, list }));
  // The longest wait fills the height, however short it is; an empty week still draws an axis.
  const max = Math.max(...days.map((d) => d.p90WaitSeconds ?? 0)) || 1;
  const slot = W / days.length;
  const bar = Math.min(13, slot * 0.3);
  const scale = (H - TOP - BOTTOM) / max;
  svg.append(el('line', { x1: 0, x2: W, y1: H - BOTTOM, y2: H - BOTTOM, class: 'sv-axis' }));
  days.forEach((d, i) => {
    const x = i * slot + slot / 2 - bar;
    const m = (d.medianWaitSeconds ?? 0) * scale;
    const p = (d.p90WaitSeconds ?? 0) * scale;
    svg.append(el('rect', { x, y: H - BOTTOM - m, width: bar, height: m, class: 'sv-bar sv-bar--median', rx: 2 }));
    svg.append(el('rect', { x: x + bar, y: H - BOTTOM - p, width: bar, height: p, class: 'sv-bar sv-bar--p90', rx: 2 }));
    if (d.p90WaitSeconds !== null) svg.append(el('text', { x: x + bar, y: H - BOTTOM - p - 4, class: 'sv-value', 'text-anchor': 'middle' }, waitText(d.p90WaitSeconds)));
    svg.append(el('text', { x: x + bar, y: H - 8, class: 'sv-label', 'text-anchor': 'middle' }, dayLabel(d.date)));
  });
  return figure(t('svWaitPerDay'), svg, [
    ['sv-bar--median', t('svLegendMedian')],
    ['sv-bar--p90', t('svLegendP90')],
  ]);
}

const stars = (n: number) => (n === 1 ? t('svStar') : t('svStars', { n }));

/** One row per mark, 5 down to 1: how many customers gave it. */
export function satisfactionDistribution(period: PeriodFigures & { days: number }): HTMLElement {
  const { distribution, average, count } = period.satisfaction;
  const marks = [5, 4, 3, 2, 1] as const;
  const list = marks.map((m) => `${stars(m)}: ${distribution[String(m) as '1']}`).join(', ');
  const avg = markText(average);
  const height = 150;
  const svg = image(t('svDistributionLabel', { days: period.days, average: avg, count, list }), height);
  const max = Math.max(1, ...marks.map((m) => distribution[String(m) as '1']));
  const labelW = 64;
  const row = (height - 10) / marks.length;
  marks.forEach((m, i) => {
    const n = distribution[String(m) as '1'];
    const y = 5 + i * row;
    const width = (n / max) * (W - labelW - 40);
    svg.append(el('text', { x: labelW - 8, y: y + row / 2 + 4, class: 'sv-label', 'text-anchor': 'end' }, `${'★'.repeat(m)}`));
    svg.append(el('rect', { x: labelW, y: y + 4, width: Math.max(width, n > 0 ? 3 : 0), height: row - 8, class: `sv-bar sv-bar--mark sv-bar--mark${m}`, rx: 3 }));
    svg.append(el('text', { x: labelW + width + 6, y: y + row / 2 + 4, class: 'sv-value' }, String(n)));
  });
  const caption = `${t('svDistribution', { days: period.days })} · ${count ? `${avg} (${t('svRatingsCount', { n: count })})` : t('svNoRatings')}`;
  return figure(caption, svg);
}
