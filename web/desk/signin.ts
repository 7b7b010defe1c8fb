// Signing in with an agent token, and out again.

import { readStorage, writeStorage } from '../shared/storage.js';
import { api, apiError } from './api.js';
import { els } from './els.js';
import { closeEvents } from './events.js';
import { t } from './lang.js';
import { boot } from './refresh.js';
import { state } from './state.js';

// Signed in here before: the token help starts folded.
const SEEN_KEY = 'balie.desk.seen';

export function showSignIn(message?: string): void {
  state.me = undefined;
  closeEvents();
  els.app.hidden = true;
  els.signin.hidden = false;
  document.body.classList.remove('is-loading');
  els.tokenHelp.open = !readStorage(SEEN_KEY);
  els.signinError.textContent = message ?? '';
  els.token.setAttribute('aria-invalid', message ? 'true' : 'false');
  els.signinButton.disabled = false;
  els.signinButton.textContent = t('signIn');
  els.token.focus();
}

export function sessionEnded(): void {
  showSignIn(t('sessionExpired'));
}

export function initSignIn(): void {
  els.signinForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = els.token.value.trim();
    if (!token) {
      els.signinError.textContent = t('signInFailed');
      els.token.setAttribute('aria-invalid', 'true');
      els.token.focus();
      return;
    }
    els.signinButton.disabled = true;
    els.signinButton.textContent = t('signingIn');
    els.signinError.textContent = '';
    try {
      await api('POST', '/sign-in', { token }, { signIn: true });
      els.token.value = '';
      writeStorage(SEEN_KEY, '1');
      await boot();
    } catch (thrown) {
      const err = apiError(thrown);
      const message =
        err.status === 401
          ? t('signInFailed')
          : err.status === 429
            ? t('signInLimited', { seconds: err.retryAfter ?? 60 })
            : err.status === 503
              ? t('signInUnavailable', { message: err.message })
              : err.status === 0
                ? t('signInOffline')
                : t('error', { message: err.message });
      showSignIn(message);
    }
  });

  els.signOut.addEventListener('click', async () => {
    try {
      await api('POST', '/sign-out', {});
    } catch {
      // signed out either way
    }
    state.open = undefined;
    showSignIn();
  });
}
