// New post: pick a photo (drop zone or file picker), check it here, POST /v1/uploads, PUT the bytes to the presigned
// URL with a progress bar, POST /v1/posts, then poll GET /v1/posts/{postId} and its /analysis every second until the
// analysis pipeline publishes, blocks or rejects it (or two minutes pass).

import { api, isAbort } from '../api.js';
import { icon } from '../icons.js';
import { reload } from '../router.js';
import { currentUserId } from '../session.js';
import { announce, errorBanner, field, formatBytes, h, pageHeading, setTitle, sleep, withCounter } from '../ui.js';
import { checkFile, putToStorage, requestSlot, UPLOAD_ACCEPT, UPLOAD_RULES } from '../uploader.js';

const CAPTION_MAX = 2200; // CreatePostRequest.caption maxLength
const POLL_EVERY_MS = 1000;
const POLL_FOR_MS = 2 * 60 * 1000;
const POLL_MAX_FAILURES = 3;
const TERMINAL = new Set(['published', 'blocked', 'rejected']);

const DESCRIPTIONS = {
  processing: 'We are checking your photo. This usually takes a few seconds.',
  published: 'Your photo is live: the people who follow you see it in their feed.',
  blocked: 'Your photo was blocked. Only you can see it.',
  rejected: 'Your photo could not be used.',
};

export function render(outlet, ctx) {
  setTitle('New post');
  const { signal } = ctx;
  let file = null;
  let previewUrl = null;
  // What has been done already, so Retry continues from the step that failed.
  let uploadId = null;
  let postId = null;
  let running = false;
  const problems = h('div', { class: 'form__problems' });

  ctx.onCleanup(() => previewUrl && URL.revokeObjectURL(previewUrl));

  // --- Picking the photo -------------------------------------------------------------------------------------------

  const fileInput = h('input', {
    id: 'upload-file',
    type: 'file',
    accept: UPLOAD_ACCEPT,
    class: 'visually-hidden',
    tabindex: '-1',
    'data-testid': 'upload-file',
  });
  const dropTitle = h('span', { class: 'dropzone__title' }, 'Drag a photo here');
  const dropHint = h('span', { class: 'dropzone__hint' }, 'or press to choose one from your device');
  const dropPreview = h('span', { class: 'dropzone__preview', hidden: true });
  const dropzone = h(
    'button',
    {
      type: 'button',
      class: 'dropzone',
      'data-testid': 'upload-dropzone',
      'aria-describedby': 'upload-rules upload-file-error',
      onclick: () => fileInput.click(),
    },
    icon('upload', { className: 'icon icon--large' }),
    dropPreview,
    dropTitle,
    dropHint,
  );
  const fileError = h('p', { class: 'field__error', id: 'upload-file-error', role: 'alert', 'data-testid': 'upload-error', hidden: true });

  function showFileError(message) {
    fileError.textContent = message ?? '';
    fileError.hidden = !message;
    dropzone.classList.toggle('is-invalid', Boolean(message));
  }

  function setFile(chosen) {
    uploadId = null;
    postId = null;
    problems.replaceChildren();
    const problem = checkFile(chosen);
    if (problem) {
      file = null;
      // The same file picked again must fire "change" again.
      fileInput.value = '';
      showFileError(problem);
      showPreview(null);
      announce(problem, { tone: 'error' });
      return;
    }
    file = chosen;
    showFileError('');
    showPreview(chosen);
  }

  function showPreview(chosen) {
    if (previewUrl) {
      URL.revokeObjectURL(previewUrl);
      previewUrl = null;
    }
    dropzone.classList.toggle('has-file', Boolean(chosen));
    if (!chosen) {
      dropPreview.hidden = true;
      dropPreview.replaceChildren();
      dropTitle.textContent = 'Drag a photo here';
      dropHint.textContent = 'or press to choose one from your device';
      return;
    }
    previewUrl = URL.createObjectURL(chosen);
    // alt="" because the button's text already names the file.
    dropPreview.replaceChildren(h('img', { class: 'dropzone__image', src: previewUrl, alt: '' }));
    dropPreview.hidden = false;
    dropTitle.textContent = `${chosen.name} (${formatBytes(chosen.size)})`;
    dropHint.textContent = 'Press to choose another photo, or drop one here';
  }

  fileInput.addEventListener('change', () => {
    if (fileInput.files?.length) {
      setFile(fileInput.files[0]);
    }
  });

  for (const type of ['dragenter', 'dragover']) {
    dropzone.addEventListener(type, (event) => {
      event.preventDefault();
      if (!running) {
        dropzone.classList.add('is-dragging');
      }
    });
  }
  dropzone.addEventListener('dragleave', () => dropzone.classList.remove('is-dragging'));
  dropzone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropzone.classList.remove('is-dragging');
    const files = event.dataTransfer?.files;
    if (running || !files?.length) {
      return;
    }
    setFile(files[0]);
    if (files.length > 1) {
      announce('Only the first photo is used: a post has one photo.');
    }
  });
  // A photo dropped next to the zone must not make the browser leave the app to show it.
  window.addEventListener('dragover', (event) => event.preventDefault(), { signal });
  window.addEventListener('drop', (event) => event.preventDefault(), { signal });

  // --- The rest of the form ----------------------------------------------------------------------------------------

  const caption = withCounter(
    field({
      label: 'Caption (optional)',
      id: 'upload-caption',
      testid: 'upload-caption',
      control: 'textarea',
      rows: 3,
      maxlength: CAPTION_MAX,
      placeholder: 'Say something about your photo…',
    }),
  );
  const submit = h('button', { type: 'submit', class: 'button button--primary button--block', 'data-testid': 'upload-submit' }, 'Share');
  const form = h(
    'form',
    { class: 'form upload-form', novalidate: true, 'aria-label': 'New post' },
    h('div', { class: 'field' }, h('label', { for: 'upload-file', class: 'visually-hidden' }, 'Photo'), fileInput, dropzone),
    h('p', { class: 'field__hint', id: 'upload-rules' }, UPLOAD_RULES),
    fileError,
    caption.wrap,
    problems,
    submit,
  );

  // --- Progress -----------------------------------------------------------------------------------------------------

  const progress = h('progress', { id: 'upload-progress', max: '100', value: '0', 'data-testid': 'upload-progress' });
  const percent = h('span', { class: 'progress__value', 'aria-hidden': 'true' }, '0%');
  const step = h('p', { class: 'progress__step', 'data-testid': 'upload-step' });
  const progressPanel = h(
    'section',
    { class: 'panel progress', hidden: true, 'aria-label': 'Upload progress' },
    h('div', { class: 'progress__row' }, h('label', { for: 'upload-progress', class: 'progress__label' }, 'Uploading your photo'), percent),
    progress,
    step,
  );

  function setStep(text) {
    step.textContent = text;
    announce(text, { quiet: true });
  }

  function setProgress(loaded, total) {
    const value = total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
    progress.value = value;
    percent.textContent = `${value}%`;
  }

  // --- The post and its analysis ------------------------------------------------------------------------------------

  const statusWord = h('span', { class: 'status-badge', 'data-testid': 'post-status' }, 'processing');
  const statusText = h('p', { class: 'result__description' });
  const labels = h('ul', { class: 'chips', 'data-testid': 'post-labels' });
  const labelsBox = h('div', { class: 'result__labels', hidden: true }, h('h3', { class: 'section-title' }, 'What we see'), labels);
  const reason = h('p', { class: 'result__reason', 'data-testid': 'post-reason', hidden: true });
  const pollProblems = h('div', { class: 'result__problems' });
  const resultImage = h('img', { class: 'result__image', alt: '' });
  // A file the browser cannot show (a renamed non-image, say) gets a placeholder, not a broken image.
  resultImage.addEventListener('error', () => {
    resultImage.replaceWith(h('div', { class: 'result__image result__image--missing' }, icon('image')));
  });
  const result = h(
    'section',
    { class: 'panel result', hidden: true, 'aria-labelledby': 'result-title', 'data-testid': 'post-result' },
    h('h2', { class: 'section-title', id: 'result-title', tabindex: '-1' }, 'Your post'),
    h(
      'div',
      { class: 'result__layout' },
      resultImage,
      h(
        'div',
        { class: 'result__info' },
        h('p', { class: 'result__status' }, 'Status: ', statusWord),
        statusText,
        reason,
        labelsBox,
      ),
    ),
    pollProblems,
    h(
      'p',
      { class: 'result__actions' },
      h('a', { class: 'button button--secondary', href: `#/u/${encodeURIComponent(currentUserId() ?? '')}`, 'data-testid': 'upload-view-profile' }, 'View your profile'),
      h('button', { type: 'button', class: 'button button--primary', 'data-testid': 'upload-another', onclick: () => reload() }, 'Upload another'),
    ),
  );

  let lastStatus = null;

  function showPost(post, analysis) {
    const status = post?.status ?? analysis?.status ?? 'processing';
    statusWord.textContent = status;
    statusWord.dataset.status = status;
    statusText.textContent = DESCRIPTIONS[status] ?? '';
    if (status !== lastStatus) {
      lastStatus = status;
      if (status !== 'processing') {
        announce(`Your post is ${status}.`, { tone: status === 'published' ? 'success' : 'error' });
      }
    }

    const found = Array.isArray(analysis?.labels) ? analysis.labels : [];
    labels.replaceChildren(
      ...found.map((label) =>
        h('li', { class: 'chip chip--static', 'data-testid': 'post-label' }, label.name, h('span', { class: 'chip__meta' }, ` ${Math.round(label.confidence)}%`)),
      ),
    );
    if (found.length === 0 && status === 'published') {
      labels.replaceChildren(h('li', { class: 'muted' }, 'No labels were found.'));
    }
    labelsBox.hidden = !(found.length > 0 || status === 'published');

    const why = post?.statusReason || analysis?.reason;
    const refused = status === 'blocked' || status === 'rejected';
    reason.hidden = !refused;
    reason.textContent = refused ? why || 'No reason was given.' : '';
  }

  function showTimeout() {
    pollProblems.replaceChildren(
      h(
        'div',
        { class: 'notice', role: 'status', 'data-testid': 'poll-timeout' },
        h('p', {}, 'Your photo is still being checked after two minutes. It will show on your profile when it is done.'),
        h('button', { type: 'button', class: 'button button--secondary', 'data-testid': 'retry', onclick: () => poll() }, 'Keep checking'),
      ),
    );
  }

  /** One more try at the labels and reason of a decided post whose analysis failed to load on the last poll. */
  async function lastAnalysis(post) {
    try {
      showPost(post, await api.postAnalysis(postId, { signal }));
    } catch (error) {
      if (!isAbort(error)) {
        labels.replaceChildren(h('li', { class: 'muted' }, 'The labels could not be loaded.'));
      }
    }
  }

  /** Polls until the post is decided, two minutes pass, or requests keep failing; the last two offer to go on. */
  async function poll() {
    pollProblems.replaceChildren();
    const deadline = Date.now() + POLL_FOR_MS;
    let failures = 0;
    for (;;) {
      try {
        // allSettled: the analysis only adds labels and the reason, so its failure must not hide the post's status.
        const [postResult, analysisResult] = await Promise.allSettled([
          api.post(postId, { signal }),
          api.postAnalysis(postId, { signal }),
        ]);
        if (postResult.status === 'rejected') {
          throw postResult.reason;
        }
        if (analysisResult.status === 'rejected' && isAbort(analysisResult.reason)) {
          throw analysisResult.reason;
        }
        failures = 0;
        const post = postResult.value;
        const analysis = analysisResult.status === 'fulfilled' ? analysisResult.value : null;
        showPost(post, analysis);
        if (TERMINAL.has(post?.status)) {
          if (!analysis) {
            await lastAnalysis(post);
          }
          return;
        }
      } catch (error) {
        if (isAbort(error) || error?.kind === 'unauthorized') {
          return;
        }
        failures += 1;
        if (!error?.retryable || failures >= POLL_MAX_FAILURES) {
          pollProblems.replaceChildren(errorBanner(error, { onRetry: () => poll() }));
          return;
        }
        if (error.kind === 'rate-limited' && error.retryAfter) {
          await sleep(error.retryAfter * 1000, signal).catch(() => {});
        }
      }
      if (Date.now() >= deadline) {
        showTimeout();
        return;
      }
      try {
        await sleep(POLL_EVERY_MS, signal);
      } catch {
        return;
      }
    }
  }

  // --- Submitting ---------------------------------------------------------------------------------------------------

  function lock(locked) {
    running = locked;
    for (const control of [dropzone, caption.input, submit]) {
      control.disabled = locked;
    }
  }

  async function share() {
    if (running) {
      return;
    }
    problems.replaceChildren();
    const problem = checkFile(file);
    if (problem) {
      // Keep the reason a picked file was refused rather than replace it with "Choose a photo first".
      if (file || fileError.hidden) {
        showFileError(problem);
      }
      dropzone.focus();
      return;
    }
    lock(true);
    try {
      if (!uploadId) {
        progressPanel.hidden = false;
        setProgress(0, file.size);
        setStep('Preparing the upload…');
        const slot = await requestSlot(file, { signal });
        setStep('Uploading your photo…');
        await putToStorage(slot, file, { signal, onProgress: setProgress });
        uploadId = slot.uploadId;
      }
      if (!postId) {
        setStep('Creating your post…');
        const text = caption.input.value.trim();
        const created = await api.createPost(text ? { uploadId, caption: text } : { uploadId }, { signal });
        postId = created.postId;
        result.dataset.postId = postId;
        setStep('Posted. Checking your photo…');
        resultImage.src = previewUrl;
        resultImage.alt = text || 'Your photo';
        form.hidden = true;
        progressPanel.hidden = true;
        result.hidden = false;
        showPost({ status: created.status ?? 'processing' }, null);
        // The form (and the focused Share button) just went away; continue from the result's heading.
        result.querySelector('h2').focus();
      }
    } catch (error) {
      if (isAbort(error)) {
        return;
      }
      lock(false);
      if (error?.kind !== 'unauthorized') {
        // A refused request (wrong type, too large for this server, upload already posted) will not pass on retry.
        const retry = error?.retryable ? () => share() : undefined;
        problems.replaceChildren(errorBanner(error, { onRetry: retry }));
      }
      return;
    }
    running = false;
    await poll();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    share();
  });

  outlet.append(
    h(
      'div',
      { class: 'page page--narrow' },
      pageHeading('New post'),
      h('p', { class: 'page-note' }, 'Share a photo with the people who follow you.'),
      form,
      progressPanel,
      result,
    ),
  );
}
