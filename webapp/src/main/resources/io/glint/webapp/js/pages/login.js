// Log in: POST /v1/auth/login, store the tokens, go where the user was headed (?next=) or to the feed.

import { api, isAbort } from '../api.js';
import { busy, clearFieldErrors, focusFirstInvalid } from '../forms.js';
import { navigate, nextFrom } from '../router.js';
import { saveTokens } from '../session.js';
import { announce, errorBanner, field, h, pageHeading, setTitle } from '../ui.js';

export function render(outlet, ctx) {
  setTitle('Log in');
  const next = nextFrom(ctx.query);
  const nextQuery = next === '/feed' ? '' : `?next=${encodeURIComponent(next)}`;

  const fields = {
    username: field({
      label: 'Username',
      id: 'login-username',
      testid: 'login-username',
      type: 'text',
      autocomplete: 'username',
      autocapitalize: 'none',
      spellcheck: 'false',
      maxlength: 30,
      required: true,
    }),
    password: field({
      label: 'Password',
      id: 'login-password',
      testid: 'login-password',
      type: 'password',
      autocomplete: 'current-password',
      maxlength: 128,
      required: true,
    }),
  };
  const problems = h('div', { class: 'form__problems', 'data-testid': 'login-error' });
  const submit = h('button', { type: 'submit', class: 'button button--primary button--block', 'data-testid': 'login-submit' }, 'Log in');
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'login-title' }, fields.username.wrap, fields.password.wrap, problems, submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(fields);
    problems.replaceChildren();
    const username = fields.username.input.value.trim();
    const password = fields.password.input.value;
    if (!username) fields.username.setError('Enter your username.');
    if (!password) fields.password.setError('Enter your password.');
    if (!username || !password) {
      focusFirstInvalid(form);
      return;
    }
    const done = busy(submit, 'Logging in…');
    try {
      const tokens = await api.login({ username, password }, { signal: ctx.signal });
      saveTokens(tokens);
      announce(`Welcome back, @${username}.`, { tone: 'success' });
      navigate(next);
    } catch (error) {
      if (isAbort(error)) {
        return;
      }
      if (error?.kind === 'unauthorized') {
        problems.replaceChildren(
          h('p', { class: 'form__error', role: 'alert' }, 'Wrong username or password. Check both and try again.'),
        );
        fields.password.input.select();
      } else {
        problems.replaceChildren(errorBanner(error, { onRetry: error?.retryable ? () => form.requestSubmit() : undefined }));
      }
    } finally {
      done();
    }
  });

  outlet.append(
    h(
      'section',
      { class: 'auth-card' },
      pageHeading('Log in to Glint', { id: 'login-title' }),
      h('p', { class: 'muted' }, 'Share photos, follow friends, and find what you will like.'),
      form,
      h('p', { class: 'auth-card__switch' }, 'New to Glint? ', h('a', { href: `#/signup${nextQuery}`, 'data-testid': 'login-to-signup' }, 'Create an account')),
    ),
  );
}
