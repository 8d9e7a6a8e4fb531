// A post's comments under its card: the existing ones on request (GET /v1/posts/{postId}/comments, oldest first,
// page by page) and a form to add one (POST). A comment posted here shows at once, after the loaded ones.

import { api, isAbort } from '../api.js';
import { currentUserId } from '../session.js';
import { announce, errorBanner, h, timeAgo, uid } from '../ui.js';
import { getUser } from '../users.js';

const COMMENT_MAX = 1000; // CommentRequest.text maxLength

function commentItem(comment) {
  const author = h('a', { class: 'comment__author', href: `#/u/${encodeURIComponent(comment.authorId)}` }, 'someone');
  // Comments carry only the author's id; the name follows from the (cached) profile.
  getUser(comment.authorId)
    .then((user) => {
      author.textContent = `@${user.username}`;
    })
    .catch(() => {
      // The link still leads to the profile, which has its own error state.
    });
  return h(
    'li',
    { class: 'comment', 'data-testid': 'comment', 'data-comment-id': comment.commentId },
    author,
    ' ',
    h('span', { class: 'comment__text' }, comment.text),
    ' ',
    h('span', { class: 'comment__time' }, timeAgo(comment.createdAt)),
  );
}

/** The comments block of one card. onAdded() runs after a comment of the caller's is stored. */
export function commentsSection(post, { signal, onAdded } = {}) {
  const listId = uid('comments');
  const list = h('ul', { class: 'comment-list', id: listId, 'data-testid': 'comment-list' });
  const status = h('div', { class: 'comments__status' });
  const shown = new Set();
  let firstLocal = null;
  let cursor;
  let loadedOnce = false;
  let loading = false;

  const loadButton = h('button', {
    type: 'button',
    class: 'link-button',
    'data-testid': 'comments-load',
    'aria-controls': listId,
    onclick: () => loadPage(),
  });

  function showLoadButton(commentCount) {
    if (!loadedOnce && commentCount > 0) {
      loadButton.textContent = commentCount === 1 ? 'View 1 comment' : `View all ${commentCount} comments`;
      status.replaceChildren(loadButton);
    } else if (loadedOnce && cursor) {
      loadButton.textContent = 'Load more comments';
      status.replaceChildren(loadButton);
    } else {
      status.replaceChildren();
    }
  }

  async function loadPage() {
    if (loading) {
      return;
    }
    loading = true;
    status.replaceChildren(h('p', { class: 'muted small', role: 'status' }, 'Loading comments…'));
    try {
      const page = await api.comments(post.postId, { cursor, limit: 20 }, { signal });
      for (const comment of page?.items ?? []) {
        if (!shown.has(comment.commentId)) {
          shown.add(comment.commentId);
          // Older comments go before the ones posted from this card, which are the newest.
          list.insertBefore(commentItem(comment), firstLocal);
        }
      }
      loadedOnce = true;
      cursor = page?.nextCursor || undefined;
      showLoadButton(0);
    } catch (error) {
      if (!isAbort(error)) {
        status.replaceChildren(errorBanner(error, { onRetry: () => loadPage() }));
      }
    } finally {
      loading = false;
    }
  }

  const inputId = uid('comment-input');
  const input = h('input', {
    id: inputId,
    type: 'text',
    class: 'comment-form__input',
    name: 'text',
    maxlength: COMMENT_MAX,
    autocomplete: 'off',
    placeholder: 'Add a comment…',
    'data-testid': 'comment-input',
  });
  const submit = h('button', { type: 'submit', class: 'button button--text', 'data-testid': 'comment-submit' }, 'Post');
  const formError = h('div', { class: 'comment-form__error' });
  const form = h(
    'form',
    { class: 'comment-form', novalidate: true },
    h('label', { class: 'visually-hidden', for: inputId }, 'Add a comment'),
    input,
    submit,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    formError.replaceChildren();
    if (!text) {
      formError.replaceChildren(h('p', { class: 'field__error', role: 'alert' }, 'Write something first.'));
      input.focus();
      return;
    }
    submit.disabled = true;
    input.setAttribute('aria-busy', 'true');
    try {
      const created = await api.addComment(post.postId, text, { signal });
      const element = commentItem({
        commentId: created?.commentId ?? uid('local'),
        authorId: currentUserId(),
        text,
        createdAt: new Date().toISOString(),
      });
      shown.add(created?.commentId);
      list.append(element);
      firstLocal ??= element;
      input.value = '';
      announce('Comment posted.', { tone: 'success' });
      onAdded?.();
    } catch (error) {
      if (!isAbort(error) && error?.kind !== 'unauthorized') {
        formError.replaceChildren(errorBanner(error, { onRetry: () => form.requestSubmit() }));
      }
    } finally {
      submit.disabled = false;
      input.removeAttribute('aria-busy');
    }
  });

  showLoadButton(post.commentCount ?? 0);
  return h('section', { class: 'comments', 'aria-label': 'Comments' }, list, status, form, formError);
}
