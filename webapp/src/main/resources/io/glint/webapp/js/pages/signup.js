// Sign up: POST /v1/auth/signup (the account is created and logged in), store the tokens, go to the feed.
// The checks mirror the SignupRequest schema, so most mistakes are explained before the request is sent.

import { api, isAbort } from '../api.js';
import { busy, clearFieldErrors, focusFirstInvalid, showFieldErrors } from '../forms.js';
import { navigate, nextFrom } from '../router.js';
import { saveTokens } from '../session.js';
import { announce, errorBanner, field, h, pageHeading, setTitle } from '../ui.js';

const USERNAME = /^[a-z0-9_]{3,30}$/; // SignupRequest.username pattern
const PASSWORD_MIN = 10; // SignupRequest.password minLength
const PASSWORD_MAX = 128;
const DISPLAY_NAME_MAX = 60;

function check({ username, displayName, password }) {
  const errors = {};
  if (!username) {
    errors.username = 'Choose a username.';
  } else if (!USERNAME.test(username)) {
    errors.username = 'Use 3 to 30 lower-case letters, digits or underscores.';
  }
  if (displayName.length > DISPLAY_NAME_MAX) {
    errors.displayName = `Use at most ${DISPLAY_NAME_MAX} characters.`;
  }
  if (password.length < PASSWORD_MIN) {
    errors.password = `Use at least ${PASSWORD_MIN} characters.`;
  } else if (password.length > PASSWORD_MAX) {
    errors.password = `Use at most ${PASSWORD_MAX} characters.`;
  }
  return errors;
}

export function render(outlet, ctx) {
  setTitle('Sign up');
  const next = nextFrom(ctx.query);
  const nextQuery = next === '/feed' ? '' : `?next=${encodeURIComponent(next)}`;

  const fields = {
    username: field({
      label: 'Username',
      id: 'signup-username',
      testid: 'signup-username',
      hint: '3 to 30 lower-case letters, digits or underscores.',
      type: 'text',
      autocomplete: 'username',
      autocapitalize: 'none',
      spellcheck: 'false',
      maxlength: 30,
      required: true,
    }),
    displayName: field({
      label: 'Display name (optional)',
      id: 'signup-display-name',
      testid: 'signup-display-name',
      type: 'text',
      autocomplete: 'name',
      maxlength: DISPLAY_NAME_MAX,
    }),
    password: field({
      label: 'Password',
      id: 'signup-password',
      testid: 'signup-password',
      hint: `At least ${PASSWORD_MIN} characters.`,
      type: 'password',
      autocomplete: 'new-password',
      maxlength: PASSWORD_MAX,
      required: true,
    }),
  };
  const problems = h('div', { class: 'form__problems', 'data-testid': 'signup-error' });
  const submit = h(
    'button',
    { type: 'submit', class: 'button button--primary button--block', 'data-testid': 'signup-submit' },
    'Create account',
  );
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'signup-title' },
    fields.username.wrap,
    fields.displayName.wrap,
    fields.password.wrap,
    problems,
    submit,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(fields);
    problems.replaceChildren();
    const values = {
      username: fields.username.input.value.trim(),
      displayName: fields.displayName.input.value.trim(),
      password: fields.password.input.value,
    };
    const errors = check(values);
    for (const [name, message] of Object.entries(errors)) {
      fields[name].setError(message);
    }
    if (Object.keys(errors).length > 0) {
      focusFirstInvalid(form);
      return;
    }
    const body = { username: values.username, password: values.password };
    if (values.displayName) {
      body.displayName = values.displayName;
    }
    const done = busy(submit, 'Creating account…');
    try {
      saveTokens(await api.signup(body, { signal: ctx.signal }));
      announce(`Welcome to Glint, @${values.username}!`, { tone: 'success' });
      navigate(next);
    } catch (error) {
      if (isAbort(error)) {
        return;
      }
      if (error?.kind === 'conflict') {
        fields.username.setError('That username is taken. Try another one.');
        focusFirstInvalid(form);
      } else if (error?.kind === 'invalid' && showFieldErrors(error, fields)) {
        focusFirstInvalid(form);
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
      pageHeading('Create your Glint account', { id: 'signup-title' }),
      h('p', { class: 'muted' }, 'It takes a minute. Then follow friends and share your first photo.'),
      form,
      h('p', { class: 'auth-card__switch' }, 'Already have an account? ', h('a', { href: `#/login${nextQuery}`, 'data-testid': 'signup-to-login' }, 'Log in')),
    ),
  );
}
