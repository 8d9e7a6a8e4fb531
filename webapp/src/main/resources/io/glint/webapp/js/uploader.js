// Getting an image into storage: check it here, ask the API for a presigned slot (POST /v1/uploads), then PUT the
// bytes straight to storage with XMLHttpRequest, because fetch cannot report upload progress.

import { api, ApiError, offlineError } from './api.js';
import { formatBytes } from './ui.js';

// From the contract's UploadRequest schema: contentType's enum, and size (minimum 1, at most GLINT_UPLOAD_MAX_BYTES,
// 10 MiB by default). A server configured lower still answers 400 with the limit in its detail, which the UI shows.
export const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
export const UPLOAD_ACCEPT = UPLOAD_TYPES.join(',');
export const UPLOAD_RULES = `JPEG, PNG, WebP or GIF, up to ${formatBytes(UPLOAD_MAX_BYTES)}.`;

/** Why the file cannot be uploaded, or null when it may. */
export function checkFile(file) {
  if (!file) {
    return 'Choose a photo first.';
  }
  if (!UPLOAD_TYPES.includes(file.type)) {
    return `“${file.name}” is not a photo Glint accepts. Choose a JPEG, PNG, WebP or GIF image.`;
  }
  if (file.size < 1) {
    return `“${file.name}” is empty. Choose another photo.`;
  }
  if (file.size > UPLOAD_MAX_BYTES) {
    return `“${file.name}” is ${formatBytes(file.size)}; photos can be at most ${formatBytes(UPLOAD_MAX_BYTES)}.`;
  }
  return null;
}

/** An upload slot (UploadResponse: uploadId, url, method, headers, expiresAt) for the file. */
export function requestSlot(file, { signal } = {}) {
  return api.createUpload({ contentType: file.type, size: file.size }, { signal });
}

// Headers a page may not set on a request (the browser sets them itself from the body and the URL). The signature
// still holds: the browser's Content-Length is the file's size, which is the size that was signed.
const BROWSER_OWNED = new Set(['content-length', 'host', 'connection', 'expect', 'transfer-encoding']);

/**
 * PUTs the file to the slot's presigned URL with exactly the slot's headers. onProgress(loaded, total) follows the
 * bytes sent. Resolves when storage has the object; rejects with an ApiError of kind storage or offline, or with an
 * AbortError when signal aborts.
 */
export function putToStorage(slot, file, { onProgress, signal } = {}) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('Aborted', 'AbortError'));
      return;
    }
    if (navigator.onLine === false) {
      reject(offlineError());
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open(slot.method || 'PUT', slot.url);
    for (const [name, value] of Object.entries(slot.headers ?? {})) {
      if (!BROWSER_OWNED.has(name.toLowerCase())) {
        xhr.setRequestHeader(name, value);
      }
    }
    xhr.upload.addEventListener('progress', (event) => {
      onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(file.size, file.size);
        resolve();
      } else {
        reject(
          new ApiError('storage', {
            status: xhr.status,
            title: 'The photo storage refused the upload',
            detail:
              xhr.status === 403
                ? 'The upload link was refused or has expired (HTTP 403). Try again.'
                : `It answered HTTP ${xhr.status}. Try again.`,
          }),
        );
      }
    });
    xhr.addEventListener('error', () => {
      reject(
        navigator.onLine === false
          ? offlineError()
          : new ApiError('storage', {
              title: 'The upload did not reach the photo storage',
              detail: 'The connection to it failed. Check your connection and try again.',
            }),
      );
    });
    xhr.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
