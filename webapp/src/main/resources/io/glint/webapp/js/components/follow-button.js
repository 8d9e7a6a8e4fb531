// Follow / unfollow toggles. The state is kept per user for the whole app, so every button for the same author
// (several cards in the feed, the profile header) shows the same thing and a change on one shows on all.

import { api } from '../api.js';
import { announce, describeError, h } from '../ui.js';
import { optimisticToggle } from './toggle.js';

const states = new Map();

function stateFor(user, initial, authoritative) {
  let state = states.get(user.userId);
  if (!state) {
    const listeners = new Set();
    const toggle = optimisticToggle({
      initial,
      apply: (follow) => (follow ? api.follow(user.userId) : api.unfollow(user.userId)),
      onChange: (following) => listeners.forEach((listener) => listener(following)),
      onError: (error, wanted) => {
        if (error?.kind !== 'unauthorized') {
          const verb = wanted ? 'follow' : 'unfollow';
          announce(`Couldn't ${verb} @${user.username}: ${describeError(error).title}`, { tone: 'error' });
        }
      },
    });
    state = { toggle, listeners };
    states.set(user.userId, state);
  } else if (authoritative) {
    state.toggle.reset(initial);
  }
  return state;
}

/**
 * A follow toggle for user ({userId, username}). initial is the state to assume; authoritative says it comes from the
 * server just now (the profile's followedByMe) rather than from an inference (the feed only has followed authors).
 * onChange(following) runs on every change, rollbacks included; the listener goes away when signal aborts.
 */
export function followButton(user, { initial = false, authoritative = false, signal, onChange } = {}) {
  const state = stateFor(user, initial, authoritative);
  const label = h('span', {});
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button button--follow',
      'data-testid': 'follow-button',
      'data-user-id': user.userId,
      'aria-pressed': 'false',
      onclick: () => state.toggle.toggle(),
    },
    label,
  );
  const render = (following) => {
    button.setAttribute('aria-pressed', String(following));
    button.classList.toggle('is-on', following);
    label.textContent = following ? 'Following' : 'Follow';
    button.title = following ? `Unfollow @${user.username}` : `Follow @${user.username}`;
  };
  const listener = (following) => {
    render(following);
    onChange?.(following);
  };
  state.listeners.add(listener);
  signal?.addEventListener('abort', () => state.listeners.delete(listener), { once: true });
  render(state.toggle.value);
  return button;
}

/** Forgets every follow state, for when another user logs in in this tab. */
export function forgetFollowStates() {
  states.clear();
}
