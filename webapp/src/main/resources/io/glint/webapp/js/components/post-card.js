// One post in the feed (a FeedItem): author with a follow toggle, the photo, like toggle and count, caption, comments.

import { api } from '../api.js';
import { icon } from '../icons.js';
import { currentUserId } from '../session.js';
import { announce, avatar, describeError, h, photoAlt, timeAgo } from '../ui.js';
import { commentsSection } from './comments.js';
import { followButton } from './follow-button.js';
import { optimisticToggle } from './toggle.js';

function photo(item) {
  const img = h('img', {
    class: 'post-card__image',
    src: item.imageUrl,
    alt: photoAlt(item.caption, item.author?.username),
    loading: 'lazy',
    decoding: 'async',
    'data-testid': 'post-image',
  });
  const frame = h('div', { class: 'post-card__media' }, img);
  img.addEventListener('load', () => frame.classList.add('is-loaded'));
  let retried = false;
  img.addEventListener('error', async () => {
    // Image URLs are presigned for 15 minutes; a card left open longer gets a fresh one from the post itself.
    if (!retried) {
      retried = true;
      try {
        const fresh = await api.post(item.postId);
        if (fresh?.imageUrl && fresh.imageUrl !== img.src) {
          img.src = fresh.imageUrl;
          return;
        }
      } catch {
        // Falls through to the placeholder below.
      }
    }
    frame.replaceChildren(
      h('div', { class: 'post-card__missing' }, icon('image'), h('span', {}, 'This photo could not be loaded.')),
    );
  });
  return frame;
}

function likeControls(item, showError) {
  const baseCount = Number(item.likeCount) || 0;
  const baseLiked = Boolean(item.likedByMe);
  const button = h(
    'button',
    { type: 'button', class: 'icon-button like-button', 'aria-label': 'Like', 'aria-pressed': 'false', 'data-testid': 'like-button' },
    icon('heart'),
  );
  const count = h('span', { class: 'like-count', 'data-testid': 'like-count' });
  const word = h('span', {});
  const render = (liked) => {
    const shown = Math.max(0, baseCount + (liked ? 1 : 0) - (baseLiked ? 1 : 0));
    button.setAttribute('aria-pressed', String(liked));
    button.classList.toggle('is-on', liked);
    count.textContent = String(shown);
    word.textContent = shown === 1 ? ' like' : ' likes';
  };
  const toggle = optimisticToggle({
    initial: baseLiked,
    apply: (like) => (like ? api.like(item.postId) : api.unlike(item.postId)),
    onChange: render,
    onError: (error, wanted) => {
      if (error?.kind !== 'unauthorized') {
        showError(`Couldn't ${wanted ? 'like' : 'unlike'} this post: ${describeError(error).title}`);
      }
    },
  });
  button.addEventListener('click', () => {
    showError('');
    toggle.toggle();
  });
  render(baseLiked);
  return { button, total: h('p', { class: 'post-card__likes' }, count, word) };
}

/** The card for a FeedItem; signal is the page's, so listeners go when the page does. */
export function postCard(item, { signal } = {}) {
  const author = item.author ?? {};
  const mine = author.userId === currentUserId();
  const profileHref = `#/u/${encodeURIComponent(author.userId ?? '')}`;

  const cardError = h('p', { class: 'card-error', role: 'alert', 'data-testid': 'card-error', hidden: true });
  const showError = (message) => {
    cardError.textContent = message;
    cardError.hidden = !message;
    if (message) {
      announce(message, { tone: 'error' });
    }
  };

  const header = h(
    'header',
    { class: 'post-card__header' },
    h(
      'a',
      { class: 'post-card__author', href: profileHref, 'data-testid': 'post-author' },
      avatar(author),
      h(
        'span',
        { class: 'post-card__names' },
        h('span', { class: 'post-card__display-name' }, author.displayName || author.username),
        h('span', { class: 'post-card__username' }, `@${author.username}`),
      ),
    ),
    h('span', { class: 'post-card__time' }, timeAgo(item.createdAt)),
    // The feed holds the caller's own posts and those of accounts they follow, so an author here is followed.
    !mine && author.userId && followButton(author, { initial: true, signal }),
  );

  const likes = likeControls(item, showError);
  const comments = commentsSection(item, { signal });
  const commentButton = h(
    'button',
    {
      type: 'button',
      class: 'icon-button',
      'aria-label': 'Comment',
      onclick: () => comments.querySelector('[data-testid="comment-input"]')?.focus(),
    },
    icon('comment'),
  );

  const caption = (item.caption ?? '').trim();
  const captionLine =
    caption &&
    h(
      'p',
      { class: 'post-card__caption', 'data-testid': 'post-caption' },
      h('a', { class: 'post-card__caption-author', href: profileHref }, author.username),
      ' ',
      caption,
    );
  const body = h(
    'div',
    { class: 'post-card__body' },
    h('div', { class: 'post-card__actions' }, likes.button, commentButton),
    likes.total,
    cardError,
    captionLine,
    comments,
  );
  return h(
    'article',
    {
      class: 'post-card',
      'data-testid': 'post-card',
      'data-post-id': item.postId,
      'aria-label': `Post by @${author.username}`,
    },
    header,
    photo(item),
    body,
  );
}
