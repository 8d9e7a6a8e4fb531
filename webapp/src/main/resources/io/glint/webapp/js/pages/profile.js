// A profile (#/u/{userId}): GET /v1/users/{userId} for the header (avatar, bio, counts, follow toggle via
// PUT/DELETE /v1/users/{userId}/follow), GET /v1/users/{userId}/posts for the grid. On one's own profile, an edit form
// for PATCH /v1/me (display name, bio, and an avatar uploaded through POST /v1/uploads + the presigned PUT).

import { api, isAbort } from '../api.js';
import { followButton } from '../components/follow-button.js';
import { busy, clearFieldErrors, focusFirstInvalid, showFieldErrors } from '../forms.js';
import { icon } from '../icons.js';
import { currentUserId } from '../session.js';
import {
  announce,
  avatar,
  emptyState,
  errorBanner,
  field,
  h,
  infiniteList,
  loadingState,
  pageHeading,
  photoAlt,
  setTitle,
  withCounter,
} from '../ui.js';
import { checkFile, putToStorage, requestSlot, UPLOAD_ACCEPT, UPLOAD_RULES } from '../uploader.js';
import { rememberUser } from '../users.js';

const USER_ID = /^[0-9a-f-]{36}$/; // the contract's UserId parameter pattern
const DISPLAY_NAME_MAX = 60;
const BIO_MAX = 300;
const POSTS_PAGE = 12;

function postTile(post, username) {
  const img = h('img', {
    class: 'tile__image',
    src: post.imageUrl,
    alt: photoAlt(post.caption, username),
    loading: 'lazy',
    decoding: 'async',
  });
  const media = h('div', { class: 'tile__media' }, img);
  img.addEventListener(
    'error',
    () => media.replaceChildren(h('div', { class: 'tile__missing' }, icon('image'), h('span', { class: 'visually-hidden' }, img.alt))),
    { once: true },
  );
  const unpublished = post.status && post.status !== 'published';
  return h(
    'li',
    { class: 'tile', 'data-testid': 'profile-post', 'data-post-id': post.postId, 'data-status': post.status },
    media,
    unpublished &&
      h(
        'p',
        { class: `tile__status tile__status--${post.status}` },
        h('span', { class: 'status-badge', 'data-status': post.status }, post.status),
        post.statusReason && h('span', { class: 'tile__reason' }, post.statusReason),
      ),
    h(
      'p',
      { class: 'tile__counts' },
      h('span', {}, icon('heart', { className: 'icon icon--small' }), h('span', { class: 'visually-hidden' }, 'Likes: '), String(post.likeCount ?? 0)),
      h('span', {}, icon('comment', { className: 'icon icon--small' }), h('span', { class: 'visually-hidden' }, 'Comments: '), String(post.commentCount ?? 0)),
    ),
  );
}

export function render(outlet, ctx) {
  const { userId } = ctx.params;
  const { signal } = ctx;
  const own = userId === currentUserId();
  setTitle('Profile');

  const heading = pageHeading(own ? 'Your profile' : 'Profile', { 'data-testid': 'profile-name' });
  const header = h('section', { class: 'profile-header', 'aria-label': 'About' });
  const editArea = h('div', { class: 'profile-edit-area' });
  const posts = h('section', { class: 'profile-posts', 'aria-labelledby': 'profile-posts-title' });
  const page = h('div', { class: 'page page--wide profile' }, header, editArea, posts);
  outlet.append(page);

  if (!USER_ID.test(userId)) {
    header.replaceChildren(heading);
    heading.textContent = 'No such profile';
    header.append(emptyState({ title: 'This profile does not exist.', iconName: 'user', action: h('a', { class: 'button button--secondary', href: '#/feed' }, 'Back to your feed') }));
    return undefined;
  }

  let postsStarted = false;

  function showHeader(user) {
    setTitle(`${user.displayName || user.username} (@${user.username})`);
    heading.textContent = user.displayName || `@${user.username}`;
    const followers = h('strong', { 'data-testid': 'profile-followers' }, String(user.followers ?? 0));
    const following = h('strong', { 'data-testid': 'profile-following' }, String(user.following ?? 0));
    const followersWord = h('span', {}, user.followers === 1 ? ' follower' : ' followers');

    let action = null;
    if (own) {
      action = h(
        'button',
        { type: 'button', class: 'button button--secondary', 'data-testid': 'profile-edit', 'aria-expanded': 'false', 'aria-controls': 'profile-edit-form' },
        'Edit profile',
      );
      action.addEventListener('click', () => toggleEdit(user, action));
    } else {
      const base = Number(user.followers ?? 0) - (user.followedByMe ? 1 : 0);
      action = followButton(
        { userId: user.userId, username: user.username },
        {
          initial: Boolean(user.followedByMe),
          authoritative: true,
          signal,
          onChange: (isFollowing) => {
            const count = base + (isFollowing ? 1 : 0);
            followers.textContent = String(count);
            followersWord.textContent = count === 1 ? ' follower' : ' followers';
          },
        },
      );
    }

    header.replaceChildren(
      h('div', { class: 'profile-header__avatar' }, avatar(user, { size: 'large', alt: `Profile photo of @${user.username}` })),
      h(
        'div',
        { class: 'profile-header__info' },
        h('div', { class: 'profile-header__title' }, heading, action),
        h('p', { class: 'profile-header__username', 'data-testid': 'profile-username' }, `@${user.username}`),
        h(
          'ul',
          { class: 'profile-stats' },
          h('li', {}, followers, followersWord),
          h('li', {}, following, ' following'),
        ),
        user.bio
          ? h('p', { class: 'profile-header__bio', 'data-testid': 'profile-bio' }, user.bio)
          : own && h('p', { class: 'profile-header__bio muted', 'data-testid': 'profile-bio' }, 'No bio yet.'),
      ),
    );
  }

  function showPosts(user) {
    if (postsStarted) {
      return;
    }
    postsStarted = true;
    const grid = h('ul', { class: 'grid', 'data-testid': 'profile-posts' });
    posts.replaceChildren(
      h('h2', { class: 'section-title', id: 'profile-posts-title' }, 'Posts'),
      grid,
      infiniteList({
        list: grid,
        signal,
        loadingText: 'Loading posts…',
        keyOf: (post) => post.postId,
        load: (cursor) => api.userPosts(userId, { cursor, limit: POSTS_PAGE }, { signal }),
        renderItem: (post) => postTile(post, user.username),
        empty: () =>
          emptyState({
            title: own ? 'You have not posted yet' : 'No posts yet',
            body: own ? 'Your photos will show here.' : `When @${user.username} shares photos, they will show here.`,
            action: own && h('a', { class: 'button button--primary', href: '#/upload' }, 'Share your first photo'),
          }),
      }),
    );
  }

  async function load() {
    header.replaceChildren(heading, loadingState('Loading profile…'));
    try {
      const user = await api.user(userId, { signal });
      rememberUser(user);
      showHeader(user);
      showPosts(user);
    } catch (error) {
      if (isAbort(error)) {
        return;
      }
      if (error?.kind === 'not-found') {
        heading.textContent = 'No such profile';
        header.replaceChildren(
          heading,
          emptyState({ title: 'This profile does not exist, or is no longer here.', iconName: 'user', action: h('a', { class: 'button button--secondary', href: '#/feed' }, 'Back to your feed') }),
        );
        return;
      }
      header.replaceChildren(heading, errorBanner(error, { onRetry: () => load() }));
    }
  }

  // --- Editing one's own profile ------------------------------------------------------------------------------------

  function toggleEdit(user, toggle) {
    if (editArea.firstChild) {
      editArea.replaceChildren();
      toggle.setAttribute('aria-expanded', 'false');
      return;
    }
    editArea.replaceChildren(editForm(user, toggle));
    toggle.setAttribute('aria-expanded', 'true');
    editArea.querySelector('input')?.focus();
  }

  function editForm(user, toggle) {
    const fields = {
      displayName: field({
        label: 'Display name',
        id: 'profile-display-name',
        testid: 'profile-display-name',
        type: 'text',
        maxlength: DISPLAY_NAME_MAX,
        required: true,
        autocomplete: 'name',
        value: user.displayName ?? '',
      }),
      bio: withCounter(
        field({ label: 'Bio', id: 'profile-bio-input', testid: 'profile-bio-input', control: 'textarea', rows: 3, maxlength: BIO_MAX, value: user.bio ?? '' }),
      ),
      avatarUploadId: field({
        label: 'Profile photo',
        id: 'profile-avatar',
        testid: 'profile-avatar',
        type: 'file',
        accept: UPLOAD_ACCEPT,
        hint: `Optional. ${UPLOAD_RULES}`,
      }),
    };
    fields.bio.updateCounter();
    const avatarInput = fields.avatarUploadId.input;
    const preview = h('div', { class: 'profile-edit__preview' });
    const progress = h('progress', { id: 'profile-avatar-progress', max: '100', value: '0', 'data-testid': 'profile-avatar-progress' });
    const progressBox = h('div', { class: 'progress', hidden: true }, h('label', { for: 'profile-avatar-progress', class: 'progress__label' }, 'Uploading your profile photo'), progress);
    fields.avatarUploadId.wrap.append(preview, progressBox);

    let avatarFile = null;
    let avatarUploadId = null;
    let previewUrl = null;
    const dropPreview = () => {
      if (previewUrl) {
        URL.revokeObjectURL(previewUrl);
        previewUrl = null;
      }
      preview.replaceChildren();
    };
    signal.addEventListener('abort', dropPreview, { once: true });

    avatarInput.addEventListener('change', () => {
      const chosen = avatarInput.files?.[0] ?? null;
      avatarUploadId = null;
      dropPreview();
      const problem = chosen && checkFile(chosen);
      fields.avatarUploadId.setError(problem || '');
      avatarFile = chosen && !problem ? chosen : null;
      if (problem) {
        avatarInput.value = '';
      } else if (chosen) {
        previewUrl = URL.createObjectURL(chosen);
        const img = h('img', { class: 'avatar avatar--large', src: previewUrl, alt: 'Preview of your new profile photo' });
        // A file the browser cannot draw still goes to the server, which decides; there is just no preview.
        img.addEventListener('error', () => preview.replaceChildren(), { once: true });
        preview.replaceChildren(img);
      }
    });

    const problems = h('div', { class: 'form__problems' });
    const save = h('button', { type: 'submit', class: 'button button--primary', 'data-testid': 'profile-save' }, 'Save');
    const cancel = h('button', { type: 'button', class: 'button button--secondary', 'data-testid': 'profile-cancel', onclick: () => {
      editArea.replaceChildren();
      toggle.setAttribute('aria-expanded', 'false');
      toggle.focus();
    } }, 'Cancel');
    const form = h(
      'form',
      { class: 'form panel profile-edit', id: 'profile-edit-form', novalidate: true, 'aria-label': 'Edit your profile' },
      h('h2', { class: 'section-title' }, 'Edit profile'),
      fields.displayName.wrap,
      fields.bio.wrap,
      fields.avatarUploadId.wrap,
      problems,
      h('p', { class: 'form__actions' }, save, cancel),
    );

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(fields);
      problems.replaceChildren();
      const displayName = fields.displayName.input.value.trim();
      const bio = fields.bio.input.value.trim();
      if (!displayName) {
        fields.displayName.setError('Enter the name people see.');
        focusFirstInvalid(form);
        return;
      }
      // PATCH leaves out what did not change: fields left out stay as they are.
      const body = {};
      if (displayName !== (user.displayName ?? '')) body.displayName = displayName;
      if (bio !== (user.bio ?? '')) body.bio = bio;
      if (!avatarFile && Object.keys(body).length === 0) {
        problems.replaceChildren(h('p', { class: 'form__error', role: 'alert' }, 'Nothing to save: change something first.'));
        return;
      }
      const done = busy(save, 'Saving…');
      try {
        if (avatarFile && !avatarUploadId) {
          progressBox.hidden = false;
          const slot = await requestSlot(avatarFile, { signal });
          await putToStorage(slot, avatarFile, {
            signal,
            onProgress: (loaded, total) => {
              progress.value = total > 0 ? Math.round((loaded / total) * 100) : 0;
            },
          });
          avatarUploadId = slot.uploadId;
        }
        if (avatarUploadId) {
          body.avatarUploadId = avatarUploadId;
        }
        const me = await api.updateMe(body, { signal });
        const updated = {
          ...user,
          displayName: me.displayName,
          bio: me.bio,
          avatarUrl: me.avatarUrl,
          followers: me.followerCount ?? user.followers,
          following: me.followingCount ?? user.following,
        };
        rememberUser(updated);
        editArea.replaceChildren();
        showHeader(updated);
        announce('Profile saved.', { tone: 'success' });
        header.querySelector('[data-testid="profile-edit"]')?.focus();
      } catch (error) {
        if (isAbort(error)) {
          return;
        }
        if (error?.kind === 'invalid' && showFieldErrors(error, fields)) {
          focusFirstInvalid(form);
        } else if (error?.kind !== 'unauthorized') {
          problems.replaceChildren(errorBanner(error, { onRetry: error?.retryable ? () => form.requestSubmit() : undefined }));
        }
      } finally {
        progressBox.hidden = true;
        if (save.isConnected) {
          done();
        }
      }
    });
    return form;
  }

  return load();
}
