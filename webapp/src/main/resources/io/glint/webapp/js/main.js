// The app's entry point: wires the header's navigation to the session, declares the routes, and turns app-wide
// events (offline, session lost, another tab logging out) into visible state.

import { logout, SESSION_LOST } from './api.js';
import { forgetFollowStates } from './components/follow-button.js';
import { icon } from './icons.js';
import { navigate, nextFrom, parseHash, startRouter } from './router.js';
import { currentUserId, isLoggedIn, onSessionChange } from './session.js';
import { announce } from './ui.js';
import { forgetAllUsers } from './users.js';

const routeTable = [
  { name: 'login', path: /^\/login$/, guest: true, module: 'pages/login.js' },
  { name: 'signup', path: /^\/signup$/, guest: true, module: 'pages/signup.js' },
  { name: 'feed', path: /^\/feed$/, auth: true, module: 'pages/feed.js' },
  { name: 'for-you', path: /^\/for-you$/, auth: true, module: 'pages/for-you.js' },
  { name: 'explore', path: /^\/explore$/, auth: true, module: 'pages/explore.js' },
  { name: 'upload', path: /^\/upload$/, auth: true, module: 'pages/upload.js' },
  { name: 'profile', path: /^\/u\/([^/?]+)$/, params: ['userId'], auth: true, module: 'pages/profile.js' },
];
const notFound = { name: 'not-found', module: 'pages/not-found.js' };

const app = document.getElementById('app');
const memberNav = document.getElementById('nav-member');
const guestNav = document.getElementById('nav-guest');
const logoutButton = document.querySelector('[data-testid="logout"]');
const profileLink = document.querySelector('[data-testid="nav-profile"]');
let shownUserId = null;

function guardFn(route, { path, query, full }) {
  if (path === '/') {
    return isLoggedIn() ? '/feed' : '/login';
  }
  if (route?.auth && !isLoggedIn()) {
    return `/login?next=${encodeURIComponent(full)}`;
  }
  if (route?.guest && isLoggedIn()) {
    return nextFrom(query);
  }
  return null;
}

function routeChanged(route, params) {
  document.body.dataset.route = route.name;
  for (const link of document.querySelectorAll('[data-nav]')) {
    const active =
      link.dataset.nav === route.name && (route.name !== 'profile' || params.userId === currentUserId());
    if (active) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

/** Shows the navigation for the session there is (member or guest), and forgets what belonged to another user. */
function syncChrome() {
  const userId = currentUserId();
  if (userId !== shownUserId) {
    forgetAllUsers();
    forgetFollowStates();
    shownUserId = userId;
  }
  memberNav.hidden = !userId;
  logoutButton.hidden = !userId;
  guestNav.hidden = Boolean(userId);
  profileLink.href = userId ? `#/u/${encodeURIComponent(userId)}` : '#/login';
  document.body.classList.toggle('is-member', Boolean(userId));
}

function decorateIcons() {
  for (const element of document.querySelectorAll('[data-icon]')) {
    element.prepend(icon(element.dataset.icon));
  }
}

function wireEvents() {
  onSessionChange(() => {
    syncChrome();
    const { path, full } = parseHash();
    const onGuestPage = path === '/login' || path === '/signup';
    // Logged out (here, in another tab, or the refresh token refused): leave the member pages.
    if (!isLoggedIn() && !onGuestPage) {
      navigate(`/login?next=${encodeURIComponent(full)}`, { replace: true });
    }
  });

  // The session change above has already moved to the login page; this says why.
  let lostAt = 0;
  window.addEventListener(SESSION_LOST, () => {
    // Several requests in flight all fail the same way; one message is enough.
    if (Date.now() - lostAt > 3000) {
      announce('Your session has ended. Log in again to continue.', { tone: 'error' });
    }
    lostAt = Date.now();
  });

  logoutButton.addEventListener('click', async () => {
    logoutButton.disabled = true;
    try {
      await logout();
      announce("You're logged out.", { tone: 'success' });
      navigate('/login');
    } finally {
      logoutButton.disabled = false;
    }
  });

  window.addEventListener('offline', () => announce("You're offline. We'll keep what you see here.", { tone: 'error' }));
  window.addEventListener('online', () => announce('Back online.', { tone: 'success' }));

  window.addEventListener('unhandledrejection', (event) => {
    if (event.reason?.name === 'AbortError') {
      // Requests of a page the user left: expected, not an error.
      event.preventDefault();
      return;
    }
    announce('Something went wrong. Try again, or reload the page.', { tone: 'error' });
  });

  // The skip link targets <main>, but a real #app hash would be taken for a route.
  document.querySelector('.skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    app.focus();
  });
}

decorateIcons();
syncChrome();
wireEvents();
startRouter({ routeTable, notFound, root: app, guardFn, routeChanged });
