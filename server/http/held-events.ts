/**
 * A page rendered on the server (page-render.ts) is on screen before the app has taken it over
 * (hydration, web/src/boot.ts): until then its buttons have no handlers, and a click would be lost — or,
 * on a form's submit button, would post the form natively and reload the page. This script, inline at the
 * end of such a page so that it runs as soon as the page is parsed, before anything can be clicked, holds
 * those clicks and submissions;
 * boot.ts takes them (`__councilHeld()`) once the app has taken over and replays them. Links are left
 * alone: they navigate as links do.
 *
 * It is the only inline script, allowed by its hash in the Content-Security-Policy (security-headers.ts).
 */
import { createHash } from 'node:crypto';

export const HELD_EVENTS_SCRIPT =
  "(function(){var d=document,held=[];function hold(e){var t=e.target;if(!(t instanceof Element))return;var el=e.type==='submit'?t:t.closest('button');" +
  "var app=d.getElementById('app');if(!el||!app||!app.contains(el))return;e.preventDefault();e.stopImmediatePropagation();if(held.indexOf(el)<0)held.push(el);}" +
  "d.addEventListener('click',hold,true);d.addEventListener('submit',hold,true);" +
  "window.__councilHeld=function(){d.removeEventListener('click',hold,true);d.removeEventListener('submit',hold,true);return held;};})();";

/** The CSP source that allows exactly this script. */
export const HELD_EVENTS_HASH = `'sha256-${createHash('sha256').update(HELD_EVENTS_SCRIPT).digest('base64')}'`;
