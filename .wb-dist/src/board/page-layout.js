"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.renderPage = renderPage;
const html_1 = require("./html");
/** The page shell: one small CSS, one small script, the identity field and a polite live region. */
function renderPage(opts, main) {
    return (0, html_1.html) `<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${opts.title} · Gantry</title>
        <link rel="stylesheet" href="/board/assets/board.css" />
        <script src="/board/assets/board.js" defer></script>
      </head>
      <body
        data-generation="${opts.generation ?? ''}"
        data-follows="${opts.follows ?? ''}"
        data-refresh="${opts.refreshMs ?? ''}"
      >
        <header class="top">
          <nav aria-label="Gantry"><a href="/board">Release board</a></nav>
          <div class="who">
            <label for="whoami">Acting as</label>
            <input id="whoami" name="whoami" autocomplete="username" placeholder="your id, e.g. alice" />
          </div>
          <p id="live-state" class="live" role="status" aria-live="polite">live updates: connecting</p>
        </header>
        <p id="action-result" class="result" role="alert"></p>
        ${opts.before ?? ''}
        <main id="live">${main}</main>
      </body>
    </html>`;
}
//# sourceMappingURL=page-layout.js.map