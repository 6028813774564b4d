import { html } from './html';
import { renderPage } from './page-layout';

/**
 * The shared (oidc) mode's answer to a board page without credentials: a browser cannot add a bearer header to a
 * navigation, so the person pastes a token once; board.js checks it through POST /board/session, which sets a
 * cookie for /board only (the API itself keeps taking bearer headers, which board.js adds).
 */
export function renderSignIn(reason: string) {
  return renderPage(
    { title: 'Sign in' },
    html`<h1>Sign in to the release board</h1>
      <p>This Gantry checks who you are on every call (${reason}).</p>
      <form id="signin" class="signin">
        <label for="signin-token">Your token</label>
        <input id="signin-token" name="token" type="password" autocomplete="off" required />
        <button type="submit">Sign in</button>
      </form>
      <p>
        Paste the access token of your <code>gantry login</code> (<code>accessToken</code> in
        <code>~/.config/gantry/credentials.json</code>) or a personal Gantry token (<code>gty_…</code>, made with
        <code>gantry token create --person &lt;you&gt;</code>). It stays in this browser until you sign out.
      </p>`,
  );
}
