// Shared building blocks: an element builder, the live region, the loading / empty / error states every page uses,
// form fields with labels, and formatting. API data only ever reaches the DOM as text (never as HTML).

import { ApiError, isAbort } from './api.js';
import { icon } from './icons.js';

/**
 * document.createElement with attributes and children. `on<event>` values become listeners, `aria-*` values are
 * written as strings (so false stays "false"), other false/null/undefined attributes are left out.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (key.startsWith('aria-') && value !== null && value !== undefined) {
      element.setAttribute(key, String(value));
    } else if (value === null || value === undefined || value === false) {
      continue;
    } else if (key === 'class') {
      element.className = value;
    } else if (key === 'value') {
      element.value = value;
    } else if (value === true) {
      element.setAttribute(key, '');
    } else {
      element.setAttribute(key, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(parent, child);
    } else {
      parent.append(child instanceof Node ? child : String(child));
    }
  }
}

let nextId = 0;

/** An id unique in the document, for label/aria wiring. */
export function uid(prefix = 'g') {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

export function setTitle(title) {
  document.title = title ? `${title} · Glint` : 'Glint';
}

/** The page heading; tabindex -1 so the router can move focus to it after a navigation. */
export function pageHeading(text, attributes = {}) {
  return h('h1', { tabindex: '-1', class: 'page-title', ...attributes }, text);
}

const MAX_TOASTS = 3;

/**
 * A status message in the polite live region (#live): screen readers read it out, sighted users see a toast.
 * tone: info | success | error.
 */
export function announce(message, { tone = 'info', timeout = 6000, quiet = false } = {}) {
  const region = document.getElementById('live');
  if (!region || !message) {
    return;
  }
  // quiet: for screen readers only, when the same words are already on screen next to where the user is.
  const toast = h('p', { class: `toast toast--${tone}${quiet ? ' visually-hidden' : ''}`, 'data-tone': tone }, message);
  region.append(toast);
  while (region.children.length > MAX_TOASTS) {
    region.firstElementChild.remove();
  }
  setTimeout(() => toast.remove(), timeout);
}

/** A loading placeholder; role=status so it is read out without taking focus. */
export function loadingState(text = 'Loading…') {
  return h(
    'div',
    { class: 'state state--loading', role: 'status', 'data-testid': 'loading' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    h('span', {}, text),
  );
}

export function emptyState({ title, body, action, iconName = 'image', testid = 'empty-state' }) {
  return h(
    'div',
    { class: 'state state--empty', 'data-testid': testid },
    icon(iconName, { className: 'icon icon--large' }),
    h('p', { class: 'state__title' }, title),
    body && h('p', { class: 'state__body' }, body),
    action,
  );
}

/** What to tell the user about a failure: a title and an optional second line. */
export function describeError(error) {
  if (!(error instanceof ApiError)) {
    return { title: 'Something went wrong', message: error?.message ?? '' };
  }
  switch (error.kind) {
    case 'offline':
      return { title: "You're offline", message: 'Check your connection, then try again.' };
    case 'rate-limited':
      return {
        title:
          error.retryAfter !== null && error.retryAfter !== undefined
            ? `Too many requests, try again in ${error.retryAfter} s`
            : 'Too many requests, try again in a moment',
        message: '',
      };
    case 'server':
      return { title: 'Something went wrong on our side', message: error.detail };
    case 'unauthorized':
      return { title: 'Your session has ended', message: 'Log in again to continue.' };
    case 'storage':
      return { title: error.title || 'The upload failed', message: error.detail };
    default: {
      const fields = error.errors
        .map((problem) => [problem.field, problem.message].filter(Boolean).join(': '))
        .filter(Boolean)
        .join('; ');
      return { title: error.detail || error.title || 'The request was refused', message: fields };
    }
  }
}

/**
 * The error state: what went wrong, and a Retry button when onRetry is given. For a 429 the wait counts down, so
 * "try again in N s" stays true while the banner is on screen.
 */
export function errorBanner(error, { onRetry, retryLabel = 'Retry' } = {}) {
  const { title, message } = describeError(error);
  const titleEl = h('p', { class: 'error-banner__title' }, title);
  const banner = h(
    'div',
    { class: 'error-banner', role: 'alert', 'data-testid': 'error-banner', 'data-kind': error?.kind ?? 'unknown' },
    icon('alert'),
    h('div', { class: 'error-banner__text' }, titleEl, message && h('p', { class: 'error-banner__detail' }, message)),
    onRetry &&
      h(
        'button',
        { type: 'button', class: 'button button--secondary', 'data-testid': 'retry', onclick: () => onRetry() },
        icon('refresh'),
        retryLabel,
      ),
  );
  if (error instanceof ApiError && error.kind === 'rate-limited' && error.retryAfter > 0) {
    let left = error.retryAfter;
    const timer = setInterval(() => {
      left -= 1;
      if (!banner.isConnected || left <= 0) {
        clearInterval(timer);
      }
      titleEl.textContent = left > 0 ? `Too many requests, try again in ${left} s` : 'Too many requests, try again now';
    }, 1000);
  }
  return banner;
}

/**
 * A labelled form control. Returns the wrapper, the control and setError(message) which shows the message under the
 * control and marks it aria-invalid.
 */
export function field({ label, id = uid('field'), testid, control = 'input', hint, ...attributes }) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const input = h(control, {
    id,
    name: attributes.name ?? id,
    'data-testid': testid,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
    ...attributes,
  });
  const error = h('p', { class: 'field__error', id: errorId, hidden: true });
  const wrap = h(
    'div',
    { class: 'field' },
    h('label', { class: 'field__label', for: id }, label),
    hint && h('p', { class: 'field__hint', id: hintId }, hint),
    input,
    error,
  );
  return {
    wrap,
    input,
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = !message;
      if (message) {
        input.setAttribute('aria-invalid', 'true');
      } else {
        input.removeAttribute('aria-invalid');
      }
    },
  };
}

/** Adds a "12 / 300" counter under a text control with a maxlength. */
export function withCounter(fieldParts) {
  const max = Number(fieldParts.input.getAttribute('maxlength'));
  const counter = h('p', { class: 'field__counter', 'aria-hidden': 'true' });
  const update = () => {
    counter.textContent = `${fieldParts.input.value.length} / ${max}`;
  };
  fieldParts.input.addEventListener('input', update);
  update();
  fieldParts.wrap.append(counter);
  return { ...fieldParts, updateCounter: update };
}

/** A round avatar: the image when there is one, else the name's initial. Decorative unless alt is given. */
export function avatar(user, { size = 'small', alt = '' } = {}) {
  const name = user?.displayName || user?.username || '?';
  if (user?.avatarUrl) {
    const img = h('img', { class: `avatar avatar--${size}`, src: user.avatarUrl, alt, loading: 'lazy', decoding: 'async' });
    // An expired presigned URL shows the initial instead of a broken image.
    img.addEventListener('error', () => img.replaceWith(initials(name, size, alt)), { once: true });
    return img;
  }
  return initials(name, size, alt);
}

function initials(name, size, alt) {
  const letter = Array.from(name.trim())[0]?.toUpperCase() ?? '?';
  return alt
    ? h('span', { class: `avatar avatar--${size} avatar--initial`, role: 'img', 'aria-label': alt }, letter)
    : h('span', { class: `avatar avatar--${size} avatar--initial`, 'aria-hidden': 'true' }, letter);
}

/** Text for an image's alt: its caption, else who posted it. */
export function photoAlt(caption, username) {
  const text = (caption ?? '').trim();
  if (text) {
    return text.length > 200 ? `${text.slice(0, 197)}…` : text;
  }
  return username ? `Photo by @${username}` : 'Photo';
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A <time> with a short relative label ("3 h ago") and the full date as its title. */
export function timeAgo(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return h('span', {}, '');
  }
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const units = [
    ['year', 31536000],
    ['month', 2592000],
    ['week', 604800],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  let label = relative.format(0, 'second');
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) {
      label = relative.format(Math.trunc(seconds / size), unit);
      break;
    }
  }
  return h('time', { datetime: date.toISOString(), title: absolute.format(date) }, label);
}

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Resolves after ms, or rejects with an AbortError as soon as signal aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
      },
      { once: true },
    );
  });
}

/**
 * A list that loads page after page (cursor pagination) as its end scrolls into view: an IntersectionObserver watches
 * a sentinel after the list, and a "Load more" button does the same for keyboard users and browsers without one.
 *
 * load(cursor) resolves with {items, nextCursor}; renderItem(item) returns an element for `list`; keyOf(item) drops
 * items seen on an earlier page. Returns the element that holds the list's status (loading, empty, error, more).
 */
export function infiniteList({ list, load, renderItem, keyOf, empty, signal, onPage, loadingText = 'Loading…' }) {
  const status = h('div', { class: 'list-status' });
  const sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });
  const root = h('div', { class: 'infinite' }, status, sentinel);
  const seen = new Set();
  let cursor;
  let done = false;
  let loading = false;
  let sentinelVisible = false;
  let count = 0;

  const more = h(
    'button',
    { type: 'button', class: 'button button--secondary', 'data-testid': 'load-more', onclick: () => next() },
    'Load more',
  );

  async function next() {
    if (loading || done || signal?.aborted) {
      return;
    }
    loading = true;
    list.setAttribute('aria-busy', 'true');
    status.replaceChildren(loadingState(count === 0 ? loadingText : 'Loading more…'));
    try {
      const page = await load(cursor);
      const fresh = (page?.items ?? []).filter((item) => {
        const key = keyOf ? keyOf(item) : item;
        if (seen.has(key)) {
          return false;
        }
        seen.add(key);
        return true;
      });
      for (const item of fresh) {
        list.append(renderItem(item));
      }
      count += fresh.length;
      cursor = page?.nextCursor || undefined;
      done = !cursor;
      onPage?.(page, count);
      if (done) {
        status.replaceChildren(count === 0 ? empty() : h('p', { class: 'list-end' }, "You're all caught up."));
      } else {
        status.replaceChildren(more);
      }
    } catch (error) {
      if (isAbort(error) || signal?.aborted) {
        return;
      }
      status.replaceChildren(errorBanner(error, { onRetry: () => next() }));
      return;
    } finally {
      loading = false;
      list.setAttribute('aria-busy', 'false');
    }
    // A short page can leave the sentinel on screen, and no scroll will come to report it again.
    if (!done && sentinelVisible) {
      next();
    }
  }

  if ('IntersectionObserver' in window) {
    const observer = new IntersectionObserver(
      (entries) => {
        sentinelVisible = entries.some((entry) => entry.isIntersecting);
        if (sentinelVisible) {
          next();
        }
      },
      { rootMargin: '600px 0px' },
    );
    observer.observe(sentinel);
    signal?.addEventListener('abort', () => observer.disconnect(), { once: true });
  }
  next();
  return root;
}
