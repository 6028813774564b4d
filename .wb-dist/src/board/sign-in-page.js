"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.renderSignIn = renderSignIn;
const html_1 = require("./html");
const page_layout_1 = require("./page-layout");
/**
 * The shared (oidc) mode's answer to a board page without credentials: a browser cannot add a bearer header to a
 * navigation, so the person pastes a token once; board.js checks it through POST /board/session, which sets a
 * cookie for /board only (the API itself keeps taking bearer headers, which board.js adds).
 */
function renderSignIn(reason) {
    return (0, page_layout_1.renderPage)({ title: 'Sign in' }, (0, html_1.html) `<h1>Sign in to the release board</h1>
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
      </p>`);
}
//# sourceMappingURL=sign-in-page.js.map