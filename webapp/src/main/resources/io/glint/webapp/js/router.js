// Hash-based routing (#/feed, #/u/{userId}, #/explore?label=Dog): the server serves one index.html at /, and the
// hash never reaches it. Each route loads its page module on first use; a page gets an AbortSignal that aborts when
// the user navigates away, which cancels its requests, polling, observers and listeners.

import { isAbort, offlineError } from './api.js';
import { errorBanner, h, loadingState } from './ui.js';

let routes = [];
let notFoundRoute;
let outlet;
let guard;
let onRoute;
let current = null;
let firstRender = true;

/** The hash as {path, query}: "#/explore?label=Dog" gives "/explore" and label=Dog. */
export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, '') || '/';
  const mark = raw.indexOf('?');
  const path = mark === -1 ? raw : raw.slice(0, mark);
  const query = new URLSearchParams(mark === -1 ? '' : raw.slice(mark + 1));
  return { path: path.startsWith('/') ? path : `/${path}`, query, full: raw };
}

/** Goes to a route ("/feed" or "#/feed"). replace: no new history entry (for redirects). */
export function navigate(to, { replace = false } = {}) {
  const hash = to.startsWith('#') ? to : `#${to}`;
  if (replace) {
    history.replaceState(history.state, '', hash);
    render();
  } else if (location.hash === hash) {
    render();
  } else {
    location.hash = hash;
  }
}

/** Renders the current route again (a page's own "Retry" after a failed import, or after logging in). */
export function reload() {
  render();
}

function match(path) {
  for (const route of routes) {
    const found = route.path.exec(path);
    if (found) {
      const params = {};
      (route.params ?? []).forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1]);
      });
      return { route, params };
    }
  }
  return null;
}

async function render() {
  const { path, query, full } = parseHash();
  current?.controller.abort();
  for (const cleanup of current?.cleanups ?? []) {
    cleanup();
  }
  const controller = new AbortController();
  const cleanups = [];
  current = { controller, cleanups };

  const found = match(path);
  const redirect = guard(found?.route ?? null, { path, query, full });
  if (redirect) {
    navigate(redirect, { replace: true });
    return;
  }
  const route = found?.route ?? notFoundRoute;
  onRoute(route, found?.params ?? {});

  const ctx = {
    params: found?.params ?? {},
    query,
    path,
    signal: controller.signal,
    onCleanup: (cleanup) => cleanups.push(cleanup),
  };
  outlet.setAttribute('aria-busy', 'true');
  outlet.replaceChildren(loadingState());
  try {
    let page;
    try {
      page = await route.load();
    } catch (error) {
      // The page's module could not be fetched: offline is the usual reason, and the person should be told so.
      throw navigator.onLine === false ? offlineError(error) : error;
    }
    if (controller.signal.aborted) {
      return;
    }
    outlet.replaceChildren();
    const rendered = page.render(outlet, ctx);
    focusHeading();
    await rendered;
  } catch (error) {
    if (isAbort(error) || controller.signal.aborted) {
      return;
    }
    // A page module that failed to load (offline, say) or a page that threw: never leave the screen blank.
    outlet.replaceChildren(
      h(
        'div',
        { class: 'page page--narrow' },
        h('h1', { class: 'page-title', tabindex: '-1' }, 'This page did not load'),
        errorBanner(error, { onRetry: () => render() }),
      ),
    );
    focusHeading();
  } finally {
    if (!controller.signal.aborted) {
      outlet.removeAttribute('aria-busy');
    }
  }
}

// After a navigation, focus goes to the new page's heading so screen readers announce it and keyboard users start
// from the top of the content; not on first load, where the browser's own focus handling is right.
function focusHeading() {
  if (firstRender) {
    firstRender = false;
    return;
  }
  const heading = outlet.querySelector('h1');
  heading?.focus({ preventScroll: false });
}

/**
 * Starts routing. routeTable: [{path: RegExp, params: [names], load: () => import(...)}], plus a notFound route.
 * guardFn(route, location) returns a path to redirect to, or null. routeChanged(route, params) updates the chrome.
 */
export function startRouter({ routeTable, notFound, root, guardFn, routeChanged }) {
  routes = routeTable;
  notFoundRoute = notFound;
  outlet = root;
  guard = guardFn;
  onRoute = routeChanged;
  window.addEventListener('hashchange', render);
  render();
}

/** Where to go after logging in: the `next` route if it is a safe in-app one, else the feed. */
export function nextFrom(query) {
  const next = query.get('next') ?? '';
  const safe = /^\/[A-Za-z0-9\-/?=&%._~]*$/.test(next) && !next.startsWith('//');
  const auth = /^\/(login|signup)(\?|$)/.test(next);
  return safe && !auth ? next : '/feed';
}
