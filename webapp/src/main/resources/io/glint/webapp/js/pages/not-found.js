// Any hash that is no route of the app.

import { emptyState, h, pageHeading, setTitle } from '../ui.js';

export function render(outlet) {
  setTitle('Page not found');
  outlet.append(
    h(
      'div',
      { class: 'page page--narrow' },
      pageHeading('Page not found'),
      emptyState({
        title: 'There is nothing at this address.',
        body: 'The link may be old or mistyped.',
        iconName: 'compass',
        testid: 'not-found',
        action: h('a', { class: 'button button--primary', href: '#/feed' }, 'Go to your feed'),
      }),
    ),
  );
}
