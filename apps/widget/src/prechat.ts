import type { PreChatAnswers, Settings } from './api.ts';
import { h } from './dom.ts';
import type { Translate } from './i18n.ts';

type Field = 'name' | 'email';

/**
 * The channel's pre-chat form (name, email), shown before the first message.
 * The browser's own validation is off: the messages are ours, in the widget's
 * language, and announced to screen readers.
 */
export function preChatForm(preChat: NonNullable<Settings['preChat']>, t: Translate, onStart: (answers: PreChatAnswers) => Promise<boolean>) {
  const error = h('p', { class: 'error', role: 'alert', id: 'sb-prechat-error' });
  const inputs = new Map<Field, HTMLInputElement>();
  const form = h('form', { class: 'prechat', novalidate: '' }, h('p', { class: 'intro' }, t('prechat')));
  for (const field of ['name', 'email'] as const) {
    const need = preChat[field];
    if (!need) continue;
    const input = h('input', {
      'aria-describedby': 'sb-prechat-error',
      id: `sb-${field}`,
      name: field,
      type: field === 'email' ? 'email' : 'text',
      autocomplete: field,
      ...(need === 'required' && { 'aria-required': 'true' }),
    });
    const label = h('label', { for: `sb-${field}` }, t(field), need === 'optional' ? ` ${t('optional')}` : '');
    form.append(label, input);
    inputs.set(field, input);
  }
  const start = h('button', { type: 'submit', class: 'primary' }, t('start'));
  form.append(error, start);
  form.onsubmit = async (e) => {
    e.preventDefault();
    const answers: PreChatAnswers = {};
    for (const [field, input] of inputs) if (input.value.trim()) answers[field] = input.value.trim();
    const problem = check(preChat, answers, t);
    error.textContent = problem.message;
    for (const [field, input] of inputs) {
      if (problem.fields.includes(field)) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    if (problem.message) return inputs.get(problem.fields[0])?.focus();
    start.disabled = true;
    if (!(await onStart(answers))) error.textContent = t('startFailed');
    start.disabled = false;
  };
  return { form, focus: () => [...inputs.values()][0]?.focus() };
}

function check(preChat: NonNullable<Settings['preChat']>, answers: PreChatAnswers, t: Translate) {
  const missing = (['name', 'email'] as const).filter((f) => preChat[f] === 'required' && !answers[f]);
  if (missing.length) return { message: t('missing', { field: missing.map((f) => t(f)).join(', ') }), fields: missing };
  if (answers.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(answers.email)) return { message: t('badEmail'), fields: ['email' as const] };
  return { message: '', fields: [] as Field[] };
}
