import { h } from './dom.ts';
import type { Translate } from './i18n.ts';

/**
 * Five stars under the satisfaction survey. A star sends its number as the
 * customer's reply, which the server records on the rated conversation
 * (SPEC §5); then the row shows the choice and takes no more clicks.
 */
export function csatStars(t: Translate, answer: (value: string) => void) {
  const row = h('div', { class: 'stars', role: 'group', 'aria-label': t('rateGroup') });
  for (let n = 1; n <= 5; n++) {
    const star = h('button', { type: 'button', 'aria-label': t('rateStar', { n }), title: t('rateStar', { n }) }, '☆');
    star.onclick = () => {
      row.querySelectorAll('button').forEach((b, i) => {
        b.disabled = true;
        b.textContent = i < n ? '★' : '☆';
        if (i < n) b.classList.add('on');
      });
      answer(String(n));
    };
    row.append(star);
  }
  return row;
}
