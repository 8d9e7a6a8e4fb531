// Form helpers shared by the pages: a busy submit button, and the API's field errors put under their controls.

/** Disables the button while its action runs and says so; returns a function that restores it. */
export function busy(button, text) {
  const original = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = text;
  return () => {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = original;
  };
}

/**
 * Shows a 400 problem's `errors` ({field, message}, field as "/username" or "username") under the matching fields
 * ({name: fieldParts}); returns whether any matched, so the caller can fall back to a banner.
 */
export function showFieldErrors(error, fields) {
  let matched = false;
  for (const problem of error?.errors ?? []) {
    const name = String(problem.field ?? '').replace(/^\/+/, '').split('/')[0];
    if (fields[name]) {
      fields[name].setError(problem.message || 'This value is not accepted.');
      matched = true;
    }
  }
  return matched;
}

/** Clears every field's error. */
export function clearFieldErrors(fields) {
  Object.values(fields).forEach((parts) => parts.setError(''));
}

/** Focuses the first control marked invalid, so keyboard and screen reader users land on what to fix. */
export function focusFirstInvalid(form) {
  form.querySelector('[aria-invalid="true"]')?.focus();
}
