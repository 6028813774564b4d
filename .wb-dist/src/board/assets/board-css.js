"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BOARD_CSS = void 0;
/** The board's one stylesheet, served as a static string (no build step). */
exports.BOARD_CSS = String.raw `
:root { font: 14px/1.4 system-ui, sans-serif; color: #1b1f24; background: #f6f7f9; }
body { margin: 0; }
a { color: #0b57d0; }
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.top { display: flex; gap: 1.5rem; align-items: center; padding: .5rem 1rem; background: #1b1f24; color: #fff; }
.top a { color: #fff; font-weight: 600; }
.top input { width: 10rem; }
.live { margin: 0 0 0 auto; font-size: .85rem; opacity: .85; }
.result:empty { display: none; }
.result { margin: .5rem 1rem; padding: .5rem .75rem; border-left: 4px solid #0b57d0; background: #fff; white-space: pre-wrap; }
.result.refused { border-color: #b3261e; color: #8c1d18; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; padding: .5rem 1rem; background: #fff; border-bottom: 1px solid #d0d5dc; }
.filters label { display: flex; flex-direction: column; font-size: .8rem; }
main { padding: .5rem 1rem 2rem; }
h1 { font-size: 1.3rem; margin: .5rem 0; }
.matrix { border-collapse: collapse; table-layout: fixed; width: 100%; background: #fff; }
.matrix th, .matrix td { border: 1px solid #d0d5dc; padding: .35rem .5rem; vertical-align: top; text-align: left; }
.matrix thead th { position: sticky; top: 0; background: #eef1f5; }
.matrix tbody tr { content-visibility: auto; contain-intrinsic-size: auto 4.5rem; }
.matrix th[scope=row] { width: 12rem; }
.team { display: block; font-weight: normal; font-size: .8rem; color: #555; }
.img { font-size: .8rem; }
.track { display: inline-block; min-width: 3rem; color: #555; }
.st { font-weight: 600; text-decoration: none; }
.why { margin: .2rem 0; font-size: .85rem; }
.none { color: #777; font-size: .85rem; }
.bar { display: flex; gap: .4rem; align-items: center; font-size: .8rem; }
.bar progress { width: 6rem; }
pre { white-space: pre-wrap; word-break: break-word; margin: .3rem 0; font-size: .8rem; }
.tone-ok .st, .tone-ok > td:nth-child(2) { color: #146c2e; }
.tone-busy .st { color: #0b57d0; }
.tone-wait .st { color: #8a5a00; }
.tone-bad { background: #fdecea; }
.tone-bad .st, .tone-bad h2, .err { color: #b3261e; }
.tail { background: #1b1f24; color: #f1f1f1; padding: .5rem; max-height: 20rem; overflow: auto; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.stages { border-collapse: collapse; margin: 1rem 0; background: #fff; }
.stages th, .stages td { border: 1px solid #d0d5dc; padding: .3rem .5rem; text-align: left; }
.actions { display: flex; flex-wrap: wrap; gap: 1rem; }
.act { display: flex; flex-direction: column; gap: .3rem; padding: .6rem; background: #fff; border: 1px solid #d0d5dc; }
.act[hidden] { display: none; }
button { font: inherit; padding: .3rem .8rem; cursor: pointer; }
`;
//# sourceMappingURL=board-css.js.map